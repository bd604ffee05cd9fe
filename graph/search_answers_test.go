package graph_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph/graphtest"
)

var updateAnswers = flag.Bool("update", false, "rewrite testdata/search/generated_answers.golden")

// TestGeneratedSearchesAnswerAsRecorded runs generated searches (every
// operator, operand type and logic: $not, $nor, $xor, $or, related records)
// over records whose properties are scalars, lists, explicit nulls or
// missing, and compares each answer (total and page) with the one recorded
// in testdata/search/generated_answers.golden. A change to how conditions
// compile that changes what any of them answers fails here; rewrite the
// file with -update only for a change of meaning that is meant.
func TestGeneratedSearchesAnswerAsRecorded(t *testing.T) {
	t.Parallel()
	p := graphtest.Project(t)
	dt := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	pool := []any{"text", "x", "xtext", "textx", int64(3), int64(5), 2.5, true, false, dt,
		[]any{"text", "x"}, []any{int64(3), int64(5)}, []any{2.5}, []any{true}, []any{"a"}, nil, nil}
	rng := rand.New(rand.NewPCG(7, 9))
	for i := range 120 {
		props := map[string]any{"__id": fmt.Sprintf("r%03d", i), "__project": p.ID}
		var nulls []string
		for k := range 4 {
			name := fmt.Sprintf("p%d", k)
			switch v := pool[rng.IntN(len(pool))]; {
			case v != nil:
				props[name] = v
			case rng.IntN(2) == 0: // an explicit null; otherwise missing
				nulls = append(nulls, name)
			}
		}
		if len(nulls) > 0 {
			props["__nulls"] = nulls
		}
		runCypher(t, "CREATE (r:Record:people) SET r = $props", map[string]any{"props": props})
	}
	s := graphtest.Store()
	var got strings.Builder
	g := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		body := map[string]any{"where": genWhere(g, 0), "labels": []string{"people"}, "limit": 1000}
		if i%3 == 0 {
			delete(body, "labels") // the project index, not the type's label
		}
		raw, q := parsed(t, body)
		records, total, err := s.Search(context.Background(), p.ID, q)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		ids := make([]string, len(records))
		for j, r := range records {
			ids[j] = r.ID
		}
		fmt.Fprintf(&got, "%s\n  total %d: %s\n", raw, total, strings.Join(ids, " "))
	}
	const path = "../testdata/search/generated_answers.golden"
	if *updateAnswers {
		if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		gotLines, wantLines := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("answers differ from %s at line %d:\n%s\ngot:  %s\nwant: %s", path, i+1, gotLines[max(0, i-1)], gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("answers differ from %s in length: %d lines, want %d", path, len(gotLines), len(wantLines))
	}
}
