package handlers_test

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
)

const importPath = "/api/v1/records/import/json"

// importedEdges lists the project's edges as "sourceType.name -property-> targetType.name"
// (name, or title, or the id when neither), sorted, with " (description)"
// when the edge has one.
func importedEdges(t *testing.T, project string) []string {
	t.Helper()
	rows := query(t, `MATCH (a:Record {__project: $p})-[e:LINK]->(b:Record)
RETURN [l IN labels(a) WHERE l <> 'Record'][0] + '.' + coalesce(a.name, a.title, a.__id) + ' -' + e.property + '-> ' +
  [l IN labels(b) WHERE l <> 'Record'][0] + '.' + coalesce(b.name, b.title, b.__id) +
  coalesce(' (' + e.description + ')', '') AS edge`, map[string]any{"p": project})
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r["edge"].(string)
	}
	slices.Sort(out)
	return out
}

// importedRecords lists the project's records as "type.name" (or title, or
// id), sorted.
func importedRecords(t *testing.T, project string) []string {
	t.Helper()
	rows := query(t, `MATCH (r:Record {__project: $p})
RETURN [l IN labels(r) WHERE l <> 'Record'][0] + '.' + coalesce(r.name, r.title, r.__id) AS record`, map[string]any{"p": project})
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r["record"].(string)
	}
	slices.Sort(out)
	return out
}

func TestImportJSON(t *testing.T) {
	t.Parallel()
	type obj = map[string]any
	type arr = []any
	tests := []struct {
		name       string
		body       func(ev *env) any
		wantStatus int
		wantCode   string
		wantField  string   // the error's JSON pointer
		wantData   []obj    // a subset of each returned record, in order
		wantTotal  int      // when the import succeeds
		records    []string // the project's records afterwards (nil: none)
		edges      []string // the project's edges afterwards (nil: none)
	}{
		{name: "a flat array creates one record per object, types inferred",
			body: func(*env) any {
				return obj{"label": "people", "payload": arr{
					obj{"name": "Ada", "age": 36, "score": 1.5, "tags": arr{"a", "b"}, "active": true, "gone": nil,
						"born": obj{"$year": 1815, "$month": 12, "$day": 10}, "since": "2020-01-02T03:04:05Z"},
					obj{"name": "Bob"},
				}}
			},
			wantStatus: 201, wantTotal: 2,
			wantData: []obj{
				{"__label": "people", "name": "Ada", "age": 36.0, "score": 1.5, "tags": arr{"a", "b"}, "active": true, "gone": nil,
					"born": "1815-12-10T00:00:00Z", "since": "2020-01-02T03:04:05Z",
					"__proptypes": obj{"name": "string", "age": "number", "score": "number", "tags": "string", "active": "boolean",
						"gone": "null", "born": "datetime", "since": "string"}},
				{"__label": "people", "name": "Bob", "__proptypes": obj{"name": "string"}},
			},
			records: []string{"people.Ada", "people.Bob"}},
		{name: "a single object creates one record",
			body:       func(*env) any { return obj{"label": "companies", "payload": obj{"name": "Acme", "size": 3}} },
			wantStatus: 201, wantTotal: 1,
			wantData: []obj{{"__label": "companies", "name": "Acme", "size": 3.0}},
			records:  []string{"companies.Acme"}},
		{name: "nested objects and arrays of objects become children over two levels, each record before its children",
			body: func(*env) any {
				return obj{"label": "companies", "payload": obj{"name": "Acme",
					"address": obj{"name": "HQ", "city": "Paris"},
					"employees": arr{
						obj{"name": "Ann", "projects": arr{obj{"title": "X"}, obj{"title": "Y"}}},
						obj{"name": "Bo"},
					}}}
			},
			wantStatus: 201, wantTotal: 6,
			wantData: []obj{
				{"__label": "companies", "name": "Acme", "__proptypes": obj{"name": "string"}},
				{"__label": "address", "name": "HQ", "city": "Paris"},
				{"__label": "employees", "name": "Ann", "__proptypes": obj{"name": "string"}},
				{"__label": "projects", "title": "X"},
				{"__label": "projects", "title": "Y"},
				{"__label": "employees", "name": "Bo"},
			},
			records: []string{"address.HQ", "companies.Acme", "employees.Ann", "employees.Bo", "projects.X", "projects.Y"},
			edges: []string{"companies.Acme -address-> address.HQ", "companies.Acme -employees-> employees.Ann",
				"companies.Acme -employees-> employees.Bo", "employees.Ann -projects-> projects.X", "employees.Ann -projects-> projects.Y"}},
		{name: "returnResult false answers the count only",
			body: func(*env) any {
				return obj{"label": "people", "options": obj{"returnResult": false},
					"payload": arr{obj{"name": "A", "pets": arr{obj{"name": "Rex"}}}, obj{"name": "B"}}}
			},
			wantStatus: 201, wantTotal: 3, wantData: []obj{},
			records: []string{"people.A", "people.B", "pets.Rex"},
			edges:   []string{"people.A -pets-> pets.Rex"}},
		{name: "suggestTypes false stores every value as a string",
			body: func(*env) any {
				return obj{"label": "people", "options": obj{"suggestTypes": false, "returnResult": true}, "payload": obj{
					"name": "Ann", "age": 30, "rate": 1.50, "vip": false, "gone": nil, "scores": arr{1, 2},
					"at": obj{"$year": 2024, "$month": 5, "$day": 6, "$hour": 7}}}
			},
			wantStatus: 201, wantTotal: 1,
			wantData: []obj{{"name": "Ann", "age": "30", "rate": "1.5", "vip": "false", "gone": "null", "scores": arr{"1", "2"},
				"at": "2024-05-06T07:00:00Z", "__proptypes": obj{"name": "string", "age": "string", "rate": "string", "vip": "string",
					"gone": "string", "scores": "string", "at": "string"}}},
			records: []string{"people.Ann"}},
		{name: "a __links bag links to existing records, with descriptions",
			body: func(ev *env) any {
				a := ev.create("companies", obj{"name": "Acme"})
				b := ev.create("companies", obj{"name": "Globex"})
				return obj{"label": "people", "payload": arr{
					obj{"name": "Ann", "__links": arr{a, obj{"id": b, "description": "Founder"}}},
					obj{"name": "Bo", "__links": arr{obj{"id": a}}},
				}}
			},
			wantStatus: 201, wantTotal: 2,
			wantData: []obj{{"name": "Ann", "__proptypes": obj{"name": "string"}}, {"name": "Bo"}},
			records:  []string{"companies.Acme", "companies.Globex", "people.Ann", "people.Bo"},
			edges: []string{"people.Ann -links-> companies.Acme", "people.Ann -links-> companies.Globex (Founder)",
				"people.Bo -links-> companies.Acme"}},
		{name: "an empty payload creates nothing",
			body:       func(*env) any { return obj{"label": "people", "payload": arr{}} },
			wantStatus: 201, wantTotal: 0, wantData: []obj{}},
		{name: "a bad value deep inside is refused with its pointer, and nothing is written",
			body: func(*env) any {
				return obj{"label": "people", "payload": arr{obj{"name": "A"}, obj{"name": "B"}, obj{"name": "C"},
					obj{"name": "D", "address": obj{"city": arr{1, "two"}}}}}
			},
			wantStatus: 400, wantCode: "type_mismatch", wantField: "/payload/3/address/city"},
		{name: "a child key that is not a type name is refused",
			body: func(*env) any {
				return obj{"label": "people", "payload": arr{obj{"name": "A"}, obj{"name": "B", "home town": obj{"name": "Rome"}}}}
			},
			wantStatus: 400, wantCode: "invalid_type", wantField: "/payload/1/home town"},
		{name: "a reserved property name is refused",
			body: func(*env) any {
				return obj{"label": "people", "payload": obj{"name": "A", "kids": arr{obj{"__id": "x"}}}}
			},
			wantStatus: 400, wantCode: "reserved_property", wantField: "/payload/kids/0/__id"},
		{name: "an array mixing objects and values is refused",
			body:       func(*env) any { return obj{"label": "people", "payload": obj{"pets": arr{obj{"name": "Rex"}, "cat"}}} },
			wantStatus: 400, wantCode: "mixed_array", wantField: "/payload/pets"},
		{name: "an item that is not an object is refused",
			body:       func(*env) any { return obj{"label": "people", "payload": arr{obj{"name": "A"}, "B"}} },
			wantStatus: 400, wantCode: "invalid_import", wantField: "/payload/1"},
		{name: "a bad __links bag is refused",
			body:       func(*env) any { return obj{"label": "people", "payload": obj{"name": "A", "__links": "nope"}} },
			wantStatus: 400, wantCode: "invalid_links", wantField: "/payload/__links"},
		{name: "a bad label is refused",
			body:       func(*env) any { return obj{"label": "two words", "payload": obj{"name": "A"}} },
			wantStatus: 400, wantCode: "invalid_type", wantField: "/label"},
		{name: "a missing payload is refused",
			body:       func(*env) any { return obj{"label": "people"} },
			wantStatus: 400, wantCode: "invalid_import", wantField: "/payload"},
		{name: "unknown __links ids are 404, and nothing is written",
			body: func(ev *env) any {
				a := ev.create("companies", obj{"name": "Acme"})
				return obj{"label": "people", "payload": arr{obj{"name": "Ann", "__links": arr{a, "01890a5d-ac96-774b-bcce-b302099a8057"}}}}
			},
			wantStatus: 404, wantCode: "records_not_found", records: []string{"companies.Acme"}},
		{name: "__links ids of another project are 404, and nothing is written",
			body: func(ev *env) any {
				other := newEnv(ev.t)
				theirs := other.create("companies", obj{"name": "Theirs"})
				return obj{"label": "people", "payload": obj{"name": "Ann", "__links": arr{theirs}}}
			},
			wantStatus: 404, wantCode: "records_not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := newEnv(t)
			r := ev.do("POST", importPath, tc.body(ev), ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantField != "" {
				details, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
				if details["field"] != tc.wantField {
					t.Errorf("error field = %v, want %s: %s", details["field"], tc.wantField, r.Raw)
				}
			}
			if r.Status == http.StatusCreated {
				checkImported(t, ev, r, tc.wantData, tc.wantTotal)
			}
			if got := importedRecords(t, ev.project.ID); !reflect.DeepEqual(got, orEmpty(tc.records)) {
				t.Errorf("records in the graph:\n got %q\nwant %q", got, tc.records)
			}
			if got := importedEdges(t, ev.project.ID); !reflect.DeepEqual(got, orEmpty(tc.edges)) {
				t.Errorf("edges in the graph:\n got %q\nwant %q", got, tc.edges)
			}
		})
	}
}

// checkImported compares the answer of a successful import with the
// expected records (subsets, in order) and total, and checks each returned
// record is what GET /records/{id} reads.
func checkImported(t *testing.T, ev *env, r response, want []map[string]any, total int) {
	t.Helper()
	if got, _ := r.Body["total"].(float64); int(got) != total {
		t.Errorf("total = %v, want %d", r.Body["total"], total)
	}
	got := r.list()
	if len(got) != len(want) {
		t.Fatalf("%d records returned, want %d: %s", len(got), len(want), r.Raw)
	}
	for i, w := range want {
		for k, v := range w {
			if !reflect.DeepEqual(got[i][k], v) {
				t.Errorf("record %d: %s = %#v, want %#v", i, k, got[i][k], v)
			}
		}
		if again := ev.do("GET", "/api/v1/records/"+got[i]["__id"].(string), nil, ev.read); !reflect.DeepEqual(again.data(), got[i]) {
			t.Errorf("record %d as stored:\n%v\nas returned:\n%v", i, again.data(), got[i])
		}
	}
}

func orEmpty(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func TestImportLimits(t *testing.T) {
	t.Parallel()
	cfg := testConfig
	cfg.BodyLimit = 4 << 20
	ev := newEnv(t)
	ev.e = newAPI(graphtest.Store(), cfg)

	many := `{"label": "people", "payload": [` + strings.Repeat(`{},`, 100_000) + `{}]}`
	r := ev.do("POST", importPath, many, ev.write)
	if r.Status != http.StatusRequestEntityTooLarge || r.code() != "too_many_records" {
		t.Fatalf("100001 records: got %d %q, want 413 too_many_records: %.300s", r.Status, r.code(), r.Raw)
	}
	nested := `{"label": "people", "payload": {"kids": [` + strings.Repeat(`{},`, 100_000) + `{}]}}`
	if r := ev.do("POST", importPath, nested, ev.write); r.Status != http.StatusRequestEntityTooLarge || r.code() != "too_many_records" {
		t.Fatalf("children count too: got %d %q: %.300s", r.Status, r.code(), r.Raw)
	}
	if n := ev.count(); n != 0 {
		t.Errorf("%d records written by refused imports", n)
	}

	small := testConfig
	small.BodyLimit = 1 << 10
	ev.e = newAPI(graphtest.Store(), small)
	big := fmt.Sprintf(`{"label": "people", "payload": {"name": %q}}`, strings.Repeat("x", 2<<10))
	if r := ev.do("POST", importPath, big, ev.write); r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("body over the limit: got %d: %s", r.Status, r.Raw)
	}
	if r := ev.do("POST", importPath, `{"label": "people", "payload": {"name": "A"}}`, ev.read); r.Status != http.StatusForbidden {
		t.Fatalf("read token: got %d, want 403: %s", r.Status, r.Raw)
	}
	if n := ev.count(); n != 0 {
		t.Errorf("%d records written by refused imports", n)
	}
}

func TestImportInTransaction(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	body := map[string]any{"label": "companies", "payload": []any{
		map[string]any{"name": "Acme", "employees": []any{map[string]any{"name": "Ann"}, map[string]any{"name": "Bo"}}},
	}}

	rolledBack := ev.begin(30000)
	if r := ev.inTx(rolledBack, "POST", importPath, body, ev.write); r.Status != 201 || r.Body["total"] != 3.0 {
		t.Fatalf("import in tx: %d %s", r.Status, r.Raw)
	}
	if r := ev.inTx(rolledBack, "POST", "/api/v1/records/search", map[string]any{"labels": []string{"employees"}}, ev.read); r.Body["total"] != 2.0 {
		t.Errorf("inside the transaction the import is visible: got %s", r.Raw)
	}
	if n := ev.count(); n != 0 {
		t.Fatalf("%d records visible outside the transaction before it ends", n)
	}
	if r := ev.do("POST", "/api/v1/tx/"+rolledBack+"/rollback", nil, ev.write); r.Status != 200 {
		t.Fatalf("rollback: %d %s", r.Status, r.Raw)
	}
	if n := ev.count(); n != 0 {
		t.Fatalf("%d records left by a rolled back import", n)
	}

	committed := ev.begin(30000)
	if r := ev.inTx(committed, "POST", importPath, body, ev.write); r.Status != 201 {
		t.Fatalf("import in tx: %d %s", r.Status, r.Raw)
	}
	if r := ev.do("POST", "/api/v1/tx/"+committed+"/commit", nil, ev.write); r.Status != 200 {
		t.Fatalf("commit: %d %s", r.Status, r.Raw)
	}
	want := []string{"companies.Acme -employees-> employees.Ann", "companies.Acme -employees-> employees.Bo"}
	if got := importedEdges(t, ev.project.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("after commit: edges %q, want %q", got, want)
	}
}

func TestImportDeclaredTypes(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for _, typ := range []struct{ id, body string }{
		{"employees", `{"properties": {"name": {"type": "string", "minLength": 1}}, "required": ["name"]}`},
		{"companies", `{"properties": {"name": {"type": "string"},
			"employees": {"type": "array", "maxItems": 2, "x-type-schema": {"input": "relation", "view": "relation", "filter": "relation"},
				"allowedTypeIds": ["employees"]}}}`},
	} {
		if r := ev.do("PUT", "/api/v1/types/"+typ.id, typ.body, ev.admin); r.Status/100 != 2 {
			t.Fatalf("declare %s: %d %s", typ.id, r.Status, r.Raw)
		}
	}
	type obj = map[string]any
	type arr = []any
	tests := []struct {
		name       string
		payload    any
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{"values of a declared type are checked", arr{obj{"name": "Ann"}, obj{"name": ""}}, 422, "min_length", "/payload/1/name"},
		{"required properties of a declared type must be given", arr{obj{"nick": "A"}}, 422, "required", "/payload/0/name"},
		{"children of a declared parent need a declared relation property",
			obj{"name": "Acme", "employees": arr{obj{"name": "Ann"}}, "offices": obj{"city": "Rome"}}, 422, "undeclared_relation", "/payload/offices"},
		{"children of a declared relation property obey its allowed types",
			obj{"name": "Acme", "employees": arr{map[string]any{"name": "Ann"}}}, 201, "", ""},
		{"children of a declared relation property obey its cardinality",
			obj{"name": "Acme", "employees": arr{obj{"name": "A"}, obj{"name": "B"}, obj{"name": "C"}}}, 422, "max_items", ""},
	}
	for _, tc := range tests {
		label := "employees"
		if m, ok := tc.payload.(map[string]any); ok && m["employees"] != nil {
			label = "companies"
		}
		before := ev.count()
		r := ev.do("POST", importPath, map[string]any{"label": label, "payload": tc.payload}, ev.write)
		if r.Status != tc.wantStatus || r.code() != tc.wantCode {
			t.Errorf("%s: got %d %q, want %d %q: %s", tc.name, r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			continue
		}
		if tc.wantField != "" {
			details, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
			if details["field"] != tc.wantField {
				t.Errorf("%s: error field = %v, want %s", tc.name, details["field"], tc.wantField)
			}
		}
		if after := ev.count(); tc.wantStatus != 201 && after != before {
			t.Errorf("%s: a refused import wrote %d records", tc.name, after-before)
		}
	}

	// __links of a declared type need its links property, and keep their
	// descriptions.
	boss := ev.create("companies", obj{"name": "Initech"})
	links := map[string]any{"label": "employees", "payload": obj{"name": "Cy", "__links": arr{obj{"id": boss, "description": "Boss"}}}}
	if r := ev.do("POST", importPath, links, ev.write); r.Status != 422 || r.code() != "undeclared_relation" {
		t.Errorf("__links without the links property: got %d %q, want 422 undeclared_relation: %s", r.Status, r.code(), r.Raw)
	}
	if r := ev.do("PUT", "/api/v1/types/employees/links", obj{"enabled": true}, ev.admin); r.Status != 200 {
		t.Fatalf("enable links: %d %s", r.Status, r.Raw)
	}
	if r := ev.do("POST", importPath, links, ev.write); r.Status != 201 {
		t.Fatalf("__links with the links property: %d %s", r.Status, r.Raw)
	}
	if got := importedEdges(t, ev.project.ID); !slices.Contains(got, "employees.Cy -links-> companies.Initech (Boss)") {
		t.Errorf("edges %q lack Cy's described link", got)
	}
}
