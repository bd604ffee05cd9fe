package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/schema"
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

// profile runs a statement with PROFILE (see profiled) and lists its plan's
// operators.
func profile(t *testing.T, q cypher.Query) []string {
	t.Helper()
	return operators(profiled(t, q))
}

// profiled runs a statement under PROFILE in a transaction it rolls back (a
// delete profiled deletes nothing) and returns its plan. PROFILE, not
// EXPLAIN: driver v5.28's Plan.Children aliases its loop variable and
// repeats the last child.
func profiled(t *testing.T, q cypher.Query) neo4j.ProfiledPlan {
	t.Helper()
	ctx := context.Background()
	s := graphtest.Store()
	session := s.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.Database()})
	defer session.Close(ctx)
	tx, err := session.BeginTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	res, err := tx.Run(ctx, "PROFILE "+q.Text, q.Params)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sum.Profile()
}

// planText renders the profiled plan of a statement (see profiled), one
// operator a line with its details.
func planText(t *testing.T, q cypher.Query) string {
	t.Helper()
	var b strings.Builder
	var walk func(p neo4j.ProfiledPlan, depth int)
	walk = func(p neo4j.ProfiledPlan, depth int) {
		fmt.Fprintf(&b, "%s%s %v\n", strings.Repeat("  ", depth), p.Operator(), p.Arguments()["Details"])
		for _, c := range p.Children() {
			walk(c, depth+1)
		}
	}
	walk(profiled(t, q), 0)
	return b.String()
}

// declare declares type id in project with definition def, which creates
// its indexes, and returns the type.
func declare(t *testing.T, project, id, def string) schema.Type {
	t.Helper()
	typ, err := schema.ParseType(project, id, []byte(def))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := graphtest.Store().PutType(context.Background(), project, typ); err != nil {
		t.Fatal(err)
	}
	return typ
}

// sampleIndexes waits for the indexes on labels to be online and has
// Neo4j sample them. Indexes built while their types were empty carry
// empty statistics until Neo4j samples them again, which it does by itself
// once enough records changed; sampling now gives the plans a grown
// project gets.
func sampleIndexes(t *testing.T, labels ...string) {
	t.Helper()
	runCypher(t, "CALL db.awaitIndexes(120)", nil)
	for _, row := range runCypher(t, "SHOW INDEXES YIELD name, labelsOrTypes WHERE labelsOrTypes[0] IN $labels RETURN name", map[string]any{"labels": labels}) {
		runCypher(t, "CALL db.resampleIndex($name)", map[string]any{"name": row["name"]})
	}
	time.Sleep(3 * time.Second)
}
