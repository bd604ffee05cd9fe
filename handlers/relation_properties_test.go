package handlers_test

import (
	"fmt"
	"testing"
)

// edgeStored reads the stored relationship properties of the edges from a
// to b tagged property, one map per edge.
func edgeStored(t testing.TB, a, b, property string) []map[string]any {
	t.Helper()
	rows := query(t, `MATCH (:Record {__id: $a})-[e:LINK {property: $p}]->(:Record {__id: $b})
RETURN properties(e) AS props`, map[string]any{"a": a, "b": b, "p": property})
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		props := r["props"].(map[string]any)
		delete(props, "createdAt")
		out[i] = props
	}
	return out
}

func TestAttachEdgeProperties(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 5)
	movie, actor, other := ev.create("movies", map[string]any{"name": "Alien"}), ev.create("actors", map[string]any{"name": "Sigourney"}), ev.create("actors", nil)
	acme, ann := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("employees", map[string]any{"name": "Ann"})
	tests := []struct {
		name       string
		path       string // "" is /records/{movie}/relations
		body       map[string]any
		wantStatus int
		wantCode   string
		from, to   string // the edge whose stored properties are checked
		property   string
		want       string // fmt of the stored properties of the one edge, "" none stored
	}{
		{"a bag is stored on the relationship, each name behind p_", "", map[string]any{"targetIds": actor, "type": "STARS",
			"properties": map[string]any{"role": "lead", "billing": 1, "score": 2.5, "credited": true, "scenes": []int{1, 2}, "since": "1979-05-25T00:00:00Z"}},
			201, "", movie, actor, "STARS", "map[p_billing:1 p_credited:true p_role:lead p_scenes:[1 2] p_score:2.5 p_since:1979-05-25T00:00:00Z property:STARS]"},
		{"attaching again merges: a given name is replaced, the others kept, one edge", "", map[string]any{"targetIds": actor, "type": "STARS",
			"properties": map[string]any{"role": "cameo", "year": 1979}},
			201, "", movie, actor, "STARS", "map[p_billing:1 p_credited:true p_role:cameo p_scenes:[1 2] p_score:2.5 p_since:1979-05-25T00:00:00Z p_year:1979 property:STARS]"},
		{"a null value removes the name; no bag keeps the bag", "", map[string]any{"targetIds": actor, "type": "STARS",
			"properties": map[string]any{"billing": nil, "scenes": nil, "score": nil, "since": nil, "year": nil}, "description": "Ripley"},
			201, "", movie, actor, "STARS", "map[description:Ripley p_credited:true p_role:cameo property:STARS]"},
		{"RushDB's path, direction in: the bag is on the edge target → source", "/api/v1/relationships/" + movie, map[string]any{"targetIds": []string{other}, "type": "ACTED_IN", "direction": "in",
			"properties": map[string]any{"role": "crew"}},
			201, "", other, movie, "ACTED_IN", "map[p_role:crew property:ACTED_IN]"},
		{"a declared type's relation stores the bag too", "/api/v1/records/" + acme + "/relations", map[string]any{"targetIds": ann, "type": "employees",
			"properties": map[string]any{"title": "CTO"}},
			201, "", acme, ann, "employees", "map[p_title:CTO property:employees]"},
		{"a declared type's rules hold: a wrong target type is a 422, nothing written", "/api/v1/records/" + acme + "/relations", map[string]any{"targetIds": actor, "type": "employees",
			"properties": map[string]any{"title": "CEO"}},
			422, "", acme, actor, "employees", ""},
		{"relgraph's own names are out of reach", "", map[string]any{"targetIds": other, "type": "X", "properties": map[string]any{"__project": "p2"}},
			400, "reserved_property", movie, other, "X", ""},
		{"an empty name is a 400", "", map[string]any{"targetIds": other, "type": "X", "properties": map[string]any{"": 1}},
			400, "invalid_property", movie, other, "X", ""},
		{"type and direction are the edge's own", "", map[string]any{"targetIds": other, "type": "X", "properties": map[string]any{"type": "y"}},
			400, "reserved_property", movie, other, "X", ""},
		{"an object value is a 400", "", map[string]any{"targetIds": other, "type": "X", "properties": map[string]any{"a": map[string]any{"b": 1}}},
			400, "invalid_value", movie, other, "X", ""},
		{"a nested list is a 400", "", map[string]any{"targetIds": other, "type": "X", "properties": map[string]any{"a": []any{[]int{1}}}},
			400, "invalid_value", movie, other, "X", ""},
		{"a list of mixed kinds is a 400", "", map[string]any{"targetIds": other, "type": "X", "properties": map[string]any{"a": []any{1, "x"}}},
			400, "type_mismatch", movie, other, "X", ""},
		{"a bag that is not an object is a 400", "", map[string]any{"targetIds": other, "type": "X", "properties": []any{1}},
			400, "invalid_properties", movie, other, "X", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if path == "" {
				path = "/api/v1/records/" + movie + "/relations"
			}
			r := ev.do("POST", path, tc.body, ev.write)
			if r.Status != tc.wantStatus || (tc.wantCode != "" && r.code() != tc.wantCode) {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			stored := edgeStored(t, tc.from, tc.to, tc.property)
			switch {
			case tc.want == "" && len(stored) != 0:
				t.Fatalf("a refused attach stored %v", stored)
			case tc.want != "" && (len(stored) != 1 || fmt.Sprint(stored[0]) != tc.want):
				t.Fatalf("stored %v, want one edge %s", stored, tc.want)
			}
		})
	}
	if r := ev.do("PUT", "/api/v1/records/"+movie+"/relations", map[string]any{"targetIds": actor, "properties": map[string]any{}}, ev.write); r.Status != 400 || r.code() != "unknown_field" {
		t.Fatalf("a detach with properties: %d %s", r.Status, r.Raw)
	}
}

func TestEdgePropertiesAreReturned(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b, c := ev.create("people", map[string]any{"name": "Ada"}), ev.create("people", map[string]any{"name": "Bo"}), ev.create("people", map[string]any{"name": "Cy"})
	for _, body := range []map[string]any{
		{"targetIds": b, "type": "knows", "properties": map[string]any{"since": 2020, "close": true}},
		{"targetIds": c, "type": "knows"},
	} {
		if r := ev.do("POST", "/api/v1/records/"+a+"/relations", body, ev.write); r.Status != 201 {
			t.Fatalf("attach: %d %s", r.Status, r.Raw)
		}
	}
	want := map[string]string{b: "map[close:true since:2020]", c: "map[]"}
	tests := []struct {
		name, method, path string
		body               any
	}{
		{"a record's relations", "GET", "/api/v1/records/" + a + "/relations", nil},
		{"a record's relations of one property", "GET", "/api/v1/records/" + a + "/relations?property=knows&direction=out", nil},
		{"the Collect relation search", "POST", "/api/v1/records/relations/search", map[string]any{"where": map[string]any{"name": "Ada"}}},
		{"RushDB's relationship search", "POST", "/api/v1/relationships/search", map[string]any{"source": map[string]any{"where": map[string]any{"name": "Ada"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, ev.read)
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			edges := r.list()
			if len(edges) != 2 {
				t.Fatalf("%d edges: %s", len(edges), r.Raw)
			}
			for _, e := range edges {
				if got := fmt.Sprint(e["properties"]); got != want[e["targetId"].(string)] {
					t.Fatalf("edge to %v: properties %s, want %s", e["targetId"], got, want[e["targetId"].(string)])
				}
			}
		})
	}
}
