package handlers_test

import (
	"testing"
)

// titleIn finds the title of the relation item whose other end is id.
func titleIn(items []map[string]any, id string) any {
	for _, it := range items {
		if it["sourceId"] == id && it["direction"] == "in" || it["targetId"] == id && it["direction"] == "out" {
			return it["title"]
		}
	}
	return nil
}

func TestTitlesRenderTheRepresentationLive(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("pets", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}})
	ev.declare("people", map[string]any{"representation": "{name} ({city})", "properties": map[string]any{
		"name": map[string]any{"type": "string"}, "city": map[string]any{"type": "string"},
		"friends": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"people", "pets"}},
	}})
	ann := ev.create("people", map[string]any{"name": "Ann", "city": "Oslo"})
	bob := ev.create("people", map[string]any{"name": "Bob"})
	rex := ev.create("pets", map[string]any{"name": "Rex"})
	ev.attach(ann, "friends", bob, rex)
	ev.attach(bob, "friends", ann)
	relations := func(id string) []map[string]any {
		t.Helper()
		r := ev.do("GET", "/api/v1/records/"+id+"/relations", nil, ev.read)
		if r.Status != 200 {
			t.Fatalf("relations: %d %s", r.Status, r.Raw)
		}
		return r.list()
	}
	tests := []struct {
		name  string
		setup func()
		from  string
		other string
		want  string
	}{
		{"the template fills in the properties", nil, bob, ann, "Ann (Oslo)"},
		{"a missing property renders empty", nil, ann, bob, "Bob ()"},
		{"a type without a representation falls back to its name", nil, ann, rex, "Rex"},
		{"a rename shows at once", func() {
			if r := ev.do("PATCH", "/api/v1/records/"+ann, map[string]any{"properties": map[string]any{"city": "Bergen"}}, ev.write); r.Status != 200 {
				t.Fatalf("patch: %d %s", r.Status, r.Raw)
			}
		}, bob, ann, "Ann (Bergen)"},
		{"a new representation shows at once", func() {
			ev.declare("pets", map[string]any{"representation": "pet {name}", "properties": map[string]any{"name": map[string]any{"type": "string"}}})
		}, ann, rex, "pet Rex"},
		{"dropping the representation falls back again", func() {
			ev.declare("people", map[string]any{"properties": map[string]any{
				"name": map[string]any{"type": "string"}, "city": map[string]any{"type": "string"},
				"friends": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"people", "pets"}},
			}})
		}, bob, ann, "Ann"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			if got := titleIn(relations(tc.from), tc.other); got != tc.want {
				t.Fatalf("title of %s seen from %s: got %v, want %q", tc.other, tc.from, got, tc.want)
			}
		})
	}
}
