package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// TestImportAcrossChunks: an object whose tree is larger than one
// statement's chunk of records keeps every edge to its children, and the
// objects after it keep theirs.
func TestImportAcrossChunks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := graphtest.Project(t)
	const big, small = 6000, 50
	imp := graph.NewImport("companies", graph.ImportOptions{})
	employees := make([]any, big)
	for i := range employees {
		employees[i] = map[string]any{"name": fmt.Sprintf("e%d", i), "n": json.Number(fmt.Sprint(i))}
	}
	if err := imp.Add(map[string]any{"name": "Big", "employees": employees}, "/0"); err != nil {
		t.Fatal(err)
	}
	for i := range small {
		obj := map[string]any{"name": fmt.Sprintf("c%d", i), "closed": nil,
			"address": map[string]any{"city": fmt.Sprintf("city %d", i)}}
		if err := imp.Add(obj, fmt.Sprintf("/%d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := graphtest.Store().Import(ctx, p.ID, imp)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + big + 2*small; res.Created != want || res.Linked != big+small {
		t.Errorf("created %d records and %d edges, want %d and %d", res.Created, res.Linked, want, big+small)
	}
	rows := runCypher(t, `MATCH (c:Record:companies {__project: $p})
OPTIONAL MATCH (c)-[e:LINK]->(child:Record)
RETURN c.name AS name, c.__nulls AS nulls, count(e) AS edges, collect(DISTINCT e.property) AS properties,
  count(DISTINCT child) AS children, min(child.n) AS first, max(child.n) AS last, collect(DISTINCT child.city)[0] AS city
ORDER BY name`, map[string]any{"p": p.ID})
	if len(rows) != 1+small {
		t.Fatalf("%d companies, want %d", len(rows), 1+small)
	}
	for _, r := range rows {
		if r["name"] == "Big" {
			if r["edges"] != int64(big) || r["children"] != int64(big) || r["first"] != int64(0) || r["last"] != int64(big-1) ||
				fmt.Sprint(r["properties"]) != "[employees]" || r["nulls"] != nil {
				t.Errorf("Big: %v, want %d edges employees to e0 … e%d", r, big, big-1)
			}
			continue
		}
		want := "city " + r["name"].(string)[1:]
		if r["edges"] != int64(1) || r["city"] != want || fmt.Sprint(r["properties"]) != "[address]" || fmt.Sprint(r["nulls"]) != "[closed]" {
			t.Errorf("%v: want one edge address to %s and __nulls [closed]", r, want)
		}
	}
	orphans := runCypher(t, `MATCH (r:Record {__project: $p}) WHERE NOT r:companies AND COUNT { (r)<-[:LINK]-() } <> 1
RETURN count(r) AS n`, map[string]any{"p": p.ID})
	if orphans[0]["n"] != int64(0) {
		t.Errorf("%v child records without exactly one parent edge", orphans[0]["n"])
	}
}
