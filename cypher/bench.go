package cypher

// The statements below serve only cmd/relgraph-bench: they seed a synthetic
// graph in bulk and inspect it. The API never runs them.

// SeedRecords creates one record of type typ per row in one statement. Each
// row is a map {id, name}; the records carry __id, __project and name, as if
// created through CreateRecord with one string property.
func SeedRecords(project, typ string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
CREATE (r:Record:$($type) {__id: row.id, __project: $project, name: row.name})`,
		Params: map[string]any{"project": project, "type": typ, "rows": toAny(rows)},
	}
}

// SeedEdges creates one edge per row in one statement. Each row is a map
// {source, target, property}; the edge points source → target and carries
// what Attach would store for it without a description.
//
// The seek hints matter: right after records are bulk-created the index
// statistics still describe an empty graph, and the planner then reads
// every record of the project for each row (via record_project, or by
// scanning record_id when only told to use it).
func SeedEdges(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
MATCH (a:Record {__id: row.source}) USING INDEX SEEK a:Record(__id) WHERE a.__project = $project
MATCH (b:Record {__id: row.target}) USING INDEX SEEK b:Record(__id) WHERE b.__project = $project
CREATE (a)-[:LINK {property: row.property, createdAt: datetime()}]->(b)`,
		Params: map[string]any{"project": project, "rows": toAny(rows)},
	}
}

// SeededSize counts the records of a project and their outgoing edges.
func SeededSize(project string) Query {
	return Query{
		Text: `MATCH (r:Record) WHERE r.__project = $project
RETURN count(r) AS records, sum(COUNT { (r)-[:LINK]->() }) AS edges`,
		Params: map[string]any{"project": project},
	}
}

// RecordIDs lists the ids of every record of a project, in no order.
func RecordIDs(project string) Query {
	return Query{
		Text:   "MATCH (r:Record) WHERE r.__project = $project RETURN r.__id AS id",
		Params: map[string]any{"project": project},
	}
}

// DeleteEdgesBatch removes up to limit edges of one property that start at
// records of a project, and says how many it removed. It seeks the edges by
// property: walking every edge of a large project would take seconds.
func DeleteEdgesBatch(project, property string, limit int) Query {
	return Query{
		Text: `MATCH (a:Record)-[e:LINK {property: $property}]->()
USING INDEX SEEK e:LINK(property)
WHERE a.__project = $project
WITH e LIMIT $limit
DELETE e
RETURN count(*) AS deleted`,
		Params: map[string]any{"project": project, "property": property, "limit": limit},
	}
}

// PrepareForReplanning resamples every index, waits for the new statistics
// and empties the query caches, so the next statements are planned for the
// graph as it is now.
func PrepareForReplanning() Query {
	return Query{Text: "CALL db.prepareForReplanning()"}
}

// ServerVersion names the Neo4j server: its kernel version and edition.
func ServerVersion() Query {
	return Query{Text: `CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition`}
}

// toAny turns rows into the []any the driver sends as a Cypher list.
func toAny(rows []map[string]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}
