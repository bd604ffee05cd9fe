package cypher

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/query"
)

// via renders a relation-property condition on n: an EXISTS, NOT EXISTS
// or COUNT over the edges of n holding the property's links.
func (c *compiler) via(n string, x query.Via) string {
	if !x.Resolved() {
		panic("cypher: unresolved relation-property condition " + x.Property)
	}
	c.related++
	k := strconv.Itoa(c.related)
	r, e := "r"+k, "e"+k
	pattern := "(" + n + ")-[" + e + ":LINK]->(" + r + ")"
	if x.Direction == In {
		pattern = "(" + n + ")<-[" + e + ":LINK]-(" + r + ")"
	}
	cond := e + ".property = " + c.param("rel", x.Tag) // r is of n's project: see sameProject
	if x.Others != nil {
		cond += " AND " + typeOf(r) + " IN " + c.param("t", x.Others)
	}
	switch x.Quantifier {
	case query.Count:
		return c.countTest(x.Count, "COUNT { MATCH "+pattern+" WHERE "+cond+" }")
	case query.None, query.Every:
		if x.Where != nil {
			neg := ""
			if x.Quantifier == query.Every {
				neg = "NOT "
			}
			cond += " AND " + neg + c.where(r, single(x.Linked), x.Where, x.Quantifier == query.None)
		}
		return "(NOT EXISTS { MATCH " + pattern + " WHERE " + cond + " })"
	}
	if x.Where != nil {
		cond += " AND " + c.where(r, single(x.Linked), x.Where, true)
	}
	return "EXISTS { MATCH " + pattern + " WHERE " + cond + " }"
}

// countTest renders the comparisons w (of $count) on the number expr.
func (c *compiler) countTest(w query.Where, expr string) string {
	switch x := w.(type) {
	case query.And:
		return c.countGroup(x, expr, " AND ")
	case query.Or:
		return c.countGroup(x, expr, " OR ")
	case query.Not:
		return "NOT " + c.countTest(x.Where, expr)
	case query.Compare:
		return "(" + expr + " " + symbols[x.Op] + " " + c.param("v", x.Value) + ")"
	}
	panic(fmt.Sprintf("cypher: unknown count condition %T", w))
}

func (c *compiler) countGroup(ws []query.Where, expr, op string) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = c.countTest(w, expr)
	}
	return "(" + strings.Join(parts, op) + ")"
}
