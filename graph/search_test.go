package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// TestSearchPlans checks where search statements start: from the unique id
// index when the where holds an $id equality or $in at its top (of the
// searched record, or of a linked record it requires); from the linked
// type's label when a related record of an open type drives the search;
// else from the project index; never from an all-nodes scan, and never
// from two places joined.
func TestSearchPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	var ids []string
	for i := 0; i < 30; i++ {
		r, err := s.CreateRecord(ctx, p.ID, "people", []graph.Property{{Name: "age", Type: "number", Value: int64(i)}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	tests := []struct {
		name, body, start string
	}{
		{"$id equality", `{"where": {"$id": "` + ids[3] + `"}}`, "NodeUniqueIndexSeek"},
		{"$id $in beside other conditions", `{"labels": ["people"], "where": {"$id": {"$in": ["` + ids[3] + `", "` + ids[4] + `"]}, "age": {"$gt": 1}}}`, "NodeUniqueIndexSeek"},
		{"$id under $and", `{"where": {"$and": [{"$id": "` + ids[3] + `"}, {"age": 3}]}}`, "NodeUniqueIndexSeek"},
		{"a property condition", `{"where": {"age": {"$gt": 1}}}`, "NodeIndexSeek"},
		// companies is open here, but another project may declare it (labels
		// are shared): its label, or an index of that label, starts.
		{"a related-record condition", `{"where": {"companies": {"name": "Acme"}}}`, "NodeByLabelScan|NodeIndexSeek"},
		{"a related-record condition beside others", `{"labels": ["people"], "where": {"age": {"$gt": 1}, "companies": {"name": "Acme"}}, "orderBy": {"age": "asc"}, "limit": 5}`, "NodeByLabelScan|NodeIndexSeek"},
		{"the $id of a related record", `{"labels": ["people"], "where": {"companies": {"$id": "` + ids[5] + `"}, "age": {"$gt": 1}}}`, "NodeUniqueIndexSeek"},
		{"a relation property linking to an $id", `{"labels": ["people"], "where": {"employer": {"$id": "` + ids[5] + `"}}}`, "NodeUniqueIndexSeek"},
		{"a relation property with $some", `{"labels": ["people"], "where": {"employer": {"$some": {"name": "Acme"}}}}`, "NodeByLabelScan|NodeIndexSeek"},
	}
	people, err := schema.ParseType(p.ID, "people", []byte(`{"properties": {"employer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["companies"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	catalog := schema.NewCatalog(people)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := query.ParseSearch([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Resolve(catalog); err != nil {
				t.Fatal(err)
			}
			for _, stmt := range []cypher.Query{cypher.SearchRecords(p.ID, q), cypher.DeleteWhere(p.ID, q), cypher.LabelCounts(p.ID, q)} {
				ops := operators(profiled(t, stmt))
				joined := strings.Join(ops, " ")
				if !slices.ContainsFunc(ops, func(op string) bool {
					return slices.ContainsFunc(strings.Split(tc.start, "|"), func(start string) bool {
						return strings.HasPrefix(op, start+"@") || strings.HasPrefix(op, start+"(")
					})
				}) {
					t.Errorf("no %s in %s", tc.start, joined)
				}
				if tc.start == "NodeUniqueIndexSeek" && strings.Contains(joined, "NodeIndexSeek@") {
					t.Errorf("an $id search also seeks the project index: %s", joined)
				}
				for _, scan := range []string{"NodeByLabelScan", "AllNodesScan", "NodeIndexScan", "HashJoin"} {
					if !strings.Contains(tc.start, scan) && strings.Contains(joined, scan) {
						t.Errorf("plan scans (%s): %s", scan, joined)
					}
				}
			}
		})
	}
	left := runCypher(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": p.ID})
	if left[0]["n"].(int64) != int64(len(ids)) {
		t.Fatal("profiling a delete deleted: its transaction must roll back")
	}
}

// TestGeneratedSearchesPlan compiles many generated queries, of every
// operator, operand type, logic and related-record shape, and has Neo4j
// plan each statement: every valid query must be valid Cypher.
func TestGeneratedSearchesPlan(t *testing.T) {
	t.Parallel()
	s := graphtest.Store()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 25; i++ { // cold plans take 50-200 ms each: keep the suite quick
		raw, q := parsed(t, map[string]any{"where": genWhere(rng, 0), "labels": []string{"people"}, "orderBy": map[string]any{"name": "asc"}})
		related := q
		related.RelatedTo = "x"
		stmts := []cypher.Query{cypher.SearchRecords("p", q), cypher.SearchRecords("p", related)}
		if i < 3 {
			stmts = append(stmts, cypher.DeleteWhere("p", q), cypher.LabelCounts("p", q))
		}
		for _, stmt := range stmts {
			_, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), "EXPLAIN "+stmt.Text, stmt.Params,
				neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database()))
			if err != nil {
				t.Fatalf("%s\ndoes not plan: %v\n%s", raw, err, stmt.Text)
			}
		}
	}
}

// parsed is a generated search body, as JSON and parsed.
func parsed(t *testing.T, body map[string]any) ([]byte, query.Search) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	q, err := query.ParseSearch(raw)
	if err != nil {
		t.Fatalf("a generated query does not parse: %v\n%s", err, raw)
	}
	return raw, q
}

// genWhere makes a random valid where object.
func genWhere(rng *rand.Rand, depth int) map[string]any {
	w := map[string]any{}
	for n := 1 + rng.IntN(3); n > 0; n-- {
		switch k := rng.IntN(10); {
		case depth < 2 && k == 0:
			w["$or"] = []any{genWhere(rng, depth+1), genWhere(rng, depth+1)}
		case depth < 2 && k == 1:
			w[[]string{"$and", "$nor", "$xor"}[rng.IntN(3)]] = map[string]any{"a": genOperand(rng), "b": genProperty(rng, depth)}
		case depth < 2 && k == 2:
			w["$not"] = genWhere(rng, depth+1)
		case depth < 2 && k == 3:
			inner := genWhere(rng, depth+1)
			inner["$relation"] = []any{"employees", map[string]any{"type": "location", "direction": "in"}, map[string]any{"direction": "out"}}[rng.IntN(3)]
			w["companies"] = inner
		case k == 4:
			w["$id"] = map[string]any{"$in": []any{"a", "b"}}
		default:
			w[fmt.Sprintf("p%d", rng.IntN(4))] = genProperty(rng, depth)
		}
	}
	return w
}

// genProperty makes a random property condition: a value or operators.
func genProperty(rng *rand.Rand, depth int) any {
	ops := []string{"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$contains", "$startsWith", "$endsWith", "$exists"}
	op := ops[rng.IntN(len(ops))]
	switch {
	case rng.IntN(4) == 0:
		return genOperand(rng)
	case depth < 2 && rng.IntN(5) == 0:
		return map[string]any{"$or": []any{genProperty(rng, depth+1), map[string]any{"$not": genProperty(rng, depth+1)}}}
	case op == "$in" || op == "$nin":
		return map[string]any{op: []any{genOperand(rng), "2024-01-01", map[string]any{"$year": 2020}}}
	case op == "$contains" || op == "$startsWith" || op == "$endsWith":
		return map[string]any{op: "x"}
	case op == "$exists":
		return map[string]any{op: rng.IntN(2) == 0}
	}
	return map[string]any{op: genOperand(rng)}
}

func genOperand(rng *rand.Rand) any {
	return []any{"text", 3, 2.5, true, "2024-05-01T10:00:00Z", map[string]any{"$year": 2024, "$month": 5}}[rng.IntN(6)]
}
