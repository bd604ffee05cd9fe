package cypher

import (
	"strings"

	"github.com/relgraph/relgraph/query"
)

// SearchRelationships finds one page of the project's edges matching q
// (oldest first, newest with q.Desc) and counts them all. Each row has the
// columns of Relations seen from the source record: (total, property,
// description, createdAt, outgoing, otherId, otherType, title, selfId,
// selfType, properties); the edge columns are null when the page is empty.
//
// The statement starts from the more selective end (see startsAtSource),
// bound by the record search's own start (an $id through the id index, a
// declared property through its type's index, a type by its label, else
// the project index), and expands that record's edges to the other end.
// Every name of the request travels as a parameter, so the text depends
// only on the request's shape.
func SearchRelationships(project string, q query.RelationshipSearch) Query {
	types := q.Source.Types
	if types == nil {
		types = q.Target.Types
	}
	c := newCompiler(project, types)
	match := c.edgeMatch(q)
	c.params["skip"], c.params["limit"] = q.Skip, q.Limit
	order := "e.createdAt, elementId(e)"
	if q.Desc {
		order = "e.createdAt DESC, elementId(e) DESC"
	}
	src, tgt := "r", "o"
	if !c.startsAtSource(q) {
		src, tgt = "o", "r"
	}
	return c.query(`CALL () {
  ` + match + `
  RETURN count(e) AS total
}
OPTIONAL CALL () {
  ` + match + `
  RETURN ` + src + ` AS src, e, ` + tgt + ` AS dst ORDER BY ` + order + ` SKIP $skip LIMIT $limit
}
RETURN total, e.property AS property, e.description AS description, e.createdAt AS createdAt,
  startNode(e) = src AS outgoing, dst.__id AS otherId, ` + typeOf("dst") + ` AS otherType,
  ` + titleOf("dst") + ` AS title, src.__id AS selfId, ` + typeOf("src") + ` AS selfType,
  ` + edgeBag("e") + ` AS properties`)
}

// edgeMatch binds r to the records of the end the search starts from, e to
// their edges that satisfy q.Where and point as q.Direction says, and o to
// the records at the other end that satisfy that end's conditions.
func (c *compiler) edgeMatch(q query.RelationshipSearch) string {
	first, other := q.Source, q.Target
	// stored r → o when the edges point from the source and r is the source,
	// or point at the source and r is the target.
	forward := q.Direction != query.In
	if !c.startsAtSource(q) {
		first, other = q.Target, q.Source
		forward = !forward
	}
	pattern := "(r)-[e:LINK]->(o:Record)"
	if !forward {
		pattern = "(r)<-[e:LINK]-(o:Record)"
	}
	conds := []string{inProject("o")}
	if len(other.Labels) > 0 {
		conds = append(conds, "o:"+labelUnion(other.Labels))
	}
	if other.Where != nil {
		conds = append(conds, c.where("o", single(other.Labels), other.Where, true))
	}
	conds = append(conds, c.edgeWhere(q.Where)...)
	first = query.Search{Labels: first.Labels, Where: first.Where, Types: first.Types}
	return c.match(first) + "\n  MATCH " + pattern + " WHERE " + strings.Join(conds, " AND ")
}

// startsAtSource says whether a relationship search binds its source
// records first: unless the target is the more selective end. An end is
// the more selective when its where seeks an id, else a declared property
// an index answers, else when it has any condition or label at all and the
// source has none. Edges are then expanded from the records bound.
func (c *compiler) startsAtSource(q query.RelationshipSearch) bool {
	src, tgt := q.Source, q.Target
	switch {
	case seeksID(src.Where):
		return true
	case seeksID(tgt.Where):
		return false
	case c.seeksProperty(single(src.Labels), src.Where):
		return true
	case c.seeksProperty(single(tgt.Labels), tgt.Where):
		return false
	}
	return constrains(src) || !constrains(tgt)
}

// constrains says whether s narrows the records it selects.
func constrains(s query.Search) bool {
	return s.Where != nil || len(s.Labels) > 0
}

// edgeWhere renders the conditions on edge e. A top-level equality or $in
// on the edge's type compares its relation property plainly; every other
// condition is rendered by the record compiler on e, with the type as the
// stored key property and the bag's names behind EdgePrefix.
func (c *compiler) edgeWhere(w query.Where) []string {
	var conds []string
	parts, ok := w.(query.And)
	if !ok && w != nil {
		parts = query.And{w}
	}
	for _, part := range parts {
		if x, isType := part.(query.Compare); isType && x.Property == query.EdgeType && !x.ID {
			if _, str := x.Value.(string); x.Op == query.OpEq && str {
				conds = append(conds, "e.property = "+c.param("rel", x.Value))
				continue
			}
			if x.Op == query.OpIn {
				conds = append(conds, "e.property IN "+c.param("rel", x.Value))
				continue
			}
		}
		conds = append(conds, c.where("e", "", stored(part), true))
	}
	return conds
}

// stored renames the properties an edge condition compares to their stored
// keys: the type to property, a bag name behind EdgePrefix.
func stored(w query.Where) query.Where {
	switch x := w.(type) {
	case query.And:
		return query.And(storedAll(x))
	case query.Or:
		return query.Or(storedAll(x))
	case query.Xor:
		return query.Xor(storedAll(x))
	case query.Not:
		return query.Not{Where: stored(x.Where)}
	case query.Compare:
		if x.Property == query.EdgeType {
			x.Property = "property"
		} else {
			x.Property = EdgeKey(x.Property)
		}
		return x
	}
	return w
}

func storedAll(ws []query.Where) []query.Where {
	out := make([]query.Where, len(ws))
	for i, w := range ws {
		out[i] = stored(w)
	}
	return out
}
