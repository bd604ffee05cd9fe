package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// TestViewReadsStartFromAnIndexSeek checks the reverse lookups and the
// filter by a linked record start from the unique index seek on the record
// id and expand its edges: never a label scan or an all-nodes scan.
func TestViewReadsStartFromAnIndexSeek(t *testing.T) {
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
	tests := []struct {
		name string
		q    cypher.Query
	}{
		{"relations direction in", cypher.Relations(p.ID, target.ID, "employer", cypher.In, 0, 100)},
		{"backlinks", cypher.Backlinks(p.ID, target.ID, 0, 100)},
		{"backlink groups", cypher.BacklinkGroups(p.ID, target.ID, 0, 100)},
		{"relation counts", cypher.RelationCounts(p.ID, target.ID)},
		{"filter through stored edges", cypher.Linked(p.ID, "people", target.ID, "employer", cypher.Out, 0, 100)},
		{"filter through a mirrored inverse", cypher.Linked(p.ID, "companies", target.ID, "employer", cypher.In, 0, 100)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops := profile(t, tc.q)
			joined := strings.Join(ops, " ")
			if !slices.ContainsFunc(ops, func(op string) bool { return strings.HasPrefix(op, "NodeUniqueIndexSeek") }) {
				t.Errorf("no unique index seek in %s", joined)
			}
			for _, scan := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan"} {
				if strings.Contains(joined, scan) {
					t.Errorf("plan scans (%s): %s", scan, joined)
				}
			}
		})
	}
	records, total, err := s.Linked(ctx, graph.LinkedQuery{Project: p.ID, Type: "people", LinkedTo: target.ID, Via: "employer", Page: graph.Page{Limit: 5}})
	if err != nil || total != 20 || len(records) != 5 {
		t.Fatalf("filter: %d of %d, %v", len(records), total, err)
	}
}
