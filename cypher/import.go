package cypher

// The import statements write many records and edges at once: each takes
// one chunk of rows as a list parameter and UNWINDs it, so a chunk costs one
// round trip and one plan, whatever its size. Callers run every chunk of an
// import inside one transaction.

// ImportRecords creates one record per row, and the edges between them that
// edges describe, in one statement. Each row is a map {id, type, props}:
// the new record's id, its type (a validated name, sent as a parameter and
// set as a dynamic label) and its properties as CreateRecord stores them
// (props holds __nulls, the names of its null properties, when there are
// some). Each edge is a map {from, to, property}: from → to, tagged
// property, where from and to are positions in rows. The edges need no
// index lookups: the statement holds the nodes it created. It returns how
// many edges it created.
func ImportRecords(project string, rows, edges []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
CREATE (r:Record:$(row.type) {__id: row.id, __project: $project})
SET r += row.props
WITH collect(r) AS made
UNWIND $edges AS e
WITH made[e.from] AS a, made[e.to] AS b, e
CREATE (a)-[l:LINK {property: e.property, createdAt: datetime()}]->(b)
RETURN count(l) AS linked`,
		Params: map[string]any{"project": project, "rows": listOf(rows), "edges": listOf(edges)},
	}
}

// ImportEdges creates one edge per row {from, to, property, description}:
// from → to, tagged property, with the description when it is not null. Both
// ends must be records of the project; a row whose end is missing creates
// nothing, so callers compare the count it returns with the rows they sent.
//
// The seek hints matter: records created earlier in the same transaction are
// not in the planner's statistics, which then favour reading every record
// of the project for each row.
func ImportEdges(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
` + recordByID("a", "row.from") + `
` + recordByID("b", "row.to") + `
CREATE (a)-[e:LINK {property: row.property, createdAt: datetime()}]->(b)
SET e.description = row.description
RETURN count(e) AS linked`,
		Params: map[string]any{"project": project, "rows": listOf(rows)},
	}
}

// DescribeEdges sets the description of existing edges, one per row {from,
// to, property, description}. It returns how many edges it updated.
func DescribeEdges(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
` + recordByID("a", "row.from") + `
MATCH (a)-[e:LINK {property: row.property}]->(b:Record {__id: row.to})
SET e.description = row.description
RETURN count(e) AS described`,
		Params: map[string]any{"project": project, "rows": listOf(rows)},
	}
}
