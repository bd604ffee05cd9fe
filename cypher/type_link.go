package cypher

// The statements below run the relation rules of declared types inside one
// write transaction: read the ends and the types, lock the records whose
// counts matter, clear, store, count. Each takes its rows as parameters;
// every row map is built by package graph from a schema plan.

// recordTypeOf renders the type of record node n: its label other than Record.
func recordTypeOf(n string) string {
	return "[l IN labels(" + n + ") WHERE l <> 'Record'][0]"
}

// LinkEnds reads what a relation write needs in one round trip: whether the
// source exists and its type, the type of each target that exists (as
// [id, type] pairs), and the project's declared types.
func LinkEnds(project, source string, targets []string) Query {
	return Query{
		Text: `OPTIONAL ` + recordByID("a", "$source") + `
RETURN a IS NOT NULL AS found, ` + recordTypeOf("a") + ` AS sourceType,
  COLLECT { UNWIND $targets AS id ` + recordByID("b", "id") + ` RETURN [id, ` + recordTypeOf("b") + `] } AS targets,
  ` + typesOf + ` AS types`,
		Params: map[string]any{"project": project, "source": source, "targets": targets},
	}
}

// RecordsAndTypes reads the type of each record among ids that exists (as
// [id, type] pairs) and the project's declared types.
func RecordsAndTypes(project string, ids []string) Query {
	return Query{
		Text: `RETURN COLLECT { UNWIND $ids AS id ` + recordByID("b", "id") + ` RETURN [id, ` + recordTypeOf("b") + `] } AS records,
  ` + typesOf + ` AS types`,
		Params: map[string]any{"project": project, "ids": ids},
	}
}

// LockRecords takes the write lock of each record among ids, in the order
// given (callers sort them, so concurrent writers lock in one order). A
// write that counts a record's links holds its lock first, so the count
// sees every write committed before and none can slip in after.
func LockRecords(project string, ids []string) Query {
	return Query{
		Text: `UNWIND $ids AS id
` + recordByID("n", "id") + `
SET n.__lock = true
REMOVE n.__lock
RETURN count(n) AS locked`,
		Params: map[string]any{"project": project, "ids": ids},
	}
}

// slotEdges matches, for each row of $slots {record, tag, incoming, others,
// keep}, the edges of the record's slot that lead to records not in keep:
// outgoing edges tagged tag, or incoming ones from records of the types in
// others.
var slotEdges = `UNWIND $slots AS s
` + recordByID("r", "s.record") + `
CALL (r, s) {
  MATCH (r)-[e:LINK {property: s.tag}]->(x)
  WHERE NOT s.incoming AND NOT x.__id IN s.keep
  RETURN e, r AS a, x AS b
  UNION
  MATCH (r)<-[e:LINK {property: s.tag}]-(x)
  WHERE s.incoming AND NOT x.__id IN s.keep AND any(l IN labels(x) WHERE l IN s.others)
  RETURN e, x AS a, r AS b
}
WITH DISTINCT e, a, b`

// lockSorted locks the records among the list ids, in id order.
var lockSorted = `UNWIND ids AS id
  WITH DISTINCT id ORDER BY id
  ` + recordByID("n", "id") + `
  SET n.__lock = true
  REMOVE n.__lock`

// countSlot renders the number of links of slot row s of record r.
const countSlot = `CASE WHEN s.incoming
  THEN COUNT { MATCH (r)<-[e:LINK {property: s.tag}]-(x) WHERE any(l IN labels(x) WHERE l IN s.others) }
  ELSE COUNT { MATCH (r)-[e:LINK {property: s.tag}]->() }
END`

// ApplyPlan runs a relation write of declared types in one statement:
// it locks, in id order, the records in lock and those the slots rows
// {record, tag, incoming, others, keep} link to now (holding a record's
// lock, a write sees every write committed before it and none can slip in
// after); then it removes those slots' edges to records not in keep, stores
// each edge row {from, to, property} once (as MergeEdges), and counts the
// links of each checks row {key, record, tag, incoming, others}. It returns
// the removed edges as [fromId, fromType, property, toId, toType] lists and
// the counts as [key, count] pairs.
func ApplyPlan(project string, lock []string, slots, edges, checks []map[string]any, description *string) Query {
	return ApplyPlanWith(project, lock, slots, edges, checks, EdgeFields{Description: description})
}

// ApplyPlanWith is ApplyPlan setting f on the edges it stores.
func ApplyPlanWith(project string, lock []string, slots, edges, checks []map[string]any, f EdgeFields) Query {
	return Query{
		Text: `CALL () {
  ` + slotEdges + `
  RETURN collect(a.__id) + collect(b.__id) AS linked
}
CALL (linked) {
  WITH linked + $lock AS ids
  ` + lockSorted + `
}
CALL () {
  ` + slotEdges + `
  WITH e, [a.__id, ` + recordTypeOf("a") + `, e.property, b.__id, ` + recordTypeOf("b") + `] AS removed
  DELETE e
  RETURN collect(removed) AS removed
}
CALL () {
  UNWIND $edges AS row
  ` + recordByID("a", "row.from") + `
  ` + recordByID("b", "row.to") + `
  MERGE (a)-[e:LINK {property: row.property}]->(b)
  ON CREATE SET e.createdAt = datetime(), e.description = $description
  ON MATCH SET e.description = coalesce($description, e.description)
  SET e += $properties
}
RETURN removed, COLLECT {
  UNWIND $checks AS s
  ` + recordByID("r", "s.record") + `
  RETURN [s.key, ` + countSlot + `]
} AS counts`,
		Params: map[string]any{"project": project, "lock": lock, "slots": listOf(slots), "edges": listOf(edges),
			"checks": listOf(checks), "description": f.description(), "properties": f.stored()},
	}
}

// LockAndCount locks the records of the slot rows {key, record, tag,
// incoming, others} in id order and counts their links, as [key, count]
// pairs.
func LockAndCount(project string, slots []map[string]any) Query {
	return Query{
		Text: `CALL () {
  UNWIND $slots AS s
  WITH collect(s.record) AS ids
  ` + lockSorted + `
}
UNWIND $slots AS s
` + recordByID("r", "s.record") + `
RETURN [s.key, ` + countSlot + `] AS count`,
		Params: map[string]any{"project": project, "slots": listOf(slots)},
	}
}

// MergeEdges stores each edge row {from, to, property} once: an existing
// edge with the same ends and property is kept (its description updated
// when one is given). It returns the number of edges touched.
func MergeEdges(project string, edges []map[string]any, description *string) Query {
	return MergeEdgesWith(project, edges, EdgeFields{Description: description})
}

// MergeEdgesWith is MergeEdges setting f on the edges it stores.
func MergeEdgesWith(project string, edges []map[string]any, f EdgeFields) Query {
	return Query{
		Text: `UNWIND $edges AS row
` + recordByID("a", "row.from") + `
` + recordByID("b", "row.to") + `
MERGE (a)-[e:LINK {property: row.property}]->(b)
ON CREATE SET e.createdAt = datetime(), e.description = $description
ON MATCH SET e.description = coalesce($description, e.description)
SET e += $properties
RETURN count(e) AS linked`,
		Params: map[string]any{"project": project, "edges": listOf(edges), "description": f.description(), "properties": f.stored()},
	}
}

// DeleteEdges removes the edges each row {from, to, property} names (every
// property between the two when property is null), and returns each removed
// edge as [fromId, fromType, property, toId, toType].
func DeleteEdges(project string, edges []map[string]any) Query {
	return Query{
		Text: `UNWIND $edges AS row
` + recordByID("a", "row.from") + `
` + recordByID("b", "row.to") + `
MATCH (a)-[e:LINK]->(b)
WHERE row.property IS NULL OR e.property = row.property
WITH DISTINCT e, a, b
WITH e, [a.__id, ` + recordTypeOf("a") + `, e.property, b.__id, ` + recordTypeOf("b") + `] AS removed
DELETE e
RETURN removed`,
		Params: map[string]any{"project": project, "edges": listOf(edges)},
	}
}

// listOf turns rows into the []any the driver sends as a Cypher list.
func listOf(rows []map[string]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out
}
