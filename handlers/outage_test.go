package handlers_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/graph/provision"
)

// TestDatabaseOutageAnswers503AndRecovers stops a Neo4j of the test's own
// under a running API: every data route and /readyz answer 503 with
// Retry-After within the request timeout; once the database is back the API
// serves again without a restart.
func TestDatabaseOutageAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := fmt.Sprintf("outage-%d", os.Getpid())
	opts := graphtest.ProvisionOptions(name)
	opts.HeapSize, opts.PageCacheSize = "512m", "64m"
	srv, err := provision.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Stop()
		os.RemoveAll(srv.Home)
	})
	if srv.Source != provision.SourceLocal {
		t.Fatalf("want a local server to stop and restart, got %s", srv.Source)
	}
	store, err := graphtest.Open(ctx, srv.URI, srv.User, srv.Password, srv.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)
	cfg := testConfig
	cfg.RequestTimeout = 8 * time.Second
	e := newAPI(store, cfg)
	p, _ := store.CreateProject(ctx, "outage")
	tok, _ := store.CreateToken(ctx, p.ID, graph.RoleWrite)
	rec := send(t, e, "POST", "/api/v1/records", map[string]any{"label": "things"}, tok.Secret)
	if rec.Status != 201 {
		t.Fatalf("before the outage: %d %s", rec.Status, rec.Raw)
	}
	id := rec.data()["__id"].(string)

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	requests := []struct{ method, path string }{
		{"GET", "/readyz"},
		{"GET", "/api/v1/records/" + id},
		{"POST", "/api/v1/records"},
		{"GET", "/api/v1/records/" + id + "/relations"},
	}
	for _, rq := range requests {
		start := time.Now()
		r := send(t, e, rq.method, rq.path, map[string]any{"label": "things"}, tok.Secret)
		if r.Status != 503 || r.Header.Get("Retry-After") == "" || r.code() == "" {
			t.Errorf("%s %s while down: %d Retry-After=%q %s", rq.method, rq.path, r.Status, r.Header.Get("Retry-After"), r.Raw)
		}
		if took := time.Since(start); took > cfg.RequestTimeout+time.Second {
			t.Errorf("%s %s took %v, past the request timeout", rq.method, rq.path, took)
		}
	}

	if err := srv.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for send(t, e, "GET", "/readyz", nil, "").Status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("not ready a minute after the database came back")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if r := send(t, e, "GET", "/api/v1/records/"+id, nil, tok.Secret); r.Status != 200 {
		t.Fatalf("after recovery: %d %s", r.Status, r.Raw)
	}
	if r := send(t, e, "POST", "/api/v1/records", map[string]any{"label": "things"}, tok.Secret); r.Status != 201 {
		t.Fatalf("writes after recovery: %d %s", r.Status, r.Raw)
	}
}
