package graph_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/query"
)

// nested is a list nested depth times around 1.
func nested(depth int) any {
	var v any = 1
	for range depth {
		v = []any{v}
	}
	return v
}

// TestRefusedValueLeavesOtherProjectsServed sends values Neo4j cannot
// decode, as a tenant that got past the door would: as a record's value and
// as a search operand, which the store refuses with ErrValueRefused before
// they reach the database, and straight through AutoRead (the path of
// relgraph's reads), which sends them and meets Neo4j's refusal. After
// each, the next read, of another project on the store's one pooled
// connection, is served: no connection is left poisoned.
func TestRefusedValueLeavesOtherProjectsServed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := graphtest.Server()
	s, err := graph.Open(graph.Options{URI: srv.URI, User: srv.User, Password: srv.Password, Database: srv.Database,
		PoolSize: 1, MaxRetryTime: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	victim, attacker := graphtest.Project(t), graphtest.Project(t)
	rec, err := s.CreateRecord(ctx, victim.ID, "people", []graph.Property{{Name: "name", Type: "string", Value: "Ann"}})
	if err != nil {
		t.Fatal(err)
	}

	values := []struct {
		name string
		v    any
	}{
		{"a datetime after year 999,999,999", time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a datetime before year -999,999,999", time.Date(-1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a datetime in a zone Neo4j does not know", time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("Nowhere/Atlantis", 3600))},
		{"a datetime in an unnamed zone", time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600))},
		{"a date after year 999,999,999", neo4j.DateOf(time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"a local datetime after year 999,999,999", neo4j.LocalDateTimeOf(time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"a duration that overflows", neo4j.Duration{Months: 1 << 62, Days: 1 << 62, Seconds: 1 << 62}},
		{"a datetime in a list", []any{time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"a list nested too deeply", nested(10_000)},
	}
	ways := []struct {
		name    string
		send    func(v any) error
		refused error // what the sender gets; nil: any error (Neo4j's own refusal)
	}{
		{"AutoRead", func(v any) error {
			_, err := graph.AutoRead(ctx, s.Driver(), s.Database(), cypher.Query{Text: "RETURN $v AS v", Params: map[string]any{"v": v}})
			return err
		}, nil},
		{"a record value", func(v any) error {
			_, err := s.CreateRecord(ctx, attacker.ID, "things", []graph.Property{{Name: "at", Type: "datetime", Value: v}})
			return err
		}, graph.ErrValueRefused},
		{"a search operand", func(v any) error {
			_, _, err := s.Search(ctx, attacker.ID, query.Search{Labels: []string{"things"}, Limit: 10,
				Where: query.Compare{Property: "at", Op: query.OpEq, Value: v}})
			return err
		}, graph.ErrValueRefused},
	}
	for _, way := range ways {
		for _, val := range values {
			t.Run(way.name+": "+val.name, func(t *testing.T) {
				err := way.send(val.v)
				if err == nil || way.refused != nil && !errors.Is(err, way.refused) {
					t.Errorf("sending it: %v, want %v", err, way.refused)
				}
				got, err := s.Record(ctx, victim.ID, rec.ID)
				if err != nil || got.ID != rec.ID {
					t.Fatalf("the next read of another project: %v", err)
				}
			})
		}
	}
	t.Run("the attacker's project holds nothing", func(t *testing.T) {
		rows := runCypher(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": attacker.ID})
		if rows[0]["n"].(int64) != 0 {
			t.Fatalf("%v records written", rows[0]["n"])
		}
	})
}
