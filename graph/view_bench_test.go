package graph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// BenchmarkViewReads times the reverse lookup (relations direction in,
// backlinks), the relation counts and the filter by a linked record through
// graph.Store on a 10k-record graph (100 companies, 9,900 people each
// employed by one), against the raw driver running the same Cypher. The
// store reads the project's declared types from its cache (one statement
// per call), as it does in the steady state.
func BenchmarkViewReads(b *testing.B) {
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(b)
	exec := func(text string, params map[string]any) {
		if _, err := neo4j.ExecuteQuery(ctx, s.Driver(), text, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database())); err != nil {
			b.Fatal(err)
		}
	}
	exec(`UNWIND range(0, 99) AS i CREATE (:Record:companies {__id: $p + '-c' + i, __project: $p, name: 'Company ' + i})`, map[string]any{"p": p.ID})
	exec(`UNWIND range(0, 9899) AS i
MATCH (c:Record {__id: $p + '-c' + (i % 100)})
CREATE (:Record:people {__id: $p + '-p' + i, __project: $p, name: 'Person ' + i})-[:LINK {property: 'employer', createdAt: datetime()}]->(c)`, map[string]any{"p": p.ID})
	b.Cleanup(func() { exec(`MATCH (r:Record {__project: $p}) DETACH DELETE r`, map[string]any{"p": p.ID}) })
	company := func(i int) string { return fmt.Sprintf("%s-c%d", p.ID, i%100) }
	cases := []struct {
		name  string
		store func(i int) error
		query func(i int) cypher.Query
	}{
		{"relations in", func(i int) error {
			_, _, err := s.Relations(ctx, graph.RelationQuery{Project: p.ID, ID: company(i), Direction: cypher.In, Page: graph.Page{Limit: 50}})
			return err
		}, func(i int) cypher.Query { return cypher.Relations(p.ID, company(i), "", cypher.In, 0, 50) }},
		{"backlinks", func(i int) error {
			_, _, err := s.Backlinks(ctx, p.ID, company(i), graph.Page{Limit: 50})
			return err
		}, func(i int) cypher.Query { return cypher.Backlinks(p.ID, company(i), 0, 50) }},
		{"relation counts", func(i int) error {
			_, err := s.RelationCounts(ctx, p.ID, company(i))
			return err
		}, func(i int) cypher.Query { return cypher.RelationCounts(p.ID, company(i)) }},
		{"filter", func(i int) error {
			_, _, err := s.Linked(ctx, graph.LinkedQuery{Project: p.ID, Type: "people", LinkedTo: company(i), Via: "employer", Page: graph.Page{Limit: 50}})
			return err
		}, func(i int) cypher.Query {
			return cypher.Linked(p.ID, "people", company(i), "employer", cypher.Out, 0, 50)
		}},
	}
	for _, c := range cases {
		for i := range 100 { // warm the plan cache and the page cache
			if err := c.store(i); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(c.name+"/store", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if err := c.store(i); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/driver", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				q := c.query(i)
				_, err := neo4j.ExecuteQuery(ctx, s.Driver(), q.Text, q.Params, neo4j.EagerResultTransformer,
					neo4j.ExecuteQueryWithDatabase(s.Database()), neo4j.ExecuteQueryWithReadersRouting())
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
