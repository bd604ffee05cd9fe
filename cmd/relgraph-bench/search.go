package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
)

// searchBody is the search scenario's query: the people linked to one
// seeded company, found by its name, through worksFor edges (a
// related-record condition). Seeded records alternate companies (even
// indexes) and people (odd), named "<type> <index>".
func searchBody(records int) []byte {
	company := 2 * rand.IntN((records+1)/2)
	return []byte(`{"labels": ["people"], "where": {"companies": {"$relation": {"type": "worksFor", "direction": "out"}, "name": ` +
		strconv.Quote(fmt.Sprintf("companies %d", company)) + `}}}`)
}

// search is POST /api/v1/records/search with body.
func (h *httpSide) search(ctx context.Context, body []byte) error {
	return h.do(ctx, http.MethodPost, h.records+"search", bytes.NewReader(body))
}

// search parses body and runs the statement cypher compiles from it,
// routed to readers, as graph.Store.Search does, and decodes every record.
func (r *rawSide) search(ctx context.Context, body []byte) error {
	s, err := query.ParseSearch(body)
	if err != nil {
		return err
	}
	q := cypher.SearchRecords(r.project, s)
	res, err := neo4j.ExecuteQuery(ctx, r.driver, q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(r.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return err
	}
	if len(res.Records) == 0 {
		return fmt.Errorf("raw: search answered no row")
	}
	records := make([]map[string]any, 0, len(res.Records))
	for _, row := range res.Records {
		if n, ok := row.Values[1].(neo4j.Node); ok {
			records = append(records, recordProps(n))
		}
	}
	if total := res.Records[0].Values[0].(int64); int(total) < len(records) {
		return fmt.Errorf("raw: search total %d below %d rows", total, len(records))
	}
	return nil
}

// recordProps is roughly what graph decodes of a record node: its
// properties without relgraph's own, and its type.
func recordProps(n neo4j.Node) map[string]any {
	out := make(map[string]any, len(n.Props)+1)
	for k, v := range n.Props {
		if k != "__project" && k != "__nulls" {
			out[k] = v
		}
	}
	for _, l := range n.Labels {
		if l != cypher.RecordLabel {
			out["__label"] = l
		}
	}
	return out
}
