package cypher

// RecordEdges lists the edges of each record among ids, only those whose
// property is in properties unless properties is nil, as rows [selfId,
// selfType, outgoing, property, otherId, otherType]. It returns one row
// [selfId, selfType, null…] for a record without such edges, and none for
// an id that names no record of the project.
func RecordEdges(project string, ids, properties []string) Query {
	var props any
	if properties != nil {
		props = properties
	}
	return Query{
		Text: `UNWIND $ids AS id
` + recordByID("r", "id") + `
OPTIONAL MATCH (r)-[e:LINK]-(x)
WHERE $properties IS NULL OR e.property IN $properties
RETURN r.__id AS selfId, ` + recordTypeOf("r") + ` AS selfType, startNode(e) = r AS outgoing, e.property AS property,
  x.__id AS otherId, ` + recordTypeOf("x") + ` AS otherType`,
		Params: map[string]any{"project": project, "ids": ids, "properties": props},
	}
}

// DeleteRecords removes the records among ids, with every edge touching
// them, and says how many records it removed.
func DeleteRecords(project string, ids []string) Query {
	return Query{
		Text: `UNWIND $ids AS id
` + recordByID("r", "id") + `
DETACH DELETE r
RETURN count(*) AS deleted`,
		Params: map[string]any{"project": project, "ids": ids},
	}
}
