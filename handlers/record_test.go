package handlers_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestCreateRecord(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	type prop = map[string]any
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantCode   string
		wantData   map[string]any // a subset of the created record
	}{
		{"typed properties are stored with their types",
			map[string]any{"label": "companies", "properties": []prop{
				{"name": "name", "type": "string", "value": "Acme"},
				{"name": "employees", "type": "number", "value": 12},
				{"name": "rate", "type": "number", "value": 1.5},
				{"name": "public", "type": "boolean", "value": true},
				{"name": "gone", "type": "null", "value": nil},
				{"name": "tags", "type": "string", "value": []any{"a", "b"}},
			}}, 201, "",
			map[string]any{"__label": "companies", "name": "Acme", "employees": 12.0, "rate": 1.5, "public": true, "gone": nil,
				"tags": []any{"a", "b"}, "__proptypes": map[string]any{"name": "string", "employees": "number", "rate": "number",
					"public": "boolean", "gone": "null", "tags": "string"}}},
		{"an ISO datetime becomes a datetime",
			map[string]any{"label": "events", "properties": []prop{{"name": "at", "type": "datetime", "value": "2024-05-06T07:08:09Z"}}}, 201, "",
			map[string]any{"at": "2024-05-06T07:08:09Z", "__proptypes": map[string]any{"at": "datetime"}}},
		{"an ISO datetime with an offset is stored as its instant",
			map[string]any{"label": "events", "properties": []prop{{"name": "at", "type": "datetime", "value": "2024-05-06T09:08:09+02:00"}}}, 201, "",
			map[string]any{"at": "2024-05-06T07:08:09Z"}},
		{"the SDK's datetime object becomes the same datetime",
			map[string]any{"label": "events", "properties": []prop{{"name": "at", "type": "datetime",
				"value": map[string]any{"$year": 2024, "$month": 5, "$day": 6, "$hour": 7, "$minute": 8, "$second": 9}}}}, 201, "",
			map[string]any{"at": "2024-05-06T07:08:09Z"}},
		{"a flat object infers types", map[string]any{"label": "people", "properties": map[string]any{"name": "Ann", "age": 30}}, 201, "",
			map[string]any{"name": "Ann", "age": 30.0, "__proptypes": map[string]any{"name": "string", "age": "number"}}},
		{"no properties is fine", map[string]any{"label": "people"}, 201, "", map[string]any{"__label": "people"}},
		{"a value of the wrong type is refused", map[string]any{"label": "people", "properties": []prop{{"name": "age", "type": "number", "value": "thirty"}}}, 400, "type_mismatch", nil},
		{"a mixed array is refused", map[string]any{"label": "people", "properties": []prop{{"name": "xs", "type": "number", "value": []any{1, "two"}}}}, 400, "type_mismatch", nil},
		{"a bad datetime is refused", map[string]any{"label": "people", "properties": []prop{{"name": "at", "type": "datetime", "value": "yesterday"}}}, 400, "type_mismatch", nil},
		{"an unknown value type is refused", map[string]any{"label": "people", "properties": []prop{{"name": "x", "type": "blob", "value": "x"}}}, 400, "invalid_type", nil},
		{"a nested object is refused", map[string]any{"label": "people", "properties": map[string]any{"address": map[string]any{"city": "Rome"}}}, 400, "nested_value", nil},
		{"a property given twice is refused", map[string]any{"label": "people", "properties": []prop{{"name": "a", "value": 1}, {"name": "a", "value": 2}}}, 400, "duplicate_property", nil},
		{"relgraph's own field names are reserved", map[string]any{"label": "people", "properties": map[string]any{"__id": "mine"}}, 400, "reserved_property", nil},
		{"an empty property name is refused", map[string]any{"label": "people", "properties": map[string]any{"": 1}}, 400, "invalid_property", nil},
		{"a label is required", map[string]any{"properties": map[string]any{"a": 1}}, 400, "invalid_type", nil},
		{"a label must be an identifier", map[string]any{"label": "two words"}, 400, "invalid_type", nil},
		{"relgraph's own labels are reserved", map[string]any{"label": "Token"}, 400, "reserved_type", nil},
		{"properties must be a list or an object", map[string]any{"label": "people", "properties": "name=Ann"}, 400, "invalid_json", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("POST", "/api/v1/records", tc.body, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantStatus != http.StatusCreated {
				return
			}
			got := r.data()
			for k, want := range tc.wantData {
				if !reflect.DeepEqual(got[k], want) {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
			id, err := uuid.Parse(got["__id"].(string))
			if err != nil || id.Version() != 7 {
				t.Errorf("__id %v is not a UUIDv7", got["__id"])
			}
			if again := ev.do("GET", "/api/v1/records/"+id.String(), nil, ev.read); !reflect.DeepEqual(again.data(), got) {
				t.Errorf("read back %v, created %v", again.data(), got)
			}
		})
	}
	// The error points at the member that is wrong: an unknown type at the
	// type, a value the type refuses at the value.
	for _, tc := range []struct {
		p         prop
		wantField string
	}{
		{prop{"name": "age", "type": "int", "value": 30}, "/properties/1/type"},
		{prop{"name": "age", "type": "number", "value": "thirty"}, "/properties/1/value"},
	} {
		r := ev.do("POST", "/api/v1/records", map[string]any{"label": "people", "properties": []prop{{"name": "name", "value": "Ann"}, tc.p}}, ev.write)
		e, _ := r.Body["error"].(map[string]any)
		details, _ := e["details"].(map[string]any)
		if r.Status != 400 || details["field"] != tc.wantField {
			t.Errorf("%v: %d %s, want 400 at %s", tc.p, r.Status, r.Raw, tc.wantField)
		}
	}
	rows := query(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": ev.project.ID})
	if rows[0]["n"].(int64) != 6 {
		t.Fatalf("%d records stored, want 6 (refused requests write nothing)", rows[0]["n"])
	}
}

func TestDatetimeFormsAreStoredAlike(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("events", map[string]any{"at": map[string]any{"$year": 2024, "$month": 2, "$day": 29, "$hour": 1, "$millisecond": 5}})
	r := ev.do("POST", "/api/v1/records", map[string]any{"label": "events", "properties": []map[string]any{{"name": "at", "type": "datetime", "value": "2024-02-29T01:00:00.005Z"}}}, ev.write)
	b := r.data()["__id"].(string)
	rows := query(t, `MATCH (a:Record {__id: $a}), (b:Record {__id: $b})
RETURN a.at = b.at AS same, a.at IS :: ZONED DATETIME AS native`, map[string]any{"a": a, "b": b})
	if rows[0]["same"] != true || rows[0]["native"] != true {
		t.Fatalf("both forms must be the same native datetime: %v", rows[0])
	}
}

func TestRecordIsOneNodeWithTwoLabels(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("companies", map[string]any{"name": "Acme"})
	rows := query(t, "MATCH (r {__id: $id}) RETURN labels(r) AS labels, r.__project AS project, r.name AS name", map[string]any{"id": id})
	if len(rows) != 1 {
		t.Fatalf("%d nodes, want 1", len(rows))
	}
	if got := rows[0]["labels"]; !reflect.DeepEqual(got, []any{"Record", "companies"}) {
		t.Errorf("labels %v", got)
	}
	if rows[0]["project"] != ev.project.ID || rows[0]["name"] != "Acme" {
		t.Errorf("stored %v", rows[0])
	}
}

func TestFindRecordsByIDs(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b := ev.create("people", map[string]any{"name": "A"}), ev.create("people", map[string]any{"name": "B"})
	r := ev.do("POST", "/api/v1/records", map[string]any{"ids": []string{b, "unknown", a}}, ev.read)
	if r.Status != 200 || r.Body["total"].(float64) != 2 {
		t.Fatalf("got %d %s", r.Status, r.Raw)
	}
	if got := r.list(); got[0]["__id"] != b || got[1]["__id"] != a {
		t.Fatalf("records come in the order asked: %v", got)
	}
}

func TestUpdateMergesAndSetReplaces(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("people", map[string]any{"name": "Ann", "age": 30, "city": "Rome"})
	path := "/api/v1/records/" + id
	tests := []struct {
		name   string
		method string
		body   any
		want   map[string]any
	}{
		{"PATCH merges", "PATCH", map[string]any{"properties": []map[string]any{{"name": "age", "type": "number", "value": 31}}},
			map[string]any{"name": "Ann", "age": 31.0, "city": "Rome"}},
		{"PATCH with null makes a property null", "PATCH", map[string]any{"properties": []map[string]any{{"name": "city", "type": "null", "value": nil}}},
			map[string]any{"name": "Ann", "age": 31.0, "city": nil}},
		{"PATCH with a value clears the null", "PATCH", map[string]any{"properties": map[string]any{"city": "Oslo"}},
			map[string]any{"name": "Ann", "age": 31.0, "city": "Oslo"}},
		{"PUT replaces every property", "PUT", map[string]any{"properties": map[string]any{"name": "Bea"}},
			map[string]any{"name": "Bea"}},
		{"PUT with the same label is fine", "PUT", map[string]any{"label": "people", "properties": map[string]any{"name": "Cy"}},
			map[string]any{"name": "Cy"}},
	}
	for _, tc := range tests {
		r := ev.do(tc.method, path, tc.body, ev.write)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", tc.name, r.Status, r.Raw)
		}
		got := ev.do("GET", path, nil, ev.read).data()
		for k := range got {
			if strings.HasPrefix(k, "__") {
				delete(got, k)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Fatalf("%s: stored %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, method := range []string{"PATCH", "PUT"} {
		if r := ev.do(method, "/api/v1/records/unknown", map[string]any{"properties": map[string]any{"a": 1}}, ev.write); r.Status != 404 {
			t.Errorf("%s of an unknown record: %d", method, r.Status)
		}
		if r := ev.do(method, path, map[string]any{"properties": map[string]any{"a": map[string]any{"b": 1}}}, ev.write); r.Status != 400 {
			t.Errorf("%s with a nested value: %d", method, r.Status)
		}
	}
}

func TestDeleteRecordRemovesItsEdges(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b, c := ev.create("people", nil), ev.create("people", nil), ev.create("people", nil)
	ev.attach(a, "knows", b)
	ev.attach(c, "knows", a)
	r := ev.do("DELETE", "/api/v1/records/"+a, nil, ev.write)
	if r.Status != 200 || r.data()["message"] == nil {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	rows := query(t, `MATCH (r:Record) WHERE r.__id IN [$b, $c] OPTIONAL MATCH (r)-[e:LINK]-() RETURN count(DISTINCT r) AS records, count(e) AS edges`,
		map[string]any{"b": b, "c": c})
	if rows[0]["records"].(int64) != 2 || rows[0]["edges"].(int64) != 0 {
		t.Fatalf("after delete: %v", rows[0])
	}
	if r := ev.do("DELETE", "/api/v1/records/"+a, nil, ev.write); r.Status != 404 {
		t.Fatalf("deleting twice: %d", r.Status)
	}
	if r := ev.do("GET", "/api/v1/records/"+a, nil, ev.read); r.Status != 404 {
		t.Fatalf("reading a deleted record: %d", r.Status)
	}
}

func TestRecordProperties(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("people", map[string]any{"name": "Ann", "age": 3, "ok": true, "none": nil})
	r := ev.do("GET", "/api/v1/records/"+id+"/properties", nil, ev.read)
	want := []any{
		map[string]any{"name": "age", "type": "number"}, map[string]any{"name": "name", "type": "string"},
		map[string]any{"name": "none", "type": "null"}, map[string]any{"name": "ok", "type": "boolean"},
	}
	if r.Status != 200 || !reflect.DeepEqual(r.Body["data"], want) {
		t.Fatalf("got %d %s", r.Status, r.Raw)
	}
	if r := ev.do("GET", "/api/v1/records/unknown/properties", nil, ev.read); r.Status != 404 {
		t.Fatalf("unknown record: %d", r.Status)
	}
}
