package graph_test

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// runCypher runs Cypher straight through the driver, to check the graph state.
func runCypher(t *testing.T, text string, params map[string]any) []map[string]any {
	t.Helper()
	s := graphtest.Store()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), text, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.Database()))
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// operators lists every operator of a plan, depth first.
func operators(p neo4j.ProfiledPlan) []string {
	ops := []string{p.Operator()}
	for _, c := range p.Children() {
		ops = append(ops, operators(c)...)
	}
	return ops
}

// profile runs a read statement with PROFILE and lists its plan's operators.
func profile(t *testing.T, q cypher.Query) []string {
	t.Helper()
	s := graphtest.Store()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), "PROFILE "+q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.Database()))
	if err != nil {
		t.Fatal(err)
	}
	return operators(res.Summary.Profile())
}
