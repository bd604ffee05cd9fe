package handlers_test

import (
	"fmt"
	"testing"
)

func TestLinkOptions(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("people", map[string]any{"representation": "{name} ({city})", "properties": map[string]any{
		"name": map[string]any{"type": "string"}, "city": map[string]any{"type": "string"}}})
	ev.declare("places", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}})
	ev.declare("deals", map[string]any{"properties": map[string]any{
		"parties": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"people", "places"},
			"descriptions": map[string]any{"people": []any{
				map[string]any{"en": "Owner", "de": "Eigentümer"},
				map[string]any{"fr": "Agent", "it": "Agente"},
			}}},
		"lead": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"people"}},
		"name": map[string]any{"type": "string"},
	}})
	ev.create("people", map[string]any{"name": "Ann", "city": "Oslo"})
	ev.create("people", map[string]any{"name": "Bob", "city": "Rome"})
	ev.create("places", map[string]any{"name": "Oslo harbour"})
	ev.create("deals", map[string]any{"name": "Oslo deal"})
	tests := []struct {
		name       string
		query      string
		wantStatus int
		want       string // cardinality, descriptions, candidate titles
	}{
		{"every allowed type, titles matched ignoring case", "parties/options?q=oslo", 200, "many [] [Ann (Oslo) Oslo harbour]"},
		{"a target type narrows candidates and gives its presets in the locale", "parties/options?targetType=people&locale=de", 200, "many [Eigentümer Agent] [Ann (Oslo) Bob (Rome)]"},
		{"presets fall back to en, then the first locale", "parties/options?targetType=people&locale=es", 200, "many [Owner Agent] [Ann (Oslo) Bob (Rome)]"},
		{"a target type the property does not allow has nothing", "parties/options?targetType=deals", 200, "many [] []"},
		{"a single property", "lead/options?q=b", 200, "one [] [Bob (Rome)]"},
		{"the list is capped", "parties/options?limit=1", 200, "many [] [Ann (Oslo)]"},
		{"not a relation property", "name/options", 404, ""},
		{"an undeclared type", "nope/options", 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", "/api/v1/types/deals/properties/"+tc.query, nil, ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus != 200 {
				return
			}
			d := r.data()
			var titles []string
			for _, c := range d["candidates"].([]any) {
				titles = append(titles, fmt.Sprint(c.(map[string]any)["title"]))
			}
			if got := fmt.Sprintf("%v %v %v", d["cardinality"], d["descriptions"], titles); got != tc.want {
				t.Fatalf("got %q, want %q: %s", got, tc.want, r.Raw)
			}
		})
	}
}
