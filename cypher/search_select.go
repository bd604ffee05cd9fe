package cypher

import (
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
func SearchRows(project string, s query.Search) Query {
	c := newCompiler(project, s.Types)
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
	if !grouped {
		return "WITH DISTINCT r"
	}
	typ := single(s.Labels)
	var keys []string
	for i, sel := range s.Select {
		for _, g := range s.GroupBy {
			if g == sel.Key {
				keys = append(keys, c.expr("r", typ, sel.Expr)+" AS g"+strconv.Itoa(i))
			}
		}
	}
	return "WITH DISTINCT " + strings.Join(keys, ", ")
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
		return strings.Join(append(keys, "r.__id DESC"), ", ")
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

func (c *compiler) field(n, typ string, f query.Field) string {
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
	switch a.Fn {
	case query.FnCount:
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
		limit := c.param("v", int64(a.Limit))
		if a.Of == nil {
			return "collect(DISTINCT " + n + ")[0.." + limit + "]"
		}
		return "collect(" + distinct + of + ")[0.." + limit + "]"
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
