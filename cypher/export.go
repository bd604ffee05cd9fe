package cypher

import "github.com/relgraph/relgraph/query"

// ExportRows finds every record of the project matching s, in no
// particular order (s's paging and order do not apply), for a streamed
// export, in one pass over what c.match(s) reads: s's one type's label (or
// its project index when declared) or the index a selective condition
// seeks. Each row holds only what an export writes, by column: id (the
// record's id), type (its type), names (the names of the record's own
// properties, declared or not, a null one included, relgraph's __ fields
// never) and values (the value of each, null for a null one).
func ExportRows(project string, s query.Search) Query {
	s.RelatedTo = ""
	c := newCompiler(project, s.Types)
	match := c.match(s)
	typ := typeOf("r")
	if len(s.Labels) == 1 {
		// Every record r can be is of that type: no label is read.
		c.params["type"], typ = s.Labels[0], "$type"
	}
	return c.query(match + `
WITH r, properties(r) AS m
WITH m, m.__id AS id, ` + typ + ` AS type, [k IN keys(m) WHERE NOT k STARTS WITH '__'] + coalesce(m.__nulls, []) AS names
RETURN id, type, names, [k IN names | m[k]] AS values`)
}

// ExportSlice finds the records a bounded export writes: the page of s when
// s.Paged, else every match, in s's order, at most limit of them. Each row
// is (r).
func ExportSlice(project string, s query.Search, limit int) Query {
	s.RelatedTo = ""
	c := newCompiler(project, s.Types)
	c.page(s)
	if !s.Paged {
		c.params["skip"] = 0
	}
	if !s.Paged || s.Limit > limit {
		c.params["limit"] = limit
	}
	return c.query(c.match(s) + `
RETURN r ORDER BY ` + c.order(s) + ` SKIP $skip LIMIT $limit`)
}
