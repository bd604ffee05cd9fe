package handlers_test

import (
	"fmt"
	"sync"
	"testing"
)

func TestAttach(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b, c := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("people", map[string]any{"name": "Bo"}), ev.create("people", nil)
	path := "/api/v1/records/" + a + "/relations"
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantCode   string
		check      func(t *testing.T)
	}{
		{"no type means the links property", map[string]any{"targetIds": b}, 201, "", func(t *testing.T) {
			if n := edgeCount(t, a, b, "links"); n != 1 {
				t.Fatalf("%d links edges", n)
			}
		}},
		{"type names the relation property", map[string]any{"targetIds": []string{b}, "type": "employees"}, 201, "", func(t *testing.T) {
			if n := edgeCount(t, a, b, "employees"); n != 1 {
				t.Fatalf("%d employees edges", n)
			}
		}},
		{"direction in stores target to source", map[string]any{"targetIds": []string{c}, "type": "employer", "direction": "in"}, 201, "", func(t *testing.T) {
			if edgeCount(t, c, a, "employer") != 1 || edgeCount(t, a, c, "employer") != 0 {
				t.Fatal("the edge must point from the target to the source")
			}
		}},
		{"record objects are targets too", map[string]any{"targetIds": []map[string]any{{"__id": c}}, "type": "partners"}, 201, "", func(t *testing.T) {
			if n := edgeCount(t, a, c, "partners"); n != 1 {
				t.Fatalf("%d partners edges", n)
			}
		}},
		{"a description is stored on the edge", map[string]any{"targetIds": []string{b}, "type": "founders", "description": "Founder"}, 201, "", func(t *testing.T) {
			rows := query(t, "MATCH (:Record {__id: $a})-[e:LINK {property: 'founders'}]->() RETURN e.description AS d", map[string]any{"a": a})
			if rows[0]["d"] != "Founder" {
				t.Fatalf("description %v", rows[0]["d"])
			}
		}},
		{"attaching again keeps one edge and updates the description", map[string]any{"targetIds": []string{b, b}, "type": "founders", "description": "Co-founder"}, 201, "", func(t *testing.T) {
			rows := query(t, "MATCH (:Record {__id: $a})-[e:LINK {property: 'founders'}]->() RETURN collect(e.description) AS d", map[string]any{"a": a})
			if fmt.Sprint(rows[0]["d"]) != "[Co-founder]" {
				t.Fatalf("edges %v", rows[0]["d"])
			}
		}},
		{"attaching again without description keeps it", map[string]any{"targetIds": b, "type": "founders"}, 201, "", func(t *testing.T) {
			rows := query(t, "MATCH (:Record {__id: $a})-[e:LINK {property: 'founders'}]->() RETURN collect(e.description) AS d", map[string]any{"a": a})
			if fmt.Sprint(rows[0]["d"]) != "[Co-founder]" {
				t.Fatalf("edges %v", rows[0]["d"])
			}
		}},
		{"unknown targets are listed and nothing is written", map[string]any{"targetIds": []string{c, "ghost"}, "type": "fresh"}, 404, "records_not_found", func(t *testing.T) {
			if n := edgeCount(t, a, c, "fresh"); n != 0 {
				t.Fatalf("a failed attach wrote %d edges", n)
			}
		}},
		{"no targets is a 400", map[string]any{"targetIds": []string{}}, 400, "invalid_targets", nil},
		{"missing targets is a 400", map[string]any{"type": "x"}, 400, "invalid_targets", nil},
		{"a target that is neither id nor record is a 400", map[string]any{"targetIds": []any{5}}, 400, "invalid_targets", nil},
		{"a bad direction is a 400", map[string]any{"targetIds": b, "direction": "up"}, 400, "invalid_direction", nil},
		{"a bad relation name is a 400", map[string]any{"targetIds": b, "type": "has owner"}, 400, "invalid_relation", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("POST", path, tc.body, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantStatus == 201 && r.data()["message"] != "Relations to Record "+a+" have been successfully created" {
				t.Fatalf("message %v", r.data()["message"])
			}
			if tc.wantCode == "records_not_found" {
				ids := r.Body["error"].(map[string]any)["details"].(map[string]any)["ids"]
				if fmt.Sprint(ids) != "[ghost]" {
					t.Fatalf("details list %v, want [ghost]", ids)
				}
			}
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
	if r := ev.do("POST", "/api/v1/records/ghost/relations", map[string]any{"targetIds": b}, ev.write); r.Status != 404 || r.code() != "not_found" {
		t.Fatalf("unknown source: %d %s", r.Status, r.Raw)
	}
}

func TestConcurrentIdenticalAttachesLeaveOneEdge(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b := ev.create("people", nil), ev.create("people", nil)
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := send(t, ev.e, "POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "type": "knows"}, ev.write)
			statuses[i] = r.Status
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != 201 {
			t.Errorf("attach %d: status %d", i, s)
		}
	}
	if n := edgeCount(t, a, b, "knows"); n != 1 {
		t.Fatalf("20 identical attaches left %d edges, want 1", n)
	}
}

func TestConcurrentCrossAttachesNeverFail(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ids := make([]string, 6)
	for i := range ids {
		ids[i] = ev.create("people", nil)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := ids[i%len(ids)]
			targets := []string{ids[(i+1)%len(ids)], ids[(i+3)%len(ids)], ids[(i+5)%len(ids)]}
			r := send(t, ev.e, "POST", "/api/v1/records/"+src+"/relations", map[string]any{"targetIds": targets, "direction": []string{"in", "out"}[i%2]}, ev.write)
			if r.Status != 201 {
				mu.Lock()
				failures = append(failures, r.Raw)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d of 32 crossing attaches failed (deadlocks must be retried): %v", len(failures), failures[0])
	}
}

func TestListRelations(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("companies", map[string]any{"name": "Acme"})
	var people []string
	for i := 0; i < 5; i++ {
		people = append(people, ev.create("people", map[string]any{"name": fmt.Sprintf("P%d", i)}))
	}
	ev.attach(a, "employees", people[:3]...)
	ev.attach(a, "partners", people[3])
	ev.attach(people[4], "supplier", a)
	path := "/api/v1/records/" + a + "/relations"
	tests := []struct {
		name      string
		query     string
		wantTotal int
		wantLen   int
	}{
		{"every edge in both directions", "", 5, 5},
		{"one property", "?property=employees", 3, 3},
		{"outgoing only", "?direction=out", 4, 4},
		{"incoming only", "?direction=in", 1, 1},
		{"a page", "?limit=2&skip=1", 5, 2},
		{"past the end", "?skip=10", 5, 0},
		{"an unused property", "?property=nothing", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", path+tc.query, nil, ev.read)
			if r.Status != 200 || int(r.Body["total"].(float64)) != tc.wantTotal || len(r.list()) != tc.wantLen {
				t.Fatalf("got %d total=%v len=%d: %s", r.Status, r.Body["total"], len(r.list()), r.Raw)
			}
		})
	}
	t.Run("pages cover every edge once", func(t *testing.T) {
		seen := map[string]bool{}
		for skip := 0; skip < 5; skip += 2 {
			for _, e := range ev.do("GET", fmt.Sprintf("%s?limit=2&skip=%d", path, skip), nil, ev.read).list() {
				key := fmt.Sprint(e["sourceId"], e["targetId"], e["property"])
				if seen[key] {
					t.Fatalf("edge %s on two pages", key)
				}
				seen[key] = true
			}
		}
		if len(seen) != 5 {
			t.Fatalf("pages held %d edges, want 5", len(seen))
		}
	})
	t.Run("an edge names both ends and the other end's live title", func(t *testing.T) {
		ev.do("PATCH", "/api/v1/records/"+people[4], map[string]any{"properties": map[string]any{"name": "Renamed"}}, ev.write)
		e := ev.do("GET", path+"?direction=in", nil, ev.read).list()[0]
		want := map[string]any{"sourceId": people[4], "sourceLabel": "people", "targetId": a, "targetLabel": "companies",
			"type": "supplier", "property": "supplier", "direction": "in", "title": "Renamed"}
		for k, v := range want {
			if e[k] != v {
				t.Errorf("%s = %v, want %v", k, e[k], v)
			}
		}
	})
	for _, bad := range []string{"?limit=0", "?limit=1001", "?skip=-1", "?direction=sideways", "?property=a%20b"} {
		if r := ev.do("GET", path+bad, nil, ev.read); r.Status != 400 {
			t.Errorf("%s: got %d, want 400", bad, r.Status)
		}
	}
	if r := ev.do("GET", "/api/v1/records/ghost/relations", nil, ev.read); r.Status != 404 {
		t.Errorf("unknown record: %d", r.Status)
	}
}

func TestDetach(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b, c := ev.create("people", nil), ev.create("people", nil), ev.create("people", nil)
	path := "/api/v1/records/" + a + "/relations"
	setup := func() {
		ev.attach(a, "knows", b)
		ev.attach(a, "likes", b)
		ev.attach(b, "knows", a)
		ev.attach(a, "knows", c)
	}
	tests := []struct {
		name       string
		body       any
		wantStatus int
		wantLeft   int64 // edges left among a, b, c
	}{
		{"no type and no direction removes every edge between the pair", map[string]any{"targetIds": b}, 200, 1},
		{"one type", map[string]any{"targetIds": []string{b}, "typeOrTypes": "likes"}, 200, 3},
		{"a list of types", map[string]any{"targetIds": []string{b}, "typeOrTypes": []string{"likes", "knows"}}, 200, 1},
		{"one direction", map[string]any{"targetIds": []string{b}, "direction": "in"}, 200, 3},
		{"several targets", map[string]any{"targetIds": []string{b, c}, "direction": "out", "typeOrTypes": "knows"}, 200, 2},
		{"unknown targets are refused and nothing is removed", map[string]any{"targetIds": []string{b, "ghost"}}, 404, 4},
		{"a bad type is refused", map[string]any{"targetIds": b, "typeOrTypes": []any{1}}, 400, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			query(t, "MATCH (r:Record {__project: $p})-[e:LINK]-() DELETE e", map[string]any{"p": ev.project.ID})
			setup()
			r := ev.do("PUT", path, tc.body, ev.write)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d: %s", r.Status, r.Raw)
			}
			if r.Status == 200 && r.data()["message"] != "Relations to Record "+a+" have been successfully deleted" {
				t.Fatalf("message %v", r.data()["message"])
			}
			rows := query(t, "MATCH (r:Record {__project: $p})-[e:LINK]->() RETURN count(e) AS n", map[string]any{"p": ev.project.ID})
			if rows[0]["n"].(int64) != tc.wantLeft {
				t.Fatalf("%d edges left, want %d", rows[0]["n"], tc.wantLeft)
			}
		})
	}
}
