package graph_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// exportSearch parses a search body, failing the test when it is not one.
func exportSearch(t *testing.T, body string) query.Search {
	t.Helper()
	q, err := query.ParseSearch([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// profiledRows runs a statement with PROFILE, reading all its rows (a
// streamed statement's profile is only complete then), and returns its plan
// and how many rows it answered.
func profiledRows(t *testing.T, q cypher.Query) (neo4j.ProfiledPlan, int) {
	t.Helper()
	ctx := context.Background()
	s := graphtest.Store()
	session := s.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.Database(), AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	res, err := session.Run(ctx, "PROFILE "+q.Text, q.Params)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for res.Next(ctx) {
		rows++
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sum.Profile(), rows
}

// dbHits sums the db hits of every operator of a plan.
func dbHits(p neo4j.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += dbHits(c)
	}
	return n
}

// profiledText renders a profiled plan, one operator a line with its
// details, rows and db hits.
func profiledText(p neo4j.ProfiledPlan) string {
	var b strings.Builder
	var walk func(p neo4j.ProfiledPlan, depth int)
	walk = func(p neo4j.ProfiledPlan, depth int) {
		fmt.Fprintf(&b, "%s%s %v rows=%d hits=%d\n", strings.Repeat("  ", depth), p.Operator(), p.Arguments()["Details"], p.Records(), p.DbHits())
		for _, c := range p.Children() {
			walk(c, depth+1)
		}
	}
	walk(p, 0)
	return b.String()
}

// leaves lists the plan's leaf operators (those that find records), with
// the rows each produced.
func leaves(p neo4j.ProfiledPlan) []string {
	if len(p.Children()) == 0 {
		return []string{fmt.Sprintf("%s %v rows=%d", p.Operator(), p.Arguments()["Details"], p.Records())}
	}
	var out []string
	for _, c := range p.Children() {
		out = append(out, leaves(c)...)
	}
	return out
}

// TestExportOnePass pins, with PROFILE on the real database, that the
// streamed export of one type, declared or open, is one pass over that
// type's records of the project (its project index when declared, its label
// when open, the property index a selective condition seeks), reading each
// record's properties once, undeclared ones included: no second pass for
// the columns, nothing read of the project's other records.
func TestExportOnePass(t *testing.T) {
	t.Parallel()
	p := graphtest.Project(t)
	suffix := strings.ReplaceAll(p.ID[len(p.ID)-12:], "-", "")
	declared, open := "ed"+suffix, "eo"+suffix
	typ := declare(t, p.ID, declared, `{"properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}`)
	const n = 2000
	// Both types' records hold name, n and title; title is not declared.
	runCypher(t, `UNWIND range(1, $n) AS i
CREATE (:Record:$($d) {__id: $p + '-d' + i, __project: $p, name: 'd ' + i, n: i, title: 't'})
CREATE (:Record:$($o) {__id: $p + '-o' + i, __project: $p, name: 'o ' + i, n: i, title: 't'})
CREATE (:Record:other {__id: $p + '-x' + i, __project: $p, name: 'x', n: i})`,
		map[string]any{"n": n, "p": p.ID, "d": declared, "o": open})
	sampleIndexes(t, declared)

	// Budgets, in db hits per record read, with PROFILE's accounting
	// (every property read is one hit), with a fifth of headroom. Before
	// the one pass, a column pass and a whole-node read cost 15 hits per
	// declared record and 19 per open one; a declared type's declared
	// columns alone, 5 (and left its undeclared properties out).
	tests := []struct {
		name, body string
		rows       int
		leaf       string // the one operator that finds the records
		perRecord  int64
	}{
		// The index entry (which caches __project), then properties(r):
		// one hit and one per other stored property (__id, name, n, title).
		{"a declared type reads its project index and each record's properties once", `{"labels": ["` + declared + `"]}`,
			n, "NodeIndexSeek", 1 + 1 + 4},
		// An index entry per value sought and per record (caching
		// __project and name), then properties(r): __id, n, title.
		{"a selective condition on a declared type seeks its property index", `{"labels": ["` + declared + `"], "where": {"name": {"$in": ["d 7", "d 8"]}}}`,
			2, "NodeIndexSeek", 1 + 1 + 1 + 3},
		// The label entry, __project, then properties(r): one hit and one
		// per stored property (__id, __project, name, n, title).
		{"an open type reads its label and each record's properties once", `{"labels": ["` + open + `"]}`,
			n, "NodeByLabelScan", 1 + 1 + 1 + 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := exportSearch(t, tc.body)
			if err := q.Resolve(schema.NewCatalog(typ)); err != nil {
				t.Fatal(err)
			}
			stmt := cypher.ExportRows(p.ID, q)
			plan, rows := profiledRows(t, stmt)
			found := leaves(plan)
			if rows != tc.rows {
				t.Errorf("%d rows, want %d", rows, tc.rows)
			}
			if len(found) != 1 || !strings.HasPrefix(found[0], tc.leaf) || !strings.HasSuffix(found[0], fmt.Sprintf("rows=%d", tc.rows)) {
				t.Errorf("records found by %v, want one %s of %d rows", found, tc.leaf, tc.rows)
			}
			hits := dbHits(plan)
			if budget := tc.perRecord*int64(tc.rows)*6/5 + 10; hits > budget {
				t.Errorf("%d db hits for %d records, want at most %d:\n%s", hits, tc.rows, budget, profiledText(plan))
			}
			t.Logf("%d records: %d db hits (%.2f a record)", tc.rows, hits, float64(hits)/float64(tc.rows))
		})
	}
}

// TestExportEach: the rows of a streamed export hold the record's id, type
// and own properties only (a declared type's undeclared ones too), each
// record once, pageSize at a time, inside a client transaction too.
func TestExportEach(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := graphtest.Store()
	p := graphtest.Project(t)
	suffix := strings.ReplaceAll(p.ID[len(p.ID)-12:], "-", "")
	declared, open := "xd"+suffix, "xo"+suffix
	declare(t, p.ID, declared, `{"properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}`)
	str := func(name, v string) graph.Property {
		return graph.Property{Name: name, Type: schema.TypeString, Value: v}
	}
	null := func(name string) graph.Property { return graph.Property{Name: name, Type: schema.TypeNull} }
	create := func(ctx context.Context, typ string, props ...graph.Property) string {
		t.Helper()
		r, err := s.CreateRecord(ctx, p.ID, typ, props)
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	ada := create(ctx, declared, str("name", "Ada, \"the first\"\nof her name"), graph.Property{Name: "n", Type: schema.TypeNumber, Value: int64(1)})
	bo := create(ctx, declared, str("name", "Bo"), str("nick", "undeclared"))
	cy := create(ctx, open, str("name", "Cy"), null("gone"))
	dee := create(ctx, open, str("colour", "red"))
	tx, err := s.BeginTx(ctx, p.ID, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.RollbackTx(ctx, p.ID, tx.ID)
	txCtx, err := s.InTx(ctx, p.ID, tx.ID)
	if err != nil {
		t.Fatal(err)
	}
	eve := create(txCtx, open, str("name", "Eve"))

	// row renders an export row as id type name=value…, names sorted.
	row := func(r graph.ExportRow) string {
		cells := make([]string, len(r.Names))
		for i, name := range r.Names {
			cells[i] = fmt.Sprintf("%s=%v", name, r.Values[i])
		}
		sort.Strings(cells)
		return r.ID + " " + r.Type + " " + strings.Join(cells, " ")
	}
	tests := []struct {
		name string
		ctx  context.Context
		body string
		want []string
	}{
		{"a declared type's rows hold each record's own properties, undeclared ones included", ctx, `{"labels": ["` + declared + `"]}`,
			[]string{ada + " " + declared + " n=1 name=Ada, \"the first\"\nof her name", bo + " " + declared + " name=Bo nick=undeclared"}},
		{"an open type's rows hold each record's own properties, a null one as nil", ctx, `{"labels": ["` + open + `"]}`,
			[]string{cy + " " + open + " gone=<nil> name=Cy", dee + " " + open + " colour=red"}},
		{"a condition applies", ctx, `{"labels": ["` + open + `"], "where": {"colour": "red"}}`,
			[]string{dee + " " + open + " colour=red"}},
		{"several types' rows carry each record's type", ctx, `{"labels": ["` + declared + `", "` + open + `"], "where": {"name": {"$in": ["Bo", "Cy"]}}}`,
			[]string{bo + " " + declared + " name=Bo nick=undeclared", cy + " " + open + " gone=<nil> name=Cy"}},
		{"inside a client transaction its writes are exported", txCtx, `{"labels": ["` + open + `"]}`,
			[]string{cy + " " + open + " gone=<nil> name=Cy", dee + " " + open + " colour=red", eve + " " + open + " name=Eve"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			pages := 0
			err := s.ExportEach(tc.ctx, p.ID, exportSearch(t, tc.body), 2, func(page []graph.ExportRow) error {
				if len(page) == 0 || len(page) > 2 {
					t.Errorf("a page of %d rows", len(page))
				}
				pages++
				for _, r := range page {
					for _, name := range r.Names {
						if strings.HasPrefix(name, "__") {
							t.Errorf("%s: internal field %s exported", r.ID, name)
						}
					}
					got = append(got, row(r))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(got)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rows\n%q\nwant\n%q", got, want)
			}
			if wantPages := (len(want) + 1) / 2; pages != wantPages {
				t.Errorf("%d pages, want %d", pages, wantPages)
			}
		})
	}
}
