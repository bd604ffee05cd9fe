package cypher

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// The search statements compile a parsed Search into one Cypher statement.
// Every value, property name, type and relation property of the request
// travels as a parameter: values as $v0, $v1…, property names as $p0…, sort
// properties as $o0…, related types as $t0…, relation properties as $rel0….
// The text depends only on the shape of the request, so plans are cached.
//
// sameProject: a search tests the tenant (__project) of the records it
// starts from, never of the records it reaches through edges. Edges never
// leave their project: every statement that stores one (Attach, link,
// MergeEdgesWith, the imports' and the type rules') binds both ends in the
// project first, so the test would cost a property read per edge followed
// and exclude nothing.
//
// A comparison on a property holds when any of the property's values (a list
// property has several) passes it; a missing property or a value of another
// type never passes, so every condition is true or false, never null.

// SearchRecords finds one page of the project's records matching s, ordered
// by s.OrderBy, and counts every match (unless s.NoTotal). One row:
// (total, page), page the list of the page's record nodes, total null when
// s.NoTotal. When s.RelatedTo is set, only records linked to it are
// searched, and there is no row at all if the project has no such record.
//
// The page is read first. The count runs only when the page cannot tell
// it: a full page, or an empty one past the first; otherwise total is the
// records skipped plus the page. A selective search reads its matches once.
func SearchRecords(project string, s query.Search) Query {
	c := newCompiler(project, s.Types)
	match := c.match(s)
	return c.paged(s, match+"\n  RETURN r ORDER BY "+c.order(s)+" SKIP $skip LIMIT $limit",
		match+"\n  RETURN count(r) AS counted")
}

// paged renders the statement of a paged search: the page (its rows
// returned as r, at most $limit of them), collected into a list, and the
// count of every row (a statement returning counted, its lines after the
// first indented by two), run only when the
// page cannot tell it. With s.RelatedTo, both run from the record a.
// One row: (total, page); total is null when s.NoTotal.
func (c *compiler) paged(s query.Search, page, count string) Query {
	head, scope := "", ""
	if s.RelatedTo != "" {
		c.params["id"] = s.RelatedTo
		head, scope = recordByID("a", "$id")+"\n", "a"
	}
	c.page(s)
	with := strings.TrimPrefix(scope+", ", ", ")
	text := head + `OPTIONAL CALL (` + scope + `) {
  ` + page + `
}
WITH ` + with + `collect(r) AS page
`
	if s.NoTotal {
		return c.query(text + `RETURN null AS total, page`)
	}
	return c.query(text + `OPTIONAL CALL (` + with + `page) {
  WITH ` + with + `page WHERE size(page) = $limit OR size(page) = 0 AND $skip > 0
  CALL (` + scope + `) {
    ` + strings.ReplaceAll(count, "\n", "\n  ") + `
  }
  RETURN counted
}
RETURN coalesce(counted, $skip + size(page)) AS total, page`)
}

// DeleteWhere removes the project's records matching s, with every edge
// touching them, and returns how many it removed. The page (s.OrderBy,
// s.Skip, s.Limit) bounds the delete only when s.Paged. A nil s.Where
// matches every record: callers refuse it.
func DeleteWhere(project string, s query.Search) Query {
	c := newCompiler(project, s.Types)
	return c.query(c.pagedMatch(s) + `DETACH DELETE r
RETURN count(r) AS deleted`)
}

// SearchIDs lists the ids of the project's records matching s (only its
// page when s.Paged), for deletions that follow onDelete rules.
func SearchIDs(project string, s query.Search) Query {
	c := newCompiler(project, s.Types)
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
	c := newCompiler(project, s.Types)
	return c.query(c.match(s) + `
RETURN ` + typeOf("r") + ` AS type, count(r) AS count ORDER BY type`)
}

// typeOf renders the type of record node n: its label other than Record.
func typeOf(n string) string {
	return "[l IN labels(" + n + ") WHERE l <> 'Record'][0]"
}

// compiler accumulates the parameters of one statement.
type compiler struct {
	params  map[string]any
	next    map[string]int  // the next number of each parameter prefix
	related int             // related-record variables used: r1, e1, r2, e2…
	types   *schema.Catalog // the project's declared types; nil: none known
	// binds says the statement reads related records by their aliases
	// (SearchRows): conditions binding them are joins (search_join.go),
	// bound to the variables in bound (a1, a2…, by joined).
	binds  bool
	bound  map[string]binding
	joined int
}

func newCompiler(project string, types *schema.Catalog) *compiler {
	return &compiler{params: map[string]any{"project": project}, next: map[string]int{}, types: types, bound: map[string]binding{}}
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
// s.Where. It starts from the most selective side it can see:
//
//   - an $id equality or $in on r: the unique id index;
//   - an equality or $in on a declared property of r's one type: the
//     type's label, whose composite (__project, property) index the
//     planner seeks;
//   - a related-record condition with a condition of its own: the linked
//     records first (see driven);
//   - the searched types' labels, so an open type costs its own size;
//   - with no type, the project index.
//
// When the statement binds related records (c.binds), their conditions are
// joins: the linked records of one may be where the search starts (as a
// related-record condition's are), and the others are matched from r.
func (c *compiler) match(s query.Search) string {
	if c.binds {
		if joins, rest := splitJoins(s.Where); joins != nil {
			s.Where = rest
			return c.matchJoined(s, joins)
		}
	}
	typ := single(s.Labels)
	if s.RelatedTo != "" {
		labels := ""
		if len(s.Labels) > 0 {
			c.params["labels"] = s.Labels
			labels = "&$any($labels)"
		}
		return "MATCH (a)-[:LINK]-(r:Record" + labels + ")\n  WITH DISTINCT r" + c.whereClause("r", typ, s.Where)
	}
	switch {
	case seeksID(s.Where):
		labels := ""
		if len(s.Labels) > 0 {
			c.params["labels"] = s.Labels
			labels = "&$any($labels)"
		}
		return "MATCH (r:Record" + labels + ") USING INDEX SEEK r:Record(__id) WHERE " + inProject("r") + c.and("r", typ, s.Where)
	case c.seeksProperty(typ, s.Where):
		return "MATCH (r:" + mustName(typ) + ") WHERE " + inProject("r") + c.and("r", typ, s.Where)
	}
	if d, rest := driver(s.Where); d != nil {
		return c.driven(s.Labels, d, rest)
	}
	if len(s.Labels) > 0 {
		return "MATCH (r:" + labelUnion(s.Labels) + ") WHERE " + inProject("r") + c.and("r", typ, s.Where)
	}
	return "MATCH (r:Record) USING INDEX SEEK r:Record(__project) WHERE " + inProject("r") + c.and("r", typ, s.Where)
}

// matchJoined binds r to the records s covers, and the records of joins
// (which s.Where no longer holds) linked to them. The search starts as
// match would start it, also from a join with a condition of its own.
func (c *compiler) matchJoined(s query.Search, joins []query.Where) string {
	parts := query.Required(s.Where)
	pick := pickDriver(append(append([]query.Where{}, parts...), joins...))
	if pick < len(parts) || s.RelatedTo != "" || seeksID(s.Where) || c.seeksProperty(single(s.Labels), s.Where) {
		return c.match(s) + c.joinAll("r", joins)
	}
	d := joins[pick-len(parts)]
	others := append(append([]query.Where{}, joins[:pick-len(parts)]...), joins[pick-len(parts)+1:]...)
	return c.driven(s.Labels, d, s.Where) + c.joinAll("r", others)
}

// single is the one type of labels, or "" when there are none or several.
func single(labels []string) string {
	if len(labels) == 1 {
		return labels[0]
	}
	return ""
}

// labelUnion renders a label expression matching any of types.
func labelUnion(types []string) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = mustName(t)
	}
	return strings.Join(names, "|")
}

// and renders " AND " and condition w on n (of type typ, "" unknown), or
// nothing when w is nil.
func (c *compiler) and(n, typ string, w query.Where) string {
	if w == nil {
		return ""
	}
	return " AND " + c.where(n, typ, w, true)
}

// driver picks the part of w the search starts from: a related-record
// condition (Related, or Via with $some) that w requires, with a condition
// of its own on the linked record, preferring one that names the linked
// record's id. It returns the rest of w the found records must satisfy
// too (nil: nothing), or a nil driver when w requires no such part.
//
// The linked side is the selective one: found by the id index, or by a
// declared property's index, or by testing the records of its type once,
// where the records side would test every record's edges.
func driver(w query.Where) (query.Where, query.Where) {
	if drives(w) {
		return w, nil
	}
	all, ok := w.(query.And)
	if !ok {
		return nil, nil
	}
	pick := pickDriver(all)
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

// pickDriver picks the part of parts (conditions all required) the search
// starts from: the first that drives, or the first naming its linked
// record's id. -1: none drives.
func pickDriver(parts []query.Where) int {
	pick := -1
	for i, part := range parts {
		if drives(part) && (pick < 0 || seeksID(linkedWhere(part)) && !seeksID(linkedWhere(parts[pick]))) {
			pick = i
		}
	}
	return pick
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

// linkedType is the one type of the records a driver links to, or "" when
// it may be several.
func linkedType(w query.Where) string {
	switch x := w.(type) {
	case query.Related:
		return x.Type
	case query.Via:
		return single(x.Linked)
	}
	return ""
}

// driven binds r to the records of the project (of labels) linked to a
// record satisfying driver d, that satisfy rest. The linked record is
// found first: by the id index when d's condition names its id, else from
// its type's label (the planner seeks a declared property's index there),
// else by the project index. The records linking it are expanded in a
// subquery per linked record, written so that no index or scan can answer
// it (no label on r, the edge's property compared in a form the edge index
// cannot answer): on any statistics the planner expands, and never joins a
// second start or sorts the project for the page's ORDER BY.
//
// When d binds related records (a join), the linked record stays bound
// (its alias's variable), and the joins inside d follow.
func (c *compiler) driven(labels []string, d, rest query.Where) string {
	c.related++
	k := strconv.Itoa(c.related)
	o, e := "r"+k, "e"+k
	var dir query.Direction
	var hops *query.Hops
	var linked []string // conditions on the linked record
	tag := ""           // the edges' property, "" any
	otype := linkedType(d)
	switch x := d.(type) {
	case query.Related:
		dir, tag, hops = x.Direction, x.Property, x.Hops
	case query.Via:
		if !x.Resolved() {
			panic("cypher: unresolved relation-property condition " + x.Property)
		}
		dir, tag = x.Direction, x.Tag
		if x.Others != nil && otype == "" {
			linked = append(linked, typeOf(o)+" IN "+c.param("t", x.Others))
		}
	}
	inner := linkedWhere(d)
	var nested []query.Where // joins inside a join
	bound := c.binds && query.Binds(d)
	if bound {
		nested, inner = splitJoins(inner)
	}
	if inner != nil {
		linked = append(linked, c.where(o, otype, inner, true))
	}
	// The pattern runs from the linked record o to r: the reverse of the
	// condition's direction, which is seen from r.
	// The records reached need no tenant test: edges never leave their
	// project (see sameProject).
	pattern := "(" + o + ")" + edges(e, reverse(dir), hops) + "(r)"
	var expand []string
	switch {
	case tag != "" && hops != nil:
		expand = append(expand, edgeIs(e, c.param("rel", tag), hops))
	case tag != "":
		rel := c.param("rel", tag)
		expand = append(expand, "("+rel+" IS NULL OR "+e+".property = "+rel+")")
	}
	if len(labels) > 0 {
		expand = append(expand, "r:"+labelUnion(labels))
	}
	where := ""
	if len(expand) > 0 {
		where = " WHERE " + strings.Join(expand, " AND ")
	}
	start := "MATCH (" + o + ":Record) USING INDEX SEEK " + o + ":Record(__project)"
	switch {
	case seeksID(inner):
		start = "MATCH (" + o + ":Record) USING INDEX SEEK " + o + ":Record(__id)"
	case otype != "":
		start = "MATCH (" + o + ":" + mustName(otype) + ")"
	}
	carry := "r"
	if bound {
		c.bind(d, o)
		carry = "r, " + o
	}
	return start + " WHERE " + strings.Join(append([]string{inProject(o)}, linked...), " AND ") +
		"\n  CALL (" + o + ") { MATCH " + pattern + where + " RETURN r }" +
		"\n  WITH DISTINCT " + carry + c.whereClause("r", single(labels), rest) + c.joinAll(o, nested)
}

// whereClause renders " WHERE " and condition w on n, or nothing when w is
// nil.
func (c *compiler) whereClause(n, typ string, w query.Where) string {
	if w == nil {
		return ""
	}
	return " WHERE " + c.where(n, typ, w, true)
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

// seeksProperty reports whether w holds, at its top, an equality or $in on
// a declared scalar property of type typ that the compiler renders plainly:
// a condition the type's (__project, property) index answers.
func (c *compiler) seeksProperty(typ string, w query.Where) bool {
	switch x := w.(type) {
	case query.Compare:
		return !x.ID && (x.Op == query.OpEq || x.Op == query.OpIn) && c.plain(typ, x) != nil
	case query.And:
		for _, part := range x {
			if c.seeksProperty(typ, part) {
				return true
			}
		}
	}
	return false
}

// order renders the sort keys; the id breaks ties, so pages never overlap.
// A declared scalar property of the one searched type is named literally,
// and when it is the first key, the project leads the keys in the same
// direction: every record bound has the same project, so the order is
// unchanged, but the type's (__project, property) index can then give it,
// and the planner reads the page instead of sorting every match.
func (c *compiler) order(s query.Search) string {
	if len(s.OrderBy) == 0 {
		return "r.__id DESC"
	}
	typ := single(s.Labels)
	keys := make([]string, 0, len(s.OrderBy)+2)
	byID := false
	for i, o := range s.OrderBy {
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		switch {
		case o.Property == "":
			keys = append(keys, "r.__id"+dir)
			byID = true
		case c.declared(typ, o.Property) != nil:
			if i == 0 {
				keys = append(keys, "r.__project"+dir)
			}
			keys = append(keys, "r."+mustName(o.Property)+dir)
		default:
			keys = append(keys, "r["+c.param("o", o.Property)+"]"+dir)
		}
	}
	if !byID {
		keys = append(keys, "r.__id DESC")
	}
	return strings.Join(keys, ", ")
}

// where renders a condition on record node n of type typ ("" unknown).
// Every rendering is atomic (a function call, an EXISTS or parenthesised),
// so it nests without care.
//
// At a positive position (pos: not under $not or $xor) a null condition
// counts as false, so a comparison on a declared scalar property renders
// plainly (n.`name` = $v), the form an index serves; elsewhere, and for
// every other property, the list-aware form that reads any of a list's
// values (see compare), two-valued under $not and $xor.
func (c *compiler) where(n, typ string, w query.Where, pos bool) string {
	switch x := w.(type) {
	case query.And:
		return c.group(n, typ, x, " AND ", pos)
	case query.Or:
		return c.group(n, typ, x, " OR ", pos)
	case query.Xor:
		return c.group(n, typ, x, " XOR ", false)
	case query.Not:
		return "NOT " + c.where(n, typ, x.Where, false)
	case query.Compare:
		if x.ID {
			return c.compareID(n, x)
		}
		if pos {
			if p := c.plain(typ, x); p != nil {
				return p(n)
			}
		}
		return c.compare(n, typ, x, pos)
	case query.Related:
		return c.relatedTo(n, x)
	case query.Via:
		return c.via(n, x)
	}
	panic(fmt.Sprintf("cypher: unknown condition %T", w))
}

func (c *compiler) group(n, typ string, ws []query.Where, op string, pos bool) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = c.where(n, typ, w, pos)
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
	query.OpStartsWith: "STARTS WITH", query.OpEndsWith: "ENDS WITH", query.OpContains: "CONTAINS",
}

// declared returns the declaration of property name of type typ when it is
// a declared scalar (see schema.Catalog.Scalar) whose name can stand in
// statement text, else nil.
func (c *compiler) declared(typ, name string) *schema.Property {
	p, ok := c.types.Scalar(typ, name)
	if !ok {
		return nil
	}
	if _, ok := Name(name); !ok {
		return nil
	}
	return &p
}

// plain returns the renderer of comparison x in the plain form an index
// serves, or nil when x has none: x's property must be a declared scalar
// of typ, and its operator one the property's indexes answer ($contains and
// $endsWith only with a text index, and then case-sensitively, as the
// index compares).
func (c *compiler) plain(typ string, x query.Compare) func(n string) string {
	p := c.declared(typ, x.Property)
	if p == nil {
		return nil
	}
	operand := x.Value
	if p.Type == "datetime" {
		operand = x.Datetime
	}
	switch x.Op {
	case query.OpEq, query.OpGt, query.OpGte, query.OpLt, query.OpLte, query.OpIn, query.OpStartsWith:
	case query.OpContains, query.OpEndsWith:
		if !p.Text {
			return nil
		}
	default:
		return nil
	}
	if operand == nil {
		return nil // a null operand, or one of another kind than the property's values
	}
	return func(n string) string {
		return "(" + n + "." + mustName(x.Property) + " " + symbols[x.Op] + " " + c.param("v", operand) + ")"
	}
}

// key renders property name of n: literally when it is a declared scalar
// of typ, else as a parameter.
func (c *compiler) key(n, typ, name string) (prop, nameParam string) {
	nameParam = c.param("p", name)
	if c.declared(typ, name) != nil {
		return n + "." + mustName(name), nameParam
	}
	return n + "[" + nameParam + "]", nameParam
}

// compare renders a comparison of property x.Property of n: it holds when
// any of the property's values passes. Under $not or $xor (not pos) it is
// two-valued, false where Cypher says null (a missing property); at a
// positive position, where null counts as false, it leaves out the
// coalesce(…, false) that makes it so, which Neo4j would otherwise
// evaluate on every record a scan reads (a tenth of an open type's search).
func (c *compiler) compare(n, typ string, x query.Compare, pos bool) string {
	prop, p := c.key(n, typ, x.Property)
	twoValued := func(cond string) string {
		if pos {
			return cond
		}
		return "coalesce(" + cond + ", false)"
	}
	switch {
	case x.Op == query.OpType && x.Value == query.TypeNull:
		return "(" + prop + " IS NULL)"
	case x.Op == query.OpType:
		return twoValued("any(x IN [] + " + prop + " WHERE " + valueTypes[x.Value.(string)] + ")")
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
	var passes string
	if op == query.OpEq && x.Datetime == nil {
		// Equality with a plain value: membership in that list, which
		// Neo4j tests natively rather than through a predicate per value.
		passes = "(" + c.param("v", x.Value) + " IN [] + " + prop + ")"
	} else {
		passes = "any(x IN [] + " + prop + " WHERE " + c.test(op, x) + ")"
	}
	if x.Op == query.OpNe || x.Op == query.OpNin {
		// NOT of a null is null: the negated test stays two-valued.
		return "(" + prop + " IS NOT NULL AND NOT coalesce(" + passes + ", false))"
	}
	return twoValued(passes)
}

// valueTypes test that one stored value x is of a $type: the statement text
// holds these constants, never the request's word. Numbers are integers
// and floats; datetimes are stored as zoned datetimes.
var valueTypes = map[string]string{
	query.TypeString:   "x IS :: STRING NOT NULL",
	query.TypeNumber:   "(x IS :: INTEGER NOT NULL OR x IS :: FLOAT NOT NULL)",
	query.TypeBoolean:  "x IS :: BOOLEAN NOT NULL",
	query.TypeDatetime: "x IS :: ZONED DATETIME NOT NULL",
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
// edges (with hops, the paths) of n to records of the type.
func (c *compiler) relatedTo(n string, x query.Related) string {
	c.related++
	k := strconv.Itoa(c.related)
	// The related node carries no label in the pattern, so no index applies
	// to it: the planner expands from n, the record already bound, instead of
	// scanning the project for candidates and joining back.
	pattern, conds := c.link(n, "r"+k, "e"+k, x)
	if x.Where != nil {
		conds = append(conds, c.where("r"+k, x.Type, x.Where, true))
	}
	return "EXISTS { MATCH " + pattern + " WHERE " + strings.Join(conds, " AND ") + " }"
}
