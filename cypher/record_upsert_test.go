package cypher

import (
	"path/filepath"
	"testing"
)

// TestMatchByKeysGolden pins an upsert's match. `go test ./cypher
// -update` rewrites it.
func TestMatchByKeysGolden(t *testing.T) {
	const project = "01900000-0000-7000-8000-00000000000f"
	tests := []struct {
		name  string
		query Query
	}{
		{"match_by_keys", MatchByKeys(project, "people", []string{"email", "team name"}, []any{"ann@example.com", "blue"})},
		{"match_by_unquotable_key", MatchByKeys(project, "people", []string{`back\slash`}, []any{"x"})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, filepath.Join("..", "testdata", "cypher", "keys", tc.name+".golden"), render(t, tc.query))
		})
	}
}
