package cypher

import "github.com/relgraph/relgraph/query"

// Direction says which way an edge points from the record a request names
// (query.Direction: the search language names directions too).
type Direction = query.Direction

// The directions. Both is only for reading and detaching.
const (
	Out  = query.Out
	In   = query.In
	Both = query.Both
)

// pattern returns the relationship pattern between a and b for a direction.
// The texts are fixed: a direction never carries request input.
func pattern(d Direction) string {
	switch d {
	case Out:
		return "(a)-[e:LINK]->(b)"
	case In:
		return "(a)<-[e:LINK]-(b)"
	}
	return "(a)-[e:LINK]-(b)"
}

// MissingEnds reports whether the source record exists in the project and
// which of the target ids name no record of it.
func MissingEnds(project, source string, targets []string) Query {
	return Query{
		Text: `OPTIONAL ` + recordByID("a", "$source") + `
RETURN a IS NOT NULL AS found,
  [id IN $targets WHERE NOT EXISTS { ` + recordByID("b", "id") + ` }] AS missing`,
		Params: map[string]any{"project": project, "source": source, "targets": targets},
	}
}

// Attach links a source record to each target with property: Out stores
// source → target, In target → source. An existing edge with the same ends
// and property is kept (its description updated when one is given), so
// attaching is idempotent. It returns the number of edges touched.
func Attach(project, source string, targets []string, property string, d Direction, description *string) Query {
	merge := "MERGE (a)-[e:LINK {property: $property}]->(b)"
	if d == In {
		merge = "MERGE (b)-[e:LINK {property: $property}]->(a)"
	}
	var desc any
	if description != nil {
		desc = *description
	}
	return Query{
		Text: recordByID("a", "$source") + `
UNWIND $targets AS id
` + recordByID("b", "id") + `
` + merge + `
ON CREATE SET e.createdAt = datetime(), e.description = $description
ON MATCH SET e.description = coalesce($description, e.description)
RETURN count(e) AS linked`,
		Params: map[string]any{"project": project, "source": source, "targets": targets, "property": property, "description": desc},
	}
}

// Relations pages through the edges of a record, both directions unless d
// says one, only those of property when it is not empty, oldest first. Each
// row carries the edge, the other end's id, type and live title, the edge's
// direction seen from the record, its properties bag as [name, value] pairs,
// and the total count of matching edges.
func Relations(project, id, property string, d Direction, skip, limit int) Query {
	var prop any
	if property != "" {
		prop = property
	}
	return Query{
		Text: recordByID("a", "$id") + `
WITH a, COUNT { MATCH ` + pattern(d) + ` WHERE $property IS NULL OR e.property = $property } AS total
OPTIONAL CALL (a) {
  MATCH ` + pattern(d) + `
  WHERE $property IS NULL OR e.property = $property
  RETURN e, b ORDER BY e.createdAt, elementId(e) SKIP $skip LIMIT $limit
}
RETURN total, e.property AS property, e.description AS description, e.createdAt AS createdAt,
  startNode(e) = a AS outgoing, b.__id AS otherId, [l IN labels(b) WHERE l <> 'Record'][0] AS otherType,
  ` + titleOf("b") + ` AS title, a.__id AS selfId, [l IN labels(a) WHERE l <> 'Record'][0] AS selfType,
  ` + edgeBag("e") + ` AS properties`,
		Params: map[string]any{"project": project, "id": id, "property": prop, "skip": skip, "limit": limit},
	}
}

// NoEdges is the direction of a RelationsByType slot that reads no edge.
const NoEdges = "none"

// RelationsByType is Relations of one property whose edges depend on the
// record's type: slots maps a type to the [property, direction] its edges
// are read with (a declared type may mirror the property of its inverse
// pair, whose edges point at the record; direction NoEdges reads none); a
// record of another type reads property in direction d. The direction is a
// variable, so the edges of the record are expanded both ways and filtered;
// the property is compared in a form the edge index cannot answer, so the
// planner expands from the record on any statistics.
func RelationsByType(project, id, property string, d Direction, slots map[string]any, skip, limit int) Query {
	along := "direction <> '" + NoEdges + "' AND (property IS NULL OR e.property = property) AND (direction = '' OR (startNode(e) = a) = (direction = 'out'))"
	return Query{
		Text: recordByID("a", "$id") + `
WITH a, coalesce($slots[` + typeOf("a") + `], [$property, $direction]) AS slot
WITH a, slot[0] AS property, slot[1] AS direction
WITH a, property, direction, COUNT { MATCH (a)-[e:LINK]-(b) WHERE ` + along + ` } AS total
OPTIONAL CALL (a, property, direction) {
  MATCH (a)-[e:LINK]-(b)
  WHERE ` + along + `
  RETURN e, b ORDER BY e.createdAt, elementId(e) SKIP $skip LIMIT $limit
}
RETURN total, e.property AS property, e.description AS description, e.createdAt AS createdAt,
  startNode(e) = a AS outgoing, b.__id AS otherId, ` + typeOf("b") + ` AS otherType,
  ` + titleOf("b") + ` AS title, a.__id AS selfId, ` + typeOf("a") + ` AS selfType,
  ` + edgeBag("e") + ` AS properties`,
		Params: map[string]any{"project": project, "id": id, "property": property, "direction": string(d),
			"slots": slots, "skip": skip, "limit": limit},
	}
}
