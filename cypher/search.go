package cypher

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/query"
)

// The search statements compile a parsed Search into one Cypher statement.
// Every value, property name, type and relation property of the request
// travels as a parameter: values as $v0, $v1…, property names as $p0…, sort
// properties as $o0…, related types as $t0…, relation properties as $rel0….
// The text depends only on the shape of the request, so plans are cached.
//
// A comparison on a property holds when any of the property's values (a list
// property has several) passes it; a missing property or a value of another
// type never passes, so every condition is true or false, never null.

// SearchRecords finds one page of the project's records matching s, ordered
// by s.OrderBy, and counts every match. Each row is (total, r); r is null
// when the page is empty. When s.RelatedTo is set, only records linked to it
// are searched, and there is no row at all if the project has no such
// record.
func SearchRecords(project string, s query.Search) Query {
	c := newCompiler(project)
	head, scope, match := "", "()", c.match(s)
	if s.RelatedTo != "" {
		c.params["id"] = s.RelatedTo
		head, scope = "MATCH (a:Record {__id: $id}) USING INDEX SEEK a:Record(__id) WHERE a.__project = $project\n", "(a)"
	}
	c.page(s)
	return c.query(head + `CALL ` + scope + ` {
  ` + match + `
  RETURN count(r) AS total
}
OPTIONAL CALL ` + scope + ` {
  ` + match + `
  RETURN r ORDER BY ` + c.order(s) + ` SKIP $skip LIMIT $limit
}
RETURN total, r`)
}

// DeleteWhere removes the project's records matching s, with every edge
// touching them, and returns how many it removed. The page (s.OrderBy,
// s.Skip, s.Limit) bounds the delete only when s.Paged. A nil s.Where
// matches every record: callers refuse it.
func DeleteWhere(project string, s query.Search) Query {
	c := newCompiler(project)
	return c.query(c.pagedMatch(s) + `DETACH DELETE r
RETURN count(r) AS deleted`)
}

// SearchIDs lists the ids of the project's records matching s (only its
// page when s.Paged), for deletions that follow onDelete rules.
func SearchIDs(project string, s query.Search) Query {
	c := newCompiler(project)
	return c.query(c.pagedMatch(s) + "RETURN r.__id AS id")
}

// pagedMatch binds r to the project's records matching s (s.RelatedTo
// ignored), only the page of s when s.Paged, and ends with a line break.
func (c *compiler) pagedMatch(s query.Search) string {
	s.RelatedTo = ""
	text := c.match(s) + "\n"
	if s.Paged {
		c.page(s)
		text += "WITH r ORDER BY " + c.order(s) + " SKIP $skip LIMIT $limit\n"
	}
	return text
}

// LabelCounts counts the project's records matching s per type. Each row is
// (type, count), by type; paging does not apply.
func LabelCounts(project string, s query.Search) Query {
	s.RelatedTo = ""
	c := newCompiler(project)
	return c.query(c.match(s) + `
RETURN ` + typeOf("r") + ` AS type, count(r) AS count ORDER BY type`)
}

// SearchRelations finds one page of the edges whose source record matches s
// (oldest edge first) and counts them all. Each row has the columns of
// Relations, seen from the source: (total, property, description,
// createdAt, outgoing, otherId, otherType, title, selfId, selfType); the
// edge columns are null when the page is empty.
func SearchRelations(project string, s query.Search) Query {
	s.RelatedTo = ""
	c := newCompiler(project)
	match := c.match(s) + "\n  MATCH (r)-[e:LINK]->(b:Record)"
	c.page(s)
	return c.query(`CALL () {
  ` + match + `
  RETURN count(e) AS total
}
OPTIONAL CALL () {
  ` + match + `
  RETURN r, e, b ORDER BY e.createdAt, elementId(e) SKIP $skip LIMIT $limit
}
RETURN total, e.property AS property, e.description AS description, e.createdAt AS createdAt,
  true AS outgoing, b.__id AS otherId, ` + typeOf("b") + ` AS otherType,
  ` + titleOf("b") + ` AS title, r.__id AS selfId, ` + typeOf("r") + ` AS selfType`)
}

// typeOf renders the type of record node n: its label other than Record.
func typeOf(n string) string {
	return "[l IN labels(" + n + ") WHERE l <> 'Record'][0]"
}

// compiler accumulates the parameters of one statement.
type compiler struct {
	params  map[string]any
	next    map[string]int // the next number of each parameter prefix
	related int            // related-record variables used: r1, e1, r2, e2…
}

func newCompiler(project string) *compiler {
	return &compiler{params: map[string]any{"project": project}, next: map[string]int{}}
}

func (c *compiler) query(text string) Query {
	return Query{Text: text, Params: c.params}
}

// param stores v under the next name of prefix and returns its reference.
func (c *compiler) param(prefix string, v any) string {
	name := prefix + strconv.Itoa(c.next[prefix])
	c.next[prefix]++
	c.params[name] = v
	return "$" + name
}

func (c *compiler) page(s query.Search) {
	c.params["skip"], c.params["limit"] = s.Skip, s.Limit
}

// match binds r to every record the search covers: the project's records
// (those linked to a, when s.RelatedTo is set) of s.Labels satisfying
// s.Where.
//
// A search whose condition requires a linked record satisfying a condition
// of its own starts from the linked side (see driver): it finds those
// records first, then expands to the records linking them. Otherwise every
// record of the project is tested.
func (c *compiler) match(s query.Search) string {
	labels := ""
	if len(s.Labels) > 0 {
		c.params["labels"] = s.Labels
		labels = "&$any($labels)"
	}
	if s.RelatedTo != "" {
		return "MATCH (a)-[:LINK]-(r:Record" + labels + ")\n  WITH DISTINCT r WHERE r.__project = $project" + c.and("r", s.Where)
	}
	if d, rest := driver(s.Where); d != nil {
		return c.driven(s.Labels, d, rest)
	}
	return "MATCH (r:Record" + labels + ")" + hint("r", s.Where) + " WHERE r.__project = $project" + c.and("r", s.Where)
}

// and renders " AND " and condition w on n, or nothing when w is nil.
func (c *compiler) and(n string, w query.Where) string {
	if w == nil {
		return ""
	}
	return " AND " + c.where(n, w)
}

// driver picks the part of w the search starts from: a related-record
// condition (Related, or Via with $some) that w requires, with a condition
// of its own on the linked record, preferring one that names the linked
// record's id. It returns the rest of w the found records must satisfy
// too (nil: nothing), or a nil driver when w requires no such part.
//
// The linked side is the selective one: found by the id index, or by
// testing the records of the project once, where the records side would
// test every record's edges.
func driver(w query.Where) (query.Where, query.Where) {
	if drives(w) {
		return w, nil
	}
	all, ok := w.(query.And)
	if !ok {
		return nil, nil
	}
	pick := -1
	for i, part := range all {
		if drives(part) && (pick < 0 || seeksID(linkedWhere(part)) && !seeksID(linkedWhere(all[pick]))) {
			pick = i
		}
	}
	if pick < 0 {
		return nil, nil
	}
	rest := append(query.And{}, all[:pick]...)
	rest = append(rest, all[pick+1:]...)
	if len(rest) == 0 {
		return all[pick], nil
	}
	return all[pick], rest
}

// drives says whether w requires a linked record with a condition of its
// own.
func drives(w query.Where) bool {
	switch x := w.(type) {
	case query.Related:
		return x.Where != nil
	case query.Via:
		return x.Quantifier == query.Some && x.Where != nil
	}
	return false
}

// linkedWhere is the condition on the linked record of a driver.
func linkedWhere(w query.Where) query.Where {
	switch x := w.(type) {
	case query.Related:
		return x.Where
	case query.Via:
		return x.Where
	}
	return nil
}

// driven binds r to the records of the project (of labels) linked to a
// record satisfying driver d, that satisfy rest. The linked record is
// found first, by the id index when d's condition names its id, else by
// the project index (the hint pins that start). The records linking it
// are expanded in a subquery per linked record, written so that no index
// or scan can answer it (no label on r, the edge's property compared in a
// form the edge index cannot answer): on any statistics the planner
// expands, and never joins a second start or sorts the project for the
// page's ORDER BY.
func (c *compiler) driven(labels []string, d, rest query.Where) string {
	c.related++
	k := strconv.Itoa(c.related)
	o, e := "r"+k, "e"+k
	var dir Direction
	var linked []string // conditions on the linked record
	tag := ""           // the edges' property, "" any
	switch x := d.(type) {
	case query.Related:
		dir, tag = x.Direction, x.Property
		linked = append(linked, c.param("t", x.Type)+" IN labels("+o+")")
	case query.Via:
		if !x.Resolved() {
			panic("cypher: unresolved relation-property condition " + x.Property)
		}
		dir, tag = x.Direction, x.Tag
		if x.Others != nil {
			linked = append(linked, typeOf(o)+" IN "+c.param("t", x.Others))
		}
	}
	inner := linkedWhere(d)
	if inner != nil {
		linked = append(linked, c.where(o, inner))
	}
	// The pattern runs from the linked record o to r: the reverse of the
	// condition's direction, which is seen from r.
	pattern := "(" + o + ")-[" + e + ":LINK]-(r)"
	switch dir {
	case Out:
		pattern = "(" + o + ")<-[" + e + ":LINK]-(r)"
	case In:
		pattern = "(" + o + ")-[" + e + ":LINK]->(r)"
	}
	expand := "r.__project = $project"
	if tag != "" {
		rel := c.param("rel", tag)
		expand = "(" + rel + " IS NULL OR " + e + ".property = " + rel + ") AND " + expand
	}
	if len(labels) > 0 {
		expand += " AND any(l IN labels(r) WHERE l IN $labels)"
	}
	return "MATCH (" + o + ":Record)" + hint(o, inner) + " WHERE " + o + ".__project = $project AND " + strings.Join(linked, " AND ") +
		"\n  CALL (" + o + ") { MATCH " + pattern + " WHERE " + expand + " RETURN r }" +
		"\n  WITH DISTINCT r" + c.whereClause("r", rest)
}

// whereClause renders " WHERE " and condition w on n, or nothing when w is
// nil.
func (c *compiler) whereClause(n string, w query.Where) string {
	if w == nil {
		return ""
	}
	return " WHERE " + c.where(n, w)
}

// hint pins where a search starts at node n, whatever the planner's
// statistics say (on a fresh database they favour index scans): the unique
// id index when an $id equality or $in stands at the top of condition w,
// else the project index.
func hint(n string, w query.Where) string {
	if seeksID(w) {
		return " USING INDEX SEEK " + n + ":Record(__id)"
	}
	return " USING INDEX SEEK " + n + ":Record(__project)"
}

// seeksID reports whether w holds an $id equality or $in at its top.
func seeksID(w query.Where) bool {
	switch x := w.(type) {
	case query.Compare:
		return x.ID && (x.Op == query.OpEq || x.Op == query.OpIn)
	case query.And:
		for _, part := range x {
			if seeksID(part) {
				return true
			}
		}
	}
	return false
}

// order renders the sort keys; the id breaks ties, so pages never overlap.
func (c *compiler) order(s query.Search) string {
	if len(s.OrderBy) == 0 {
		return "r.__id DESC"
	}
	keys := make([]string, 0, len(s.OrderBy)+1)
	byID := false
	for _, o := range s.OrderBy {
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		if o.Property == "" {
			keys = append(keys, "r.__id"+dir)
			byID = true
			continue
		}
		keys = append(keys, "r["+c.param("o", o.Property)+"]"+dir)
	}
	if !byID {
		keys = append(keys, "r.__id DESC")
	}
	return strings.Join(keys, ", ")
}

// where renders a condition on record node n. Every rendering is atomic (a
// function call, an EXISTS or parenthesised), so it nests without care.
func (c *compiler) where(n string, w query.Where) string {
	switch x := w.(type) {
	case query.And:
		return c.group(n, x, " AND ")
	case query.Or:
		return c.group(n, x, " OR ")
	case query.Xor:
		return c.group(n, x, " XOR ")
	case query.Not:
		return "NOT " + c.where(n, x.Where)
	case query.Compare:
		if x.ID {
			return c.compareID(n, x)
		}
		return c.compare(n, x)
	case query.Related:
		return c.relatedTo(n, x)
	case query.Via:
		return c.via(n, x)
	}
	panic(fmt.Sprintf("cypher: unknown condition %T", w))
}

func (c *compiler) group(n string, ws []query.Where, op string) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = c.where(n, w)
	}
	return "(" + strings.Join(parts, op) + ")"
}

// compareID renders a comparison of the record id, plainly, so that an
// equality or $in at the top lets the planner seek the unique id index.
func (c *compiler) compareID(n string, x query.Compare) string {
	id, v := n+".__id", c.param("v", x.Value)
	switch x.Op {
	case query.OpNin:
		return "(NOT " + id + " IN " + v + ")"
	case query.OpContains:
		return "(toLower(" + id + ") CONTAINS toLower(" + v + "))"
	}
	return "(" + id + " " + symbols[x.Op] + " " + v + ")"
}

var symbols = map[query.Op]string{
	query.OpEq: "=", query.OpNe: "<>", query.OpGt: ">", query.OpGte: ">=", query.OpLt: "<", query.OpLte: "<=", query.OpIn: "IN", query.OpNin: "IN",
	query.OpStartsWith: "STARTS WITH", query.OpEndsWith: "ENDS WITH",
}

// compare renders a comparison of property x.Property of n.
func (c *compiler) compare(n string, x query.Compare) string {
	p := c.param("p", x.Property)
	prop := n + "[" + p + "]"
	switch {
	case x.Op == query.OpExists:
		if x.Value == true {
			return "(" + prop + " IS NOT NULL OR " + p + " IN coalesce(" + n + ".__nulls, []))"
		}
		return "(" + prop + " IS NULL AND NOT " + p + " IN coalesce(" + n + ".__nulls, []))"
	case x.Value == nil && x.Datetime == nil && x.Op == query.OpEq:
		return "(" + prop + " IS NULL)"
	case x.Value == nil && x.Datetime == nil && x.Op == query.OpNe:
		return "(" + prop + " IS NOT NULL)"
	}
	op := x.Op
	if op == query.OpNe {
		op = query.OpEq
	} else if op == query.OpNin {
		op = query.OpIn
	}
	// [] + v is the list of v's values: v itself when it is a list, else [v].
	passes := "coalesce(any(x IN [] + " + prop + " WHERE " + c.test(op, x) + "), false)"
	if x.Op == query.OpNe || x.Op == query.OpNin {
		return "(" + prop + " IS NOT NULL AND NOT " + passes + ")"
	}
	return passes
}

// test renders op on one stored value x. Stored datetimes compare with the
// operand's datetime form by instant (in UTC); other values with its plain
// form.
func (c *compiler) test(op query.Op, cmp query.Compare) string {
	if op == query.OpContains {
		return "CASE WHEN x IS :: STRING THEN toLower(x) CONTAINS toLower(" + c.param("v", cmp.Value) + ") END"
	}
	sym := " " + symbols[op] + " "
	plain := ""
	if cmp.Value != nil {
		plain = "x" + sym + c.param("v", cmp.Value)
	}
	if cmp.Datetime == nil {
		return plain
	}
	asTime := "datetime({datetime: x, timezone: 'UTC'})" + sym + c.param("v", cmp.Datetime)
	if plain == "" {
		return "CASE WHEN x IS :: ZONED DATETIME NOT NULL THEN " + asTime + " END"
	}
	return "CASE WHEN x IS :: ZONED DATETIME NOT NULL THEN " + asTime + " ELSE " + plain + " END"
}

// relatedTo renders a related-record condition on n: an EXISTS over the
// edges of n to records of the type.
func (c *compiler) relatedTo(n string, x query.Related) string {
	c.related++
	k := strconv.Itoa(c.related)
	r, e := "r"+k, "e"+k
	// The related node carries no label in the pattern, so no index applies
	// to it: the planner expands from n, the record already bound, instead of
	// scanning the project for candidates and joining back.
	other := "(" + r + ")"
	var pattern string
	switch x.Direction {
	case Out:
		pattern = "(" + n + ")-[" + e + ":LINK]->" + other
	case In:
		pattern = "(" + n + ")<-[" + e + ":LINK]-" + other
	default:
		pattern = "(" + n + ")-[" + e + ":LINK]-" + other
	}
	cond := c.param("t", x.Type) + " IN labels(" + r + ") AND " + r + ".__project = $project"
	if x.Property != "" {
		cond += " AND " + e + ".property = " + c.param("rel", x.Property)
	}
	if x.Where != nil {
		cond += " AND " + c.where(r, x.Where)
	}
	return "EXISTS { MATCH " + pattern + " WHERE " + cond + " }"
}
