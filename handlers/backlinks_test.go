package handlers_test

import (
	"fmt"
	"testing"
)

func TestBacklinks(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	// notes.about may link to companies or contacts; its inverse is
	// companies.notes, so only its edges to companies are mirrored.
	ev.declare("notes", map[string]any{"properties": map[string]any{
		"title": map[string]any{"type": "string"},
		"about": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"companies", "contacts"}, "inverse": map[string]any{"type": "companies", "property": "notes"}},
	}})
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	globex := ev.create("companies", map[string]any{"name": "Globex"})
	initech := ev.create("companies", map[string]any{"name": "Initech"})
	ann := ev.create("employees", map[string]any{"name": "Ann"})
	note := ev.create("notes", map[string]any{"title": "a note"})
	bob := ev.create("contacts", map[string]any{})
	ev.attach(globex, "parent", acme)
	ev.attach(initech, "parent", acme)
	ev.attach(globex, "related", acme)
	ev.attach(note, "about", acme, bob)
	ev.attach(acme, "employees", ann)
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantTotal  float64
		want       []string // "type property[~inverse] title-or-count"; ~ only when the item has an inverse
	}{
		{"every record pointing at it, declared or not, by type and property", "/api/v1/records/" + acme + "/backlinks", 200, 4,
			[]string{"companies parent Globex", "companies parent Initech", "companies related Globex", "notes about~notes a note"}},
		{"a page", "/api/v1/records/" + acme + "/backlinks?skip=1&limit=2", 200, 4,
			[]string{"companies parent Initech", "companies related Globex"}},
		{"grouped by type and property", "/api/v1/records/" + acme + "/backlinks?groupBy=property", 200, 3,
			[]string{"companies parent 2", "companies related 1", "notes about~notes 1"}},
		{"a page of groups", "/api/v1/records/" + acme + "/backlinks?groupBy=property&skip=2", 200, 3, []string{"notes about~notes 1"}},
		{"a page of groups past the largest list index is empty", "/api/v1/records/" + acme + "/backlinks?groupBy=property&skip=2147483647", 200, 3, nil},
		{"a page of groups at the largest skip is empty", "/api/v1/records/" + acme + "/backlinks?groupBy=property&skip=2147483648", 200, 3, nil},
		{"a page at the largest skip is empty", "/api/v1/records/" + acme + "/backlinks?skip=2147483648", 200, 4, nil},
		{"the stored side of an inverse pair is a backlink of the target, named by its mirror", "/api/v1/records/" + ann + "/backlinks", 200, 1,
			[]string{"companies employees~employer Acme"}},
		{"a group of the stored side of an inverse pair names its mirror", "/api/v1/records/" + ann + "/backlinks?groupBy=property", 200, 1,
			[]string{"companies employees~employer 1"}},
		{"an edge of a pair pointing at a type the pair does not mirror to has no inverse", "/api/v1/records/" + bob + "/backlinks", 200, 1,
			[]string{"notes about a note"}},
		{"a record nothing points at has none", "/api/v1/records/" + note + "/backlinks", 200, 0, nil},
		{"an unknown record", "/api/v1/records/nope/backlinks", 404, 0, nil},
		{"an unknown grouping", "/api/v1/records/" + acme + "/backlinks?groupBy=type", 400, 0, nil},
		{"a page too large", "/api/v1/records/" + acme + "/backlinks?groupBy=property&limit=1000000", 400, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus != 200 {
				return
			}
			if r.Body["total"] != tc.wantTotal {
				t.Fatalf("got total %v, want %v: %s", r.Body["total"], tc.wantTotal, r.Raw)
			}
			var got []string
			for _, it := range r.list() {
				property := fmt.Sprint(it["property"])
				if inverse, ok := it["inverse"]; ok {
					property += fmt.Sprintf("~%v", inverse)
				}
				last := it["title"]
				if it["count"] != nil {
					last = it["count"]
				}
				got = append(got, fmt.Sprintf("%v %s %v", it["type"], property, last))
			}
			if !same(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
