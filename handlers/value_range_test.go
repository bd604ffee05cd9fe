package handlers_test

import (
	"net/http"
	"testing"
)

// TestValuesNeo4jCannotStoreAreRefusedAtTheDoor sends datetimes whose year
// is past what Neo4j stores (999,999,999) wherever a value enters: a
// record's properties, its data, an update, an import, and a search
// operand (which a read token suffices for). Each is a 400
// out_of_range naming the value, nothing is written, and another project
// is served as before; the last year Neo4j stores is taken.
func TestValuesNeo4jCannotStoreAreRefusedAtTheDoor(t *testing.T) {
	t.Parallel()
	ev, other := newEnv(t), newEnv(t)
	otherID := other.create("people", map[string]any{"name": "Bo"})
	a := ev.create("people", map[string]any{"name": "Ann"})
	type obj = map[string]any
	late := obj{"$year": 1_000_000_000}
	tests := []struct {
		name         string
		method, path string
		token        string
		body         any
		wantField    string
	}{
		{"a record's typed property", "POST", "/api/v1/records", ev.write,
			obj{"label": "people", "properties": []obj{{"name": "born", "type": "datetime", "value": late}}}, "/properties/0/value"},
		{"a record's inferred property", "POST", "/api/v1/records", ev.write,
			obj{"label": "people", "data": obj{"born": late}}, "/data/born"},
		{"an update", "PATCH", "/api/v1/records/" + a, ev.write, obj{"born": late}, "/born"},
		{"a year past a 64-bit integer", "POST", "/api/v1/records", ev.write,
			obj{"label": "people", "data": obj{"born": obj{"$year": 1e20}}}, "/data/born"},
		{"an import", "POST", "/api/v1/records/import/json", ev.write,
			obj{"label": "people", "data": []obj{{"name": "Di", "born": late}}}, "/data/0/born"},
		{"a search operand", "POST", "/api/v1/records/search", ev.read,
			obj{"where": obj{"born": obj{"$gt": late}}}, "/where/born/$gt"},
		{"a search operand under $in", "POST", "/api/v1/records/search", ev.read,
			obj{"where": obj{"born": obj{"$in": []any{obj{"$year": 2020}, late}}}}, "/where/born/$in/1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := recordCount(t, ev.project.ID)
			r := ev.do(tc.method, tc.path, tc.body, tc.token)
			if r.Status != http.StatusBadRequest || r.code() != "out_of_range" || errorField(r) != tc.wantField {
				t.Fatalf("got %d %q field %q, want 400 out_of_range field %s: %s", r.Status, r.code(), errorField(r), tc.wantField, r.Raw)
			}
			if after := recordCount(t, ev.project.ID); after != before {
				t.Fatalf("the record count went from %d to %d", before, after)
			}
			if got := other.do("GET", "/api/v1/records/"+otherID, nil, other.read); got.Status != http.StatusOK {
				t.Fatalf("another project's read: %d %s", got.Status, got.Raw)
			}
		})
	}
	t.Run("the last year Neo4j stores is taken and read back", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/records", obj{"label": "people", "data": obj{"born": obj{"$year": 999_999_999, "$month": 12, "$day": 31}}}, ev.write)
		if r.Status != http.StatusCreated {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		got := ev.do("GET", "/api/v1/records/"+r.data()["__id"].(string), nil, ev.read)
		if got.Status != http.StatusOK || got.data()["born"] != "999999999-12-31T00:00:00Z" {
			t.Fatalf("%d %s", got.Status, got.Raw)
		}
	})
}
