package query

import "testing"

// BenchmarkParseSearch parses the body of a typical related-record search.
func BenchmarkParseSearch(b *testing.B) {
	body := []byte(`{"labels": ["people"], "where": {"companies": {"$relation": {"type": "worksFor", "direction": "out"}, "name": "companies 1234"}, "age": {"$gte": 18, "$lt": 65}}, "orderBy": {"name": "asc"}, "limit": 20}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSearch(body); err != nil {
			b.Fatal(err)
		}
	}
}
