package cypher

import (
	"testing"

	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// BenchmarkCompileSearch resolves and compiles a typical related-record
// search on declared types, as every POST /records/search does.
func BenchmarkCompileSearch(b *testing.B) {
	body := []byte(`{"labels": ["people"], "where": {"companies": {"$relation": {"type": "worksFor", "direction": "out"}, "name": "companies 1234"}}}`)
	var types []schema.Type
	for id, def := range map[string]string{"companies": `{"properties": {"name": {"type": "string"}}}`,
		"people": `{"properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}`} {
		t, err := schema.ParseType("p", id, []byte(def))
		if err != nil {
			b.Fatal(err)
		}
		types = append(types, t)
	}
	cat := schema.NewCatalog(types...)
	b.ReportAllocs()
	for b.Loop() {
		s, err := query.ParseSearch(body)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Resolve(cat); err != nil {
			b.Fatal(err)
		}
		SearchRecords("p", s)
	}
}
