package cypher

import (
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/query"
)

// TestPropertyGolden pins the property catalogue and bounded export
// statements (the streamed export's are in export_test.go).
// `go test ./cypher -run TestPropertyGolden -update` rewrites them.
func TestPropertyGolden(t *testing.T) {
	const project = "01900000-0000-7000-8000-00000000000f"
	search := func(body string) query.Search {
		s, err := query.ParseSearch([]byte(body))
		if err != nil {
			t.Fatalf("parse %s: %v", body, err)
		}
		return s
	}
	tests := []struct {
		name string
		q    Query
	}{
		{"properties_all", Properties(project, search(`{}`))},
		{"properties_where", Properties(project, search(`{"labels": ["person"], "where": {"age": {"$gt": 30}}}`))},
		{"property_count", PropertyCount(project, "person", "age", "number")},
		{"property_values", PropertyValues(project, "person", "age", "number", "3", false, 10, 20)},
		{"property_values_scalar", PropertyValues(project, "person", "age", "number", "3", true, 10, 20)},
		{"property_values_in_order", PropertyValuesInOrder(project, "person", "name", "string", "a", true, false, 10, 20)},
		{"property_values_in_order_desc", PropertyValuesInOrder(project, "person", "age", "number", "", true, true, 0, 20)},
		{"property_values_in_order_open", PropertyValuesInOrder(project, "person", "tags", "string", "", false, false, 0, 20)},
		{"property_values_unquotable", PropertyValuesInOrder(project, "person", `back\slash`, "string", "", true, false, 0, 20)},
		{"property_range", PropertyRange(project, "person", "age", "number")},
		{"property_delete", DeleteProperty(project, "person", "age", "number")},
		{"export_slice", ExportSlice(project, search(`{"labels": ["person"], "orderBy": {"age": "desc"}}`), 10001)},
		{"export_slice_paged", ExportSlice(project, search(`{"skip": 5, "limit": 50}`), 10001)},
	}
	dir := filepath.Join("..", "testdata", "cypher", "property")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.q)
			path := filepath.Join(dir, tc.name+".golden")
			golden(t, path, got)
		})
	}
}
