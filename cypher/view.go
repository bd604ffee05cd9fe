package cypher

// Reading through relation properties: the counts of a record's edges, the
// records linked to one through a property, a record's backlinks, and the
// candidate targets of a property. Every statement starts from a record
// found by the __id index seek, or, for candidates, the __project index.

import "math"

// RelationCounts counts the edges of a record by stored property, direction
// (outgoing seen from the record) and the other end's type, each row with
// the record's type. A record without edges has one row of nulls beside its
// type; no row when the project has no such record.
func RelationCounts(project, id string) Query {
	return Query{
		Text: recordByID("a", "$id") + `
OPTIONAL CALL (a) {
  MATCH (a)-[e:LINK]-(b)
  RETURN e.property AS property, startNode(e) = a AS outgoing, ` + typeOf("b") + ` AS otherType, count(e) AS n
}
RETURN ` + typeOf("a") + ` AS recordType, property, outgoing, otherType, n
ORDER BY property, outgoing, otherType`,
		Params: map[string]any{"project": project, "id": id},
	}
}

// linkedPattern is the pattern from record x to the records r of type
// $type of the project linked to it by edges tagged $tag: stored by r (Out)
// or pointing at r (In). The texts are fixed. Nothing in it can be
// answered by an index or a scan (r carries no label, its type is tested
// as a list member, the tag is compared in a form the edge property index
// cannot answer), so on any statistics the planner expands the edges of x
// instead of seeking r's project and joining (it did so on a project's
// fresh statistics).
func linkedPattern(d Direction) string {
	edge := "(x)<-[e:LINK]-(r)"
	if d == In {
		edge = "(x)-[e:LINK]->(r)"
	}
	return edge + " WHERE $type IN labels(r) AND " + inProject("r") + " AND ($tag IS NULL OR e.property = $tag)"
}

// Linked pages through the records of type typ that link to record x
// through edges tagged tag, by id, and counts them all: d Out when the
// records store the edges, In when the edges point at them. Its first row
// carries the total; no row when the project has no record x.
func Linked(project, typ, x, tag string, d Direction, skip, limit int) Query {
	return Query{
		Text: recordByID("x", "$x") + `
WITH x, COUNT { MATCH ` + linkedPattern(d) + ` } AS total
OPTIONAL CALL (x) {
  MATCH ` + linkedPattern(d) + `
  RETURN r ORDER BY r.__id SKIP $skip LIMIT $limit
}
RETURN total, r`,
		Params: map[string]any{"project": project, "type": typ, "x": x, "tag": tag, "skip": skip, "limit": limit},
	}
}

// Backlinks pages through the edges pointing at a record, by the other
// end's type, the property, then age, each with the other end's id, type
// and live title, and counts them all. Every row carries the record's type;
// no row when the project has no such record.
func Backlinks(project, id string, skip, limit int) Query {
	return Query{
		Text: recordByID("a", "$id") + `
WITH a, COUNT { MATCH (a)<-[e:LINK]-(b) } AS total
OPTIONAL CALL (a) {
  MATCH (a)<-[e:LINK]-(b)
  WITH e, b, ` + typeOf("b") + ` AS type
  RETURN e, b, type ORDER BY type, e.property, e.createdAt, elementId(e) SKIP $skip LIMIT $limit
}
RETURN total, e.property AS property, e.description AS description, e.createdAt AS createdAt,
  b.__id AS otherId, type AS otherType, ` + titleOf("b") + ` AS title, ` + typeOf("a") + ` AS recordType`,
		Params: map[string]any{"project": project, "id": id, "skip": skip, "limit": limit},
	}
}

// BacklinkGroups counts the edges pointing at a record by the other end's
// type and the property, and pages through the groups by type then
// property. Its row carries the number of groups and the record's type; no
// row when the project has no such record. A page past the largest list
// index Cypher takes (2^31 - 1) is empty.
func BacklinkGroups(project, id string, skip, limit int) Query {
	from, to := min(skip, math.MaxInt32), min(skip+limit, math.MaxInt32)
	return Query{
		Text: recordByID("a", "$id") + `
CALL (a) {
  MATCH (a)<-[e:LINK]-(b)
  WITH ` + typeOf("b") + ` AS type, e.property AS property, count(e) AS n
  ORDER BY type, property
  RETURN collect([type, property, n]) AS groups
}
RETURN size(groups) AS total, groups[$from..$to] AS groups, ` + typeOf("a") + ` AS recordType`,
		Params: map[string]any{"project": project, "id": id, "from": from, "to": to},
	}
}

// Candidates lists up to limit records of the project whose type is among
// types (nil: any type) and whose live title contains q, ignoring case, by
// title then id, with their ids, types and titles.
func Candidates(project string, types []string, q string, limit int) Query {
	match := "MATCH (b:Record) USING INDEX SEEK b:Record(__project) WHERE " + inProject("b")
	if types != nil {
		match = "MATCH (b:Record&$any($types)) USING INDEX SEEK b:Record(__project) WHERE " + inProject("b")
	}
	return Query{
		Text: match + `
WITH b, ` + titleOf("b") + ` AS title
WHERE toLower(title) CONTAINS toLower($q)
RETURN b.__id AS id, ` + typeOf("b") + ` AS type, title
ORDER BY title, id LIMIT $limit`,
		Params: map[string]any{"project": project, "types": types, "q": q, "limit": limit},
	}
}
