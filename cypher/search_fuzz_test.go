package cypher

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// FuzzParseWhere feeds arbitrary bytes to the where parser (and to the whole
// body parser): neither may panic, every error must be a *schema.Error with a
// code and a field pointer, and every tree that parses must compile (a
// search that selects or groups, as SearchRows).
// Seeds: the search bodies under testdata/search, their where parts, and the
// corpus under cypher/testdata/fuzz/FuzzParseWhere.
func FuzzParseWhere(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("..", "testdata", "search", "*.json"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed queries under testdata/search: %v", err)
	}
	for _, path := range seeds {
		body, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		var parts struct{ Where json.RawMessage }
		if err := json.Unmarshal(body, &parts); err != nil {
			f.Fatalf("%s: %v", path, err)
		}
		f.Add(body)
		f.Add([]byte(parts.Where))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := query.ParseWhere(data)
		check(t, err)
		if err == nil {
			s := query.Search{Where: w, Limit: query.DefaultLimit}
			SearchRecords("p", s)
			DeleteWhere("p", s)
		}
		s, err := query.ParseSearch(data)
		check(t, err)
		if err == nil && s.Grouped() {
			SearchRows("p", s)
		} else if err == nil {
			SearchRecords("p", s)
		}
	})
}

func check(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var se *schema.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %T %v is not a *schema.Error", err, err)
	}
	if se.Code == "" || se.Field == "" || se.Field[0] != '/' {
		t.Fatalf("error without code or field pointer: %#v", se)
	}
}
