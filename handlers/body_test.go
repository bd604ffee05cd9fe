package handlers_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// bodyRoute is one route that takes a JSON body, with a body it accepts.
type bodyRoute struct {
	method, path string // path as sent
	template     string // the OpenAPI path template
	token        string
	body         map[string]any
	unknownCode  string // the code of an unknown member; "" is unknown_field
}

// bodyRoutes are every route that takes a JSON body, each with a body it
// accepts, in project ev.
func bodyRoutes(t *testing.T, ev *env) []bodyRoute {
	t.Helper()
	type obj = map[string]any
	ann := ev.create("people", obj{"name": "Ann", "email": "ann@example.com"})
	bob := ev.create("people", obj{"name": "Bob", "email": "bob@example.com"})
	props := ev.do("POST", "/api/v1/properties", obj{"labels": []string{"people"}}, ev.read).list()
	if len(props) == 0 {
		t.Fatal("no property in the catalogue")
	}
	prop := props[0]["id"].(string)
	search := obj{"labels": []string{"people"}, "where": obj{"name": "Ann"}}
	keyLink := obj{"source": obj{"label": "people", "key": "email"}, "target": obj{"label": "people", "key": "email"}}
	return []bodyRoute{
		{"POST", "/api/v1/projects", "/api/v1/projects", adminKey, obj{"name": "strict"}, ""},
		{"POST", "/api/v1/projects/" + ev.project.ID + "/tokens", "/api/v1/projects/{id}/tokens", adminKey, obj{"role": "read"}, ""},
		{"POST", "/api/v1/records", "/api/v1/records", ev.write, obj{"label": "people", "properties": obj{"name": "Cy"}}, ""},
		{"PATCH", "/api/v1/records/" + ann, "/api/v1/records/{id}", ev.write, obj{"data": obj{"age": 3}}, ""},
		{"PUT", "/api/v1/records/" + ann, "/api/v1/records/{id}", ev.write, obj{"properties": obj{"name": "Ann"}}, ""},
		{"POST", "/api/v1/records/import/json", "/api/v1/records/import/json", ev.write, obj{"label": "people", "data": []obj{{"name": "Di"}}}, ""},
		{"POST", "/api/v1/records/import/csv", "/api/v1/records/import/csv", ev.write, obj{"label": "people", "data": "name\nEd\n"}, ""},
		{"POST", "/api/v1/records/" + ann + "/relations", "/api/v1/records/{id}/relations", ev.write, obj{"targetIds": bob}, ""},
		{"PUT", "/api/v1/records/" + ann + "/relations", "/api/v1/records/{id}/relations", ev.write, obj{"targetIds": bob}, ""},
		{"POST", "/api/v1/relationships/" + ann, "/api/v1/relationships/{id}", ev.write, obj{"targetIds": bob}, ""},
		{"PUT", "/api/v1/relationships/" + ann, "/api/v1/relationships/{id}", ev.write, obj{"targetIds": bob}, ""},
		{"POST", "/api/v1/relationships/create-many", "/api/v1/relationships/create-many", ev.write, keyLink, ""},
		{"POST", "/api/v1/relationships/delete-many", "/api/v1/relationships/delete-many", ev.write, keyLink, ""},
		{"POST", "/api/v1/relationships/search", "/api/v1/relationships/search", ev.read, obj{"source": obj{"labels": []string{"people"}}}, ""},
		{"POST", "/api/v1/records/search", "/api/v1/records/search", ev.read, search, ""},
		{"POST", "/api/v1/records/" + ann + "/search", "/api/v1/records/{id}/search", ev.read, search, ""},
		{"PUT", "/api/v1/records/delete", "/api/v1/records/delete", ev.write, search, ""},
		{"POST", "/api/v1/records/delete", "/api/v1/records/delete", ev.write, search, ""},
		{"POST", "/api/v1/labels", "/api/v1/labels", ev.read, search, ""},
		{"POST", "/api/v1/labels/search", "/api/v1/labels/search", ev.read, search, ""},
		{"POST", "/api/v1/records/relations/search", "/api/v1/records/relations/search", ev.read, search, ""},
		{"POST", "/api/v1/properties", "/api/v1/properties", ev.read, search, ""},
		{"POST", "/api/v1/properties/search", "/api/v1/properties/search", ev.read, search, ""},
		{"POST", "/api/v1/properties/" + prop + "/values", "/api/v1/properties/{id}/values", ev.read, obj{"limit": 10}, ""},
		{"POST", "/api/v1/records/export/csv", "/api/v1/records/export/csv", ev.read, search, ""},
		{"POST", "/api/v1/tx", "/api/v1/tx", ev.read, obj{"ttl": 1000}, ""},
		{"PUT", "/api/v1/types/people", "/api/v1/types/{type}", ev.admin, obj{"properties": obj{"name": obj{"type": "string"}}}, "unknown_option"},
		{"PUT", "/api/v1/types/people/links", "/api/v1/types/{type}/links", ev.admin, obj{"enabled": true}, "unknown_option"},
		{"POST", "/api/v1/cypher", "/api/v1/cypher", adminKey, obj{"query": "RETURN 1 AS one"}, ""},
	}
}

// TestBodiesRefuseUnknownFields sends every route that takes a JSON body
// (the list is checked against /openapi.json, so a new one cannot be
// forgotten) a body it accepts plus a misspelt member: each answers 400
// unknown_field naming the member by its JSON pointer, and writes nothing.
func TestBodiesRefuseUnknownFields(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	routes := bodyRoutes(t, ev)
	covered := map[string]bool{}
	for _, r := range routes {
		covered[r.method+" "+r.template] = true
	}
	for path, item := range openAPIDoc(t, ev.e).Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody != nil && !covered[method+" "+path] {
				t.Errorf("%s %s takes a body: add it to bodyRoutes", method, path)
			}
		}
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.template, func(t *testing.T) {
			before := recordCount(t, ev.project.ID)
			body := map[string]any{"propertes": map[string]any{"name": "Zed"}}
			for k, v := range r.body {
				body[k] = v
			}
			want := r.unknownCode
			if want == "" {
				want = "unknown_field"
			}
			got := ev.do(r.method, r.path, body, r.token)
			if got.Status != http.StatusBadRequest || got.code() != want || errorField(got) != "/propertes" {
				t.Fatalf("got %d %q field %q, want 400 %s field /propertes: %s", got.Status, got.code(), errorField(got), want, got.Raw)
			}
			if !strings.Contains(got.Body["error"].(map[string]any)["message"].(string), "propertes") {
				t.Errorf("the message does not name the member: %s", got.Raw)
			}
			if after := recordCount(t, ev.project.ID); after != before {
				t.Fatalf("a refused body changed the record count from %d to %d", before, after)
			}
		})
	}
}

// TestNullBodyIsRefused sends null as the whole body of every route that
// takes a JSON body: where an object is required (or may be left out), null
// is no object, and the answer is a 400 pointing at the body's root.
func TestNullBodyIsRefused(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for _, r := range bodyRoutes(t, ev) {
		t.Run(r.method+" "+r.template, func(t *testing.T) {
			before := recordCount(t, ev.project.ID)
			got := ev.do(r.method, r.path, "null", r.token)
			if got.Status != http.StatusBadRequest || errorField(got) != "/" {
				t.Fatalf("got %d %q field %q, want 400 at /: %s", got.Status, got.code(), errorField(got), got.Raw)
			}
			if after := recordCount(t, ev.project.ID); after != before {
				t.Fatalf("a refused body changed the record count from %d to %d", before, after)
			}
		})
	}
}

// TestReplaceNeedsProperties covers PUT /records/{id}: a replace without
// its properties (absent, null, or misspelt) is a 400 that leaves the
// record as it was; an explicitly empty list or object empties it.
func TestReplaceNeedsProperties(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	type obj = map[string]any
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantCode   string
		wantField  string
		want       obj // the record's properties afterwards
	}{
		{"a misspelt properties is named", obj{"propertes": obj{"name": "Bo"}}, 400, "unknown_field", "/propertes", nil},
		{"properties null is refused", obj{"properties": nil}, 400, "missing_properties", "/properties", nil},
		{"data null is refused", obj{"data": nil}, 400, "missing_properties", "/properties", nil},
		{"an empty body is refused", obj{}, 400, "missing_properties", "/properties", nil},
		{"a label alone is refused", obj{"label": "people"}, 400, "missing_properties", "/properties", nil},
		{"a null body is refused", "null", 400, "invalid_json", "/", nil},
		{"an empty object replaces every property", obj{"properties": obj{}}, 200, "", "", obj{}},
		{"an empty list replaces every property", obj{"properties": []any{}}, 200, "", "", obj{}},
		{"empty data replaces every property", obj{"data": obj{}}, 200, "", "", obj{}},
		{"properties replace", obj{"properties": obj{"name": "Bo"}}, 200, "", "", obj{"name": "Bo"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := ev.create("people", obj{"name": "Ann", "age": 30})
			r := ev.do("PUT", "/api/v1/records/"+id, tc.body, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode || errorField(r) != tc.wantField {
				t.Fatalf("got %d %q field %q, want %d %q field %q: %s", r.Status, r.code(), errorField(r), tc.wantStatus, tc.wantCode, tc.wantField, r.Raw)
			}
			want := tc.want
			if want == nil {
				want = obj{"name": "Ann", "age": 30.0}
			}
			got := ev.do("GET", "/api/v1/records/"+id, nil, ev.read).data()
			for _, k := range []string{"__id", "__label", "__proptypes"} {
				delete(got, k)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("stored %v, want %v", got, want)
			}
		})
	}
}

// TestStrictBodiesAreDescribed checks that /openapi.json says what the
// server does: every JSON request body is an object that admits no other
// member (additionalProperties: false; a body of several forms, a oneOf of
// such objects), but PATCH /records/{id}, whose flat form takes any name as
// a property.
func TestStrictBodiesAreDescribed(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	open := []string{"PATCH /api/v1/records/{id}"}
	for path, item := range openAPIDoc(t, ev.e).Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			media := op.RequestBody.Value.Content.Get("application/json")
			if media == nil || media.Schema == nil {
				t.Errorf("%s %s: no application/json body schema", method, path)
				continue
			}
			if s := media.Schema.Value; closedObject(s) == slices.Contains(open, method+" "+path) {
				raw, _ := json.Marshal(s)
				t.Errorf("%s %s: the body schema is not a closed object (or, for the flat form, not open): %s", method, path, raw)
			}
		}
	}
}

// closedObject says whether s admits only objects whose members it names:
// an object with additionalProperties false, a choice (oneOf, anyOf) of
// such objects, or a composition (allOf) one part of which is such an
// object (its additionalProperties holds for the whole body).
func closedObject(s *openapi3.Schema) bool {
	for _, part := range s.AllOf {
		if len(s.OneOf)+len(s.AnyOf) == 0 && closedObject(part.Value) {
			return true
		}
	}
	if alternatives := append(s.OneOf, s.AnyOf...); len(alternatives) > 0 && len(s.Properties) == 0 {
		for _, alt := range alternatives {
			if !closedObject(alt.Value) {
				return false
			}
		}
		return true
	}
	return s.Type.Is("object") && s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
}
