package graph_test

import (
	"context"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// TestOneSidedViewExpandsNoEdge pins, with PROFILE on the real database,
// that a property-scoped view a record's declared type neither declares
// nor mirrors (the slot reading no edges) costs nothing per edge of the
// record: a record with many incoming edges is not expanded for a view
// that is refused anyway.
func TestOneSidedViewExpandsNoEdge(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	target, err := s.CreateRecord(ctx, p.ID, "companies", nil)
	if err != nil {
		t.Fatal(err)
	}
	const edges = 200
	for i := 0; i < edges; i++ {
		src, err := s.CreateRecord(ctx, p.ID, "contacts", nil)
		if err == nil {
			err = s.Attach(ctx, graph.Link{Project: p.ID, Source: src.ID, Targets: []string{target.ID}, Property: "company", Direction: cypher.Out})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	view := func(direction string) (int64, int) {
		plan, rows := profiledRows(t, cypher.RelationsByType(p.ID, target.ID, "company", cypher.Both,
			map[string]any{"companies": []any{"company", direction}}, 0, 100))
		return dbHits(plan), rows
	}
	inHits, inRows := view("in")
	noHits, noRows := view(cypher.NoEdges)
	t.Logf("db hits: %d reading the %d incoming edges, %d reading none", inHits, edges, noHits)
	if inRows != 100 || noRows != 1 {
		t.Fatalf("rows: %d reading the incoming edges (want a page of 100), %d reading none (want the record's row)", inRows, noRows)
	}
	if noHits > 50 {
		t.Fatalf("a slot reading no edges costs %d db hits on a record of %d edges", noHits, edges)
	}
}
