package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestSearchScenariosRunOnEverySide runs the search-like scenarios on a
// small graph of the real Neo4j (NEO4J_URI, as make test starts it) for a
// moment each: every side answers, the sides agree on each scenario's
// sample request (the report names any disagreement), and the floor side
// runs each scenario the best side runs.
func TestSearchScenariosRunOnEverySide(t *testing.T) {
	if os.Getenv("NEO4J_URI") == "" {
		t.Fatal("NEO4J_URI is not set: run make test, or bin/relgraph-neo4j -- go test ./cmd/relgraph-bench")
	}
	cfg, err := loadConfig([]string{"-records", "200", "-scenarios", "search,eq,open,contains,noisy,range",
		"-concurrency", "2", "-rounds", "1", "-duration", "100ms", "-warmup", "0s"}, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	var out, progress bytes.Buffer
	if err := run(context.Background(), cfg, &out, &progress); err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	report := out.String()
	for _, bad := range []string{"disagree", "errors, first", "MISMATCH"} {
		if strings.Contains(report+progress.String(), bad) {
			t.Errorf("the run reports %q:\n%s\n%s", bad, progress.String(), report)
		}
	}
	for _, scenario := range []string{"search", "eq", "open", "contains", "noisy", "range"} {
		for _, side := range sideNames {
			if !strings.Contains(progress.String(), scenario+strings.Repeat(" ", 10-len(scenario))+side) {
				t.Errorf("%s did not run on %s:\n%s", scenario, side, progress.String())
			}
		}
	}
}
