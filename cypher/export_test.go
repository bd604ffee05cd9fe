package cypher

import (
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// TestExportGolden pins the streamed export's statement: one pass over
// what the search compiler reads, returning only what the CSV writes, of
// the same shape for a declared type as for any other export.
// `go test ./cypher -run TestExportGolden -update` rewrites them.
func TestExportGolden(t *testing.T) {
	const project = "01900000-0000-7000-8000-00000000000f"
	person, _, err := schema.StoredType("p", "person", `{"properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}`, "{}")
	if err != nil {
		t.Fatal(err)
	}
	cat := schema.NewCatalog(person)
	search := func(body string) query.Search {
		s, err := query.ParseSearch([]byte(body))
		if err != nil {
			t.Fatalf("parse %s: %v", body, err)
		}
		if err := s.Resolve(cat); err != nil {
			t.Fatalf("resolve %s: %v", body, err)
		}
		return s
	}
	tests := []struct {
		name string
		q    Query
	}{
		{"declared_type", ExportRows(project, search(`{"labels": ["person"]}`))},
		{"declared_type_selective_where", ExportRows(project, search(`{"labels": ["person"], "where": {"name": "Ada"}}`))},
		{"open_type", ExportRows(project, search(`{"labels": ["tag"], "where": {"age": 3}}`))},
		{"several_types", ExportRows(project, search(`{"labels": ["person", "tag"]}`))},
		{"every_type", ExportRows(project, search(`{}`))},
	}
	dir := filepath.Join("..", "testdata", "cypher", "export")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, filepath.Join(dir, tc.name+".golden"), render(t, tc.q))
		})
	}
}
