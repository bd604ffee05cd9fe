package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
)

// TestValuesOnSharedGraph measures the read-only scenarios that need no
// preparation (relations, reverse, search, values; values by default)
// on a graph that another run seeded and may be measuring at the same
// time, without disturbing it: unlike the command it does not migrate,
// seed, clear the attach scenario's edges or resample indexes. Its one
// write is the API's token, created and revoked. It runs only when
// RELGRAPH_BENCH_SHARED holds the command's flags (-records and -edges name
// the project, bench-<records>-<edges>), with NEO4J_* set:
//
//	set -a; . /tmp/b1m.env; set +a
//	RELGRAPH_BENCH_SHARED='-records 1000000 -edges 5 -scenarios values -concurrency 1 -duration 30s -rounds 3 -warmup 0s' \
//	  go test ./cmd/relgraph-bench -run TestValuesOnSharedGraph -v -timeout 30m
func TestValuesOnSharedGraph(t *testing.T) {
	args := os.Getenv("RELGRAPH_BENCH_SHARED")
	if args == "" {
		t.Skip("RELGRAPH_BENCH_SHARED is not set")
	}
	if !strings.Contains(args, "-scenarios") {
		args += " -scenarios values"
	}
	cfg, err := loadConfig(strings.Fields(args), os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range cfg.scenarios {
		if !slices.Contains([]string{"relations", "reverse", "search", "values"}, name) {
			t.Fatalf("-scenarios: %s writes or needs the command's preparation; this test runs relations, reverse, search and values", name)
		}
	}
	ctx := context.Background()
	store, err := graph.Open(cfg.neo4j) // no Migrate: it writes
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)
	version, err := serverVersion(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("bench-%d-%d", cfg.records, cfg.edges)
	project, err := store.ProjectByName(ctx, name)
	if err != nil {
		t.Fatalf("project %s: %v", name, err)
	}
	var ids []string
	if slices.ContainsFunc(cfg.scenarios, func(s string) bool { return s != "values" }) {
		if ids, err = loadIDs(ctx, store, project.ID); err != nil {
			t.Fatal(err)
		}
	}
	api, err := startAPI(ctx, cfg, project.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer api.close()
	results, err := measure(ctx, cfg, [2]side{newRawSide(store, project.ID), api.client}, ids, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if err := report(os.Stdout, header{cfg: cfg, neo4j: version}, results); err != nil {
		t.Fatal(err)
	}
}
