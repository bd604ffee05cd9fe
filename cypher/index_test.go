package cypher

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/schema"
)

// TestIndexGolden pins the statements that manage the indexes of declared
// types. `go test ./cypher -run TestIndexGolden -update` rewrites them.
func TestIndexGolden(t *testing.T) {
	mustCreate := func(i schema.Index) Query {
		q, ok := CreateIndex(i)
		if !ok {
			t.Fatalf("CreateIndex(%+v) refused", i)
		}
		return q
	}
	drop, ok := DropIndex(IndexName(schema.Index{Kind: schema.IndexRange, Type: "people", Property: "name"}))
	if !ok {
		t.Fatal("DropIndex refused relgraph's own name")
	}
	tests := []struct {
		name string
		q    Query
	}{
		{"list", Indexes()},
		{"all_types", AllTypes()},
		{"create_project", mustCreate(schema.Index{Kind: schema.IndexRange, Type: "people"})},
		{"create_range", mustCreate(schema.Index{Kind: schema.IndexRange, Type: "people", Property: "name"})},
		{"create_text", mustCreate(schema.Index{Kind: schema.IndexText, Type: "people", Property: "name"})},
		{"create_hostile", mustCreate(schema.Index{Kind: schema.IndexRange, Type: "people", Property: "x` }) DETACH DELETE n //"})},
		{"drop", drop},
	}
	dir := filepath.Join("..", "testdata", "cypher", "index")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, filepath.Join(dir, tc.name+".golden"), render(t, tc.q))
		})
	}
}

func TestIndexNamesAreStableAndDistinct(t *testing.T) {
	tests := []struct {
		name string
		in   schema.Index
		want string
	}{
		{"a project index", schema.Index{Kind: schema.IndexRange, Type: "people"}, "relgraph_range_" + hash16("people\x00__project")},
		{"a property's range index", schema.Index{Kind: schema.IndexRange, Type: "people", Property: "name"}, "relgraph_range_" + hash16("people\x00__project\x00name")},
		{"a text index", schema.Index{Kind: schema.IndexText, Type: "people", Property: "name"}, "relgraph_text_" + hash16("people\x00name")},
		{"a pinned name", schema.Index{Kind: schema.IndexRange, Type: "people", Property: "name"}, "relgraph_range_f4e6b1beedc2753d"},
	}
	seen := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := IndexName(tc.in)
			if got != tc.want || !OwnIndex(got) {
				t.Fatalf("IndexName(%+v) = %q (own %v), want %q", tc.in, got, OwnIndex(got), tc.want)
			}
			if other, dup := seen[got]; dup && other != tc.in.Kind+tc.in.Type+tc.in.Property {
				t.Fatalf("%q names two indexes", got)
			}
			seen[got] = tc.in.Kind + tc.in.Type + tc.in.Property
		})
	}
}

func TestOnlyRelgraphsOwnIndexesAreDropped(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"a name IndexName writes", "relgraph_text_0123456789abcdef", true},
		{"another index of the database", "record_project", false},
		{"the prefix with another shape", "relgraph_custom", false},
		{"an injection after a valid name", "relgraph_range_0123456789abcdef IF EXISTS; DROP INDEX record_project", false},
		{"upper-case hex", "relgraph_range_0123456789ABCDEF", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := DropIndex(tc.in); ok != tc.want {
				t.Fatalf("DropIndex(%q) ok = %v, want %v", tc.in, ok, tc.want)
			}
		})
	}
}

func TestIndexableRefusesWhatNameCannotQuote(t *testing.T) {
	tests := []struct {
		name string
		in   schema.Index
		want bool
	}{
		{"a plain property", schema.Index{Kind: schema.IndexRange, Type: "people", Property: "name"}, true},
		{"backticks, spaces and braces are quoted", schema.Index{Kind: schema.IndexText, Type: "people", Property: "a `b` })"}, true},
		{"a backslash cannot be quoted", schema.Index{Kind: schema.IndexRange, Type: "people", Property: `a\u0060b`}, false},
		{"an unknown kind", schema.Index{Kind: "fulltext", Type: "people", Property: "name"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := CreateIndex(tc.in)
			if Indexable(tc.in) != tc.want || ok != tc.want {
				t.Fatalf("Indexable = %v, CreateIndex ok = %v, want %v", Indexable(tc.in), ok, tc.want)
			}
		})
	}
}

// hash16 is the first 16 hex digits of the SHA-256 of s.
func hash16(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:16]
}
