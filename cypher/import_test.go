package cypher

import (
	"path/filepath"
	"testing"
)

// importGoldenDir holds the pinned Cypher of the import statements.
var importGoldenDir = filepath.Join("..", "testdata", "import", "cypher")

// TestImportGolden pins the import statements. `go test ./cypher -update`
// rewrites them.
func TestImportGolden(t *testing.T) {
	const project = "01900000-0000-7000-8000-00000000000f"
	desc := "Founder"
	tests := []struct {
		name  string
		query Query
	}{
		{"records", ImportRecords(project, []map[string]any{
			{"id": "01900000-0000-7000-8000-000000000001", "type": "companies", "props": map[string]any{"name": "Acme", "__nulls": []string{"closed"}}},
			{"id": "01900000-0000-7000-8000-000000000002", "type": "employees", "props": map[string]any{"name": "Ann", "age": int64(36)}},
		}, []map[string]any{
			{"from": 0, "to": 1, "property": "employees"},
		})},
		{"edges", ImportEdges(project, []map[string]any{
			{"from": "01900000-0000-7000-8000-000000000001", "to": "01900000-0000-7000-8000-000000000002", "property": "employees", "description": nil},
			{"from": "01900000-0000-7000-8000-000000000002", "to": "01900000-0000-7000-8000-000000000003", "property": "links", "description": desc},
		})},
		{"describe", DescribeEdges(project, []map[string]any{
			{"from": "01900000-0000-7000-8000-000000000002", "to": "01900000-0000-7000-8000-000000000003", "property": "links", "description": desc},
		})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.query)
			path := filepath.Join(importGoldenDir, tc.name+".golden")
			golden(t, path, got)
		})
	}
}
