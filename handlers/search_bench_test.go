package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// BenchmarkSearchRequest sends POST /records/search, an equality on a
// declared property answered from its index, through the whole API in
// process (middleware, auth, parse, compile, Neo4j, JSON), with no network
// between client and API: what relgraph costs per request beside the
// database. Its allocs/op and B/op are the API's and the driver's.
//
//	bin/relgraph-neo4j --name dev -- go test ./handlers -run '^$' -bench SearchRequest -benchmem
func BenchmarkSearchRequest(b *testing.B) {
	const records = 1000
	project := graphtest.Project(b)
	api := newAPI(graphtest.Store(), testConfig)
	admin := tokenForRole(b, project.ID, "admin")
	if r := send(b, api, "PUT", "/api/v1/types/people", `{"properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}`, admin); r.Status >= 300 {
		b.Fatalf("declare: %d %s", r.Status, r.Raw)
	}
	query(b, `UNWIND range(0, $n - 1) AS i
CREATE (:Record:people {__id: $project + '-' + i, __project: $project, name: 'person ' + i, age: i % 80})`,
		map[string]any{"n": records, "project": project.ID})
	tok := tokenFor(b, project.ID)
	bodies := make([]string, 64)
	for i := range bodies {
		bodies[i] = `{"labels": ["people"], "where": {"name": ` + strconv.Quote("person "+strconv.Itoa(i*7%records)) + `}}`
	}
	do := func(body string) {
		req := httptest.NewRequest("POST", "/api/v1/records/search", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"total":1`) {
			b.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	}
	for i := range 200 { // plans cached, pages read
		do(bodies[i%len(bodies)])
	}
	best := func(i int) {
		q := cypher.BestPeopleByName(project.ID, "person "+strconv.Itoa(i*7%records), 100, true)
		res, err := graph.AutoRead(b.Context(), graphtest.Store().Driver(), graphtest.Store().Database(), q)
		if err != nil || len(res.Records) != 1 {
			b.Fatal(err)
		}
	}
	b.Run("api", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			do(bodies[i%len(bodies)])
			i++
		}
	})
	b.Run("best", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			best(i % len(bodies))
			i++
		}
	})
}

// tokenForRole makes a token of a project with role.
func tokenForRole(b *testing.B, project, role string) string {
	b.Helper()
	tok, err := graphtest.Store().CreateToken(b.Context(), project, graph.Role(role))
	if err != nil {
		b.Fatal(err)
	}
	return tok.Secret
}
