package cypher

import "strings"

// The key-join statements of RushDB's POST /relationships/create-many and
// delete-many: every record a of type Source is paired with every record b
// of type Target whose TargetKey equals a's SourceKey (a record is never
// paired with itself; a missing key pairs with nothing).
//
// Labels and keys are written through Name, so the join seeks the
// (Target: __project, TargetKey) RANGE index a declared scalar property has,
// once per source record; without one the planner joins the two types by
// hash, reading each once. A key Name cannot quote is read as n[$key],
// which no index serves.

// KeyJoin pairs the records of two types by a key.
type KeyJoin struct {
	Source, SourceKey string
	Target, TargetKey string
	// SourceIDs and TargetIDs, when not nil, keep only these records of
	// each side (the matches of a where filter).
	SourceIDs, TargetIDs []string
}

// match is the MATCH of the join's pairs (a, b) and its parameters.
func (j KeyJoin) match(project string) (string, map[string]any) {
	params := map[string]any{"project": project}
	source := keyOf("a", j.SourceKey, "sourceKey", params)
	text := "MATCH (a:" + mustName(j.Source) + ")\nWHERE " + inProject("a") + " AND " + source + " IS NOT NULL"
	if j.SourceIDs != nil {
		params["sourceIds"] = j.SourceIDs
		text += " AND a.__id IN $sourceIds"
	}
	if q, ok := Name(j.TargetKey); ok {
		text += "\nMATCH (b:" + mustName(j.Target) + " {" + q + ": " + source + "})\nWHERE " + inProject("b") + " AND b <> a"
	} else {
		params["targetKey"] = j.TargetKey
		text += "\nMATCH (b:" + mustName(j.Target) + ")\nWHERE " + inProject("b") + " AND b[$targetKey] = " + source + " AND b <> a"
	}
	if j.TargetIDs != nil {
		params["targetIds"] = j.TargetIDs
		text += " AND b.__id IN $targetIds"
	}
	return text + "\n", params
}

// allPairs is the MATCH of every pair (a, b) of sources × targets, by id,
// and its parameters: RushDB's manyToMany.
func allPairs(project string, sources, targets []string) (string, map[string]any) {
	return `UNWIND $sourceIds AS sid
` + recordByID("a", "sid") + `
UNWIND $targetIds AS tid
` + recordByID("b", "tid") + ` AND b <> a
`, map[string]any{"project": project, "sourceIds": sources, "targetIds": targets}
}

// keyOf is the expression of property key of node n.
func keyOf(n, key, param string, params map[string]any) string {
	if q, ok := Name(key); ok {
		return n + "." + q
	}
	params[param] = key
	return n + "[$" + param + "]"
}

// LinkByKeys links every pair of j with property: Out stores a → b, In
// b → a. An existing edge of the pair with that property is kept, so the
// statement is idempotent; bag is merged into each edge's properties bag
// (see EdgeFields). It returns how many pairs it linked.
func LinkByKeys(project string, j KeyJoin, property string, d Direction, bag map[string]any) Query {
	text, params := j.match(project)
	return link(text, params, property, d, bag)
}

// LinkAll links every source record to every target record (by id), as
// LinkByKeys links its pairs: RushDB's manyToMany.
func LinkAll(project string, sources, targets []string, property string, d Direction, bag map[string]any) Query {
	text, params := allPairs(project, sources, targets)
	return link(text, params, property, d, bag)
}

// link ends a statement that bound pairs (a, b): it merges their edges.
func link(text string, params map[string]any, property string, d Direction, bag map[string]any) Query {
	params["property"] = property
	merge := "MERGE (a)-[e:LINK {property: $property}]->(b)"
	if d == In {
		merge = "MERGE (b)-[e:LINK {property: $property}]->(a)"
	}
	text += merge + "\nON CREATE SET e.createdAt = datetime()\n"
	if len(bag) > 0 {
		params["properties"] = EdgeFields{Properties: bag}.stored()
		text += "SET e += $properties\n"
	}
	return Query{Text: text + "RETURN count(e) AS linked", Params: params}
}

// UnlinkByKeys removes the edges between the pairs of j with property
// (every property when property is ""): Out the edges a → b, In b → a,
// Both either. It returns how many edges it removed.
func UnlinkByKeys(project string, j KeyJoin, property string, d Direction) Query {
	text, params := j.match(project)
	return unlink(text, params, property, d)
}

// UnlinkAll removes the edges between every source record and every target
// record (by id), as UnlinkByKeys removes its pairs' edges.
func UnlinkAll(project string, sources, targets []string, property string, d Direction) Query {
	text, params := allPairs(project, sources, targets)
	return unlink(text, params, property, d)
}

// unlink ends a statement that bound pairs (a, b): it deletes their edges.
func unlink(text string, params map[string]any, property string, d Direction) Query {
	var where []string
	if property != "" {
		params["property"] = property
		where = append(where, "e.property = $property")
	}
	// The edges are expanded in a subquery per pair, so the planner finds
	// the pairs first (by the key's index) whatever the statistics say of
	// the edges; on a database with few edges it would otherwise scan them
	// all and test both ends.
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return Query{Text: text + "CALL (a, b) { MATCH " + keyEdge(d) + cond + " DELETE e RETURN count(e) AS n }\nRETURN sum(n) AS unlinked", Params: params}
}

// keyEdge is the edge pattern between a and b for a direction; the texts
// are fixed.
func keyEdge(d Direction) string {
	switch d {
	case Out:
		return "(a)-[e:LINK]->(b)"
	case In:
		return "(a)<-[e:LINK]-(b)"
	}
	return "(a)-[e:LINK]-(b)"
}

// PairsByKeys lists the pairs of j as [a id, b id] rows,
// at most limit of them, for writes that plan each pair under the rules of
// declared types.
func PairsByKeys(project string, j KeyJoin, limit int) Query {
	text, params := j.match(project)
	params["limit"] = limit
	return Query{Text: text + "RETURN a.__id AS source, b.__id AS target\nLIMIT $limit", Params: params}
}
