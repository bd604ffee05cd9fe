package graph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// TestTitlePartsMigration checks migration 7 parses the representation of
// types declared before it as cypher.TitleParts does.
func TestTitlePartsMigration(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	var step *cypher.Query
	for _, m := range cypher.Migrations {
		if m.Version == 7 {
			step = m.Data
		}
	}
	exec := func(q cypher.Query) []*neo4j.Record {
		t.Helper()
		res, err := neo4j.ExecuteQuery(ctx, s.Driver(), q.Text, q.Params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database()))
		if err != nil {
			t.Fatal(err)
		}
		return res.Records
	}
	t.Cleanup(func() {
		exec(cypher.Query{Text: "MATCH (t:RecordType {project: $p}) DELETE t", Params: map[string]any{"p": p.ID}})
	})
	templates := map[string]string{"a": "{name} ({city})", "b": "{a}{b}", "c": "Company", "d": "x {name", "e": ""}
	for id, tpl := range templates {
		exec(cypher.Query{Text: "CREATE (:RecordType {key: $p + '/' + $id, project: $p, id: $id, definition: $def, overrides: '{}'})",
			Params: map[string]any{"p": p.ID, "id": id, "def": fmt.Sprintf(`{"title":"T","representation":%q}`, tpl)}})
	}
	exec(*step)
	for _, row := range exec(cypher.Query{Text: "MATCH (t:RecordType {project: $p}) RETURN t.id, t.titleParts", Params: map[string]any{"p": p.ID}}) {
		id := row.Values[0].(string)
		var got []string
		if list, ok := row.Values[1].([]any); ok {
			got = []string{}
			for _, x := range list {
				got = append(got, x.(string))
			}
		}
		if want := cypher.TitleParts(templates[id]); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) || (got == nil) != (want == nil) {
			t.Errorf("%q: got %q, want %q", templates[id], got, want)
		}
	}
}
