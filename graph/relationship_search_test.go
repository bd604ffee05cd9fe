package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/query"
)

// TestRelationshipSearchStartsAtTheSelectiveEnd: an $id condition on
// either end is answered by the id index, and the edges are expanded from
// that record, whichever end it is; the answer is the same edge.
func TestRelationshipSearchStartsAtTheSelectiveEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	suffix := strings.ReplaceAll(p.ID[len(p.ID)-12:], "-", "")
	people, companies := "rp"+suffix, "rc"+suffix
	runCypher(t, `UNWIND range(1, 1000) AS i
CREATE (c:Record:$($c) {__id: $p + '-c' + i, __project: $p, name: 'company ' + i})
CREATE (r:Record:$($pp) {__id: $p + '-p' + i, __project: $p, name: 'person ' + i})
CREATE (r)-[:LINK {property: 'employer', createdAt: datetime(), p_since: i}]->(c)`,
		map[string]any{"p": p.ID, "c": companies, "pp": people})
	tests := []struct {
		name, body string
	}{
		{"the target's id", `{"source": {"labels": ["` + people + `"]}, "target": {"where": {"$id": "` + p.ID + `-c7"}}}`},
		{"the source's id", `{"source": {"where": {"$id": "` + p.ID + `-p7"}}, "target": {"labels": ["` + companies + `"]}, "where": {"type": "employer"}}`},
		{"the target's id, edges pointing at the source", `{"where": {"direction": "in"}, "source": {"labels": ["` + companies + `"]}, "target": {"where": {"$id": "` + p.ID + `-p7"}}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := query.ParseRelationshipSearch([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			edges, total, err := s.SearchRelationships(ctx, p.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			if total != 1 || len(edges) != 1 || edges[0].SourceID != p.ID+"-p7" || edges[0].TargetID != p.ID+"-c7" || edges[0].Properties["since"] != int64(7) {
				t.Fatalf("total %d, edges %+v", total, edges)
			}
			plan := planText(t, cypher.SearchRelationships(p.ID, q))
			if !strings.Contains(plan, "NodeUniqueIndexSeek") || strings.Contains(plan, "NodeByLabelScan") || strings.Contains(plan, "AllNodesScan") ||
				strings.Contains(plan, "NodeIndexSeek") {
				t.Fatalf("the plan does not start from the id:\n%s", plan)
			}
		})
	}
}
