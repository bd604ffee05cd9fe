package graph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// TestMigrationRemovesRecordsWithoutAProject: record nodes that lost their
// __project (made before crafted property ids were refused) belong to no
// project; migration 9 removes them with their edges, in batches, and
// touches no record of any project: the records they were linked to stay,
// with their other edges.
func TestMigrationRemovesRecordsWithoutAProject(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Store()
	p, q := graphtest.Project(t), graphtest.Project(t)
	create := func(project, typ, name string) string {
		t.Helper()
		r, err := s.CreateRecord(ctx, project, typ, []graph.Property{{Name: "name", Type: "string", Value: name}})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	link := func(project, from, to string) {
		t.Helper()
		if err := s.Attach(ctx, graph.Link{Project: project, Source: from, Targets: []string{to}, Property: "knows", Direction: cypher.Out}); err != nil {
			t.Fatal(err)
		}
	}
	kept, other, orphan, orphan2 := create(p.ID, "people", "Kept"), create(p.ID, "people", "Other"), create(p.ID, "people", "Orphan"), create(p.ID, "pets", "Orphan2")
	link(p.ID, orphan, kept)
	link(p.ID, other, kept)
	link(p.ID, kept, orphan2)
	elsewhere := create(q.ID, "people", "Elsewhere")
	// A crafted DELETE /properties/{id} naming __project did this.
	runCypher(t, "MATCH (r:Record) WHERE r.__id IN $ids REMOVE r.__project", map[string]any{"ids": []string{orphan, orphan2}})
	before := projectGraph(t, p.ID, q.ID)

	runCypher(t, "MATCH (m:Migration {version: 9}) DELETE m", nil)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	if rows := runCypher(t, "MATCH (r:Record) WHERE r.__project IS NULL RETURN count(r) AS n", nil); rows[0]["n"].(int64) != 0 {
		t.Fatalf("%v records without a project after the migration", rows[0]["n"])
	}
	if rows := runCypher(t, "MATCH (r:Record) WHERE r.__id IN $ids RETURN count(r) AS n", map[string]any{"ids": []string{orphan, orphan2}}); rows[0]["n"].(int64) != 0 {
		t.Fatal("an orphaned record is still there")
	}
	after := projectGraph(t, p.ID, q.ID)
	want := fmt.Sprintf("%s %s", before.records, before.edgesWithout(orphan, orphan2))
	if got := fmt.Sprintf("%s %s", after.records, after.edges); got != want {
		t.Fatalf("the projects' records changed:\ngot  %s\nwant %s", got, want)
	}
	for _, id := range []string{kept, other, elsewhere} {
		if _, err := s.Record(ctx, map[string]string{kept: p.ID, other: p.ID, elsewhere: q.ID}[id], id); err != nil {
			t.Errorf("record %s after the migration: %v", id, err)
		}
	}
	if rows := runCypher(t, "MATCH (m:Migration {version: 9}) RETURN count(m) AS n", nil); rows[0]["n"].(int64) != 1 {
		t.Fatal("migration 9 is not recorded once")
	}
}

// graphOf is what projects hold: their records (id, labels, properties)
// and their edges (from, property, to).
type graphOf struct {
	records string
	edges   [][3]string
}

// edgesWithout renders the edges that touch none of ids.
func (g graphOf) edgesWithout(ids ...string) string {
	var out [][3]string
	for _, e := range g.edges {
		touches := false
		for _, id := range ids {
			touches = touches || e[0] == id || e[2] == id
		}
		if !touches {
			out = append(out, e)
		}
	}
	return fmt.Sprint(out)
}

func projectGraph(t *testing.T, projects ...string) graphOf {
	t.Helper()
	rows := runCypher(t, `MATCH (r:Record) WHERE r.__project IN $projects
WITH r ORDER BY r.__id
RETURN collect([r.__id, labels(r), properties(r)]) AS records,
  COLLECT { MATCH (a:Record)-[e:LINK]->(b:Record) WHERE a.__id IN $all OR b.__id IN $all
    RETURN [a.__id, e.property, b.__id] AS edge ORDER BY edge } AS edges`,
		map[string]any{"projects": projects, "all": recordIDs(t, projects)})
	g := graphOf{records: fmt.Sprint(rows[0]["records"])}
	for _, e := range rows[0]["edges"].([]any) {
		x := e.([]any)
		g.edges = append(g.edges, [3]string{fmt.Sprint(x[0]), fmt.Sprint(x[1]), fmt.Sprint(x[2])})
	}
	return g
}

// recordIDs lists the ids of the projects' records, and of records that
// lost their project while linked to them.
func recordIDs(t *testing.T, projects []string) []string {
	t.Helper()
	rows := runCypher(t, `MATCH (r:Record) WHERE r.__project IN $projects
OPTIONAL MATCH (r)-[:LINK]-(o:Record) WHERE o.__project IS NULL
RETURN collect(DISTINCT r.__id) + collect(DISTINCT o.__id) AS ids`, map[string]any{"projects": projects})
	var ids []string
	for _, id := range rows[0]["ids"].([]any) {
		ids = append(ids, id.(string))
	}
	return ids
}
