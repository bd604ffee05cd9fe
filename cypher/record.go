package cypher

// A record is (:Record:<type> {__id, __project, __nulls?, ...properties}).
// __nulls lists the properties whose value is null (Neo4j stores no nulls).

// CreateRecord creates one record node of a type. props holds its non-null
// properties; nulls names its null ones.
func CreateRecord(project, id, typ string, props map[string]any, nulls []string) Query {
	return Query{
		Text: `CREATE (r:Record:$($type) {__id: $id, __project: $project})
SET r += $props, r.__nulls = CASE WHEN size($nulls) > 0 THEN $nulls END
RETURN r`,
		Params: map[string]any{"project": project, "id": id, "type": typ, "props": props, "nulls": nulls},
	}
}

// GetRecord finds a record of a project by id.
func GetRecord(project, id string) Query {
	return Query{
		Text:   recordByID("r", "$id") + " RETURN r",
		Params: map[string]any{"project": project, "id": id},
	}
}

// GetRecords finds the records of a project among ids, in any order.
func GetRecords(project string, ids []string) Query {
	return Query{
		Text: `UNWIND $ids AS id
` + recordByID("r", "id") + `
RETURN r`,
		Params: map[string]any{"project": project, "ids": ids},
	}
}

// UpdateRecord merges properties into a record: set holds the new non-null
// values (a nil value removes the stored one), nulls the names now null.
func UpdateRecord(project, id string, set map[string]any, nulls []string) Query {
	return Query{
		Text: recordByID("r", "$id") + `
SET r += $set
WITH r, [k IN coalesce(r.__nulls, []) WHERE NOT k IN keys($set)] + $nulls AS nulls
SET r.__nulls = CASE WHEN size(nulls) > 0 THEN nulls END
RETURN r`,
		Params: map[string]any{"project": project, "id": id, "set": set, "nulls": nulls},
	}
}

// ReplaceRecord replaces every property of a record.
func ReplaceRecord(project, id string, props map[string]any, nulls []string) Query {
	return Query{
		Text: recordByID("r", "$id") + `
SET r = $props
SET r.__id = $id, r.__project = $project, r.__nulls = CASE WHEN size($nulls) > 0 THEN $nulls END
RETURN r`,
		Params: map[string]any{"project": project, "id": id, "props": props, "nulls": nulls},
	}
}

// DeleteRecord removes a record and every edge touching it.
func DeleteRecord(project, id string) Query {
	return Query{
		Text: recordByID("r", "$id") + `
DETACH DELETE r
RETURN count(*) AS deleted`,
		Params: map[string]any{"project": project, "id": id},
	}
}
