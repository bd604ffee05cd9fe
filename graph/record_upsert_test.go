package graph_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/schema"
)

// TestKeyStatementPlans pins, with EXPLAIN on the real database, that an
// upsert finds its record, and create-many and delete-many pair records,
// through the (type: __project, key) index of a declared key: an index
// seek per row, never a scan of the type per row.
func TestKeyStatementPlans(t *testing.T) {
	t.Parallel()
	p := graphtest.Project(t)
	suffix := strings.ReplaceAll(p.ID[len(p.ID)-12:], "-", "")
	orders, customers := "oo"+suffix, "cu"+suffix
	declare(t, p.ID, orders, `{"properties": {"ref": {"type": "string"}, "customer": {"type": "string"}}}`)
	declare(t, p.ID, customers, `{"properties": {"code": {"type": "string"}, "name": {"type": "string"}}}`)
	runCypher(t, `UNWIND range(1, 2000) AS i
CREATE (:Record:$($c) {__id: $p + '-c' + i, __project: $p, code: 'c' + i, name: 'customer ' + i})
CREATE (:Record:$($o) {__id: $p + '-o' + i, __project: $p, ref: 'o' + i, customer: 'c' + (i % 100)})`,
		map[string]any{"p": p.ID, "c": customers, "o": orders})
	sampleIndexes(t, orders, customers)

	join := cypher.KeyJoin{Source: orders, SourceKey: "customer", Target: customers, TargetKey: "code"}
	tests := []struct {
		name string
		q    cypher.Query
		want string // the index the plan seeks
	}{
		{"an upsert seeks its merge keys' index", cypher.MatchByKeys(p.ID, customers, []string{"code"}, []any{"c7"}),
			customers + "(__project, code)"},
		{"an upsert import seeks its first merge key's index", cypher.RecordsByKeys(p.ID, customers, []string{"code", "name"}, []any{"c7", "c8"}),
			customers + "(__project, code)"},
		{"create-many seeks the target key's index per source", cypher.LinkByKeys(p.ID, join, "customer", cypher.Out, nil),
			customers + "(__project, code)"},
		{"delete-many seeks the target key's index per source", cypher.UnlinkByKeys(p.ID, join, "", cypher.Out),
			customers + "(__project, code)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := planText(t, tc.q)
			if !strings.Contains(plan, "NodeIndexSeek") || !strings.Contains(plan, tc.want) {
				t.Errorf("the plan does not seek %s:\n%s", tc.want, plan)
			}
			if strings.Contains(plan, "NodeByLabelScan "+"n:"+customers) || strings.Contains(plan, "AllNodesScan") {
				t.Errorf("the plan scans:\n%s", plan)
			}
		})
	}
}

// TestUpsertConcurrent checks the guarantee docs/api.md gives: concurrent
// upserts of the same keys in one project create one record, and every
// other one updates it.
func TestUpsertConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	const n = 12
	var wg sync.WaitGroup
	created := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			props := []graph.Property{
				{Name: "email", Type: schema.TypeString, Value: "ann@example.com"},
				{Name: "n", Type: schema.TypeNumber, Value: int64(i)},
			}
			_, created[i], errs[i] = s.UpsertRecord(ctx, p.ID, "people", props, graph.Merge{By: []string{"email"}})
		}()
	}
	wg.Wait()
	creates := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("upsert %d: %v", i, errs[i])
		}
		if created[i] {
			creates++
		}
	}
	rows := runCypher(t, "MATCH (r:people {__project: $p}) RETURN count(r) AS n", map[string]any{"p": p.ID})
	if rows[0]["n"] != int64(1) || creates != 1 {
		t.Errorf("%v records and %d creates after %d concurrent upserts of one key, want 1 and 1", rows[0]["n"], creates, n)
	}
}

// TestUpsertImportsConcurrent: concurrent upsert imports of the same keys
// in one project leave one record per key.
func TestUpsertImportsConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			imp := graph.NewImport("people", graph.ImportOptions{Merge: &graph.Merge{By: []string{"email"}}})
			for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
				if err := imp.Add(map[string]any{"email": email, "n": json.Number(strconv.Itoa(i))}, "/data"); err != nil {
					errs[i] = err
					return
				}
			}
			_, errs[i] = s.Import(ctx, p.ID, imp)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
	}
	rows := runCypher(t, "MATCH (r:people {__project: $p}) RETURN count(r) AS n, count(DISTINCT r.email) AS emails", map[string]any{"p": p.ID})
	if rows[0]["n"] != int64(3) || rows[0]["emails"] != int64(3) {
		t.Errorf("%v records with %v emails after %d concurrent upsert imports of 3 keys, want 3", rows[0]["n"], rows[0]["emails"], n)
	}
}
