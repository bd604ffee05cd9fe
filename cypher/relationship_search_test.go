package cypher

import (
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/query"
)

// TestRelationshipSearchGolden pins the statement compiled from each
// relationship search body, one file per structure: which end it starts
// from, the edge's conditions, direction and order. `go test ./cypher -run
// TestRelationshipSearchGolden -update` rewrites them.
func TestRelationshipSearchGolden(t *testing.T) {
	cat := declaredCatalog(t)
	tests := []struct {
		name     string
		body     string
		resolved bool // the ends resolved against declaredCatalog
	}{
		{"every_edge", `{}`, false},
		{"source_where", `{"source": {"where": {"name": "Ada"}}}`, false},
		{"source_labels_target_where", `{"source": {"labels": ["people"]}, "target": {"where": {"name": {"$startsWith": "A"}}}}`, false},
		{"target_only", `{"target": {"labels": ["companies"], "where": {"name": "Acme"}}}`, false},
		{"target_id_first", `{"source": {"labels": ["people"], "where": {"age": {"$gt": 30}}}, "target": {"where": {"$id": "01900000-0000-7000-8000-000000000002"}}}`, false},
		{"source_id_first", `{"source": {"where": {"$id": {"$in": ["01900000-0000-7000-8000-000000000002"]}}}, "target": {"where": {"$id": "01900000-0000-7000-8000-000000000003"}}}`, false},
		{"declared_target_first", `{"source": {"labels": ["people"]}, "target": {"labels": ["companies"], "where": {"name": "Acme"}}}`, true},
		{"related_source", `{"source": {"labels": ["people"], "where": {"companies": {"name": "Acme"}}}}`, false},
		{"edge_type_and_bag", `{"where": {"type": "STARS_IN", "role": "lead", "billing": {"$lte": 2}, "extra": {"$exists": false}}}`, false},
		{"edge_type_in_or", `{"where": {"type": {"$in": ["a", "b"]}, "$or": [{"type": "c"}, {"since": {"$gt": "2020-01-01T00:00:00Z"}}]}}`, false},
		{"direction_in", `{"where": {"direction": "in", "type": "employs"}, "source": {"labels": ["people"]}}`, false},
		{"direction_in_from_target", `{"where": {"direction": "in"}, "target": {"where": {"$id": "01900000-0000-7000-8000-000000000002"}}}`, false},
		{"page_desc", `{"orderBy": "desc", "skip": 10, "limit": 5}`, false},
		{"record_form", `{"labels": ["companies"], "where": {"name": "Acme"}, "limit": 50}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := query.ParseRelationshipSearch([]byte(tc.body))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if tc.resolved {
				for _, end := range []*query.Search{&q.Source, &q.Target} {
					if err := end.Resolve(cat); err != nil {
						t.Fatalf("resolve: %v", err)
					}
				}
			}
			got := render(t, SearchRelationships("01900000-0000-7000-8000-00000000000f", q))
			golden(t, filepath.Join("..", "testdata", "cypher", "relationships", tc.name+".golden"), got)
		})
	}
}
