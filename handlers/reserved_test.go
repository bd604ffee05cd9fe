package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
)

// reservedNames are relgraph's own fields of a record node: none is a
// property or relation name a client may use.
var reservedNames = []string{"__id", "__project", "__proptypes", "__label", "__nulls", "__lock", "__links"}

// reservedCase is one position of a request where a client names a
// property; request builds the request with name there.
type reservedCase struct {
	name    string
	request func(name string) (method, path string, body any)
	want    int // 400 unless set
	// legacyLinks is true where __links is the documented legacy bag of
	// links (imports), not a property name.
	legacyLinks bool
	// idAlias is true where __id is the documented name of the record's
	// id (sort keys, select fields): it reads the id every answer carries
	// as __id, no stored field, and is answered.
	idAlias bool
}

// TestReservedNamesAreRefusedEverywhere puts each of relgraph's own field
// names in every position of every route that takes a property or
// relation name (a path, a body, a query, a CSV header, a search key, sort
// keys, select and groupBy, relation names, edge bags, type declarations
// and their representation): each is refused (400, or 404 for an id that
// names one) by the one rule of schema (CheckProperty, CheckRelation), and
// the project's graph is the same afterwards. Two documented exceptions:
// __id names the record's id where a search reads or sorts by it, and an
// import's __links is the legacy bag of links.
func TestReservedNamesAreRefusedEverywhere(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.cleanTypes()
	if r := ev.do("PUT", "/api/v1/types/members", map[string]any{"properties": map[string]any{
		"name":  map[string]any{"type": "string"},
		"peers": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"members"}},
	}}, ev.admin); r.Status != http.StatusCreated {
		t.Fatalf("declare members: %d %s", r.Status, r.Raw)
	}
	ada, bo := ev.create("people", map[string]any{"name": "Ada"}), ev.create("people", map[string]any{"name": "Bo"})
	ev.attach(ada, "knows", bo)
	m := ev.create("members", map[string]any{"name": "M"})
	// value is what a condition on name compares with: the record's real
	// value, so that a condition that got through would match.
	value := func(name string) any {
		switch name {
		case "__id":
			return ada
		case "__project":
			return ev.project.ID
		case "__label":
			return "people"
		}
		return "x"
	}
	where := func(name string) map[string]any { return map[string]any{name: value(name)} }
	search := func(path string, body func(name string) map[string]any) func(string) (string, string, any) {
		return func(name string) (string, string, any) { return "POST", path, body(name) }
	}
	inPeople := func(name string) map[string]any {
		return map[string]any{"labels": []string{"people"}, "where": where(name)}
	}
	idOf := func(name string) string {
		return graph.PropertyKey{Type: "people", Name: name, ValueType: "string"}.ID()
	}
	cases := []reservedCase{
		{name: "create, properties list", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records", map[string]any{"label": "people", "properties": []any{map[string]any{"name": n, "type": "string", "value": "x"}}}
		}},
		{name: "create, properties object", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records", map[string]any{"label": "people", "properties": map[string]any{n: "x"}}
		}},
		{name: "create, data", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{n: "x"}}
		}},
		{name: "upsert, mergeBy", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": "Ada"}, "options": map[string]any{"mergeBy": []string{n}}}
		}},
		{name: "merge, properties list", request: func(n string) (string, string, any) {
			return "PATCH", "/api/v1/records/" + ada, map[string]any{"properties": []any{map[string]any{"name": n, "type": "string", "value": "x"}}}
		}},
		{name: "merge, flat object", request: func(n string) (string, string, any) {
			return "PATCH", "/api/v1/records/" + ada, map[string]any{n: "x"}
		}},
		{name: "replace, data", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/records/" + ada, map[string]any{"data": map[string]any{"name": "Ada", n: "x"}}
		}},
		{name: "import, a key", legacyLinks: true, request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/import/json", map[string]any{"label": "people", "payload": map[string]any{"name": "I", n: "x"}}
		}},
		{name: "import, a nested key", legacyLinks: true, request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/import/json", map[string]any{"label": "people", "payload": map[string]any{"name": "I", "pets": map[string]any{n: "x"}}}
		}},
		{name: "import, a child type", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/import/json", map[string]any{"label": "people", "payload": map[string]any{"name": "I", n: map[string]any{"name": "x"}}}
		}},
		{name: "import, relationshipType", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/import/json", map[string]any{"label": "people", "options": map[string]any{"relationshipType": n},
				"payload": map[string]any{"name": "I", "pets": map[string]any{"name": "x"}}}
		}},
		{name: "import, mergeBy", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/import/json", map[string]any{"label": "people", "options": map[string]any{"mergeBy": []string{n}}, "data": []any{map[string]any{"name": "Ada"}}}
		}},
		{name: "CSV import, a header", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/import/csv", map[string]any{"label": "people", "data": "name," + n + "\nC,x\n"}
		}},
		{name: "search, a where key", request: search("/api/v1/records/search", inPeople)},
		{name: "search, under $or", request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"where": map[string]any{"$or": []any{where(n), map[string]any{"name": "Bo"}}}}
		})},
		{name: "search, a related record's key", request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"labels": []string{"people"}, "where": map[string]any{"people": map[string]any{"$relation": "knows", n: value(n)}}}
		})},
		{name: "search, $relation", request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"labels": []string{"people"}, "where": map[string]any{"people": map[string]any{"$relation": n}}}
		})},
		{name: "search, a quantified relation", request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"labels": []string{"members"}, "where": map[string]any{n: map[string]any{"$some": map[string]any{}}}}
		})},
		{name: "search, a sort key", idAlias: true, request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"orderBy": map[string]any{n: "asc"}}
		})},
		{name: "search, select", idAlias: true, request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"labels": []string{"people"}, "select": map[string]any{"v": "$record." + n}}
		})},
		{name: "search, groupBy", idAlias: true, request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"labels": []string{"people"}, "select": map[string]any{"n": map[string]any{"$count": "*"}}, "groupBy": []string{"$record." + n}}
		})},
		{name: "search, an aggregate's field", idAlias: true, request: search("/api/v1/records/search", func(n string) map[string]any {
			return map[string]any{"labels": []string{"people"}, "aggregate": map[string]any{"v": map[string]any{"fn": "collect", "field": n}}}
		})},
		{name: "related search", request: search("/api/v1/records/"+ada+"/search", inPeople)},
		{name: "delete by search", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/records/delete", map[string]any{"where": where(n)}
		}},
		{name: "delete by search (RushDB)", request: search("/api/v1/records/delete", func(n string) map[string]any { return map[string]any{"where": where(n)} })},
		{name: "label counts", request: search("/api/v1/labels", inPeople)},
		{name: "label counts (RushDB)", request: search("/api/v1/labels/search", inPeople)},
		{name: "edges of a search", request: search("/api/v1/records/relations/search", inPeople)},
		{name: "property catalogue", request: search("/api/v1/properties", inPeople)},
		{name: "property catalogue (RushDB)", request: search("/api/v1/properties/search", inPeople)},
		{name: "CSV export", request: search("/api/v1/records/export/csv", inPeople)},
		{name: "CSV export stream", request: func(n string) (string, string, any) {
			return "GET", "/api/v1/records/export.csv?labels=people&where=" + url.QueryEscape(`{"`+n+`": "x"}`), nil
		}},
		{name: "relationship search, an edge key", request: search("/api/v1/relationships/search", func(n string) map[string]any {
			return map[string]any{"where": map[string]any{n: "x"}}
		})},
		{name: "relationship search, a source key", request: search("/api/v1/relationships/search", func(n string) map[string]any {
			return map[string]any{"source": map[string]any{"where": where(n)}}
		})},
		{name: "relationship search, a target key", request: search("/api/v1/relationships/search", func(n string) map[string]any {
			return map[string]any{"target": map[string]any{"where": where(n)}}
		})},
		{name: "attach, a relation name", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/records/" + ada + "/relations", map[string]any{"targetIds": bo, "type": n}
		}},
		{name: "attach, an edge bag name", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/relationships/" + ada, map[string]any{"targetIds": bo, "type": "knows", "properties": map[string]any{n: 1}}
		}},
		{name: "detach, a relation name", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/records/" + ada + "/relations", map[string]any{"targetIds": bo, "typeOrTypes": []string{n}}
		}},
		{name: "relations of a property", request: func(n string) (string, string, any) {
			return "GET", "/api/v1/records/" + ada + "/relations?property=" + n, nil
		}},
		{name: "neighbourhood of a property", request: func(n string) (string, string, any) {
			return "GET", "/api/v1/records/" + ada + "/graph?property=" + n, nil
		}},
		{name: "paths of a property", request: func(n string) (string, string, any) {
			return "GET", "/api/v1/paths?from=" + ada + "&to=" + bo + "&property=" + n, nil
		}},
		{name: "records linked via", request: func(n string) (string, string, any) {
			return "GET", "/api/v1/records?type=people&linkedTo=" + bo + "&via=" + n, nil
		}},
		{name: "create-many, a key", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/relationships/create-many", map[string]any{"source": map[string]any{"label": "people", "key": n}, "target": map[string]any{"label": "people", "key": "name"}}
		}},
		{name: "create-many, a relation name", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/relationships/create-many", map[string]any{"source": map[string]any{"label": "people", "key": "name"}, "target": map[string]any{"label": "people", "key": "name"}, "type": n}
		}},
		{name: "create-many, an edge bag name", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/relationships/create-many", map[string]any{"source": map[string]any{"label": "people", "key": "name"}, "target": map[string]any{"label": "people", "key": "name"}, "properties": map[string]any{n: 1}}
		}},
		{name: "create-many, a where key", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/relationships/create-many", map[string]any{"source": map[string]any{"label": "people", "where": where(n)}, "target": map[string]any{"label": "people", "where": where(n)}, "manyToMany": true}
		}},
		{name: "delete-many, a key", request: func(n string) (string, string, any) {
			return "POST", "/api/v1/relationships/delete-many", map[string]any{"source": map[string]any{"label": "people", "key": n}, "target": map[string]any{"label": "people", "key": n}}
		}},
		{name: "declare, a property", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/types/members", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}, n: map[string]any{"type": "string"}}}
		}},
		{name: "declare, a relation property", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/types/members", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}, n: map[string]any{"x-type-schema": rel}}}
		}},
		{name: "declare, required", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/types/members", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}, "required": []string{n}}
		}},
		{name: "declare, an inverse", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/types/members", map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"},
				"peers": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"members"}, "inverse": map[string]any{"type": "members", "property": n}}}}
		}},
		{name: "declare, a representation", request: func(n string) (string, string, any) {
			return "PUT", "/api/v1/types/members", map[string]any{"representation": "{" + n + "}", "properties": map[string]any{"name": map[string]any{"type": "string"}}}
		}},
		{name: "link options of a property", want: http.StatusNotFound, request: func(n string) (string, string, any) {
			return "GET", "/api/v1/types/members/properties/" + n + "/options", nil
		}},
		{name: "a property by id", want: http.StatusNotFound, request: func(n string) (string, string, any) { return "GET", "/api/v1/properties/" + idOf(n), nil }},
		{name: "a property's values", want: http.StatusNotFound, request: func(n string) (string, string, any) {
			return "GET", "/api/v1/properties/" + idOf(n) + "/values", nil
		}},
		{name: "a property's values (RushDB)", want: http.StatusNotFound, request: func(n string) (string, string, any) {
			return "POST", "/api/v1/properties/" + idOf(n) + "/values", map[string]any{}
		}},
		{name: "delete a property", want: http.StatusNotFound, request: func(n string) (string, string, any) { return "DELETE", "/api/v1/properties/" + idOf(n), nil }},
	}
	before := tenantState(t, ev.project.ID)
	for _, tc := range cases {
		for _, n := range reservedNames {
			if n == "__links" && tc.legacyLinks {
				continue
			}
			t.Run(tc.name+" "+n, func(t *testing.T) {
				method, path, body := tc.request(n)
				want := tc.want
				if want == 0 {
					want = http.StatusBadRequest
				}
				if n == "__id" && tc.idAlias {
					want = http.StatusOK
				}
				token := ev.write
				if strings.Contains(path, "/types/") && method == "PUT" {
					token = ev.admin
				}
				r := ev.do(method, path, body, token)
				if r.Status != want {
					t.Fatalf("%s %s: got %d, want %d: %.300s", method, path, r.Status, want, r.Raw)
				}
			})
		}
	}
	if after := tenantState(t, ev.project.ID); after.String() != before.String() {
		t.Fatalf("the project changed:\nbefore %s\nafter  %s", before, after)
	}
	if r := ev.do("GET", "/api/v1/records/"+m, nil, ev.read); r.Status != http.StatusOK {
		t.Fatalf("a record after the requests: %d %s", r.Status, r.Raw)
	}
	t.Run("$record.__id selects the id", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "select": map[string]any{"v": "$record.__id"}}, ev.read)
		if r.Status != http.StatusOK || len(r.list()) != 2 {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
		for _, row := range r.list() {
			if row["v"] != row["__id"] {
				t.Fatalf("select $record.__id gave %v for record %v", row["v"], row["__id"])
			}
		}
	})
}
