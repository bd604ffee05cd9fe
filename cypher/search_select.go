package cypher

import (
	"slices"
	"strconv"
	"strings"

	"github.com/relgraph/relgraph/query"
)

// SearchRows answers a grouped search (s.Grouped(): select, groupBy or
// aggregate) in one statement: one page of rows, and how many rows there
// are. One row: (total, page); page is a list of rows, each a list of
// values: with s.GroupBy, the values of s.Select in order; without, the
// record node first, then the values of s.Select computed over that record
// alone. A $collect of records gives a list of record nodes.
//
// Output keys never reach the statement text: values are returned by
// position. Properties are named as in a search (declared scalars
// literally, others as parameters), values are parameters. The rows are
// paged in the database and counted only when the page cannot tell, as
// SearchRecords does.
//
// Related records a select reads by alias are matched once, with the
// search (see search_join.go): rows group the record's combinations with
// them, so without groupBy a row is a record and the values of its fields
// of related records, and $count of records counts distinct ones. A $collect
// of records with a select of its own gives a list of lists: the type, then
// the values of its fields in order.
func SearchRows(project string, s query.Search) Query {
	c := newCompiler(project, s.Types)
	c.binds = true
	match := c.match(s)
	typ := single(s.Labels)
	grouped := len(s.GroupBy) > 0
	items, outs := make([]string, 0, len(s.Select)), make([]string, 0, len(s.Select)+1)
	if !grouped {
		items, outs = append(items, "r"), append(outs, "r")
	}
	for i, sel := range s.Select {
		o := "o" + strconv.Itoa(i)
		items = append(items, c.expr("r", typ, sel.Expr)+" AS "+o)
		outs = append(outs, o)
	}
	return c.paged(s, match+`
  WITH `+strings.Join(items, ", ")+`
  ORDER BY `+c.rowOrder(s, grouped)+` SKIP $skip LIMIT $limit
  RETURN [`+strings.Join(outs, ", ")+`] AS r`,
		match+"\n  "+groupKeys(c, s, grouped)+"\n  RETURN count(*) AS counted")
}

// groupKeys renders the clause that leaves one row per group, for counting
// the groups: the grouping keys, distinct (each record, without groupBy).
func groupKeys(c *compiler, s query.Search, grouped bool) string {
	typ := single(s.Labels)
	var keys []string
	if !grouped {
		keys = append(keys, "r")
	}
	for i, sel := range s.Select {
		if grouped && slices.Contains(s.GroupBy, sel.Key) || !grouped && c.perJoin(sel.Expr) {
			keys = append(keys, c.expr("r", typ, sel.Expr)+" AS g"+strconv.Itoa(i))
		}
	}
	return "WITH DISTINCT " + strings.Join(keys, ", ")
}

// perJoin says whether e, not aggregating, reads related records: without
// groupBy, the rows of a record are then its distinct values of e.
func (c *compiler) perJoin(e query.Expr) bool {
	return len(c.bound) > 0 && !query.IsAggregate(e)
}

// rowOrder renders the order of grouped rows: the orderBy keys (output
// keys when grouped; output keys or the record's properties otherwise),
// then the grouping keys, so pages never overlap.
func (c *compiler) rowOrder(s query.Search, grouped bool) string {
	out := map[string]string{}
	for i, sel := range s.Select {
		out[sel.Key] = "o" + strconv.Itoa(i)
	}
	var keys []string
	for _, o := range s.OrderBy {
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		if v, ok := out[o.Property]; ok {
			keys = append(keys, v+dir)
			continue
		}
		// Not grouped: a property of the record, as a search sorts it.
		keys = append(keys, strings.TrimSuffix(c.order(query.Search{Labels: s.Labels, OrderBy: []query.Order{o}}), ", r.__id DESC"))
	}
	if !grouped {
		keys = append(keys, "r.__id DESC")
		for i, sel := range s.Select {
			if c.perJoin(sel.Expr) {
				keys = append(keys, "o"+strconv.Itoa(i)+" ASC")
			}
		}
		return strings.Join(keys, ", ")
	}
	for _, g := range s.GroupBy {
		keys = append(keys, out[g]+" ASC")
	}
	return strings.Join(keys, ", ")
}

// expr renders a select expression over record node n of type typ.
func (c *compiler) expr(n, typ string, e query.Expr) string {
	switch x := e.(type) {
	case query.Field:
		return c.field(n, typ, x)
	case query.TimeBucket:
		return c.timeBucket(n, typ, x)
	case query.Aggregate:
		return c.aggregate(n, typ, x)
	}
	panic("cypher: unknown select expression")
}

// field renders a field of n (of type typ), or of the records of its alias.
func (c *compiler) field(n, typ string, f query.Field) string {
	if f.Alias != "" {
		b := c.bound[f.Alias]
		n, typ = b.v, b.typ
	}
	if f.ID {
		return n + ".__id"
	}
	prop, _ := c.key(n, typ, f.Property)
	return prop
}

// numeric renders v when it is a number, else null: sums and averages
// skip values of other types instead of failing the statement.
func numeric(v string) string {
	return "CASE WHEN " + v + " IS :: INTEGER OR " + v + " IS :: FLOAT THEN " + v + " END"
}

func (c *compiler) aggregate(n, typ string, a query.Aggregate) string {
	var of string
	if a.Of != nil {
		of = c.field(n, typ, *a.Of)
	}
	distinct := ""
	if a.Distinct {
		distinct = "DISTINCT "
	}
	records := n // the records counted or collected
	if a.Alias != "" {
		records, typ = c.bound[a.Alias].v, c.bound[a.Alias].typ
	}
	switch a.Fn {
	case query.FnCount:
		if a.Of == nil && len(c.bound) > 0 {
			return "count(DISTINCT " + records + ")"
		}
		if a.Of == nil {
			return "count(" + distinct + n + ")"
		}
		return "count(" + distinct + of + ")"
	case query.FnSum:
		return "sum(" + distinct + numeric(of) + ")"
	case query.FnAvg:
		avg := "avg(" + distinct + numeric(of) + ")"
		switch {
		case a.Precision == nil:
			return avg
		case *a.Precision == 0:
			return "toInteger(" + avg + ")"
		}
		return "round(" + avg + ", " + c.param("v", int64(*a.Precision)) + ")"
	case query.FnMin:
		return "min(" + of + ")"
	case query.FnMax:
		return "max(" + of + ")"
	case query.FnCollect:
		var page string
		if a.Skip > 0 {
			skip := c.param("v", int64(a.Skip))
			page = "[" + skip + ".." + skip + " + " + c.param("v", int64(a.Limit)) + "]"
		} else {
			page = "[0.." + c.param("v", int64(a.Limit)) + "]"
		}
		switch {
		case a.Of != nil:
			return "collect(" + distinct + of + ")" + page
		case len(a.Fields) > 0:
			items := []string{typeOf(records)}
			for _, f := range a.Fields {
				items = append(items, c.expr(records, typ, f.Expr))
			}
			return "collect(DISTINCT [" + strings.Join(items, ", ") + "])" + page
		}
		return "collect(DISTINCT " + records + ")" + page
	}
	panic("cypher: unknown aggregate " + a.Fn)
}

// truncated are the units datetime.truncate takes for the buckets of one
// unit: the statement text holds these constants, never the request's word.
var truncated = map[string]string{"second": "second", "day": "day", "week": "week", "quarter": "quarter"}

// timeBucket renders the start of the bucket a stored datetime falls in, in
// epoch milliseconds; null for a value that is not a datetime. Stored
// datetimes are UTC instants.
func (c *compiler) timeBucket(n, typ string, t query.TimeBucket) string {
	v := c.field(n, typ, t.Of)
	size := c.param("v", int64(t.Size))
	part := func(p string) string { return v + "." + p }
	floor := func(p string) string { return "(" + part(p) + " / " + size + ") * " + size }
	var start string
	switch t.Unit {
	case "minute":
		start = "datetime({year: " + part("year") + ", month: " + part("month") + ", day: " + part("day") + ", hour: " + part("hour") + ", minute: " + floor("minute") + ", timezone: 'UTC'})"
	case "hour":
		start = "datetime({year: " + part("year") + ", month: " + part("month") + ", day: " + part("day") + ", hour: " + floor("hour") + ", timezone: 'UTC'})"
	case "month":
		start = "datetime({year: " + part("year") + ", month: ((" + part("month") + " - 1) / " + size + ") * " + size + " + 1, day: 1, timezone: 'UTC'})"
	case "year":
		start = "datetime({year: " + floor("year") + ", month: 1, day: 1, timezone: 'UTC'})"
	default: // second, day, week, quarter: one unit each
		start = "datetime.truncate('" + truncated[t.Unit] + "', " + v + ")"
	}
	return "CASE WHEN " + v + " IS :: ZONED DATETIME THEN " + start + ".epochMillis END"
}
