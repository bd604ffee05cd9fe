package cypher

import (
	"strings"
	"testing"

	"github.com/relgraph/relgraph/query"
)

// FuzzRelationshipSearch feeds arbitrary bytes to the relationship search
// parser: it may not panic, every error is a *schema.Error with a code and
// a field pointer, every search that parses compiles, and no text of the
// body reaches the statement (every name and value is a parameter).
func FuzzRelationshipSearch(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"where": {"type": "STARS_IN", "role": {"$in": ["lead"]}, "direction": "in"}}`,
		`{"source": {"labels": ["MOVIE"], "where": {"title": "Inception", "STUDIO": {"name": "Fox"}}}, "target": {"where": {"$id": "x"}}}`,
		`{"where": {"$or": [{"we` + "`" + `ird})": 1}, {"$not": {"type": {"$ne": "a"}}}]}, "orderBy": "desc", "skip": 3, "limit": 7}`,
		`{"labels": ["A"], "where": {"name": "x"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := query.ParseRelationshipSearch(data)
		check(t, err)
		if err != nil {
			return
		}
		text := SearchRelationships("p", q).Text
		if strings.Contains(text, "ird})") {
			t.Fatalf("body text in the statement:\n%s", text)
		}
	})
}
