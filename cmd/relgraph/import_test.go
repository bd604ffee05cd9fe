package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/graph/graphtest"
)

// The import tests run against a real Neo4j (NEO4J_URI, or one provisioned
// for the test binary).
func TestMain(m *testing.M) { graphtest.Main(m) }

var importDir = filepath.Join("..", "..", "testdata", "import")

// graphOf lists a project's records as "type.name" (or title) and edges
// as "type.name -property-> type.name", each sorted.
func graphOf(t *testing.T, project string) (records, edges []string) {
	t.Helper()
	name := func(n string) string {
		return "[l IN labels(" + n + ") WHERE l <> 'Record'][0] + '.' + coalesce(" + n + ".name, " + n + ".title, " + n + ".city, " + n + ".__id)"
	}
	read := func(text string) []string {
		s := graphtest.Store()
		res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), text, map[string]any{"p": project},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database()))
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, r := range res.Records {
			out = append(out, r.Values[0].(string))
		}
		slices.Sort(out)
		return out
	}
	return read("MATCH (r:Record {__project: $p}) RETURN " + name("r")),
		read("MATCH (a:Record {__project: $p})-[e:LINK]->(b) RETURN " + name("a") + " + ' -' + e.property + '-> ' + " + name("b"))
}

func TestImportFile(t *testing.T) {
	t.Parallel()
	single := filepath.Join(t.TempDir(), "one.json")
	if err := os.WriteFile(single, []byte(`  {"name": "Solo", "friends": [{"name": "Pal"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                  string
		file, label           string
		batch                 int
		records, edges, txs   int
		wantRecords, wantEdge []string
	}{
		{name: "NDJSON, three objects per transaction", file: filepath.Join(importDir, "people.ndjson"), label: "people", batch: 2,
			records: 11, edges: 6, txs: 3,
			wantRecords: []string{"address.Boston", "address.London", "address.Wilmslow", "country.USA", "people.Ada", "people.Alan",
				"people.Barbara", "people.Edsger", "people.Grace", "pets.Rex", "pets.Tom"},
			wantEdge: []string{"address.Boston -country-> country.USA", "people.Ada -address-> address.London",
				"people.Alan -address-> address.Wilmslow", "people.Alan -pets-> pets.Rex", "people.Alan -pets-> pets.Tom",
				"people.Barbara -address-> address.Boston"}},
		{name: "a JSON array in one transaction", file: filepath.Join(importDir, "companies.json"), label: "companies", batch: 5000,
			records: 9, edges: 6, txs: 1,
			wantRecords: []string{"companies.Acme", "companies.Globex", "companies.Initech", "employees.Ann", "employees.Bo",
				"employees.Peter", "offices.Acme Paris", "offices.Acme Rome", "projects.Rocket"},
			wantEdge: []string{"companies.Acme -employees-> employees.Ann", "companies.Acme -employees-> employees.Bo",
				"companies.Acme -offices-> offices.Acme Paris", "companies.Acme -offices-> offices.Acme Rome",
				"companies.Initech -employees-> employees.Peter", "employees.Ann -projects-> projects.Rocket"}},
		{name: "a single JSON object", file: single, label: "people", batch: 10, records: 2, edges: 1, txs: 1,
			wantRecords: []string{"friends.Pal", "people.Solo"}, wantEdge: []string{"people.Solo -friends-> friends.Pal"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			project := graphtest.Project(t).ID
			var out bytes.Buffer
			sum, err := importFile(t.Context(), graphtest.Store(),
				importOptions{file: tc.file, project: project, label: tc.label, batch: tc.batch}, newProgress(&out, false, 0))
			if err != nil {
				t.Fatal(err)
			}
			if sum.records != tc.records || sum.edges != tc.edges || sum.batches != tc.txs {
				t.Errorf("summary %+v, want %d records, %d edges, %d transactions", sum, tc.records, tc.edges, tc.txs)
			}
			records, edges := graphOf(t, project)
			if !reflect.DeepEqual(records, tc.wantRecords) {
				t.Errorf("records:\n got %q\nwant %q", records, tc.wantRecords)
			}
			if !reflect.DeepEqual(edges, tc.wantEdge) {
				t.Errorf("edges:\n got %q\nwant %q", edges, tc.wantEdge)
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, "[########################] 100%") ||
				!strings.Contains(last, " records, ") {
				t.Errorf("the last progress line shows no finished import: %q", last)
			}
		})
	}
}

func TestImportFileFailures(t *testing.T) {
	t.Parallel()
	project := graphtest.Project(t).ID
	_, err := importFile(t.Context(), graphtest.Store(), importOptions{file: filepath.Join(importDir, "bad.ndjson"),
		project: project, label: "people", batch: 2}, newProgress(&bytes.Buffer{}, false, 0))
	if err == nil || !strings.Contains(err.Error(), "/2/address/city") || !strings.Contains(err.Error(), "2 records") {
		t.Fatalf("bad third object: got %v, want an error naming /2/address/city and the 2 records written before", err)
	}
	if records, _ := graphOf(t, project); !reflect.DeepEqual(records, []string{"people.One", "people.Two"}) {
		t.Errorf("the batch before the bad object should stay written, and nothing after it: %q", records)
	}

	_, err = importFile(t.Context(), graphtest.Store(), importOptions{file: filepath.Join(importDir, "people.ndjson"),
		project: "01890a5d-ac96-774b-bcce-b302099a8057", label: "people", batch: 2}, newProgress(&bytes.Buffer{}, false, 0))
	if err == nil || !strings.Contains(err.Error(), "no project") {
		t.Errorf("unknown project: got %v", err)
	}
}

func TestImportProgressOnATerminal(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, true, 0)
	p.total = 2 << 20
	p.update(importSummary{records: 10}, 1<<20, false)
	p.update(importSummary{records: 20}, 2<<20, false) // within a tenth of a second: not drawn
	p.done(importSummary{records: 30, edges: 5}, 2<<20)
	got := out.String()
	if strings.Count(got, "\r\x1b[K") != 2 || !strings.HasSuffix(got, "\n") {
		t.Errorf("want two in-place redraws and a final newline, got %q", got)
	}
	if !strings.Contains(got, " 50% 1.0 MB / 2.0 MB read, 10 records") || !strings.Contains(got, "100% 2.0 MB / 2.0 MB read, 30 records, 5 edges") {
		t.Errorf("unexpected progress text %q", got)
	}
}

func TestImportProgressWhere(t *testing.T) {
	tests := []struct {
		name            string
		terminal, asked bool
		wantShown       bool
	}{
		{"a terminal shows a bar", true, false, true},
		{"a pipe shows nothing", false, false, false},
		{"a pipe shows lines with --progress", false, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			p := progressFor(&out, tc.terminal, tc.asked)
			p.done(importSummary{records: 3}, 0)
			if shown := out.Len() > 0; shown != tc.wantShown {
				t.Errorf("shown %t, want %t: %q", shown, tc.wantShown, out.String())
			}
		})
	}
}

func TestParseImportArgs(t *testing.T) {
	got, err := parseImportArgs([]string{"--project", "p1", "data.ndjson", "--label", "people", "--batch", "10", "--strings", "--progress"})
	want := importOptions{file: "data.ndjson", project: "p1", label: "people", batch: 10, allStrings: true, progress: true}
	if err != nil || got != want {
		t.Errorf("got %+v, %v; want %+v", got, err, want)
	}
	_, err = parseImportArgs([]string{"a.json", "b.json", "--label", "bad label", "--batch", "0"})
	for _, part := range []string{"one FILE", "--project is required", "--label", "--batch 0"} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("error %v does not mention %q", err, part)
		}
	}
}
