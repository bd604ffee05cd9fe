package handlers_test

import (
	"reflect"
	"testing"
)

// TestRushDBRoutes covers the paths the RushDB SDKs use for the routes
// relgraph has under Collect's paths: each answers as its Collect
// counterpart, and a body member relgraph would not carry out is refused by
// name.
func TestRushDBRoutes(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	type obj = map[string]any
	ann := ev.create("people", obj{"name": "Ann", "age": 30})
	bo := ev.create("people", obj{"name": "Bo", "age": 40})
	acme := ev.create("companies", obj{"name": "Acme"})
	ev.attach(ann, "worksAt", acme)
	ev.attach(bo, "worksAt", acme)
	nameID := propertyID(t, ev, "people", "name")
	tests := []struct {
		name, method, path string
		body               any
		wantStatus         int
		wantCode           string
		check              func(t *testing.T, r response)
	}{
		{"POST /relationships/{id} attaches", "POST", "/api/v1/relationships/" + ann, obj{"targetIds": []string{bo}, "type": "knows", "direction": "out"}, 201, "",
			func(t *testing.T, r response) {
				if r.data()["message"] != "Relations to Record "+ann+" have been successfully created" || edgeCount(t, ann, bo, "knows") != 1 {
					t.Fatalf("got %s, %d edges", r.Raw, edgeCount(t, ann, bo, "knows"))
				}
			}},
		{"an edge properties bag is stored on the edge", "POST", "/api/v1/relationships/" + ann, obj{"targetIds": []string{bo}, "type": "likes", "properties": obj{"since": 2020}}, 201, "",
			func(t *testing.T, r response) {
				if got := edgeStored(t, ann, bo, "likes"); len(got) != 1 || got[0]["p_since"] != int64(2020) {
					t.Fatalf("stored %v", got)
				}
			}},
		{"an unknown attach field is named", "POST", "/api/v1/relationships/" + ann, obj{"targetIds": []string{bo}, "kind": "likes"}, 400, "unknown_field", nil},
		{"PUT /relationships/{id} detaches", "PUT", "/api/v1/relationships/" + bo, obj{"targetIds": acme, "typeOrTypes": []string{"worksAt"}}, 200, "",
			func(t *testing.T, r response) {
				if edgeCount(t, bo, acme, "worksAt") != 0 {
					t.Fatal("the edge is still there")
				}
			}},
		{"an unknown detach field is named", "PUT", "/api/v1/relationships/" + ann, obj{"targetIds": acme, "type": "worksAt"}, 400, "unknown_field", nil},
		{"POST /relationships/search pages edges by the query string", "POST", "/api/v1/relationships/search?limit=1&skip=0", obj{"labels": []string{"people"}, "where": obj{"name": "Ann"}}, 200, "",
			func(t *testing.T, r response) {
				if len(r.list()) != 1 || r.Body["total"] != 3.0 || r.list()[0]["sourceId"] != ann { // worksAt, knows, likes
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"POST /labels/search counts records by label", "POST", "/api/v1/labels/search", obj{"where": obj{"name": obj{"$in": []string{"Ann", "Acme"}}}}, 200, "",
			func(t *testing.T, r response) {
				if !reflect.DeepEqual(r.data(), obj{"people": 1.0, "companies": 1.0}) {
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"POST /properties/search lists the catalogue", "POST", "/api/v1/properties/search", obj{"labels": []string{"companies"}}, 200, "",
			func(t *testing.T, r response) {
				if len(r.list()) != 1 || r.list()[0]["name"] != "name" || r.list()[0]["label"] != "companies" {
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"POST /properties/{id}/values takes the query in the body", "POST", "/api/v1/properties/" + nameID + "/values", obj{"query": "o", "orderBy": "asc", "skip": 0, "limit": 10}, 200, "",
			func(t *testing.T, r response) {
				if !reflect.DeepEqual(r.data()["values"], []any{"Bo"}) {
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"POST /properties/{id}/values with no body lists every value", "POST", "/api/v1/properties/" + nameID + "/values", nil, 200, "",
			func(t *testing.T, r response) {
				if len(r.data()["values"].([]any)) != 2 {
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"values refuse a where they would not apply", "POST", "/api/v1/properties/" + nameID + "/values", obj{"where": obj{"age": 30}}, 400, "unknown_field", nil},
		{"values refuse an unknown order", "POST", "/api/v1/properties/" + nameID + "/values", obj{"orderBy": "count"}, 400, "invalid_parameter",
			func(t *testing.T, r response) {
				if errorField(r) != "/orderBy" {
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"values refuse a limit out of range", "POST", "/api/v1/properties/" + nameID + "/values", obj{"limit": 0}, 400, "invalid_parameter", nil},
		{"values refuse a limit given as a string", "POST", "/api/v1/properties/" + nameID + "/values", obj{"limit": "10"}, 400, "invalid_parameter", nil},
		{"values refuse a skip given as a string", "POST", "/api/v1/properties/" + nameID + "/values", obj{"skip": "1"}, 400, "invalid_parameter", nil},
		{"POST /records/delete refuses an empty where", "POST", "/api/v1/records/delete", obj{"where": obj{}}, 400, "empty_where", nil},
		{"POST /records/delete deletes what matches", "POST", "/api/v1/records/delete", obj{"limit": 1000, "where": obj{"$id": obj{"$in": []string{bo}}}}, 200, "",
			func(t *testing.T, r response) {
				if r.data()["message"] != "1 record has been successfully deleted" || ev.do("GET", "/api/v1/records/"+bo, nil, ev.read).Status != 404 {
					t.Fatalf("got %s", r.Raw)
				}
			}},
		{"POST /tx takes the Python SDK's autocommit false", "POST", "/api/v1/tx", obj{"autocommit": false, "ttl": 1000}, 201, "",
			func(t *testing.T, r response) {
				if r.data()["id"] == nil {
					t.Fatalf("got %s", r.Raw)
				}
				ev.do("POST", "/api/v1/tx/"+r.data()["id"].(string)+"/rollback", nil, ev.write)
			}},
		{"POST /tx refuses autocommit true", "POST", "/api/v1/tx", obj{"autocommit": true}, 400, "unsupported_option", nil},
		{"POST /tx refuses an unknown field", "POST", "/api/v1/tx", obj{"timeout": 5}, 400, "unknown_field", nil},
	}
	for _, tc := range tests {
		// In order: the deletes and detaches change what later cases see.
		r := ev.do(tc.method, tc.path, tc.body, ev.write)
		if r.Status != tc.wantStatus || r.code() != tc.wantCode {
			t.Fatalf("%s: got %d %q, want %d %q: %s", tc.name, r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
		}
		if r.Status >= 400 && r.Body["message"] == "" {
			t.Fatalf("%s: no top-level message: %s", tc.name, r.Raw)
		}
		if tc.check != nil {
			t.Run(tc.name, func(t *testing.T) { tc.check(t, r) })
		}
	}
}

// propertyID is the catalogue id of a string property of typ.
func propertyID(t *testing.T, ev *env, typ, name string) string {
	t.Helper()
	r := ev.do("POST", "/api/v1/properties", map[string]any{"labels": []string{typ}}, ev.read)
	for _, p := range r.list() {
		if p["name"] == name && p["type"] == "string" {
			return p["id"].(string)
		}
	}
	t.Fatalf("no property %s of %s: %s", name, typ, r.Raw)
	return ""
}
