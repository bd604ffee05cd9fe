package handlers_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestOneSidedRelationShowsNothingOnTheOtherSide: contacts declare company
// (no inverse), so a company's property-scoped view of company is no view
// of its type: a 422 naming the property and the type. The incoming edge
// stays visible where incoming edges belong (direction=in, backlinks), the
// declaring side lists it, and open types keep listing edges both ways.
func TestOneSidedRelationShowsNothingOnTheOtherSide(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("companies", map[string]any{"properties": map[string]any{
		"name":   map[string]any{"type": "string"},
		"parent": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"companies"}},
	}})
	ev.declare("employees", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}})
	ev.declare("contacts", map[string]any{"properties": map[string]any{
		"name":    map[string]any{"type": "string"},
		"company": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"companies"}},
		"staff":   map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"employees"}, "inverse": map[string]any{"type": "employees", "property": "contact"}},
	}})
	acme, carl := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("contacts", map[string]any{"name": "Carl"})
	ann := ev.create("employees", map[string]any{"name": "Ann"})
	ev.attach(carl, "company", acme)
	ev.attach(carl, "staff", ann)
	memo, note := ev.create("memos", map[string]any{"name": "Memo"}), ev.create("notes", map[string]any{"name": "Note"})
	ev.attach(note, "cites", memo)

	refused := []struct{ name, path, property, typ string }{
		{"a company's view of the contacts' company", "/api/v1/records/" + acme + "/relations?property=company", "company", "companies"},
		{"with counts too", "/api/v1/records/" + acme + "/relations?property=company&counts=true", "company", "companies"},
		{"a property no type declares", "/api/v1/records/" + acme + "/relations?property=cites", "cites", "companies"},
		{"a scalar property is no relation property", "/api/v1/records/" + acme + "/relations?property=name", "name", "companies"},
		{"the declaring side of a pair is not the mirrored side's", "/api/v1/records/" + ann + "/relations?property=staff", "staff", "employees"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, ev.read)
			if r.Status != http.StatusUnprocessableEntity || r.code() != "property_not_declared" || r.field() != "property" {
				t.Fatalf("got %d %q at %q, want 422 property_not_declared at property: %s", r.Status, r.code(), r.field(), r.Raw)
			}
			msg, _ := r.Body["message"].(string)
			for _, want := range []string{tc.property, tc.typ, "backlinks", "direction=in"} {
				if !strings.Contains(msg, want) {
					t.Fatalf("the message %q does not name %q", msg, want)
				}
			}
		})
	}

	listed := []struct {
		name, path string
		wantOthers []string
	}{
		{"the declaring side lists its edge", "/api/v1/records/" + carl + "/relations?property=company", []string{acme}},
		{"direction=in shows the incoming edge", "/api/v1/records/" + acme + "/relations?property=company&direction=in", []string{carl}},
		{"direction=out of an undeclared property is its outgoing edges", "/api/v1/records/" + acme + "/relations?property=company&direction=out", nil},
		{"every edge without a property", "/api/v1/records/" + acme + "/relations", []string{carl}},
		{"the mirrored side lists its pair's edge", "/api/v1/records/" + ann + "/relations?property=contact", []string{carl}},
		{"an open type lists its incoming edges", "/api/v1/records/" + memo + "/relations?property=cites", []string{note}},
		{"an open type lists its outgoing edges", "/api/v1/records/" + note + "/relations?property=cites", []string{memo}},
	}
	for _, tc := range listed {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, ev.read)
			if r.Status != http.StatusOK {
				t.Fatalf("got %d: %s", r.Status, r.Raw)
			}
			var others []string
			for _, it := range r.list() {
				other := it["targetId"]
				if it["direction"] == "in" {
					other = it["sourceId"]
				}
				others = append(others, other.(string))
			}
			if !same(sortedIDs(others...), sortedIDs(tc.wantOthers...)) || r.Body["total"] != float64(len(tc.wantOthers)) {
				t.Fatalf("got %v (total %v), want %v", others, r.Body["total"], tc.wantOthers)
			}
		})
	}

	t.Run("backlinks show the incoming edge", func(t *testing.T) {
		r := ev.do("GET", "/api/v1/records/"+acme+"/backlinks", nil, ev.read)
		if r.Status != http.StatusOK || len(r.list()) != 1 || r.list()[0]["id"] != carl || r.list()[0]["property"] != "company" {
			t.Fatalf("got %d %s, want Carl's company edge", r.Status, r.Raw)
		}
	})
	t.Run("an unknown record is still a 404", func(t *testing.T) {
		if r := ev.do("GET", "/api/v1/records/ghost/relations?property=company", nil, ev.read); r.Status != http.StatusNotFound {
			t.Fatalf("got %d: %s", r.Status, r.Raw)
		}
	})
}
