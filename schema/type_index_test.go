package schema

import (
	"reflect"
	"testing"
)

func TestIndexOptionsOutOfPlaceAreRefusedWithAPointer(t *testing.T) {
	rel := `"x-type-schema": {"input": "relation"}`
	tests := []struct {
		name, body, wantField string
	}{
		{"index on an array", `{"properties": {"a": {"type": "array", "index": false}}}`, "/properties/a/index"},
		{"index on an untyped scalar", `{"properties": {"a": {"index": true}}}`, "/properties/a/index"},
		{"index on a relation", `{"properties": {"a": {` + rel + `, "index": false}}}`, "/properties/a/index"},
		{"text on a number", `{"properties": {"a": {"type": "number", "text": true}}}`, "/properties/a/text"},
		{"text on a datetime, even false", `{"properties": {"a": {"type": "datetime", "text": false}}}`, "/properties/a/text"},
		{"text on a relation", `{"properties": {"a": {` + rel + `, "text": true}}}`, "/properties/a/text"},
		{"text on an override relation", `{"schemaOverrides": {"properties": {"links": {` + rel + `, "type": "array", "text": true}}}}`, "/schemaOverrides/properties/links/text"},
		{"index that is not a boolean", `{"properties": {"a": {"type": "string", "index": "no"}}}`, "/properties/a/index"},
		{"text that is not a boolean", `{"properties": {"a": {"type": "string", "text": 1}}}`, "/properties/a/text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseType(project, "things", []byte(tc.body))
			assertRule(t, err, "invalid_option", tc.wantField, false)
		})
	}
}

func TestTypeIndexesFollowTheDeclaration(t *testing.T) {
	rel := `"x-type-schema": {"input": "relation"}`
	projectIndex := func(typ string) Index { return Index{Kind: IndexRange, Type: typ} }
	rng := func(typ, p string) Index { return Index{Kind: IndexRange, Type: typ, Property: p} }
	txt := func(typ, p string) Index { return Index{Kind: IndexText, Type: typ, Property: p} }
	tests := []struct {
		name, body string
		want       []Index
	}{
		{"a type without properties has its project index", `{}`, []Index{projectIndex("things")}},
		{"each indexable scalar gets a range index, by name",
			`{"properties": {"s": {"type": "string"}, "n": {"type": "number"}, "i": {"type": "integer"}, "b": {"type": "boolean"}, "d": {"type": "datetime"}}}`,
			[]Index{projectIndex("things"), rng("things", "b"), rng("things", "d"), rng("things", "i"), rng("things", "n"), rng("things", "s")}},
		{"arrays, untyped scalars and relations get none",
			`{"properties": {"tags": {"type": "array"}, "any": {}, "owner": {` + rel + `}, "links": {` + rel + `, "type": "array"}}}`,
			[]Index{projectIndex("things")}},
		{"index false opts out", `{"properties": {"a": {"type": "string", "index": false}, "b": {"type": "integer", "index": true}}}`,
			[]Index{projectIndex("things"), rng("things", "b")}},
		{"text true adds a text index after the range index", `{"properties": {"name": {"type": "string", "text": true}}}`,
			[]Index{projectIndex("things"), rng("things", "name"), txt("things", "name")}},
		{"text without the range index", `{"properties": {"name": {"type": "string", "text": true, "index": false}}}`,
			[]Index{projectIndex("things"), txt("things", "name")}},
		{"a scalar override is indexed like a declared property", `{"schemaOverrides": {"properties": {"code": {"type": "string"}}}}`,
			[]Index{projectIndex("things"), rng("things", "code")}},
		{"any printable name is listed; whether it can be written is the store's concern", `{"properties": {"a\\b": {"type": "string"}, "x` + "`" + `})": {"type": "string"}}}`,
			[]Index{projectIndex("things"), rng("things", `a\b`), rng("things", "x`})")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ, err := ParseType(project, "things", []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := typ.Indexes(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("indexes %+v, want %+v", got, tc.want)
			}
			def, over := typ.Stored()
			back, _, err := StoredType(project, "things", def, over)
			if err != nil || !reflect.DeepEqual(back.Indexes(), tc.want) {
				t.Fatalf("the stored definition keeps the index options: %v %+v (stored %s)", err, back.Indexes(), def)
			}
		})
	}
}

func TestIndexKeysPutTheProjectFirst(t *testing.T) {
	tests := []struct {
		name string
		in   Index
		want []string
	}{
		{"the project index", Index{Kind: IndexRange, Type: "t"}, []string{"__project"}},
		{"a property's range index", Index{Kind: IndexRange, Type: "t", Property: "name"}, []string{"__project", "name"}},
		{"a text index is on its property alone", Index{Kind: IndexText, Type: "t", Property: "name"}, []string{"name"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.Keys(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("keys %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCatalogIndexedSaysWhatADeclarationAsksFor(t *testing.T) {
	cat := declare(t, companyWorld(t), "people", `{"properties": {"name": {"type": "string", "text": true}, "age": {"type": "integer", "index": false}}}`)
	tests := []struct {
		name, typ, property, kind string
		want                      bool
	}{
		{"the project index of a declared type", "people", "", IndexRange, true},
		{"a declared string's range index", "people", "name", IndexRange, true},
		{"a declared string's text index", "people", "name", IndexText, true},
		{"an opted-out property", "people", "age", IndexRange, false},
		{"a string without text", "companies", "name", IndexText, false},
		{"a relation property", "companies", "employees", IndexRange, false},
		{"an undeclared property", "people", "email", IndexRange, false},
		{"an open type", "ghosts", "", IndexRange, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cat.Indexed(tc.typ, tc.property, tc.kind); got != tc.want {
				t.Fatalf("Indexed(%s, %s, %s) = %v, want %v", tc.typ, tc.property, tc.kind, got, tc.want)
			}
		})
	}
	if n := len(cat.Indexes()); n != 8 {
		t.Errorf("the catalog asks for %d indexes, want 8: %+v", n, cat.Indexes())
	}
}
