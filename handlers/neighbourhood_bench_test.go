package handlers_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph/graphtest"
)

// BenchmarkNeighbourhood times GET /records/{id}/graph, and GET /paths
// between random records, on a project of 10,000 records, each linking to 3
// random others (about 6 edges per record), through the whole API (auth,
// Neo4j, JSON):
//
//	bin/relgraph-neo4j --name dash -- go test ./handlers -run '^$' -bench Neighbourhood -benchtime 200x
func BenchmarkNeighbourhood(b *testing.B) {
	const records, perRecord = 10000, 3
	project := graphtest.Project(b)
	query(b, `UNWIND range(0, $n - 1) AS i
CREATE (:Record:people {__id: $project + '-' + i, __project: $project, name: 'Person ' + i})`,
		map[string]any{"n": records, "project": project.ID})
	links := make([]map[string]any, 0, records*perRecord)
	rng := rand.New(rand.NewPCG(1, 2))
	properties := []string{"knows", "employer", "mentor", "links"}
	for i := range records {
		for range perRecord {
			j := rng.IntN(records)
			if j != i {
				links = append(links, map[string]any{"a": i, "b": j, "p": properties[rng.IntN(len(properties))]})
			}
		}
	}
	for start := 0; start < len(links); start += 5000 {
		query(b, `UNWIND $links AS l
MATCH (a:Record {__id: $project + '-' + l.a}), (b:Record {__id: $project + '-' + l.b})
CREATE (a)-[:LINK {property: l.p, createdAt: datetime()}]->(b)`,
			map[string]any{"links": links[start:min(start+5000, len(links))], "project": project.ID})
	}
	api := newAPI(graphtest.Store(), testConfig)
	tok := tokenFor(b, project.ID)
	id := func() string { return fmt.Sprintf("%s-%d", project.ID, rng.IntN(records)) }
	get := func(b *testing.B, q string) int {
		path := "/api/v1/records/" + id() + "/graph?" + q
		if strings.HasPrefix(q, "paths") {
			path = "/api/v1/paths?from=" + id() + "&to=" + id() + strings.TrimPrefix(q, "paths")
		}
		r := send(b, api, "GET", path, nil, tok)
		if r.Status != http.StatusOK {
			b.Fatalf("%d %s", r.Status, r.Raw)
		}
		if r.Body["total"] != nil {
			return int(r.Body["total"].(float64))
		}
		return len(r.data()["nodes"].([]any))
	}
	for range 200 { // warm the page cache and the query plans
		get(b, "depth=3")
	}
	for _, q := range []string{"depth=1", "depth=2", "depth=3", "depth=2&limit=1000", "paths&maxHops=4", "paths&maxHops=6"} {
		b.Run(q, func(b *testing.B) {
			nodes := 0
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				nodes += get(b, q)
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(nodes)/float64(len(took)), "nodes|paths/op")
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// tokenFor makes a read token of a project.
func tokenFor(b *testing.B, project string) string {
	b.Helper()
	tok, err := graphtest.Store().CreateToken(b.Context(), project, "read")
	if err != nil {
		b.Fatal(err)
	}
	return tok.Secret
}
