package graph_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// otherStore is a second store with a driver of its own on the test
// database: another instance of relgraph.
func otherStore(t *testing.T) *graph.Store {
	t.Helper()
	srv := graphtest.Server()
	s, err := graphtest.Open(context.Background(), srv.URI, srv.User, srv.Password, srv.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// TestBookmarkAcrossStores: the bookmark a write through one store gives
// makes another store's reads wait for it, whichever way the write went.
func TestBookmarkAcrossStores(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := graphtest.Store(), otherStore(t)
	p := graphtest.Project(t)
	tests := []struct {
		name  string
		write func(ctx context.Context) (string, error) // returns the id of a record it made
	}{
		{"a record created in a managed transaction", func(ctx context.Context) (string, error) {
			r, err := a.CreateRecord(ctx, p.ID, "people", []graph.Property{{Name: "name", Type: schema.TypeString, Value: "Ada"}})
			return r.ID, err
		}},
		{"a token created in a single statement", func(ctx context.Context) (string, error) {
			// The record read afterwards is the one made before: the
			// token's bookmark covers it too.
			r, err := a.CreateRecord(context.Background(), p.ID, "people", nil)
			if err != nil {
				return "", err
			}
			_, err = a.CreateToken(ctx, p.ID, graph.RoleRead)
			return r.ID, err
		}},
		{"a record created in a client transaction, at its commit", func(ctx context.Context) (string, error) {
			begin, _ := graph.WithBookmarks(ctx, nil)
			info, err := a.BeginTx(begin, p.ID, 10*time.Second)
			if err != nil {
				return "", err
			}
			inTx, err := a.InTx(ctx, p.ID, info.ID)
			if err != nil {
				return "", err
			}
			r, err := a.CreateRecord(inTx, p.ID, "people", nil)
			if err != nil {
				return "", err
			}
			return r.ID, a.CommitTx(ctx, p.ID, info.ID)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			writeCtx, written := graph.WithBookmarks(ctx, nil)
			id, err := tc.write(writeCtx)
			if err != nil {
				t.Fatal(err)
			}
			bookmarks := written.Written()
			if len(bookmarks) != 1 {
				t.Fatalf("the write gave bookmarks %q, want one", bookmarks)
			}
			readCtx, read := graph.WithBookmarks(ctx, bookmarks)
			if _, err := b.Record(readCtx, p.ID, id); err != nil {
				t.Fatalf("the other store reads after the bookmark: %v", err)
			}
			if got := read.Written(); len(got) != 0 {
				t.Fatalf("a read gives no bookmark, got %q", got)
			}
		})
	}
}

// TestBookmarkRejected: a bookmark the database cannot read is the
// client's mistake, on every kind of call.
func TestBookmarkRejected(t *testing.T) {
	t.Parallel()
	s := graphtest.Store()
	p := graphtest.Project(t)
	bad, _ := graph.WithBookmarks(context.Background(), []string{"FB:not-a-bookmark"})
	tests := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"a read", func(ctx context.Context) error { _, err := s.Record(ctx, p.ID, "x"); return err }},
		{"a managed write", func(ctx context.Context) error { _, err := s.CreateRecord(ctx, p.ID, "people", nil); return err }},
		{"a single-statement write", func(ctx context.Context) error { _, err := s.CreateToken(ctx, p.ID, graph.RoleRead); return err }},
		{"a client transaction", func(ctx context.Context) error { _, err := s.BeginTx(ctx, p.ID, time.Second); return err }},
		{"an export", func(ctx context.Context) error {
			return s.ExportEach(ctx, p.ID, query.Search{Labels: []string{"people"}, Limit: 10}, 10, func([]graph.ExportRow) error { return nil })
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(bad); !errors.Is(err, graph.ErrInvalidBookmark) {
				t.Fatalf("got %v, want ErrInvalidBookmark", err)
			}
		})
	}
	t.Run("a token lookup does not wait for the client's bookmarks", func(t *testing.T) {
		if _, err := s.TokenByHash(graph.WithoutWaiting(bad), graph.HashSecret("none")); !errors.Is(err, graph.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
	if n := runCypher(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": p.ID})[0]["n"]; n != int64(0) {
		t.Fatalf("a refused write wrote %v records", n)
	}
}

// TestBookmarkTypeChangeReachesCachedReads: a read that waits for the
// bookmark of a type change made through another store does not use the
// declared types it cached before.
func TestBookmarkTypeChangeReachesCachedReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := graphtest.Store(), otherStore(t)
	p := graphtest.Project(t)
	t.Cleanup(func() { runCypher(t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": p.ID}) })
	company, err := b.CreateRecord(ctx, p.ID, "companies", nil)
	if err != nil {
		t.Fatal(err)
	}
	person, err := b.CreateRecord(ctx, p.ID, "people", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Attach(ctx, graph.Link{Project: p.ID, Source: person.ID, Targets: []string{company.ID}, Property: "employer", Direction: cypher.Out}); err != nil {
		t.Fatal(err)
	}
	staff := func(ctx context.Context) int {
		t.Helper()
		_, total, err := b.Linked(ctx, graph.LinkedQuery{Project: p.ID, Type: "companies", LinkedTo: person.ID, Via: "staff", Page: graph.Page{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	if n := staff(ctx); n != 0 {
		t.Fatalf("undeclared: %d companies", n) // b now caches the empty catalog
	}
	writeCtx, written := graph.WithBookmarks(ctx, nil)
	for _, decl := range [][2]string{{"companies", `{}`},
		{"people", `{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"], "inverse": {"type": "companies", "property": "staff"}}}}`}} {
		typ, err := schema.ParseType(p.ID, decl[0], []byte(decl[1]))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.PutType(writeCtx, p.ID, typ); err != nil {
			t.Fatal(err)
		}
	}
	readCtx, _ := graph.WithBookmarks(ctx, written.Written())
	if n := staff(readCtx); n != 1 {
		t.Fatalf("with the bookmark of the declaration: %d companies, want 1", n)
	}
}
