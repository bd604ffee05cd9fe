package handlers_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/schema"
)

// propKey is how tests name a catalogue entry: label/name/type.
func propKey(p map[string]any) string {
	return fmt.Sprintf("%s/%s/%s", p["label"], p["name"], p["type"])
}

// catalogue reads POST /properties for body as {label/name/type: count},
// checking that every id is what its fields say.
func (ev *env) catalogue(body any) map[string]int {
	ev.t.Helper()
	r := ev.do("POST", "/api/v1/properties", body, ev.read)
	if r.Status != http.StatusOK {
		ev.t.Fatalf("POST /properties: %d %s", r.Status, r.Raw)
	}
	out := map[string]int{}
	for _, p := range r.list() {
		want := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%s\x00%s\x00%s", p["label"], p["name"], p["type"])))
		if p["id"] != want {
			ev.t.Errorf("property %s has id %v, want %s", propKey(p), p["id"], want)
		}
		out[propKey(p)] = int(p["count"].(float64))
	}
	if total := int(r.Body["total"].(float64)); total != len(out) {
		ev.t.Errorf("total %d, %d properties", total, len(out))
	}
	return out
}

// propID is the id of label/name/type.
func propID(label, name, typ string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(label + "\x00" + name + "\x00" + typ))
}

func propValue(name, typ string, value any) map[string]any {
	return map[string]any{"name": name, "type": typ, "value": value}
}

func TestPropertiesCatalogue(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.create("person", map[string]any{"name": "Ada", "age": 36})
	ev.create("person", map[string]any{"name": "Bob", "age": "unknown", "tags": []any{"x", "y"}})
	ev.createTyped("person", propValue("name", "string", "Cy"), propValue("born", "datetime", map[string]any{"$year": 1990, "$month": 5}), propValue("nick", "null", nil))
	ev.create("company", map[string]any{"name": "Acme", "public": true})

	tests := []struct {
		name string
		body any
		want map[string]int
	}{
		{"every property of every type, per value type", map[string]any{}, map[string]int{
			"company/name/string": 1, "company/public/boolean": 1,
			"person/age/number": 1, "person/age/string": 1, "person/born/datetime": 1,
			"person/name/string": 3, "person/nick/null": 1, "person/tags/string": 1,
		}},
		{"labels keep one type", map[string]any{"labels": []string{"company"}}, map[string]int{
			"company/name/string": 1, "company/public/boolean": 1,
		}},
		{"where keeps the matching records", map[string]any{"where": map[string]any{"name": map[string]any{"$in": []string{"Ada", "Cy"}}}}, map[string]int{
			"person/age/number": 1, "person/born/datetime": 1, "person/name/string": 2, "person/nick/null": 1,
		}},
		{"a datetime object in where matches the stored datetime", map[string]any{"where": map[string]any{"born": map[string]any{"$year": 1990, "$month": 5}}}, map[string]int{
			"person/born/datetime": 1, "person/name/string": 1, "person/nick/null": 1,
		}},
		{"paging does not apply", map[string]any{"labels": []string{"company"}, "limit": 1, "skip": 5}, map[string]int{
			"company/name/string": 1, "company/public/boolean": 1,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ev.catalogue(tc.body)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("catalogue\n got %v\nwant %v", got, tc.want)
			}
		})
	}
	if r := ev.do("POST", "/api/v1/properties", map[string]any{"where": map[string]any{"a": map[string]any{"$bad": 1}}}, ev.read); r.Status != http.StatusBadRequest {
		t.Errorf("bad query: %d %s", r.Status, r.Raw)
	}
}

func TestPropertyByID(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.create("person", map[string]any{"name": "Ada"})
	ev.create("person", map[string]any{"name": "Bob"})
	foreign := newEnv(t)
	foreign.create("person", map[string]any{"secret": "x"})

	tests := []struct {
		name       string
		id         string
		wantStatus int
		wantCount  float64
	}{
		{"a property in use", propID("person", "name", "string"), http.StatusOK, 2},
		{"the same name with another value type", propID("person", "name", "number"), http.StatusNotFound, 0},
		{"a property of another project", propID("person", "secret", "string"), http.StatusNotFound, 0},
		{"an id that is no property id", "not-an-id!", http.StatusNotFound, 0},
		{"an id with an unknown value type", propID("person", "name", "blob"), http.StatusNotFound, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/properties/"+tc.id, nil, ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus == http.StatusOK {
				d := r.data()
				if d["id"] != tc.id || d["name"] != "name" || d["type"] != "string" || d["label"] != "person" || d["count"] != tc.wantCount {
					t.Errorf("property %v", d)
				}
			}
		})
	}
}

func TestPropertyValues(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for _, n := range []int{3, 1, 3, 2, 3, 2} {
		ev.create("item", map[string]any{"size": n, "colour": fmt.Sprintf("c%d", n)})
	}
	ev.create("item", map[string]any{"colour": []any{"c3", "teal"}})
	ev.create("other", map[string]any{"size": 100})
	ev.createTyped("item", propValue("at", "datetime", "2024-01-02T03:04:05Z"))
	ev.createTyped("item", propValue("at", "datetime", map[string]any{"$year": 2020, "$month": 1, "$day": 1}))

	tests := []struct {
		name, id, query string
		want            string
	}{
		{"numbers, most frequent first, with min and max", propID("item", "size", "number"), "",
			"values=[3 2 1] counts=[3 2 1] total=3 min=1 max=3"},
		{"a page of them", propID("item", "size", "number"), "?skip=1&limit=1",
			"values=[2] counts=[2] total=3 min=1 max=3"},
		{"list values count once each, no min or max for strings", propID("item", "colour", "string"), "",
			"values=[c3 c2 c1 teal] counts=[4 2 1 1] total=4 min=<nil> max=<nil>"},
		{"query keeps the values containing it, any case", propID("item", "colour", "string"), "?query=TE",
			"values=[teal] counts=[1] total=1 min=<nil> max=<nil>"},
		{"datetimes with min and max", propID("item", "at", "datetime"), "",
			"values=[2020-01-01T00:00:00Z 2024-01-02T03:04:05Z] counts=[1 1] total=2 min=2020-01-01T00:00:00Z max=2024-01-02T03:04:05Z"},
		{"a page past the end", propID("item", "size", "number"), "?skip=10",
			"values=[] counts=[] total=3 min=1 max=3"},
		{"a query no value contains", propID("item", "colour", "string"), "?query=zzz",
			"values=[] counts=[] total=0 min=<nil> max=<nil>"},
		{"value order, without a total", propID("item", "size", "number"), "?orderBy=asc",
			"values=[1 2 3] counts=[1 2 3] total=<nil> min=1 max=3"},
		{"value order descending, a page", propID("item", "size", "number"), "?orderBy=desc&skip=1&limit=1",
			"values=[2] counts=[2] total=<nil> min=1 max=3"},
		{"value order counts each value of a list", propID("item", "colour", "string"), "?orderBy=asc",
			"values=[c1 c2 c3 teal] counts=[1 2 4 1] total=<nil> min=<nil> max=<nil>"},
		{"value order with a query", propID("item", "colour", "string"), "?orderBy=desc&query=C",
			"values=[c3 c2 c1] counts=[4 2 1] total=<nil> min=<nil> max=<nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/properties/"+tc.id+"/values"+tc.query, nil, ev.read)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			d := r.data()
			got := fmt.Sprintf("values=%v counts=%v total=%v min=%v max=%v", d["values"], d["counts"], d["total"], d["min"], d["max"])
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	if r := ev.do("GET", "/api/v1/properties/"+propID("item", "nope", "string")+"/values", nil, ev.read); r.Status != http.StatusNotFound {
		t.Errorf("unknown property: %d", r.Status)
	}
	if r := ev.do("GET", "/api/v1/properties/"+propID("item", "size", "number")+"/values?limit=0", nil, ev.read); r.Status != http.StatusBadRequest {
		t.Errorf("limit=0: %d", r.Status)
	}
	if r := ev.do("GET", "/api/v1/properties/"+propID("item", "size", "number")+"/values?orderBy=count", nil, ev.read); r.Status != http.StatusBadRequest {
		t.Errorf("orderBy=count: %d", r.Status)
	}
	if r := ev.do("GET", "/api/v1/properties/"+propID("item", "nope", "string")+"/values?orderBy=asc", nil, ev.read); r.Status != http.StatusNotFound {
		t.Errorf("unknown property in value order: %d", r.Status)
	}
}

// TestDeclaredPropertyValuesInOrder lists a declared property's values
// (read from the type's index) most frequent first and in value order, with
// their bounds.
func TestDeclaredPropertyValuesInOrder(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	typ := "scored" + strings.ReplaceAll(ev.project.ID[len(ev.project.ID)-8:], "-", "")
	if r := ev.do("PUT", "/api/v1/types/"+typ, map[string]any{"properties": map[string]any{
		"score": map[string]any{"type": "integer"}, "name": map[string]any{"type": "string"}}}, ev.admin); r.Status/100 != 2 {
		t.Fatalf("declare: %d %s", r.Status, r.Raw)
	}
	for _, n := range []int{5, 1, 5, 3, 9, 3, 5} {
		ev.create(typ, map[string]any{"score": n, "name": fmt.Sprintf("n%d", n)})
	}
	tests := []struct{ name, id, query, want string }{
		{"most frequent first", propID(typ, "score", "number"), "", "values=[5 3 1 9] counts=[3 2 1 1] min=1 max=9"},
		{"most frequent first, with a query", propID(typ, "name", "string"), "?query=N3", "values=[n3] counts=[2] min=<nil> max=<nil>"},
		{"ascending", propID(typ, "score", "number"), "?orderBy=asc", "values=[1 3 5 9] counts=[1 2 3 1] min=1 max=9"},
		{"descending, second page", propID(typ, "score", "number"), "?orderBy=desc&skip=2&limit=2", "values=[3 1] counts=[2 1] min=1 max=9"},
		{"strings with a query", propID(typ, "name", "string"), "?orderBy=asc&query=N5", "values=[n5] counts=[3] min=<nil> max=<nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/properties/"+tc.id+"/values"+tc.query, nil, ev.read)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			d := r.data()
			got := fmt.Sprintf("values=%v counts=%v min=%v max=%v", d["values"], d["counts"], d["min"], d["max"])
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestDeleteProperty(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("person", map[string]any{"name": "Ada", "age": 36})
	b := ev.create("person", map[string]any{"name": "Bob", "age": "old"})
	c := ev.createTyped("person", propValue("name", "string", "Cy"), propValue("age", "null", nil), propValue("x", "null", nil))
	other := ev.create("robot", map[string]any{"age": 3})

	// ages returns each record's stored age and __nulls.
	ages := func() map[string]string {
		rows := query(t, `MATCH (r:Record) WHERE r.__project = $p RETURN r.__id AS id, r.age AS age, r.__nulls AS nulls`,
			map[string]any{"p": ev.project.ID})
		out := map[string]string{}
		for _, row := range rows {
			out[row["id"].(string)] = fmt.Sprintf("%v %v", row["age"], row["nulls"])
		}
		return out
	}

	if r := ev.do("DELETE", "/api/v1/properties/"+propID("person", "age", "number"), nil, ev.read); r.Status != http.StatusForbidden {
		t.Fatalf("read token: %d %s", r.Status, r.Raw)
	}
	r := ev.do("DELETE", "/api/v1/properties/"+propID("person", "age", "number"), nil, ev.write)
	if r.Status != http.StatusOK || r.data()["changed"] != 1.0 {
		t.Fatalf("delete number age: %d %s", r.Status, r.Raw)
	}
	want := map[string]string{a: "<nil> <nil>", b: "old <nil>", c: "<nil> [age x]", other: "3 <nil>"}
	if got := ages(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after deleting person/age/number\n got %v\nwant %v", got, want)
	}
	r = ev.do("DELETE", "/api/v1/properties/"+propID("person", "age", "null"), nil, ev.write)
	if r.Status != http.StatusOK || r.data()["changed"] != 1.0 {
		t.Fatalf("delete null age: %d %s", r.Status, r.Raw)
	}
	want[c] = "<nil> [x]"
	if got := ages(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after deleting person/age/null\n got %v\nwant %v", got, want)
	}
	if r := ev.do("DELETE", "/api/v1/properties/"+propID("person", "age", "number"), nil, ev.write); r.Status != http.StatusNotFound {
		t.Errorf("second delete: %d %s", r.Status, r.Raw)
	}
	got := ev.catalogue(map[string]any{})
	wantCat := map[string]int{"person/age/string": 1, "person/name/string": 3, "person/x/null": 1, "robot/age/number": 1}
	if fmt.Sprint(got) != fmt.Sprint(wantCat) {
		t.Errorf("catalogue after deletes\n got %v\nwant %v", got, wantCat)
	}
	// The record still reads as before, less the property.
	if r := ev.do("GET", "/api/v1/records/"+c, nil, ev.read); r.Status != http.StatusOK || r.data()["age"] != nil || r.data()["name"] != "Cy" {
		t.Errorf("record after delete: %d %s", r.Status, r.Raw)
	}
}

// A property id is a client's text: one crafted to name relgraph's own
// fields (__project, __id, __nulls) or a reserved type is unknown on every
// property route, so nothing reads or strips the tenant of a record.
func TestPropertyIDsNeverNameOwnFields(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("person", map[string]any{"name": "Ada"})
	crafted := []string{propID("person", "__project", "string"), propID("person", "__id", "string"),
		propID("person", "__nulls", "string"), propID("Record", "name", "string"), propID("person", "", "string")}
	for _, id := range crafted {
		for _, rq := range []struct{ method, path string }{
			{"GET", "/api/v1/properties/" + id},
			{"GET", "/api/v1/properties/" + id + "/values"},
			{"POST", "/api/v1/properties/" + id + "/values"},
			{"DELETE", "/api/v1/properties/" + id},
		} {
			var body any
			if rq.method == "POST" {
				body = map[string]any{}
			}
			if r := ev.do(rq.method, rq.path, body, ev.write); r.Status != http.StatusNotFound {
				t.Errorf("%s %s: %d %.200s, want 404", rq.method, rq.path, r.Status, r.Raw)
			}
		}
	}
	rows := query(t, `MATCH (r:Record {__id: $id}) RETURN r.__project AS project`, map[string]any{"id": a})
	if len(rows) != 1 || rows[0]["project"] != ev.project.ID {
		t.Errorf("the record's tenant after the crafted deletes: %v", rows)
	}
	if r := ev.do("GET", "/api/v1/records/"+a, nil, ev.read); r.Status != http.StatusOK {
		t.Errorf("the record after the crafted deletes: %d %s", r.Status, r.Raw)
	}
}

// TestDeletePropertyDeclaredType deletes properties of a declared type: a
// property the type requires is refused as a record write that drops it is
// (422 required), and every record keeps it; the others go.
func TestDeletePropertyDeclaredType(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	// Written while companies is open: a number name, a null name and a
	// parent stored on the node, beside a parent link.
	acme := ev.create("companies", map[string]any{"name": "Acme", "size": 10, "parent": "legacy"})
	beta := ev.create("companies", map[string]any{"name": 42, "size": 3})
	gamma := ev.createTyped("companies", propValue("name", "null", nil))
	ev.attach(beta, "parent", acme)
	person := ev.create("people", map[string]any{"name": "Ada"})
	ev.declare("companies", map[string]any{"properties": map[string]any{
		"name":   map[string]any{"type": "string"},
		"size":   map[string]any{"type": "number"},
		"parent": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"companies"}},
	}, "required": []string{"name", "parent"}})

	// stored reads each record's stored property and __nulls.
	stored := func(t *testing.T, property string) map[string]string {
		rows := query(t, `MATCH (r:Record) WHERE r.__project = $p RETURN r.__id AS id, r[$name] AS v, r.__nulls AS nulls`,
			map[string]any{"p": ev.project.ID, "name": property})
		out := map[string]string{}
		for _, row := range rows {
			out[row["id"].(string)] = fmt.Sprintf("%v %v", row["v"], row["nulls"])
		}
		return out
	}
	names := map[string]string{acme: "Acme <nil>", beta: "42 <nil>", gamma: "<nil> [name]", person: "Ada <nil>"}
	tests := []struct {
		name       string
		id         string
		wantStatus int
		wantCode   string
		property   string            // the property whose stored values are checked after
		want       map[string]string // its stored values and __nulls afterwards
	}{
		{"a required property is kept", propID("companies", "name", "string"), http.StatusUnprocessableEntity, "required", "name", names},
		{"a required property holding another value type is kept", propID("companies", "name", "number"), http.StatusUnprocessableEntity, "required", "name", names},
		{"a required property stored as null is kept", propID("companies", "name", "null"), http.StatusUnprocessableEntity, "required", "name", names},
		{"an optional declared property goes", propID("companies", "size", "number"), http.StatusOK, "", "size",
			map[string]string{acme: "<nil> <nil>", beta: "<nil> <nil>", gamma: "<nil> [name]", person: "<nil> <nil>"}},
		{"a node property named like a required relation property goes", propID("companies", "parent", "string"), http.StatusOK, "", "parent",
			map[string]string{acme: "<nil> <nil>", beta: "<nil> <nil>", gamma: "<nil> [name]", person: "<nil> <nil>"}},
		{"the same name on an open type goes", propID("people", "name", "string"), http.StatusOK, "", "name",
			map[string]string{acme: "Acme <nil>", beta: "42 <nil>", gamma: "<nil> [name]", person: "<nil> <nil>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("DELETE", "/api/v1/properties/"+tc.id, nil, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("status %d code %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantCode != "" {
				msg, _ := r.Body["error"].(map[string]any)["message"].(string)
				if r.field() != "name" || !strings.Contains(msg, "name") || !strings.Contains(msg, "companies") {
					t.Errorf("the refusal names the type and the property: field %q, message %q", r.field(), msg)
				}
			}
			if got := stored(t, tc.property); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("stored %s\n got %v\nwant %v", tc.property, got, tc.want)
			}
		})
	}
	if got := links(t, beta, "parent", false); !same(got, []string{acme}) {
		t.Errorf("deleting the node property parent left links %v, want the parent link", got)
	}
	// A record write that drops the property is refused with the same code.
	if r := ev.do("PUT", "/api/v1/records/"+acme, map[string]any{"properties": map[string]any{"size": 1}}, ev.write); r.Status != http.StatusUnprocessableEntity || r.code() != "required" {
		t.Errorf("PUT without name: %d %s", r.Status, r.Raw)
	}
}

// TestDeletePropertyWaitsForTypeDeclaration holds a declaration that makes
// a property required open in a transaction while the property is deleted:
// the delete waits for it, then obeys the type as the declaration left it.
func TestDeletePropertyWaitsForTypeDeclaration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		commit     bool
		wantStatus int
		wantCodes  int // records still holding the property
	}{
		{"a declaration committed first keeps the property", true, http.StatusUnprocessableEntity, 2},
		{"a declaration rolled back lets the delete through", false, http.StatusOK, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := newEnv(t)
			ev.cleanTypes()
			ev.create("things", map[string]any{"code": "a"})
			ev.create("things", map[string]any{"code": "b"})
			tx := declaring(t, ev.project.ID, "things", `{"properties": {"code": {"type": "string"}}, "required": ["code"]}`)

			done := make(chan response, 1)
			go func() {
				done <- send(t, ev.e, "DELETE", "/api/v1/properties/"+propID("things", "code", "string"), nil, ev.write)
			}()
			select {
			case r := <-done:
				tx.Rollback(context.Background())
				t.Fatalf("the delete ended while a declaration held the project: %d %s", r.Status, r.Raw)
			case <-time.After(500 * time.Millisecond):
			}
			end := tx.Rollback
			if tc.commit {
				end = tx.Commit
			}
			if err := end(context.Background()); err != nil {
				t.Fatal(err)
			}
			r := <-done
			if r.Status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			rows := query(t, `MATCH (r:Record) WHERE r.__project = $p AND r.code IS NOT NULL RETURN count(r) AS n`, map[string]any{"p": ev.project.ID})
			if rows[0]["n"] != int64(tc.wantCodes) {
				t.Errorf("%v records hold code, want %d", rows[0]["n"], tc.wantCodes)
			}
		})
	}
}

// declaring opens a transaction that declares type typ with definition as
// graph.Store.PutType does (the project's lock, then the type), and leaves
// it open.
func declaring(t *testing.T, project, typ, definition string) neo4j.ExplicitTransaction {
	t.Helper()
	parsed, err := schema.ParseType(project, typ, []byte(definition))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := graphtest.Store()
	session := s.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.Database(), AccessMode: neo4j.AccessModeWrite})
	t.Cleanup(func() { session.Close(ctx) })
	tx, err := session.BeginTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored, overrides := parsed.Stored()
	for _, q := range []cypher.Query{cypher.LockProject(project), cypher.PutType(project, typ, stored, overrides)} {
		res, err := tx.Run(ctx, q.Text, q.Params)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			tx.Rollback(ctx)
			t.Fatal(err)
		}
	}
	return tx
}

// TestPropertiesUnderConcurrentWriters has 16 writers add and remove
// properties while the catalogue is read; afterwards the catalogue equals a
// recount of the stored nodes.
func TestPropertiesUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ids := make([]string, 16)
	for i := range ids {
		ids[i] = ev.create("thing", map[string]any{"n": i})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for step := range 12 {
				id := ids[(w+step)%len(ids)]
				var r response
				name := fmt.Sprintf("p%d", (w*7+step)%9)
				switch step % 4 {
				case 0, 1:
					r = send(t, ev.e, "PATCH", "/api/v1/records/"+id, map[string]any{"properties": map[string]any{name: step}}, ev.write)
				case 2:
					r = send(t, ev.e, "PUT", "/api/v1/records/"+id, map[string]any{"properties": map[string]any{"n": w, name: "s"}}, ev.write)
				case 3:
					r = send(t, ev.e, "DELETE", "/api/v1/properties/"+propID("thing", name, "number"), nil, ev.write)
					if r.Status == http.StatusNotFound {
						continue
					}
				}
				if r.Status >= 300 {
					errs <- fmt.Sprintf("%d %s", r.Status, r.Raw)
				}
				send(t, ev.e, "POST", "/api/v1/properties", map[string]any{}, ev.read)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	got := ev.catalogue(map[string]any{})
	rows := query(t, `MATCH (r:Record) WHERE r.__project = $p RETURN r`, map[string]any{"p": ev.project.ID})
	want := map[string]int{}
	for _, row := range rows {
		rec := recordOf(row["r"])
		for name, typ := range rec.Types {
			want["thing/"+name+"/"+typ]++
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("catalogue\n got %v\nrecount %v", got, want)
	}
}

// TestPropertyValuesLatency seeds 10,000 records holding one property
// through the raw driver and times GET /properties/{id}/values.
func TestPropertyValuesLatency(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("seeds 10,000 records")
	}
	ev := newEnv(t)
	const n = 10_000
	query(t, `UNWIND range(1, $n) AS i
CREATE (:Record:bulk {__id: $p + '-' + toString(100000 + i), __project: $p, score: i % 500, label: 'v' + toString(i % 37)})`,
		map[string]any{"n": n, "p": ev.project.ID})
	id := propID("bulk", "score", "number")
	var best time.Duration
	for i := range 5 {
		start := time.Now()
		r := ev.do("GET", "/api/v1/properties/"+id+"/values?limit=20", nil, ev.read)
		took := time.Since(start)
		if r.Status != http.StatusOK || r.data()["total"] != 500.0 || r.data()["min"] != 0.0 || r.data()["max"] != 499.0 {
			t.Fatalf("values: %d %.300s", r.Status, r.Raw)
		}
		if i == 0 || took < best {
			best = took
		}
	}
	start := time.Now()
	r := ev.do("GET", "/api/v1/properties/"+propID("bulk", "label", "string")+"/values?query="+url.QueryEscape("V3"), nil, ev.read)
	if r.Status != http.StatusOK {
		t.Fatalf("values: %d %s", r.Status, r.Raw)
	}
	t.Logf("GET /properties/{id}/values over %d records: best of 5 %s (limit 20, 500 distinct numbers); with ?query= %s", n, best, time.Since(start))
	q := cypher.PropertyValues(ev.project.ID, "bulk", "score", "number", "", false, 0, 20)
	res, err := neo4j.ExecuteQuery(context.Background(), graphtest.Store().Driver(), "EXPLAIN "+q.Text, q.Params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(graphtest.Store().Database()))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("plan of the values statement: %s", planOf(res.Summary.Plan()))
	cat := time.Now()
	ev.catalogue(map[string]any{"labels": []string{"bulk"}})
	t.Logf("POST /properties over %d records: %s", n, time.Since(cat))
}

// storedRecord is a record node read through the raw driver.
type storedRecord struct {
	ID, Type string
	Props    map[string]any    // null properties as nil
	Types    map[string]string // Collect type of each property
}

// recordOf reads a record node: properties, __nulls, types as schema.TypeOf.
func recordOf(v any) storedRecord {
	n := v.(neo4j.Node)
	r := storedRecord{Props: map[string]any{}, Types: map[string]string{}}
	for _, l := range n.Labels {
		if l != "Record" {
			r.Type = l
		}
	}
	for k, val := range n.Props {
		switch k {
		case "__id":
			r.ID = val.(string)
		case "__project":
		case "__nulls":
			for _, name := range val.([]any) {
				r.Props[name.(string)], r.Types[name.(string)] = nil, schema.TypeNull
			}
		default:
			r.Props[k], r.Types[k] = val, schema.TypeOf(val)
		}
	}
	return r
}

// planOf writes a plan's operators root first, children in brackets.
func planOf(p neo4j.Plan) string {
	if p == nil {
		return ""
	}
	out := p.Operator()
	if args := p.Arguments(); args["Details"] != nil {
		out += "(" + fmt.Sprint(args["Details"]) + ")"
	}
	for _, c := range p.Children() {
		out += " <- " + planOf(c)
	}
	return out
}
