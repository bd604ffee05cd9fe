package graph_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
)

func wantVersions() []int {
	var v []int
	for _, m := range cypher.Migrations {
		v = append(v, m.Version)
	}
	return v
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	for run := 0; run < 2; run++ {
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	got, err := s.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, wantVersions()) {
		t.Fatalf("ledger %v, want each migration once: %v", got, wantVersions())
	}
}

func TestMigrateFromTwoInstancesAtOnce(t *testing.T) {
	ctx := context.Background()
	srv := graphtest.Server()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := graphtest.Open(ctx, srv.URI, srv.User, srv.Password, srv.Database)
			if err == nil {
				s.Close(ctx)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
	}
	got, _ := graphtest.Store().AppliedMigrations(ctx)
	if !slices.Equal(got, wantVersions()) {
		t.Fatalf("ledger %v, want each migration once: %v", got, wantVersions())
	}
}

func TestMigrationsCreateTheDocumentedIndexes(t *testing.T) {
	rows := runCypher(t, "SHOW INDEXES YIELD name RETURN collect(name) AS names", nil)
	names := rows[0]["names"].([]any)
	for _, want := range []string{"record_id", "record_project", "link_property", "project_id", "token_hash", "migration_version"} {
		if !slices.Contains(names, any(want)) {
			t.Errorf("index %s missing; have %v", want, names)
		}
	}
}
