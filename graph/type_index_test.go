package graph_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/schema"
)

// uniqueType is a type id no other test uses: labels, and so indexes, are
// shared by the whole database.
func uniqueType(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	return "ix_" + hex.EncodeToString(b)
}

// typeProject is a project of the test's own whose declared types are
// removed, and their indexes reconciled away, when the test ends.
func typeProject(t *testing.T) string {
	t.Helper()
	p := graphtest.Project(t)
	t.Cleanup(func() {
		runCypher(t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": p.ID})
		if err := graphtest.Store().ReconcileIndexes(context.Background()); err != nil {
			t.Errorf("reconcile after the test: %v", err)
		}
	})
	return p.ID
}

// putType declares type id in project with the definition body.
func putType(t *testing.T, project, id, body string) {
	t.Helper()
	typ, err := schema.ParseType(project, id, []byte(body))
	if err != nil {
		t.Fatalf("parse %s: %v", body, err)
	}
	if _, _, err := graphtest.Store().PutType(context.Background(), project, typ); err != nil {
		t.Fatalf("declare %s: %v", id, err)
	}
}

// indexRow is an index as SHOW INDEXES lists it.
type indexRow struct {
	Type string
	Keys []string
}

// labelIndexes lists the indexes relgraph manages on label, by name.
func labelIndexes(t *testing.T, label string) map[string]indexRow {
	t.Helper()
	rows := runCypher(t, cypher.Indexes().Text, nil)
	out := map[string]indexRow{}
	for _, r := range rows {
		if !slices.Equal(stringsOf(r["labelsOrTypes"]), []string{label}) || !cypher.OwnIndex(r["name"].(string)) {
			continue
		}
		out[r["name"].(string)] = indexRow{Type: r["type"].(string), Keys: stringsOf(r["properties"])}
	}
	return out
}

func stringsOf(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}

// wantIndex is an index a type should show: its property ("" for the
// project index), kind and state once built.
type wantIndex struct{ property, kind, state string }

// shownIndexes reads the type's indexes as GET /types/{type} shows them,
// waiting (at most 30 s) for each that exists to come online.
func shownIndexes(t *testing.T, project, id string) []graph.TypeIndex {
	t.Helper()
	ctx := context.Background()
	rt, err := graphtest.Store().Type(ctx, project, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range rt.Indexes {
		if i.State == "POPULATING" {
			runCypher(t, "CALL db.awaitIndex($name, 30)", map[string]any{"name": i.Name})
		}
	}
	if rt, err = graphtest.Store().Type(ctx, project, id); err != nil {
		t.Fatal(err)
	}
	return rt.Indexes
}

// checkShown compares the indexes a type shows with want, and checks that
// each online one is in the database on the type's label with its keys.
func checkShown(t *testing.T, project, id string, want []wantIndex) {
	t.Helper()
	shown := shownIndexes(t, project, id)
	got := make([]wantIndex, len(shown))
	for i, x := range shown {
		got[i] = wantIndex{kind: x.Kind, state: x.State}
		if x.Property != nil {
			got[i].property = *x.Property
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s shows indexes %+v, want %+v", id, got, want)
	}
	inDB := labelIndexes(t, id)
	for _, x := range shown {
		row, ok := inDB[x.Name]
		if x.State != "ONLINE" {
			if ok {
				t.Errorf("%s is %s but exists in the database", x.Name, x.State)
			}
			continue
		}
		i := schema.Index{Kind: x.Kind, Type: id}
		if x.Property != nil {
			i.Property = *x.Property
		}
		if !ok || x.PopulationPercent != 100 || row.Type != map[string]string{"range": "RANGE", "text": "TEXT"}[x.Kind] || !slices.Equal(row.Keys, i.Keys()) {
			t.Errorf("%s: in the database %+v (present %v), shown %+v", x.Name, row, ok, x)
		}
	}
	if len(inDB) > len(shown) {
		t.Errorf("the label %s has %d relgraph indexes, the type shows %d: %v", id, len(inDB), len(shown), inDB)
	}
}

func TestDeclaringATypeCreatesTheIndexesItAsksFor(t *testing.T) {
	t.Parallel()
	hostile := "a`b }) DETACH DELETE n //"
	tests := []struct {
		name string
		body string
		want []wantIndex
	}{
		{"a range index on the project and on each indexable scalar",
			`{"properties": {"name": {"type": "string"}, "age": {"type": "integer"}, "tags": {"type": "array"}, "any": {}}}`,
			[]wantIndex{{"", "range", "ONLINE"}, {"age", "range", "ONLINE"}, {"name", "range", "ONLINE"}}},
		{"index false opts out and text true adds a text index",
			`{"properties": {"name": {"type": "string", "text": true}, "code": {"type": "string", "index": false}, "born": {"type": "datetime"}}}`,
			[]wantIndex{{"", "range", "ONLINE"}, {"born", "range", "ONLINE"}, {"name", "range", "ONLINE"}, {"name", "text", "ONLINE"}}},
		{"a hostile name is indexed under its own name and a backslash name is unindexable",
			`{"properties": {"a` + "`" + `b }) DETACH DELETE n //": {"type": "string", "text": true}, "x\\u0060y": {"type": "string"}}}`,
			[]wantIndex{{"", "range", "ONLINE"}, {hostile, "range", "ONLINE"}, {hostile, "text", "ONLINE"}, {`x\u0060y`, "range", "unindexable"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			project, id := typeProject(t), uniqueType(t)
			putType(t, project, id, tc.body)
			checkShown(t, project, id, tc.want)
		})
	}
}

func TestIndexesFollowChangesOfTheDeclaration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	project, id := typeProject(t), uniqueType(t)
	steps := []struct {
		name   string
		change func(t *testing.T)
		want   []wantIndex
	}{
		{"the first declaration", func(t *testing.T) {
			putType(t, project, id, `{"properties": {"name": {"type": "string"}, "age": {"type": "number"}}}`)
		}, []wantIndex{{"", "range", "ONLINE"}, {"age", "range", "ONLINE"}, {"name", "range", "ONLINE"}}},
		{"opting out drops, text adds, a new property adds, a removed one drops", func(t *testing.T) {
			putType(t, project, id, `{"properties": {"name": {"type": "string", "index": false, "text": true}, "born": {"type": "datetime"}}}`)
		}, []wantIndex{{"", "range", "ONLINE"}, {"born", "range", "ONLINE"}, {"name", "text", "ONLINE"}}},
		{"a property that becomes an array loses its index", func(t *testing.T) {
			putType(t, project, id, `{"properties": {"name": {"type": "string", "text": true}, "born": {"type": "array"}}}`)
		}, []wantIndex{{"", "range", "ONLINE"}, {"name", "range", "ONLINE"}, {"name", "text", "ONLINE"}}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			checkShown(t, project, id, st.want)
		})
	}
	t.Run("removing the type drops its indexes", func(t *testing.T) {
		if err := s.DeleteType(ctx, project, id); err != nil {
			t.Fatal(err)
		}
		if left := labelIndexes(t, id); len(left) != 0 {
			t.Fatalf("indexes left on %s: %v", id, left)
		}
	})
}

func TestAnIndexAnotherProjectNeedsIsKept(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	first, second, id := typeProject(t), typeProject(t), uniqueType(t)
	putType(t, first, id, `{"properties": {"name": {"type": "string", "text": true}, "age": {"type": "integer"}}}`)
	putType(t, second, id, `{"properties": {"name": {"type": "string"}}}`)
	tests := []struct {
		name   string
		change func(t *testing.T)
		want   int // relgraph indexes left on the label
	}{
		{"the second project shares the first's indexes", func(t *testing.T) {}, 4},
		{"the first project's removal keeps what the second declares", func(t *testing.T) {
			if err := s.DeleteType(ctx, first, id); err != nil {
				t.Fatal(err)
			}
			checkShown(t, second, id, []wantIndex{{"", "range", "ONLINE"}, {"name", "range", "ONLINE"}})
		}, 2},
		{"the last removal drops them", func(t *testing.T) {
			if err := s.DeleteType(ctx, second, id); err != nil {
				t.Fatal(err)
			}
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.change(t)
			if got := labelIndexes(t, id); len(got) != tc.want {
				t.Fatalf("%d indexes on %s, want %d: %v", len(got), id, tc.want, got)
			}
		})
	}
}

func TestReconcileIndexesCatchesUpAndLeavesOtherIndexesAlone(t *testing.T) {
	// Not parallel: a reconcile run by any other test covers every
	// project's declarations, so it could build this test's indexes
	// between the raw declaration below and the first check.
	ctx := context.Background()
	s := graphtest.Store()
	project, id := typeProject(t), uniqueType(t)
	foreign := []string{"other_" + id, "relgraph_custom_" + id}
	for i, name := range foreign {
		runCypher(t, "CREATE INDEX "+name+" IF NOT EXISTS FOR (n:"+id+") ON (n.legacy"+string(rune('0'+i))+")", nil)
		t.Cleanup(func() { runCypher(t, "DROP INDEX "+name+" IF EXISTS", nil) })
	}
	// A declaration written by another tool, which no reconcile has seen.
	runCypher(t, `CREATE (:RecordType {key: $p + '/' + $id, project: $p, id: $id, definition: $d, overrides: '{"properties":{}}'})`,
		map[string]any{"p": project, "id": id, "d": `{"properties":{"name":{"type":"string"}}}`})
	tests := []struct {
		name string
		step func(t *testing.T) error
		want []wantIndex
	}{
		{"a declaration no reconcile has seen shows its indexes missing", func(t *testing.T) error { return nil },
			[]wantIndex{{"", "range", "missing"}, {"name", "range", "missing"}}},
		{"migrating creates them", func(t *testing.T) error { return s.Migrate(ctx) },
			[]wantIndex{{"", "range", "ONLINE"}, {"name", "range", "ONLINE"}}},
		{"reconciling again changes nothing", func(t *testing.T) error { return s.ReconcileIndexes(ctx) },
			[]wantIndex{{"", "range", "ONLINE"}, {"name", "range", "ONLINE"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.step(t); err != nil {
				t.Fatal(err)
			}
			checkShown(t, project, id, tc.want)
		})
	}
	t.Run("removing the declaration drops relgraph's indexes only", func(t *testing.T) {
		runCypher(t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": project})
		if err := s.ReconcileIndexes(ctx); err != nil {
			t.Fatal(err)
		}
		rows := runCypher(t, "SHOW INDEXES YIELD name, labelsOrTypes WHERE $id IN labelsOrTypes RETURN collect(name) AS names", map[string]any{"id": id})
		names := stringsOf(rows[0]["names"])
		slices.Sort(names)
		if !slices.Equal(names, foreign) {
			t.Fatalf("indexes on %s: %v, want only %v", id, names, foreign)
		}
	})
}

func TestConcurrentReconcilesConverge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	project := typeProject(t)
	ids := []string{uniqueType(t), uniqueType(t), uniqueType(t), uniqueType(t)}
	done := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			typ, err := schema.ParseType(project, id, []byte(`{"properties": {"name": {"type": "string"}}}`))
			if err == nil {
				_, _, err = s.PutType(ctx, project, typ)
			}
			done <- err
		}()
	}
	deadline := time.After(time.Minute)
	for range ids {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			t.Fatal("declarations did not return")
		}
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			checkShown(t, project, id, []wantIndex{{"", "range", "ONLINE"}, {"name", "range", "ONLINE"}})
		})
	}
}

func TestADeclarationInAClientTransactionGetsItsIndexesAtCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	project, id := typeProject(t), uniqueType(t)
	info, err := s.BeginTx(ctx, project, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	txCtx, err := s.InTx(ctx, project, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := schema.ParseType(project, id, []byte(`{"properties": {"name": {"type": "string"}}}`))
	if _, _, err := s.PutType(txCtx, project, typ); err != nil {
		t.Fatal(err)
	}
	if err := s.CommitTx(ctx, project, info.ID); err != nil {
		t.Fatal(err)
	}
	// The commit reconciles: the indexes exist when it returns (long
	// before the transaction's TTL of a minute).
	if n := len(labelIndexes(t, id)); n < 2 {
		t.Fatalf("%d indexes on %s right after the commit", n, id)
	}
	runCypher(t, "CALL db.awaitIndexes(60)", nil)
	checkShown(t, project, id, []wantIndex{{"", "range", "ONLINE"}, {"name", "range", "ONLINE"}})
}
