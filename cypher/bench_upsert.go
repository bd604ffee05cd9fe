package cypher

// BestUpsert is what a Neo4j expert writes to upsert flat records of type
// typ by one key property, knowing relgraph's layout: a MERGE on the type's
// label with the tenant and the key, which the composite RANGE index on
// (typ: __project, key) that relgraph keeps for a declared scalar answers;
// a new record gets the Record label and an id; every row's other
// properties are merged in (RushDB's "append" strategy). Each row is a map
// {id, key, props}; typ and key are checked names. It returns how many rows
// it wrote.
func BestUpsert(project, typ, key string, rows []map[string]any) Query {
	t, k := mustName(typ), mustName(key)
	return Query{
		Text: `UNWIND $rows AS row
MERGE (r:` + t + ` {__project: $project, ` + k + `: row.key})
ON CREATE SET r:Record, r.__id = row.id
SET r += row.props
RETURN count(r) AS written`,
		Params: map[string]any{"project": project, "rows": toAny(rows)},
	}
}

// TypeCount counts the records of type typ in a project, from the type's
// label.
func TypeCount(project, typ string) Query {
	return Query{
		Text:   "MATCH (r:" + mustName(typ) + ") WHERE r.__project = $project RETURN count(r) AS records",
		Params: map[string]any{"project": project},
	}
}
