package cypher

import (
	"path/filepath"
	"testing"
)

// TestMatchByKeysGolden pins the statements of upserts: the match of one,
// and the lookup and writes of an upsert import. `go test ./cypher
// -update` rewrites them.
func TestMatchByKeysGolden(t *testing.T) {
	const project = "01900000-0000-7000-8000-00000000000f"
	tests := []struct {
		name  string
		query Query
	}{
		{"match_by_keys", MatchByKeys(project, "people", []string{"email", "team name"}, []any{"ann@example.com", "blue"})},
		{"match_by_unquotable_key", MatchByKeys(project, "people", []string{`back\slash`}, []any{"x"})},
		{"records_by_keys", RecordsByKeys(project, "people", []string{"email", `back\slash`}, []any{"ann@example.com", "bo@example.com"})},
		{"update_records", UpdateRecords(project, []map[string]any{{"id": "01900000-0000-7000-8000-000000000001", "set": map[string]any{"age": int64(3), "nick": nil}, "nulls": []string{"nick"}}})},
		{"replace_records", ReplaceRecords(project, []map[string]any{{"id": "01900000-0000-7000-8000-000000000001", "props": map[string]any{"age": int64(3)}, "nulls": []string{}}})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, filepath.Join("..", "testdata", "cypher", "keys", tc.name+".golden"), render(t, tc.query))
		})
	}
}
