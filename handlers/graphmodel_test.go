package handlers_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docQuery is one ```cypher block of docs/graph-model.md.
type docQuery struct {
	name, text string
}

// docQueries reads the ```cypher blocks of a Markdown file; each must open
// with a `// name: …` line.
func docQueries(t *testing.T, path string) []docQuery {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```cypher\n(.*?)```").FindAllStringSubmatch(string(raw), -1)
	nameLine := regexp.MustCompile(`^// name: ([a-z0-9-]+)\n`)
	var out []docQuery
	for _, b := range blocks {
		m := nameLine.FindStringSubmatch(b[1])
		if m == nil {
			t.Fatalf("%s: a cypher block does not open with `// name: …`:\n%s", path, b[1])
		}
		out = append(out, docQuery{name: m[1], text: b[1]})
	}
	return out
}

// docAnswer is what a documented query answers on the seeded graph.
type docAnswer struct {
	id, other string // seed names of the records $id and $other stand for
	rows      string // the rows, each a list in column order, as JSON; record ids written #name
	unordered bool   // compare the rows as a set
}

// docAnswers are the expected answers, by query name. The seeded graph:
//
//	Acme -employees(CEO)-> Ada, Acme -employees-> Bo, Globex -employees(CTO)-> Cy,
//	Ada -knows-> Cy, Bo -knows-> Cy, Ada -location-> Paris, Cy -location-> Paris; Dee alone.
//	Edge properties: Acme -employees-> Ada {since: 2001}, Ada -knows-> Cy {since: 2019, close: true}.
var docAnswers = map[string]docAnswer{
	"reverse-lookup": {id: "cy", unordered: true, rows: `[["#ada",["Record","people"],"knows",null],
		["#bo",["Record","people"],"knows",null],["#globex",["Record","companies"],"employees","CTO"]]`},
	"links-by-property": {id: "ada", unordered: true, rows: `[["employees",1],["knows",1],["location",1]]`},
	"inverse-side":      {id: "ada", rows: `[["Acme","CEO"]]`},
	"two-hop": {id: "ada", rows: `[["Bo","Acme","employees / employees"],["Bo","Cy","knows / knows"],
		["Globex","Cy","knows / employees"]]`},
	"shortest-path":   {id: "ada", other: "globex", rows: `[[["Ada","Cy","Globex"],["knows","employees"]]]`},
	"property-counts": {rows: `[["employees",3,2,3],["knows",2,2,1],["location",2,2,1]]`},
	"most-linked":     {rows: `[["Cy",4],["Ada",3],["Acme",2]]`},
	"orphans":         {rows: `[["#dee","people"]]`},
	"type-census":     {rows: `[["people",4],["companies",2],["cities",1]]`},
	"property-census": {rows: `[["cities","name",1],["companies","founded",1],["companies","name",2],
		["people","born",1],["people","name",4]]`},
	"descriptions":        {rows: `[["employees","CEO",1],["employees","CTO",1]]`},
	"linked-via":          {id: "paris", rows: `[["Ada"],["Cy"]]`},
	"cross-project-links": {rows: `[]`},
	"indexed-order":       {rows: `[["Bo"],["Cy"],["Dee"]]`},
	"schema-labels":       {rows: `[["Project"],["Record"]]`},
	"edge-properties":     {rows: `[["Acme","employees","Ada",2001,1],["Ada","knows","Cy",2019,2]]`},
}

// TestGraphModelQueries runs every query of docs/graph-model.md, as an
// analyst would (POST /api/v1/cypher, read only), on a seeded project of
// its own, and checks its answer.
func TestGraphModelQueries(t *testing.T) {
	t.Parallel()
	queries := docQueries(t, "../docs/graph-model.md")
	if len(queries) < 8 {
		t.Fatalf("docs/graph-model.md has %d queries; it documents at least 8", len(queries))
	}
	ev := newEnv(t)
	ids := seedDocGraph(ev)
	seen := map[string]bool{}
	for _, q := range queries {
		if seen[q.name] {
			t.Fatalf("two queries are named %s", q.name)
		}
		seen[q.name] = true
		want, ok := docAnswers[q.name]
		if !ok {
			t.Errorf("query %s of docs/graph-model.md has no expected answer in docAnswers", q.name)
			continue
		}
		t.Run(q.name, func(t *testing.T) {
			params := map[string]any{"project": ev.project.ID, "id": ids[want.id], "other": ids[want.other]}
			r := cypherCall(t, ev.e, q.text, params)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s\n%s", r.Status, r.Raw, q.text)
			}
			got := docRows(t, r.data(), ids)
			wantRows := compactJSON(t, want.rows)
			if want.unordered {
				got, wantRows = sortedRows(t, got), sortedRows(t, wantRows)
			}
			if got != wantRows {
				t.Fatalf("answer\n  %s\nwant\n  %s\n%s", got, wantRows, q.text)
			}
		})
	}
	for name := range docAnswers {
		if !seen[name] {
			t.Errorf("docAnswers has %s, which docs/graph-model.md no longer has", name)
		}
	}
}

// seedDocGraph seeds the graph docAnswers describes and returns its ids by name.
func seedDocGraph(ev *env) map[string]string {
	ev.t.Helper()
	ids := map[string]string{
		"acme":   ev.create("companies", map[string]any{"name": "Acme", "founded": 1999}),
		"globex": ev.create("companies", map[string]any{"name": "Globex"}),
		"ada":    ev.create("people", map[string]any{"name": "Ada", "born": map[string]any{"$year": 1815, "$month": 12, "$day": 10}}),
		"bo":     ev.create("people", map[string]any{"name": "Bo"}),
		"cy":     ev.create("people", map[string]any{"name": "Cy"}),
		"dee":    ev.create("people", map[string]any{"name": "Dee"}),
		"paris":  ev.create("cities", map[string]any{"name": "Paris"}),
	}
	for _, l := range [][4]string{
		{"acme", "employees", "ada", "CEO"}, {"acme", "employees", "bo", ""}, {"globex", "employees", "cy", "CTO"},
		{"ada", "knows", "cy", ""}, {"bo", "knows", "cy", ""}, {"ada", "location", "paris", ""}, {"cy", "location", "paris", ""},
	} {
		body := map[string]any{"targetIds": ids[l[2]], "type": l[1]}
		if l[3] != "" {
			body["description"] = l[3]
		}
		if r := ev.do("POST", "/api/v1/records/"+ids[l[0]]+"/relations", body, ev.write); r.Status != http.StatusCreated {
			ev.t.Fatalf("attach: %s", r.Raw)
		}
	}
	// Attaching again puts a properties bag on two of the edges.
	for _, b := range []struct {
		from, property, to string
		bag                map[string]any
	}{
		{"acme", "employees", "ada", map[string]any{"since": 2001}},
		{"ada", "knows", "cy", map[string]any{"since": 2019, "close": true}},
	} {
		body := map[string]any{"targetIds": ids[b.to], "type": b.property, "properties": b.bag}
		if r := ev.do("POST", "/api/v1/records/"+ids[b.from]+"/relations", body, ev.write); r.Status != http.StatusCreated {
			ev.t.Fatalf("attach: %s", r.Raw)
		}
	}
	return ids
}

// docRows writes an answer's rows as lists in column order, record ids as
// #name.
func docRows(t *testing.T, data map[string]any, ids map[string]string) string {
	t.Helper()
	names := map[string]string{}
	for name, id := range ids {
		names[id] = "#" + name
	}
	var cols []string
	for _, c := range data["columns"].([]any) {
		cols = append(cols, c.(string))
	}
	rows := [][]any{}
	for _, r := range data["rows"].([]any) {
		row := r.(map[string]any)
		var out []any
		for _, c := range cols {
			v := row[c]
			if s, ok := v.(string); ok && names[s] != "" {
				v = names[s]
			}
			out = append(out, v)
		}
		rows = append(rows, out)
	}
	return jsonOf(t, rows)
}

func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("expected rows %s: %v", s, err)
	}
	return jsonOf(t, v)
}

// sortedRows sorts a JSON list of rows by their JSON text.
func sortedRows(t *testing.T, s string) string {
	t.Helper()
	var rows []json.RawMessage
	if err := json.Unmarshal([]byte(s), &rows); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(rows))
	for i, r := range rows {
		texts[i] = string(r)
	}
	slices.Sort(texts)
	return "[" + strings.Join(texts, ",") + "]"
}
