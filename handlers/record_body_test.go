package handlers_test

import (
	"net/http"
	"reflect"
	"testing"
)

// TestRecordWriteData covers the RushDB form of a record write, {label,
// data, options?} (and PATCH's flat body), beside Collect's {label,
// properties}: the data is stored with types inferred from JSON, options are
// carried out or refused by name, and a member the body form does not know
// is a 400 that writes nothing.
func TestRecordWriteData(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	if r := ev.do("PUT", "/api/v1/types/invoices", map[string]any{"properties": map[string]any{
		"amount": map[string]any{"type": "number"}, "ref": map[string]any{"type": "string"}}, "required": []string{"ref"}}, ev.admin); r.Status/100 != 2 {
		t.Fatalf("declare invoices: %d %s", r.Status, r.Raw)
	}
	type obj = map[string]any
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantCode   string
		wantData   obj // a subset of the created record
		wantField  string
	}{
		{"data is stored with types inferred from JSON",
			obj{"label": "people", "data": obj{"name": "Ann", "age": 30, "rate": 1.5, "admin": false, "nick": nil,
				"tags": []any{"a", "b"}, "born": "1990-01-02T03:04:05Z"}}, 201, "",
			obj{"__label": "people", "name": "Ann", "age": 30.0, "rate": 1.5, "admin": false, "nick": nil, "tags": []any{"a", "b"},
				"born": "1990-01-02T03:04:05Z", "__proptypes": obj{"name": "string", "age": "number", "rate": "number",
					"admin": "boolean", "nick": "null", "tags": "string", "born": "string"}}, ""},
		{"the Python SDK's default options are taken",
			obj{"label": "people", "data": obj{"name": "Bo"}, "options": obj{"returnResult": true, "suggestTypes": true}}, 201, "",
			obj{"name": "Bo"}, ""},
		{"suggestTypes false stores every value as a string",
			obj{"label": "people", "data": obj{"age": 30, "admin": true, "nick": nil}, "options": obj{"suggestTypes": false}}, 201, "",
			obj{"age": "30", "admin": "true", "nick": "null", "__proptypes": obj{"age": "string", "admin": "string", "nick": "string"}}, ""},
		{"skipEmptyValues leaves out empty strings and lists, not zero or false",
			obj{"label": "people", "data": obj{"a": "", "b": []any{}, "c": 0, "d": false}, "options": obj{"skipEmptyValues": true}}, 201, "",
			obj{"c": 0.0, "d": false, "__proptypes": obj{"c": "number", "d": "boolean"}}, ""},
		{"an empty data object makes a record without properties", obj{"label": "people", "data": obj{}}, 201, "", obj{"__proptypes": obj{}}, ""},
		{"a declared type is enforced on data", obj{"label": "invoices", "data": obj{"ref": "A1", "amount": "ten"}}, 422, "value_type", nil, "amount"},
		{"a declared type's required property is enforced on data", obj{"label": "invoices", "data": obj{"amount": 10}}, 422, "required", nil, "ref"},
		{"a declared type accepts conforming data", obj{"label": "invoices", "data": obj{"ref": "A1", "amount": 10}}, 201, "", obj{"amount": 10.0}, ""},
		{"an unknown top-level field is named", obj{"label": "people", "data": obj{"name": "Cy"}, "vectors": []any{}}, 400, "unknown_field", nil, "/vectors"},
		{"a misspelt field is named, not dropped", obj{"label": "people", "dat": obj{"name": "Cy"}}, 400, "unknown_field", nil, "/dat"},
		{"data and properties together are refused", obj{"label": "people", "data": obj{"a": 1}, "properties": obj{"b": 2}}, 400, "conflicting_fields", nil, "/data"},
		{"data must be an object", obj{"label": "people", "data": []any{obj{"a": 1}}}, 400, "invalid_json", nil, "/data"},
		{"a nested object in data is refused", obj{"label": "people", "data": obj{"address": obj{"city": "Rome"}}}, 400, "nested_value", nil, "/data/address"},
		{"a reserved name in data is refused", obj{"label": "people", "data": obj{"__id": "mine"}}, 400, "reserved_property", nil, "/data/__id"},
		{"a bad mergeStrategy is refused by name", obj{"label": "people", "data": obj{"a": 1}, "options": obj{"mergeStrategy": "replace"}}, 400, "invalid_option", nil, "/options/mergeStrategy"},
		{"an option relgraph does not carry out is refused", obj{"label": "people", "data": obj{"a": 1}, "options": obj{"castNumberArraysToVectors": true}}, 400, "unsupported_option", nil, "/options/castNumberArraysToVectors"},
		{"an unknown option is refused", obj{"label": "people", "data": obj{"a": 1}, "options": obj{"fast": true}}, 400, "unknown_option", nil, "/options/fast"},
		{"an option is true or false", obj{"label": "people", "data": obj{"a": 1}, "options": obj{"suggestTypes": "no"}}, 400, "invalid_json", nil, "/options/suggestTypes"},
		{"a body that is not an object is refused", []any{1}, 400, "invalid_json", nil, "/"},
		{"ids cannot be combined with a write", obj{"ids": []string{"x"}, "label": "people"}, 400, "unknown_field", nil, "/label"},
		{"a property's members are named exactly", obj{"label": "people", "properties": []any{obj{"NAME": "a", "value": 1}}}, 400, "unknown_field", nil, "/properties/0/NAME"},
		{"an unknown member of a property is named, not dropped", obj{"label": "people", "properties": []any{obj{"name": "a", "value": 1, "unit": "kg"}}}, 400, "unknown_field", nil, "/properties/0/unit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := recordCount(t, ev.project.ID)
			r := ev.do("POST", "/api/v1/records", tc.body, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantStatus != http.StatusCreated {
				if field := errorField(r); field != tc.wantField {
					t.Errorf("details.field = %q, want %q", field, tc.wantField)
				}
				if after := recordCount(t, ev.project.ID); after != before {
					t.Fatalf("a refused write changed the record count from %d to %d", before, after)
				}
				return
			}
			got := ev.do("GET", "/api/v1/records/"+r.data()["__id"].(string), nil, ev.read).data()
			for k, want := range tc.wantData {
				if !reflect.DeepEqual(got[k], want) {
					t.Errorf("stored %s = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

// TestRecordUpdateData covers PATCH and PUT /records/{id} in the RushDB
// forms: {label?, data, options?} for both, and for PATCH the Python SDK's
// flat body {name: value, label?}.
func TestRecordUpdateData(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	type obj = map[string]any
	tests := []struct {
		name       string
		method     string
		body       any
		wantStatus int
		wantCode   string
		want       obj // the record's properties afterwards (only these)
	}{
		{"PATCH data merges", "PATCH", obj{"label": "people", "data": obj{"age": 31}}, 200, "", obj{"name": "Ann", "age": 31.0, "city": "Rome"}},
		{"PATCH's flat body merges", "PATCH", obj{"age": 32, "vip": true}, 200, "", obj{"name": "Ann", "age": 32.0, "city": "Rome", "vip": true}},
		{"PATCH's flat body may name the record's label", "PATCH", obj{"age": 33, "label": "people"}, 200, "", obj{"name": "Ann", "age": 33.0, "city": "Rome"}},
		{"PATCH's flat body cannot change the label", "PATCH", obj{"age": 34, "label": "robots"}, 409, "label_conflict", nil},
		{"PATCH's flat body is checked like data", "PATCH", obj{"address": obj{"city": "Oslo"}}, 400, "nested_value", nil},
		{"PATCH with data refuses unknown fields", "PATCH", obj{"data": obj{"age": 35}, "extra": 1}, 400, "unknown_field", nil},
		{"PATCH with properties keeps the Collect form", "PATCH", obj{"properties": []obj{{"name": "age", "type": "number", "value": 36}}}, 200, "", obj{"name": "Ann", "age": 36.0, "city": "Rome"}},
		{"PUT data replaces", "PUT", obj{"label": "people", "data": obj{"name": "Ann", "age": 37}}, 200, "", obj{"name": "Ann", "age": 37.0}},
		{"PUT takes no flat body", "PUT", obj{"name": "Ann"}, 400, "unknown_field", nil},
		{"PUT refuses upsert options", "PUT", obj{"data": obj{"name": "Ann"}, "options": obj{"mergeStrategy": "append"}}, 400, "unsupported_option", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := ev.create("people", map[string]any{"name": "Ann", "age": 30, "city": "Rome"})
			r := ev.do(tc.method, "/api/v1/records/"+id, tc.body, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			want := tc.want
			if r.Status != http.StatusOK {
				want = obj{"name": "Ann", "age": 30.0, "city": "Rome"}
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

func recordCount(t *testing.T, project string) int64 {
	t.Helper()
	rows := query(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": project})
	return rows[0]["n"].(int64)
}

// errorField is details.field of an error envelope.
func errorField(r response) string {
	e, _ := r.Body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	f, _ := d["field"].(string)
	return f
}
