package handlers_test

import (
	"fmt"
	"testing"
)

func TestBacklinks(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	globex := ev.create("companies", map[string]any{"name": "Globex"})
	initech := ev.create("companies", map[string]any{"name": "Initech"})
	ann := ev.create("employees", map[string]any{"name": "Ann"})
	note := ev.create("notes", map[string]any{"title": "a note"})
	ev.attach(globex, "parent", acme)
	ev.attach(initech, "parent", acme)
	ev.attach(globex, "related", acme)
	ev.attach(note, "about", acme)
	ev.attach(acme, "employees", ann)
	tests := []struct {
		name      string
		path      string
		wantTotal float64
		want      []string
	}{
		{"every record pointing at it, declared or not, by type and property", "/api/v1/records/" + acme + "/backlinks", 4,
			[]string{"companies parent Globex", "companies parent Initech", "companies related Globex", "notes about a note"}},
		{"a page", "/api/v1/records/" + acme + "/backlinks?skip=1&limit=2", 4,
			[]string{"companies parent Initech", "companies related Globex"}},
		{"grouped by type and property", "/api/v1/records/" + acme + "/backlinks?groupBy=property", 3,
			[]string{"companies parent 2", "companies related 1", "notes about 1"}},
		{"a page of groups", "/api/v1/records/" + acme + "/backlinks?groupBy=property&skip=2", 3, []string{"notes about 1"}},
		{"the stored side of an inverse pair is a backlink of the target", "/api/v1/records/" + ann + "/backlinks?groupBy=property", 1,
			[]string{"companies employees 1"}},
		{"a record nothing points at has none", "/api/v1/records/" + note + "/backlinks", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, ev.read)
			if r.Status != 200 || r.Body["total"] != tc.wantTotal {
				t.Fatalf("got %d total %v, want %v: %s", r.Status, r.Body["total"], tc.wantTotal, r.Raw)
			}
			var got []string
			for _, it := range r.list() {
				if it["count"] != nil {
					got = append(got, fmt.Sprintf("%v %v %v", it["type"], it["property"], it["count"]))
				} else {
					got = append(got, fmt.Sprintf("%v %v %v", it["type"], it["property"], it["title"]))
				}
			}
			if !same(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	for path, want := range map[string]int{
		"/api/v1/records/nope/backlinks":                                        404,
		"/api/v1/records/" + acme + "/backlinks?groupBy=type":                   400,
		"/api/v1/records/" + acme + "/backlinks?groupBy=property&limit=1000000": 400,
	} {
		if r := ev.do("GET", path, nil, ev.read); r.Status != want {
			t.Fatalf("%s: got %d, want %d: %s", path, r.Status, want, r.Raw)
		}
	}
}
