package cypher

import "github.com/relgraph/relgraph/query"

// ExportAll finds every record of the project matching s, in no
// particular order (s's paging and order do not apply), for a streamed
// export. Each row is (r).
func ExportAll(project string, s query.Search) Query {
	s.RelatedTo = ""
	c := newCompiler(project, s.Types)
	return c.query(c.match(s) + "\nRETURN r")
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
