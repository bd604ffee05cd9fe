package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// operators lists every operator of a plan, depth first.
func operators(p neo4j.ProfiledPlan) []string {
	ops := []string{p.Operator()}
	for _, c := range p.Children() {
		ops = append(ops, operators(c)...)
	}
	return ops
}

func profile(t *testing.T, q cypher.Query) []string {
	t.Helper()
	s := graphtest.Store()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), "PROFILE "+q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.Database()))
	if err != nil {
		t.Fatal(err)
	}
	return operators(res.Summary.Profile())
}

// TestReverseLookupStartsFromAnIndexSeek checks "what points at me" is an
// index seek on the record id and an expand of its incoming edges: never a
// label scan or an all-nodes scan.
func TestReverseLookupStartsFromAnIndexSeek(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	target, err := s.CreateRecord(ctx, p.ID, "companies", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		src, _ := s.CreateRecord(ctx, p.ID, "people", nil)
		if err := s.Attach(ctx, graph.Link{Project: p.ID, Source: src.ID, Targets: []string{target.ID}, Property: "employer", Direction: cypher.Out}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []cypher.Direction{cypher.In, cypher.Both} {
		ops := profile(t, cypher.Relations(p.ID, target.ID, "", d, 0, 100))
		joined := strings.Join(ops, " ")
		if !slices.ContainsFunc(ops, func(op string) bool { return strings.HasPrefix(op, "NodeUniqueIndexSeek") }) {
			t.Errorf("direction %q: no unique index seek in %s", d, joined)
		}
		for _, scan := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan"} {
			if strings.Contains(joined, scan) {
				t.Errorf("direction %q: plan scans (%s): %s", d, scan, joined)
			}
		}
	}
	edges, total, err := s.Relations(ctx, graph.RelationQuery{Project: p.ID, ID: target.ID, Direction: cypher.In, Page: graph.Page{Limit: 100}})
	if err != nil || total != 20 || len(edges) != 20 {
		t.Fatalf("reverse lookup: %d of %d, %v", len(edges), total, err)
	}
}
