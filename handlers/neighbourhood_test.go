package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// ring seeds a small graph in ev's project, by name:
//
//	acme --employees(CEO)--> ada --knows--> bo --knows--> cy --knows--> acme   (a cycle)
//	ada --mentor--> dee;  eve (alone)
//
// It returns the ids by name.
func ring(ev *env) map[string]string {
	ev.t.Helper()
	ids := map[string]string{"acme": ev.create("companies", map[string]any{"name": "Acme"})}
	for _, n := range []string{"ada", "bo", "cy", "dee", "eve"} {
		ids[n] = ev.create("people", map[string]any{"name": strings.ToUpper(n[:1]) + n[1:]})
	}
	link := func(from, property, to, description string) {
		body := map[string]any{"targetIds": ids[to], "type": property}
		if description != "" {
			body["description"] = description
		}
		if r := ev.do("POST", "/api/v1/records/"+ids[from]+"/relations", body, ev.write); r.Status != http.StatusCreated {
			ev.t.Fatalf("attach: %s", r.Raw)
		}
	}
	link("acme", "employees", "ada", "CEO")
	link("ada", "knows", "bo", "")
	link("bo", "knows", "cy", "")
	link("cy", "knows", "acme", "")
	link("ada", "mentor", "dee", "since 2020")
	return ids
}

// nodeTitles reads the titles of a subgraph's nodes, the first one first and the
// others sorted.
func nodeTitles(nodes []any) string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.(map[string]any)["title"].(string))
	}
	if len(out) > 1 {
		slices.Sort(out[1:])
	}
	return strings.Join(out, ",")
}

// arcs reads a subgraph's edges as sorted "Source-property->Target" by title.
func arcs(edges []any, titles map[string]string) string {
	var out []string
	for _, e := range edges {
		m := e.(map[string]any)
		s := titles[m["source"].(string)] + "-" + m["property"].(string) + "->" + titles[m["target"].(string)]
		if d, ok := m["description"].(string); ok {
			s += "(" + d + ")"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func TestGraphNeighbourhood(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ids := ring(ev)
	titles := map[string]string{}
	for n, id := range ids {
		titles[id] = strings.ToUpper(n[:1]) + n[1:]
	}
	tests := []struct {
		name      string
		from      string
		query     string
		wantNodes string
		wantEdges string
		truncated bool
	}{
		{"depth 1 is the direct neighbours, both directions", "ada", "", "Ada,Acme,Bo,Dee",
			"Acme-employees->Ada(CEO) Ada-knows->Bo Ada-mentor->Dee(since 2020)", false},
		{"depth 2 goes one edge further", "ada", "depth=2", "Ada,Acme,Bo,Cy,Dee",
			"Acme-employees->Ada(CEO) Ada-knows->Bo Ada-mentor->Dee(since 2020) Bo-knows->Cy Cy-knows->Acme", false},
		{"a cycle visits each record once", "acme", "depth=3", "Acme,Ada,Bo,Cy,Dee",
			"Acme-employees->Ada(CEO) Ada-knows->Bo Ada-mentor->Dee(since 2020) Bo-knows->Cy Cy-knows->Acme", false},
		{"direction out follows outgoing edges", "ada", "direction=out&depth=3", "Ada,Acme,Bo,Cy,Dee",
			"Acme-employees->Ada(CEO) Ada-knows->Bo Ada-mentor->Dee(since 2020) Bo-knows->Cy Cy-knows->Acme", false},
		{"direction in follows incoming edges", "ada", "direction=in", "Ada,Acme", "Acme-employees->Ada(CEO)", false},
		{"property keeps to one relation property", "ada", "property=knows&depth=3", "Ada,Acme,Bo,Cy", "Ada-knows->Bo Bo-knows->Cy Cy-knows->Acme", false},
		{"the node cap truncates, nearest first", "ada", "depth=3&limit=4", "Ada,Acme,Bo,Dee",
			"Acme-employees->Ada(CEO) Ada-knows->Bo Ada-mentor->Dee(since 2020)", true},
		{"a cap of one is the record alone", "ada", "limit=1", "Ada", "", true},
		{"a record without edges is alone", "eve", "depth=3", "Eve", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/records/"+ids[tc.from]+"/graph?"+tc.query, nil, ev.read)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			d := r.data()
			if got := nodeTitles(d["nodes"].([]any)); got != tc.wantNodes {
				t.Errorf("nodes %s, want %s", got, tc.wantNodes)
			}
			if got := arcs(d["edges"].([]any), titles); got != tc.wantEdges {
				t.Errorf("edges %s, want %s", got, tc.wantEdges)
			}
			if d["truncated"] != tc.truncated {
				t.Errorf("truncated %v", d["truncated"])
			}
		})
	}
	t.Run("nodes carry type and title, edges their elementId", func(t *testing.T) {
		d := ev.do("GET", "/api/v1/records/"+ids["acme"]+"/graph", nil, ev.read).data()
		first := d["nodes"].([]any)[0].(map[string]any)
		if first["id"] != ids["acme"] || first["type"] != "companies" || first["title"] != "Acme" {
			t.Fatalf("node %v", first)
		}
		for _, e := range d["edges"].([]any) {
			id := e.(map[string]any)["id"].(string)
			rows := query(t, "MATCH ()-[e:LINK]->() WHERE elementId(e) = $id RETURN e.property AS p", map[string]any{"id": id})
			if len(rows) != 1 {
				t.Fatalf("edge id %q is no elementId", id)
			}
		}
	})
}

func TestGraphNeighbourhoodErrors(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	other := newEnv(t)
	ids := ring(ev)
	tests := []struct {
		name, path, token string
		wantStatus        int
		wantCode          string
	}{
		{"an unknown record is a 404", "/api/v1/records/nope/graph", ev.read, 404, "not_found"},
		{"another project's record is a 404", "/api/v1/records/" + ids["ada"] + "/graph", other.read, 404, "not_found"},
		{"depth 0 is a 400", "/api/v1/records/" + ids["ada"] + "/graph?depth=0", ev.read, 400, "invalid_parameter"},
		{"depth 4 is a 400", "/api/v1/records/" + ids["ada"] + "/graph?depth=4", ev.read, 400, "invalid_parameter"},
		{"a limit over 1000 is a 400", "/api/v1/records/" + ids["ada"] + "/graph?limit=1001", ev.read, 400, "invalid_parameter"},
		{"a bad property is a 400", "/api/v1/records/" + ids["ada"] + "/graph?property=" + url.QueryEscape("a b"), ev.read, 400, "invalid_relation"},
		{"a bad direction is a 400", "/api/v1/records/" + ids["ada"] + "/graph?direction=up", ev.read, 400, "invalid_direction"},
		{"no token is a 401", "/api/v1/records/" + ids["ada"] + "/graph", "", 401, "unauthorized"},
		{"the admin key is a 403", "/api/v1/records/" + ids["ada"] + "/graph", adminKey, 403, "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, tc.token)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	other := newEnv(t)
	ids := ring(ev)
	foreign := other.create("people", map[string]any{"name": "Far"})
	path := func(from, to, extra string) string {
		return "/api/v1/paths?from=" + from + "&to=" + to + extra
	}
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantCode   string
		want       []string // each path's titles, in order
	}{
		{"a direct link is one hop", path(ids["acme"], ids["ada"], ""), 200, "", []string{"Acme,Ada"}},
		{"edges count in either direction", path(ids["dee"], ids["acme"], ""), 200, "", []string{"Dee,Ada,Acme"}},
		{"all shortest paths come back", path(ids["bo"], ids["acme"], ""), 200, "", []string{"Bo,Ada,Acme", "Bo,Cy,Acme"}},
		{"property keeps to one relation property", path(ids["ada"], ids["acme"], "&property=knows"), 200, "", []string{"Ada,Bo,Cy,Acme"}},
		{"too few hops find nothing", path(ids["dee"], ids["cy"], "&maxHops=2"), 200, "", nil},
		{"enough hops find the path", path(ids["dee"], ids["cy"], "&maxHops=3"), 200, "", []string{"Dee,Ada,Acme,Cy", "Dee,Ada,Bo,Cy"}},
		{"unconnected records have no path", path(ids["ada"], ids["eve"], ""), 200, "", nil},
		{"a record reaches itself without edges", path(ids["ada"], ids["ada"], ""), 200, "", []string{"Ada"}},
		{"an unknown end is a 404", path(ids["ada"], "ghost", ""), 404, "not_found", nil},
		{"another project's record is a 404", path(ids["ada"], foreign, ""), 404, "not_found", nil},
		{"a missing end is a 400", "/api/v1/paths?from=" + ids["ada"], 400, "invalid_parameter", nil},
		{"maxHops over 6 is a 400", path(ids["ada"], ids["bo"], "&maxHops=7"), 400, "invalid_parameter", nil},
		{"a bad property is a 400", path(ids["ada"], ids["bo"], "&property=a%20b"), 400, "invalid_relation", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, ev.read)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantStatus != http.StatusOK {
				return
			}
			var got []string
			for _, p := range r.list() {
				got = append(got, pathTitles(p["nodes"].([]any)))
				if len(p["edges"].([]any)) != len(p["nodes"].([]any))-1 {
					t.Errorf("path %v: edges do not join its nodes", p)
				}
			}
			slices.Sort(got)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Fatalf("paths %v, want %v", got, tc.want)
			}
			if int(r.Body["total"].(float64)) != len(tc.want) {
				t.Fatalf("total %v", r.Body["total"])
			}
		})
	}
}

// pathTitles reads the titles of a path's nodes in order.
func pathTitles(nodes []any) string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.(map[string]any)["title"].(string))
	}
	return strings.Join(out, ",")
}
