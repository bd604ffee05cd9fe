package cypher

import (
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/query"
)

// Joins: a related-record condition whose records a select reads (its
// $alias, or one inside it: query.Binds) is not tested with an EXISTS but
// matched, binding its records to a variable (a1, a2…, or the linked record
// of the driver when the search starts from it), so that the statement
// reads them once: every match is the record with one related record per
// join. The variables never hold request text: aliases map to them here.

// binding is the variable of an alias's records and their one type ("" when
// they may have several).
type binding struct{ v, typ string }

// splitJoins takes the conditions w requires that bind related records
// out of w: it returns them and the rest of w (nil: nothing else).
func splitJoins(w query.Where) (joins []query.Where, rest query.Where) {
	var others query.And
	for _, part := range query.Required(w) {
		if query.Binds(part) {
			joins = append(joins, part)
		} else {
			others = append(others, part)
		}
	}
	if len(joins) == 0 {
		return nil, w
	}
	switch len(others) {
	case 0:
		return joins, nil
	case 1:
		return joins, others[0]
	}
	return joins, others
}

// bind records the variable of the records of j (a Related or a Via) when
// an alias names them.
func (c *compiler) bind(j query.Where, v string) {
	alias, typ := "", linkedType(j)
	switch x := j.(type) {
	case query.Related:
		alias = x.Alias
	case query.Via:
		alias = x.Alias
	}
	if alias != "" {
		c.bound[alias] = binding{v: v, typ: typ}
	}
}

// joinAll renders the joins of record node n, each a subquery matching its
// related records once per n, then the joins inside each.
func (c *compiler) joinAll(n string, joins []query.Where) string {
	text := ""
	for _, j := range joins {
		c.joined++
		a := "a" + strconv.Itoa(c.joined)
		c.bind(j, a)
		c.related++
		e := "e" + strconv.Itoa(c.related)
		nested, inner := splitJoins(linkedWhere(j))
		pattern, conds := c.link(n, a, e, j)
		if inner != nil {
			conds = append(conds, c.where(a, linkedType(j), inner, true))
		}
		text += "\n  CALL (" + n + ") { MATCH " + pattern + " WHERE " + strings.Join(conds, " AND ") + " RETURN DISTINCT " + a + " }" +
			c.joinAll(a, nested)
	}
	return text
}

// link renders the pattern from record node n to its related record o of
// condition w (a Related or a resolved Via), through edge variable e, and
// the conditions on o's type and on the edge, the way an EXISTS of the
// condition reads them (o is of n's project: see sameProject).
func (c *compiler) link(n, o, e string, w query.Where) (string, []string) {
	switch x := w.(type) {
	case query.Related:
		conds := []string{c.param("t", x.Type) + " IN labels(" + o + ")"}
		if x.Property != "" {
			conds = append(conds, edgeIs(e, c.param("rel", x.Property), x.Hops))
		}
		return "(" + n + ")" + edges(e, x.Direction, x.Hops) + "(" + o + ")", conds
	case query.Via:
		if !x.Resolved() {
			panic("cypher: unresolved relation-property condition " + x.Property)
		}
		conds := []string{e + ".property = " + c.param("rel", x.Tag)}
		if x.Others != nil {
			conds = append(conds, typeOf(o)+" IN "+c.param("t", x.Others))
		}
		return "(" + n + ")" + edges(e, x.Direction, nil) + "(" + o + ")", conds
	}
	panic("cypher: not a related-record condition")
}

// edges renders an edge pattern with variable e, seen from the node on its
// left: Out points right, In left, Both either. With hops, a path of
// hops.Min to hops.Max edges: the bounds are numbers the parser checked
// (1 to query.MaxPathHops), which Cypher takes only as literals.
func edges(e string, dir query.Direction, hops *query.Hops) string {
	rel := e + ":LINK"
	if hops != nil {
		rel += "*" + strconv.Itoa(hops.Min) + ".." + strconv.Itoa(hops.Max)
	}
	switch dir {
	case query.Out:
		return "-[" + rel + "]->"
	case query.In:
		return "<-[" + rel + "]-"
	}
	return "-[" + rel + "]-"
}

// reverse is the direction of an edge seen from its other end.
func reverse(dir query.Direction) query.Direction {
	switch dir {
	case query.Out:
		return query.In
	case query.In:
		return query.Out
	}
	return dir
}

// edgeIs renders "edge e has relation property rel": of each edge of the
// path, with hops.
func edgeIs(e, rel string, hops *query.Hops) string {
	if hops != nil {
		return "all(l IN " + e + " WHERE l.property = " + rel + ")"
	}
	return e + ".property = " + rel
}
