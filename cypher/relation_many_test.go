package cypher

import (
	"path/filepath"
	"testing"
)

// TestKeyJoinGolden pins the key joins of create-many and delete-many,
// and their manyToMany form.
// `go test ./cypher -update` rewrites them.
func TestKeyJoinGolden(t *testing.T) {
	const project = "01900000-0000-7000-8000-00000000000f"
	join := KeyJoin{Source: "orders", SourceKey: "customer", Target: "customers", TargetKey: "code"}
	odd := KeyJoin{Source: "orders", SourceKey: `cust\omer`, Target: "customers", TargetKey: `co\de`}
	tests := []struct {
		name  string
		query Query
	}{
		{"link_by_keys_out", LinkByKeys(project, join, "customer", Out, nil)},
		{"link_by_keys_in", LinkByKeys(project, join, "orders", In, map[string]any{"since": int64(2020), "gone": nil})},
		{"link_by_unquotable_keys", LinkByKeys(project, odd, "customer", Out, nil)},
		{"unlink_by_keys_one_property", UnlinkByKeys(project, join, "customer", Out)},
		{"unlink_by_keys_every_property", UnlinkByKeys(project, join, "", In)},
		{"pairs_by_keys", PairsByKeys(project, join, 10001)},
		{"link_by_keys_filtered", LinkByKeys(project, KeyJoin{Source: "orders", SourceKey: "customer", Target: "customers", TargetKey: "code",
			SourceIDs: []string{"01900000-0000-7000-8000-000000000001"}, TargetIDs: []string{"01900000-0000-7000-8000-000000000002"}}, "customer", Out, nil)},
		{"link_all", LinkAll(project, []string{"01900000-0000-7000-8000-000000000001"}, []string{"01900000-0000-7000-8000-000000000002"}, "tags", Out, nil)},
		{"unlink_all", UnlinkAll(project, []string{"01900000-0000-7000-8000-000000000001"}, []string{"01900000-0000-7000-8000-000000000002"}, "", In)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, filepath.Join("..", "testdata", "cypher", "keys", tc.name+".golden"), render(t, tc.query))
		})
	}
}
