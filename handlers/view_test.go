package handlers_test

import (
	"fmt"
	"strings"
	"testing"
)

// ids lists the __id of each record of a list answer, in order.
func ids(r response) []string {
	var out []string
	for _, it := range r.list() {
		out = append(out, fmt.Sprint(it["__id"]))
	}
	return out
}

func TestRelationsViewOfAProperty(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	globex := ev.create("companies", map[string]any{"name": "Globex"})
	ann, bob := ev.create("employees", map[string]any{"name": "Ann"}), ev.create("employees", map[string]any{"name": "Bob"})
	carl := ev.create("contacts", map[string]any{"name": "Carl"})
	ev.attach(acme, "employees", ann, bob)
	ev.attach(acme, "parent", globex)
	ev.attach(acme, "related", carl, globex)
	tests := []struct {
		name       string
		path       string
		wantTotal  float64
		wantOthers []string
		wantTitles []string
		wantCounts map[string]any
	}{
		{"a property lists only its own edges", "/api/v1/records/" + acme + "/relations?property=parent", 1, []string{globex}, []string{"Globex"}, nil},
		{"two properties to the same type are kept apart", "/api/v1/records/" + acme + "/relations?property=related", 2, []string{carl, globex}, []string{"Carl", "Globex"}, nil},
		{"a mirrored inverse lists its pair's edges", "/api/v1/records/" + ann + "/relations?property=employer", 1, []string{acme}, []string{"Acme"}, nil},
		{"counts by property on request", "/api/v1/records/" + acme + "/relations?property=parent&counts=true", 1, []string{globex}, []string{"Globex"},
			map[string]any{"employees": 2.0, "parent": 1.0, "related": 2.0}},
		{"counts of the mirrored side use its name", "/api/v1/records/" + ann + "/relations?counts=true", 1, []string{acme}, []string{"Acme"},
			map[string]any{"employer": 1.0}},
		{"a one-sided relation shows nothing under a name on the other side", "/api/v1/records/" + globex + "/relations?property=parent&counts=true", 0, nil, nil,
			map[string]any{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, ev.read)
			if r.Status != 200 || r.Body["total"] != tc.wantTotal {
				t.Fatalf("got %d total %v, want total %v: %s", r.Status, r.Body["total"], tc.wantTotal, r.Raw)
			}
			var others, titles []string
			for _, it := range r.list() {
				other := it["targetId"]
				if it["direction"] == "in" {
					other = it["sourceId"]
				}
				others, titles = append(others, fmt.Sprint(other)), append(titles, fmt.Sprint(it["title"]))
				if it["createdAt"] == nil || it["targetLabel"] == nil {
					t.Fatalf("item lacks createdAt or type: %v", it)
				}
			}
			if !same(sortedIDs(others...), sortedIDs(tc.wantOthers...)) || !same(sortedIDs(titles...), sortedIDs(tc.wantTitles...)) {
				t.Fatalf("got %v %v, want %v %v", others, titles, tc.wantOthers, tc.wantTitles)
			}
			if counts, has := r.Body["counts"]; has != (tc.wantCounts != nil) || has && fmt.Sprint(counts) != fmt.Sprint(tc.wantCounts) {
				t.Fatalf("counts: got %v, want %v", counts, tc.wantCounts)
			}
		})
	}
	t.Run("counts takes true or false, nothing else", func(t *testing.T) {
		for _, counts := range []string{"null", "1", "yes", "", "true&counts=false"} {
			r := ev.do("GET", "/api/v1/records/"+acme+"/relations?counts="+counts, nil, ev.read)
			if r.Status != 400 || r.code() != "invalid_parameter" {
				t.Fatalf("counts=%s: got %d %s, want 400 invalid_parameter", counts, r.Status, r.Raw)
			}
		}
	})
	// Ann and Bob were linked by one request, so they share createdAt and
	// their order is the edges' element ids: check the pages, not an order.
	t.Run("pages hold limit items and the total", func(t *testing.T) {
		var seen []string
		for skip := 0; skip < 2; skip++ {
			r := ev.do("GET", fmt.Sprintf("/api/v1/records/%s/relations?property=employees&limit=1&skip=%d", acme, skip), nil, ev.read)
			if r.Status != 200 || r.Body["total"] != 2.0 || len(r.list()) != 1 {
				t.Fatalf("page %d: %d %s", skip, r.Status, r.Raw)
			}
			seen = append(seen, fmt.Sprint(r.list()[0]["targetId"]))
		}
		if !same(sortedIDs(seen...), sortedIDs(ann, bob)) {
			t.Fatalf("two pages of one held %v, want Ann and Bob once each", seen)
		}
	})
}

func TestFilterByLinkedRecord(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	globex := ev.create("companies", map[string]any{"name": "Globex"})
	ann, bob := ev.create("employees", map[string]any{"name": "Ann"}), ev.create("employees", map[string]any{"name": "Bob"})
	cid := ev.create("employees", map[string]any{"name": "Cid"})
	carl := ev.create("contacts", map[string]any{"name": "Carl"})
	ev.attach(acme, "employees", ann, bob)
	ev.attach(globex, "employees", cid)
	ev.attach(acme, "related", carl)
	ev.attach(globex, "parent", acme)
	ev.attach(globex, "related", acme)
	tests := []struct {
		name       string
		query      string
		wantStatus int
		wantTotal  float64
		want       []string
	}{
		{"the declaring side", "type=companies&linkedTo=" + ann + "&via=employees", 200, 1, []string{acme}},
		{"the mirrored side", "type=employees&linkedTo=" + acme + "&via=employer", 200, 2, []string{ann, bob}},
		{"a page of the mirrored side keeps the total", "type=employees&linkedTo=" + acme + "&via=employer&limit=1&skip=1", 200, 2, []string{bob}},
		{"polymorphic targets", "type=companies&linkedTo=" + carl + "&via=related", 200, 1, []string{acme}},
		{"two properties to the same type are kept apart", "type=companies&linkedTo=" + acme + "&via=parent", 200, 1, []string{globex}},
		{"a one-sided relation finds nothing from the other side", "type=companies&linkedTo=" + globex + "&via=parent", 200, 0, nil},
		{"an unknown record is not found", "type=companies&linkedTo=nope&via=parent", 404, 0, nil},
		{"linkedTo is required", "type=companies&via=parent", 400, 0, nil},
		{"type is required", "linkedTo=" + acme + "&via=parent", 400, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/records?"+tc.query, nil, ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus != 200 {
				return
			}
			if r.Body["total"] != tc.wantTotal || !same(sortedIDs(ids(r)...), sortedIDs(tc.want...)) {
				t.Fatalf("got %v total %v, want %v total %v", ids(r), r.Body["total"], tc.want, tc.wantTotal)
			}
		})
	}
	if r := ev.do("GET", "/api/v1/records?type=companies&linkedTo="+ann+"&via=employees", nil, ""); r.Status != 401 {
		t.Fatalf("without a token: %d", r.Status)
	}
	// A parameter left out is named as missing, never as an empty value
	// that breaks a naming rule.
	for _, tc := range []struct{ query, field string }{
		{"", "type"},
		{"via=parent&linkedTo=" + acme, "type"},
		{"type=companies&via=parent", "linkedTo"},
		{"type=companies&linkedTo=" + acme, "via"},
	} {
		r := ev.do("GET", "/api/v1/records?"+tc.query, nil, ev.read)
		e, _ := r.Body["error"].(map[string]any)
		details, _ := e["details"].(map[string]any)
		msg, _ := e["message"].(string)
		if r.Status != 400 || details["field"] != tc.field || !strings.Contains(msg, "?"+tc.field+"= is required") || strings.Contains(msg, `""`) {
			t.Errorf("GET /records?%s: %d %s, want 400 naming %s as required", tc.query, r.Status, r.Raw, tc.field)
		}
	}
}

func TestSearchThroughRelationProperties(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	holding := ev.create("companies", map[string]any{"name": "Holding"})
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	globex := ev.create("companies", map[string]any{"name": "Globex"})
	ev.create("companies", map[string]any{"name": "Empty"})
	ann, bob := ev.create("employees", map[string]any{"name": "Ann"}), ev.create("employees", map[string]any{"name": "Bob"})
	amy := ev.create("employees", map[string]any{"name": "Amy"})
	ev.create("employees", map[string]any{"name": "Dan"})
	ev.attach(acme, "employees", ann, bob)
	ev.attach(globex, "employees", amy)
	ev.attach(acme, "parent", holding)
	ev.attach(globex, "related", acme)
	employees := func(where string) string { return `{"labels": ["employees"], "where": ` + where + `}` }
	companies := func(where string) string { return `{"labels": ["companies"], "where": ` + where + `}` }
	tests := []struct {
		name       string
		body       string
		wantStatus int
		want       []string
	}{
		{"a linked record by id through the mirrored side", employees(`{"employer": {"$id": "` + acme + `"}}`), 200, []string{"Ann", "Bob"}},
		{"a declared property wins over the type of the same name", companies(`{"employees": {"name": "Amy"}}`), 200, []string{"Globex"}},
		{"$some with a condition on the linked record", employees(`{"employer": {"$some": {"name": "Globex"}}}`), 200, []string{"Amy"}},
		{"$none", employees(`{"employer": {"$none": {"name": "Acme"}}}`), 200, []string{"Amy", "Dan"}},
		{"$every holds when none is linked", companies(`{"employees": {"$every": {"name": {"$startsWith": "A"}}}}`), 200, []string{"Empty", "Globex", "Holding"}},
		{"$count", companies(`{"employees": {"$count": {"$gte": 2}}}`), 200, []string{"Acme"}},
		{"$count of none", companies(`{"employees": {"$count": 0}}`), 200, []string{"Empty", "Holding"}},
		{"two hops", employees(`{"employer": {"$some": {"parent": {"name": "Holding"}}}}`), 200, []string{"Ann", "Bob"}},
		{"two properties to the same type are kept apart", companies(`{"related": {"$some": {}}}`), 200, []string{"Globex"}},
		{"a one-sided relation finds nothing from its other side", companies(`{"parent": {"$id": "` + acme + `"}}`), 200, []string{}},
		{"a quantifier on a property that is no relation", companies(`{"name": {"$some": {}}}`), 400, nil},
		{"$count takes whole numbers", companies(`{"employees": {"$count": "two"}}`), 400, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("POST", "/api/v1/records/search", tc.body, ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus == 200 && !same(sorted(names(r)), tc.want) {
				t.Fatalf("got %v, want %v", sorted(names(r)), tc.want)
			}
		})
	}
}
