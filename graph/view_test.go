package graph_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/schema"
)

// TestViewReadsStartFromAnIndexSeek checks the reverse lookups ("what
// points at me", either direction, views, backlinks, counts) and the filter
// by a linked record start from the unique index seek on the record
// id and expand its edges: never a label scan or an all-nodes scan, nor a
// second start (an index seek of the other ends) joined to it.
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
		{"relations direction in", cypher.Relations(p.ID, target.ID, "", cypher.In, 0, 100)},
		{"relations either direction", cypher.Relations(p.ID, target.ID, "", cypher.Both, 0, 100)},
		{"a property's relations direction in", cypher.Relations(p.ID, target.ID, "employer", cypher.In, 0, 100)},
		{"a property's view resolved per type", cypher.RelationsByType(p.ID, target.ID, "staff", cypher.Both,
			map[string]any{"companies": []any{"employer", "in"}}, 0, 100)},
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
			for _, scan := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "NodeIndexSeek", "HashJoin",
				"DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan", "RelationshipIndexSeek"} {
				if strings.Contains(joined, scan) {
					t.Errorf("plan scans (%s): %s", scan, joined)
				}
			}
		})
	}
	edges, total, err := s.Relations(ctx, graph.RelationQuery{Project: p.ID, ID: target.ID, Direction: cypher.In, Page: graph.Page{Limit: 100}})
	if err != nil || total != 20 || len(edges) != 20 {
		t.Fatalf("reverse lookup: %d of %d, %v", len(edges), total, err)
	}
	records, total, err := s.Linked(ctx, graph.LinkedQuery{Project: p.ID, Type: "people", LinkedTo: target.ID, Via: "employer", Page: graph.Page{Limit: 5}})
	if err != nil || total != 20 || len(records) != 5 {
		t.Fatalf("filter: %d of %d, %v", len(records), total, err)
	}
}

// TestReadsSeeTypeChanges follows one declared inverse through the reads'
// shared catalog: companies.staff mirrors people.employer, so the filter
// "companies whose staff links to a person" reads the person's employer
// edge while the pair is declared, and the edges companies store under
// "staff" (none) while it is not.
func TestReadsSeeTypeChanges(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	t.Cleanup(func() { runCypher(t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": p.ID}) })
	company, err := s.CreateRecord(ctx, p.ID, "companies", nil)
	if err != nil {
		t.Fatal(err)
	}
	person, err := s.CreateRecord(ctx, p.ID, "people", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Attach(ctx, graph.Link{Project: p.ID, Source: person.ID, Targets: []string{company.ID}, Property: "employer", Direction: cypher.Out}); err != nil {
		t.Fatal(err)
	}
	staff := func(ctx context.Context) (int, error) {
		_, total, err := s.Linked(ctx, graph.LinkedQuery{Project: p.ID, Type: "companies", LinkedTo: person.ID, Via: "staff", Page: graph.Page{Limit: 10}})
		return total, err
	}
	declare := func(ctx context.Context, s *graph.Store, id, definition string) error {
		typ, err := schema.ParseType(p.ID, id, []byte(definition))
		if err != nil {
			return err
		}
		_, _, err = s.PutType(ctx, p.ID, typ)
		return err
	}
	const paired = `{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"], "inverse": {"type": "companies", "property": "staff"}}}}`
	const unpaired = `{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"]}}}`
	// want checks that staff reads n companies in ctx.
	want := func(t *testing.T, ctx context.Context, n int, when string) {
		t.Helper()
		if got, err := staff(ctx); got != n || err != nil {
			t.Fatalf("%s: got %d companies (%v), want %d", when, got, err, n)
		}
	}
	must := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	want(t, ctx, 0, "undeclared")

	t.Run("a type declared through this store is read at once", func(t *testing.T) {
		must(t, declare(ctx, s, "companies", `{}`))
		must(t, declare(ctx, s, "people", paired))
		want(t, ctx, 1, "declared")
	})
	t.Run("a type declared through another instance is read within a second", func(t *testing.T) {
		srv := graphtest.Server()
		other, err := graphtest.Open(ctx, srv.URI, srv.User, srv.Password, srv.Database)
		must(t, err)
		defer other.Close(ctx)
		want(t, ctx, 1, "cached") // the paired catalog is cached
		must(t, declare(ctx, other, "people", unpaired))
		written := time.Now()
		for {
			n, err := staff(ctx)
			must(t, err)
			if n == 0 {
				break
			}
			if time.Since(written) > time.Second+250*time.Millisecond {
				t.Fatalf("still read the old type %s after the change", time.Since(written))
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	t.Run("a type declared in a client transaction is read inside it at once, outside it from its commit", func(t *testing.T) {
		tx, err := s.BeginTx(ctx, p.ID, 10*time.Second)
		must(t, err)
		inTx, err := s.InTx(ctx, p.ID, tx.ID)
		must(t, err)
		want(t, ctx, 0, "cached") // the unpaired catalog is cached
		must(t, declare(inTx, s, "people", paired))
		want(t, inTx, 1, "inside")
		want(t, ctx, 0, "outside before the commit")
		must(t, s.CommitTx(ctx, p.ID, tx.ID))
		want(t, ctx, 1, "outside after the commit")
	})
	t.Run("reads and type writes run concurrently", func(t *testing.T) {
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				for range 5 {
					if i == 0 {
						if err := declare(ctx, s, "people", paired); err != nil {
							t.Error(err)
						}
					} else if n, err := staff(ctx); n != 1 || err != nil {
						t.Errorf("got %d companies (%v), want 1", n, err)
					}
				}
			})
		}
		wg.Wait()
	})
}
