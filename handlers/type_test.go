package handlers_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/schema"
)

// rel is the x-type-schema of a relation property.
var rel = map[string]any{"input": "relation", "view": "relation", "filter": "relation"}

// declare declares a type with the admin token; the test fails on any
// answer other than 200 or 201.
func (ev *env) declare(typ string, body any) response {
	ev.t.Helper()
	ev.cleanTypes()
	r := ev.do("PUT", "/api/v1/types/"+typ, body, ev.admin)
	if r.Status != http.StatusOK && r.Status != http.StatusCreated {
		ev.t.Fatalf("declare %s: %d %s", typ, r.Status, r.Raw)
	}
	return r
}

// cleanTypes removes the project's declared types when the test ends
// (deleting a project leaves them; see docs/schema.md), and the indexes
// no other declaration asks for.
func (ev *env) cleanTypes() {
	ev.t.Cleanup(func() {
		query(ev.t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": ev.project.ID})
		if err := graphtest.Store().ReconcileIndexes(context.Background()); err != nil {
			ev.t.Errorf("reconcile indexes: %v", err)
		}
	})
}

// field is the details.field of an error envelope.
func (r response) field() string {
	e, _ := r.Body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	f, _ := d["field"].(string)
	return f
}

// companyTypes declares employees, contacts and companies, whose employees
// property (at most max) pairs with employees.employer.
func companyTypes(ev *env, max int) {
	ev.declare("employees", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}})
	ev.declare("contacts", map[string]any{})
	ev.declare("companies", map[string]any{"title": "Company", "representation": "{name}", "properties": map[string]any{
		"name":      map[string]any{"type": "string", "minLength": 1},
		"employees": map[string]any{"type": "array", "maxItems": max, "x-type-schema": rel, "allowedTypeIds": []string{"employees"}, "inverse": map[string]any{"type": "employees", "property": "employer"}},
		"parent":    map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"companies"}},
	}, "required": []string{"name"}})
}

func TestDeclareType(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.cleanTypes()
	body := map[string]any{"title": "Employee", "properties": map[string]any{"name": map[string]any{"type": "string"}}}
	tests := []struct {
		name       string
		token      string
		wantStatus int
		wantCode   string
	}{
		{"a write token cannot declare", ev.write, 403, "forbidden"},
		{"a read token cannot declare", ev.read, 403, "forbidden"},
		{"the admin token declares a new type", ev.admin, 201, ""},
		{"declaring again replaces the definition", ev.admin, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("PUT", "/api/v1/types/employees", body, tc.token)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q: %s", r.Status, r.code(), r.Raw)
			}
		})
	}
	rows := query(t, "MATCH (t:RecordType {project: $p}) RETURN t.id AS id, t.key AS key, t.definition AS d", map[string]any{"p": ev.project.ID})
	if len(rows) != 1 || rows[0]["id"] != "employees" || rows[0]["key"] != ev.project.ID+"/employees" {
		t.Fatalf("stored %v", rows)
	}
	r := ev.do("GET", "/api/v1/types/employees", nil, ev.read)
	if r.Status != 200 || r.data()["title"] != "Employee" || r.data()["id"] != "employees" {
		t.Fatalf("read back: %d %s", r.Status, r.Raw)
	}
	if r := ev.do("GET", "/api/v1/types/ghosts", nil, ev.read); r.Status != 404 {
		t.Errorf("an undeclared type: %d", r.Status)
	}
}

func TestDeclarationErrorsPointAtTheField(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	companyTypes(ev, 10)
	tests := []struct {
		name, typ string
		body      any
		wantCode  string
		wantField string
	}{
		{"an unknown option", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"type": "string", "colour": "red"}}}, "unknown_option", "/properties/a/colour"},
		{"a bad type id in the path", "two%20words", map[string]any{}, "invalid_type", "type"},
		{"minItems above maxItems", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"x-type-schema": rel, "type": "array", "minItems": 5, "maxItems": 1}}}, "min_exceeds_max", "/properties/a/minItems"},
		{"allowedTypeIds naming an undeclared type", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"ghosts"}}}}, "undeclared_type", "/properties/a/allowedTypeIds/0"},
		{"an inverse to an undeclared type", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"x-type-schema": rel, "inverse": map[string]any{"type": "ghosts", "property": "b"}}}}, "undeclared_type", "/properties/a/inverse/type"},
		{"a full tenant name in allowedTypeIds", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"tenant-" + ev.project.ID + "-companies"}}}}, "tenant_name", "/properties/a/allowedTypeIds/0"},
		{"an inverse onto a property already used", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"x-type-schema": rel, "inverse": map[string]any{"type": "employees", "property": "name"}}}}, "inverse_conflict", "/properties/a/inverse/property"},
		{"an inverse pairing whose sides disagree", "employees", map[string]any{"properties": map[string]any{"employer": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"contacts"}}}}, "inverse_mismatch", "/properties/employer/allowedTypeIds"},
		{"a body that is not JSON", "things", "{", "invalid_json", ""},
		{"index on an array", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"type": "array", "index": false}}}, "invalid_option", "/properties/a/index"},
		{"index on a relation", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"x-type-schema": rel, "index": true}}}, "invalid_option", "/properties/a/index"},
		{"text on a number", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"type": "number", "text": true}}}, "invalid_option", "/properties/a/text"},
		{"text that is not a boolean", "things", map[string]any{"properties": map[string]any{"a": map[string]any{"type": "string", "text": "yes"}}}, "invalid_option", "/properties/a/text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("PUT", "/api/v1/types/"+tc.typ, tc.body, ev.admin)
			if r.Status != 400 || r.code() != tc.wantCode || r.field() != tc.wantField {
				t.Fatalf("got %d %q at %q, want 400 %q at %q: %s", r.Status, r.code(), r.field(), tc.wantCode, tc.wantField, r.Raw)
			}
		})
	}
	rows := query(t, "MATCH (t:RecordType {project: $p}) RETURN collect(t.id) AS ids", map[string]any{"p": ev.project.ID})
	if len(rows[0]["ids"].([]any)) != 3 {
		t.Fatalf("refused declarations stored something: %v", rows[0]["ids"])
	}
	r := ev.do("GET", "/api/v1/types/employees", nil, ev.read)
	if p := r.data()["properties"].(map[string]any)["employer"].(map[string]any); p["origin"] != "inverse" {
		t.Fatalf("a refused redeclaration changed the type: %v", p)
	}
}

func TestEffectiveSchemaShowsOrigins(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	companyTypes(ev, 10)
	if r := ev.do("PUT", "/api/v1/types/companies/links", map[string]any{"enabled": true, "allowedTypeIds": []string{"contacts"}}, ev.admin); r.Status != 200 {
		t.Fatalf("links: %d %s", r.Status, r.Raw)
	}
	tests := []struct {
		typ, property, wantOrigin string
		want                      map[string]any // a subset of the property
	}{
		{"companies", "name", "declared", map[string]any{"type": "string"}},
		{"companies", "employees", "declared", map[string]any{"maxItems": 10.0, "inverse": map[string]any{"type": "employees", "property": "employer"}}},
		{"companies", "links", "override", map[string]any{"type": "array", "allowedTypeIds": []any{"contacts"}}},
		{"employees", "employer", "inverse", map[string]any{"allowedTypeIds": []any{"companies"}, "inverse": map[string]any{"type": "companies", "property": "employees"}}},
		{"employees", "name", "declared", nil},
	}
	for _, tc := range tests {
		t.Run(tc.typ+"."+tc.property, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/types/"+tc.typ, nil, ev.read)
			p, _ := r.data()["properties"].(map[string]any)[tc.property].(map[string]any)
			if p["origin"] != tc.wantOrigin {
				t.Fatalf("origin %v, want %s: %s", p["origin"], tc.wantOrigin, r.Raw)
			}
			for k, v := range tc.want {
				if !reflect.DeepEqual(p[k], v) {
					t.Errorf("%s = %v, want %v", k, p[k], v)
				}
			}
		})
	}
	r := ev.do("GET", "/api/v1/types/companies", nil, ev.read)
	if _, ok := r.data()["definition"].(map[string]any)["properties"].(map[string]any)["links"]; ok {
		t.Errorf("the definition as declared does not hold the override: %s", r.Raw)
	}
	if _, ok := r.data()["schemaOverrides"].(map[string]any)["properties"].(map[string]any)["links"]; !ok {
		t.Errorf("schemaOverrides holds links: %s", r.Raw)
	}
	if r := ev.do("GET", "/api/v1/types/contacts", nil, ev.read); len(r.data()["properties"].(map[string]any)) != 0 {
		t.Errorf("without an inverse the target side shows nothing: %s", r.Raw)
	}
}

func TestListTypes(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	companyTypes(ev, 10)
	tests := []struct {
		query     string
		wantTotal int
		wantIDs   []any
	}{
		{"", 3, []any{"companies", "contacts", "employees"}},
		{"?limit=2", 3, []any{"companies", "contacts"}},
		{"?skip=2", 3, []any{"employees"}},
		{"?skip=5", 3, []any{}},
	}
	for _, tc := range tests {
		r := ev.do("GET", "/api/v1/types"+tc.query, nil, ev.read)
		ids := []any{}
		for _, item := range r.list() {
			ids = append(ids, item["id"])
		}
		if r.Status != 200 || r.Body["total"] != float64(tc.wantTotal) || !reflect.DeepEqual(ids, tc.wantIDs) {
			t.Errorf("%q: %d total=%v ids=%v", tc.query, r.Status, r.Body["total"], ids)
		}
	}
	if r := ev.do("GET", "/api/v1/types?limit=0", nil, ev.read); r.Status != 400 {
		t.Errorf("limit=0: %d", r.Status)
	}
	other := newEnv(t)
	if r := other.do("GET", "/api/v1/types", nil, other.read); r.Body["total"] != 0.0 {
		t.Errorf("another project sees %v types", r.Body["total"])
	}
}

func TestLinksSettings(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("contacts", map[string]any{})
	ev.declare("companies", map[string]any{})
	path := "/api/v1/types/companies/links"
	links := func() map[string]any {
		p, _ := ev.do("GET", "/api/v1/types/companies", nil, ev.read).data()["properties"].(map[string]any)["links"].(map[string]any)
		return p
	}
	tests := []struct {
		name       string
		body       any
		token      string
		wantStatus int
		wantCode   string
		wantField  string
		check      func(t *testing.T)
	}{
		{"enabling adds the links property", map[string]any{"enabled": true, "allowedTypeIds": []string{"contacts"},
			"descriptions": map[string]any{"tenant-" + ev.project.ID + "-contacts": []any{map[string]any{"en": "Friend", "de": "Freund"}}}}, ev.admin, 200, "", "",
			func(t *testing.T) {
				p := links()
				want := map[string]any{"contacts": []any{map[string]any{"en": "Friend", "de": "Freund"}}}
				if p["origin"] != "override" || p["type"] != "array" || !reflect.DeepEqual(p["descriptions"], want) {
					t.Fatalf("links %v", p)
				}
			}},
		{"a write token cannot change settings", map[string]any{"enabled": false}, ev.write, 403, "forbidden", "", nil},
		{"an undeclared allowed type is refused", map[string]any{"allowedTypeIds": []string{"ghosts"}}, ev.admin, 400, "undeclared_type", "/allowedTypeIds/0", nil},
		{"an unknown setting is refused", map[string]any{"enabled": true, "max": 3}, ev.admin, 400, "unknown_option", "/max", nil},
		{"disabling removes it", map[string]any{"enabled": false}, ev.admin, 200, "", "", func(t *testing.T) {
			if p := links(); p != nil {
				t.Fatalf("links still there: %v", p)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("PUT", path, tc.body, tc.token)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode || r.field() != tc.wantField {
				t.Fatalf("got %d %q at %q: %s", r.Status, r.code(), r.field(), r.Raw)
			}
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
	if r := ev.do("PUT", "/api/v1/types/ghosts/links", map[string]any{"enabled": true}, ev.admin); r.Status != 404 {
		t.Errorf("links of an undeclared type: %d", r.Status)
	}
}

func TestRedeclaringKeepsTheLinksSettings(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("companies", map[string]any{})
	ev.do("PUT", "/api/v1/types/companies/links", map[string]any{"enabled": true}, ev.admin)
	ev.declare("companies", map[string]any{"title": "Company"})
	r := ev.do("GET", "/api/v1/types/companies", nil, ev.read)
	if _, ok := r.data()["properties"].(map[string]any)["links"]; !ok {
		t.Fatalf("a declaration without schemaOverrides keeps the stored ones: %s", r.Raw)
	}
}

func TestLegacyFormsAreConvertedOnWrite(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("companies", map[string]any{})
	ev.declare("contacts", map[string]any{
		"linksConfiguration": map[string]any{"enabled": true, "allowedTypeIds": []string{"companies"}},
		"properties":         map[string]any{"company": map[string]any{"type": "string", "foreignId": map[string]any{"typeId": "companies"}}},
	})
	rows := query(t, "MATCH (t:RecordType {key: $k}) RETURN t.definition AS d, t.overrides AS o", map[string]any{"k": ev.project.ID + "/contacts"})
	def, over := rows[0]["d"].(string), rows[0]["o"].(string)
	for _, legacy := range []string{"linksConfiguration", "foreignId"} {
		if strings.Contains(def, legacy) {
			t.Errorf("the stored definition still holds %s: %s", legacy, def)
		}
	}
	if !strings.Contains(over, `"links"`) {
		t.Errorf("the links property is in the overrides: %s", over)
	}
	r := ev.do("GET", "/api/v1/types/contacts", nil, ev.read)
	company := r.data()["properties"].(map[string]any)["company"].(map[string]any)
	if !reflect.DeepEqual(company["allowedTypeIds"], []any{"companies"}) || company["type"] != nil || company["x-type-schema"] == nil {
		t.Fatalf("foreignId became a single relation: %v", company)
	}
	ct, acme := ev.create("contacts", nil), ev.create("companies", nil)
	r = ev.do("PATCH", "/api/v1/records/"+ct, map[string]any{"properties": map[string]any{"company": acme}}, ev.write)
	if r.Status != 200 || edgeCount(t, ct, acme, "company") != 1 || r.data()["company"] != nil {
		t.Fatalf("a former foreignId value becomes an edge: %d %s", r.Status, r.Raw)
	}
}

func TestDeleteType(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	companyTypes(ev, 10)
	ev.declare("notes", map[string]any{})
	ev.create("notes", nil)
	tests := []struct {
		name, typ  string
		token      string
		wantStatus int
		wantCode   string
	}{
		{"a write token cannot delete a type", "contacts", ev.write, 403, "forbidden"},
		{"a type other types name is kept", "employees", ev.admin, 409, "type_in_use"},
		{"a type with records is kept", "notes", ev.admin, 409, "type_in_use"},
		{"an unused type goes", "contacts", ev.admin, 200, ""},
		{"an undeclared type is unknown", "contacts", ev.admin, 404, "not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("DELETE", "/api/v1/types/"+tc.typ, nil, tc.token)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q: %s", r.Status, r.code(), r.Raw)
			}
		})
	}
	rows := query(t, "MATCH (t:RecordType {project: $p}) RETURN t.id AS id ORDER BY id", map[string]any{"p": ev.project.ID})
	var ids []any
	for _, r := range rows {
		ids = append(ids, r["id"])
	}
	if !reflect.DeepEqual(ids, []any{"companies", "employees", "notes"}) {
		t.Fatalf("types left %v", ids)
	}
}

func TestADeclarationHoldsAtOnceOnEveryInstance(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	other := newAPI(graphtest.Store(), testConfig) // a second instance of the service
	a, b := ev.create("teams", nil), ev.create("people", nil)
	ev.declare("people", map[string]any{})
	ev.declare("teams", map[string]any{"properties": map[string]any{"lead": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"people"}}}})
	r := send(t, other, "POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "type": "members"}, ev.write)
	if r.Status != 422 || r.code() != "undeclared_relation" {
		t.Fatalf("the other instance enforces the new type at once: %d %s", r.Status, r.Raw)
	}
	ev.declare("teams", map[string]any{"properties": map[string]any{"members": map[string]any{"type": "array", "x-type-schema": rel}}})
	if r := send(t, other, "POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "type": "members"}, ev.write); r.Status != 201 {
		t.Fatalf("and its changes: %d %s", r.Status, r.Raw)
	}
}

// uniqueType is a type id no other test uses: labels, and so the indexes of
// declared types, are shared by the whole database.
func uniqueType() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "ix_" + hex.EncodeToString(b)
}

func TestTypeShowsItsIndexes(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	typ, hostile, backslash := uniqueType(), "a`b }) DETACH DELETE n //", `x\u0060y`
	name := func(kind, property string) string {
		return cypher.IndexName(schema.Index{Kind: kind, Type: typ, Property: property})
	}
	str := map[string]any{"type": "string"}
	steps := []struct {
		name string
		body map[string]any
		want []any
	}{
		{"each indexable scalar gets a range index after the project's", map[string]any{"properties": map[string]any{
			"name": str, "age": map[string]any{"type": "integer"}, "tags": map[string]any{"type": "array"}}},
			[]any{
				map[string]any{"property": nil, "kind": "range", "name": name("range", ""), "state": "ONLINE", "populationPercent": 100.0},
				map[string]any{"property": "age", "kind": "range", "name": name("range", "age"), "state": "ONLINE", "populationPercent": 100.0},
				map[string]any{"property": "name", "kind": "range", "name": name("range", "name"), "state": "ONLINE", "populationPercent": 100.0},
			}},
		{"index false, text true, a hostile name and a backslash name", map[string]any{"properties": map[string]any{
			"name": map[string]any{"type": "string", "text": true}, "age": map[string]any{"type": "integer", "index": false},
			hostile: str, backslash: str}},
			[]any{
				map[string]any{"property": nil, "kind": "range", "name": name("range", ""), "state": "ONLINE", "populationPercent": 100.0},
				map[string]any{"property": hostile, "kind": "range", "name": name("range", hostile), "state": "ONLINE", "populationPercent": 100.0},
				map[string]any{"property": "name", "kind": "range", "name": name("range", "name"), "state": "ONLINE", "populationPercent": 100.0},
				map[string]any{"property": "name", "kind": "text", "name": name("text", "name"), "state": "ONLINE", "populationPercent": 100.0},
				map[string]any{"property": backslash, "kind": "range", "name": name("range", backslash), "state": "unindexable", "populationPercent": 0.0},
			}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ev.declare(typ, st.body)
			r := ev.do("GET", "/api/v1/types/"+typ, nil, ev.read)
			for _, i := range r.data()["indexes"].([]any) {
				if i.(map[string]any)["state"] == "POPULATING" {
					query(t, "CALL db.awaitIndex($name, 30)", map[string]any{"name": i.(map[string]any)["name"]})
				}
			}
			r = ev.do("GET", "/api/v1/types/"+typ, nil, ev.read)
			if got := r.data()["indexes"]; r.Status != 200 || !reflect.DeepEqual(got, st.want) {
				t.Fatalf("%d indexes %v\nwant %v", r.Status, got, st.want)
			}
			if _, ok := r.data()["definition"].(map[string]any)["properties"].(map[string]any)["name"].(map[string]any)["text"]; ok != (st.name != steps[0].name) {
				t.Errorf("the definition keeps the text option as declared: %s", r.Raw)
			}
		})
	}
	t.Run("removing the type drops its indexes", func(t *testing.T) {
		if r := ev.do("DELETE", "/api/v1/types/"+typ, nil, ev.admin); r.Status != 200 {
			t.Fatalf("delete: %d %s", r.Status, r.Raw)
		}
		rows := query(t, "SHOW INDEXES YIELD name, labelsOrTypes WHERE $typ IN labelsOrTypes RETURN count(*) AS n", map[string]any{"typ": typ})
		if rows[0]["n"] != int64(0) {
			t.Fatalf("%v indexes left on %s", rows[0]["n"], typ)
		}
	})
}
