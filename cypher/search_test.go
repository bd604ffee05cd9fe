package cypher

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenDir holds the pinned Cypher of the search statements.
var goldenDir = filepath.Join("..", "testdata", "cypher", "search")

// TestSearchGolden pins the statement compiled from each search body: one
// file per operator and per structure. `go test ./cypher -update` rewrites
// them.
func TestSearchGolden(t *testing.T) {
	records := func(project string, s query.Search) Query { return SearchRecords(project, s) }
	related := func(project string, s query.Search) Query {
		s.RelatedTo = "01900000-0000-7000-8000-000000000001"
		return SearchRecords(project, s)
	}
	viaCat := viaCatalog(t)
	resolved := func(project string, s query.Search) Query {
		if err := s.Resolve(viaCat); err != nil {
			t.Fatalf("resolve: %v", err)
		}
		return SearchRecords(project, s)
	}
	declCat := declaredCatalog(t)
	declared := func(project string, s query.Search) Query {
		if err := s.Resolve(declCat); err != nil {
			t.Fatalf("resolve: %v", err)
		}
		return SearchRecords(project, s)
	}
	tests := []struct {
		name  string
		build func(string, query.Search) Query
		body  string
	}{
		// Declared scalar properties: plain comparisons an index serves.
		{"declared_eq", declared, `{"labels": ["people"], "where": {"name": "Ada"}}`},
		{"declared_in", declared, `{"labels": ["people"], "where": {"name": {"$in": ["Ada", "Bo"]}}}`},
		{"declared_range_order", declared, `{"labels": ["people"], "where": {"age": {"$gte": 50}}, "orderBy": {"age": "asc"}, "limit": 20}`},
		{"declared_starts_with", declared, `{"labels": ["people"], "where": {"name": {"$startsWith": "A"}}}`},
		{"declared_contains_text", declared, `{"labels": ["people"], "where": {"bio": {"$contains": "graph"}}}`},
		{"declared_ends_with_text", declared, `{"labels": ["people"], "where": {"bio": {"$endsWith": "s"}}}`},
		{"declared_contains_no_text", declared, `{"labels": ["people"], "where": {"name": {"$contains": "d"}}}`},
		{"declared_datetime", declared, `{"labels": ["people"], "where": {"born": {"$gt": "1990-01-01T00:00:00Z"}}}`},
		{"declared_not", declared, `{"labels": ["people"], "where": {"$not": {"name": "Ada"}}}`},
		{"declared_or", declared, `{"labels": ["people"], "where": {"$or": [{"name": "Ada"}, {"age": {"$lt": 18}}]}}`},
		{"declared_ne", declared, `{"labels": ["people"], "where": {"name": {"$ne": "Ada"}}}`},
		{"declared_undeclared_key", declared, `{"labels": ["people"], "where": {"nickname": "Ad", "name": "Ada"}}`},
		{"declared_hostile_key", declared, "{\"labels\": [\"people\"], \"where\": {\"we`ird})\": 1}, \"orderBy\": {\"we`ird})\": \"desc\"}}"},
		{"declared_related", declared, `{"labels": ["people"], "where": {"companies": {"name": "Acme"}}}`},
		{"declared_related_and_own", declared, `{"labels": ["people"], "where": {"companies": {"name": "Acme"}, "name": "Ada"}}`},
		{"declared_no_total", declared, `{"labels": ["people"], "where": {"name": "Ada"}, "total": false}`},
		{"open_type", records, `{"labels": ["tags"], "where": {"name": "go"}}`},
		{"via_id", resolved, `{"labels": ["employees"], "where": {"employer": {"$id": "01900000-0000-7000-8000-000000000004"}}}`},
		{"via_mirrored", resolved, `{"labels": ["companies"], "where": {"employees": {"name": "Ann"}}}`},
		{"via_some", resolved, `{"labels": ["employees"], "where": {"employer": {"$some": {"name": "Acme"}}}}`},
		{"via_none", resolved, `{"labels": ["employees"], "where": {"employer": {"$none": {"name": "Acme"}}}}`},
		{"via_every", resolved, `{"labels": ["companies"], "where": {"employees": {"$every": {"name": {"$startsWith": "A"}}}}}`},
		{"via_count", resolved, `{"labels": ["companies"], "where": {"employees": {"$count": {"$gte": 2}}}}`},
		{"via_count_eq", resolved, `{"labels": ["companies"], "where": {"employees": {"$count": 0}}}`},
		{"via_2hops", resolved, `{"labels": ["employees"], "where": {"employer": {"$some": {"parent": {"name": "Holding"}}}}}`},
		{"empty", records, `{}`},
		{"labels", records, `{"labels": ["people", "companies"]}`},
		{"eq", records, `{"where": {"name": "Ada"}}`},
		{"eq_operator", records, `{"where": {"age": {"$eq": 36}}}`},
		{"eq_null", records, `{"where": {"deletedAt": null}}`},
		{"ne", records, `{"where": {"name": {"$ne": "Ada"}}}`},
		{"ne_null", records, `{"where": {"deletedAt": {"$ne": null}}}`},
		{"gt", records, `{"where": {"age": {"$gt": 30}}}`},
		{"gte", records, `{"where": {"age": {"$gte": 30}}}`},
		{"lt", records, `{"where": {"score": {"$lt": 2.5}}}`},
		{"lte", records, `{"where": {"age": {"$lte": 30}}}`},
		{"range", records, `{"where": {"age": {"$gte": 18, "$lt": 65}}}`},
		{"in", records, `{"where": {"tag": {"$in": ["a", "b"]}}}`},
		{"nin", records, `{"where": {"tag": {"$nin": ["a", "b"]}}}`},
		{"contains", records, `{"where": {"name": {"$contains": "ad"}}}`},
		{"starts_with", records, `{"where": {"name": {"$startsWith": "A"}}}`},
		{"ends_with", records, `{"where": {"name": {"$endsWith": "a"}}}`},
		{"exists", records, `{"where": {"email": {"$exists": true}}}`},
		{"not_exists", records, `{"where": {"email": {"$exists": false}}}`},
		{"datetime_string", records, `{"where": {"born": {"$gt": "1990-01-01T00:00:00Z"}}}`},
		{"datetime_object", records, `{"where": {"born": {"$lt": {"$year": 2000, "$month": 6}}}}`},
		{"datetime_in", records, `{"where": {"born": {"$in": ["2000-01-01", {"$year": 2001}, "not a date"]}}}`},
		{"and", records, `{"where": {"$and": [{"name": "Ada"}, {"age": {"$gt": 30}}]}}`},
		{"and_object", records, `{"where": {"$and": {"name": "Ada", "age": 36}}}`},
		{"or", records, `{"where": {"$or": [{"name": "Ada"}, {"name": "Bo"}]}}`},
		{"not", records, `{"where": {"$not": {"name": "Ada"}}}`},
		{"nor", records, `{"where": {"$nor": [{"name": "Ada"}, {"age": 36}]}}`},
		{"xor", records, `{"where": {"$xor": [{"name": "Ada"}, {"age": 36}]}}`},
		{"property_or", records, `{"where": {"age": {"$or": [{"$lt": 18}, {"$gt": 65}]}}}`},
		{"property_not", records, `{"where": {"name": {"$not": {"$startsWith": "A"}}}}`},
		{"nested", records, `{"where": {"$or": [{"$and": [{"age": {"$gt": 30}}, {"$not": {"name": "Ada"}}]}, {"$nor": [{"age": 1}]}]}}`},
		{"id_eq", records, `{"where": {"$id": "01900000-0000-7000-8000-000000000002"}}`},
		{"id_in", records, `{"where": {"$id": {"$in": ["01900000-0000-7000-8000-000000000002", "01900000-0000-7000-8000-000000000003"]}, "name": "Ada"}}`},
		{"id_nin", records, `{"where": {"$id": {"$nin": ["01900000-0000-7000-8000-000000000002"]}}}`},
		{"related_1hop", records, `{"labels": ["people"], "where": {"companies": {"name": "Acme"}}}`},
		{"related_2hops", records, `{"where": {"companies": {"name": "Acme", "cities": {"$relation": "location", "name": "Paris"}}}}`},
		{"related_any", records, `{"where": {"companies": {}}}`},
		{"related_id", records, `{"where": {"companies": {"$id": "01900000-0000-7000-8000-000000000004"}}}`},
		{"relation_string", records, `{"where": {"companies": {"$relation": "employer", "name": "Acme"}}}`},
		{"relation_object", records, `{"where": {"companies": {"$relation": {"type": "employees", "direction": "in"}, "name": "Acme"}}}`},
		{"relation_out", records, `{"where": {"companies": {"$relation": {"direction": "out"}}}}`},
		{"related_in_or", records, `{"where": {"$or": [{"companies": {"name": "Acme"}}, {"age": {"$gt": 30}}]}}`},
		{"order_string", records, `{"orderBy": "asc"}`},
		{"order_object", records, `{"orderBy": {"name": "asc", "age": "desc"}}`},
		{"order_id", records, `{"orderBy": {"age": "desc", "__id": "asc"}}`},
		{"page", records, `{"skip": 20, "limit": 10}`},
		{"related_to", related, `{"labels": ["people"], "where": {"age": {"$gt": 30}}, "limit": 5}`},
		{"delete", DeleteWhere, `{"where": {"$id": {"$in": ["01900000-0000-7000-8000-000000000002"]}}}`},
		{"delete_paged", DeleteWhere, `{"where": {"age": {"$gt": 30}}, "orderBy": {"age": "asc"}, "limit": 10}`},
		{"label_counts", LabelCounts, `{"where": {"age": {"$gt": 30}}}`},
		// $type: constants in the text, the property a parameter.
		{"type", records, `{"where": {"age": {"$type": "number"}, "nick": {"$type": "null"}, "$not": {"born": {"$type": "datetime"}}}}`},
		{"declared_type", declared, `{"labels": ["people"], "where": {"name": {"$type": "string"}}}`},
		// $relation hops: a bounded path, from the linked side or as EXISTS.
		{"related_hops", records, `{"labels": ["people"], "where": {"people": {"$relation": {"type": "manages", "direction": "in", "hops": {"max": 3}}, "name": "Ada"}}}`},
		{"related_hops_exists", records, `{"where": {"$or": [{"people": {"$relation": {"direction": "out", "hops": 2}}}, {"age": 1}]}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := query.ParseSearch([]byte(tc.body))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			got := render(t, tc.build("01900000-0000-7000-8000-00000000000f", s))
			path := filepath.Join(goldenDir, tc.name+".golden")
			golden(t, path, got)
		})
	}
}

// render writes a query as a golden file: the text, then its parameters as
// JSON.
func render(t *testing.T, q Query) string {
	t.Helper()
	params, err := json.MarshalIndent(q.Params, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return q.Text + "\n-- params --\n" + string(params) + "\n"
}

// viaCatalog declares employees.employer (one company) with its inverse
// companies.employees, and companies.parent.
func viaCatalog(t *testing.T) *schema.Catalog {
	t.Helper()
	rel := `{"x-type-schema": {"input": "relation", "view": "relation", "filter": "relation"}, "allowedTypeIds": ["companies"]`
	var types []schema.Type
	for id, def := range map[string]string{
		"employees": `{"properties": {"name": {"type": "string"}, "employer": ` + rel + `, "inverse": {"type": "companies", "property": "employees"}}}}`,
		"companies": `{"properties": {"name": {"type": "string"}, "parent": ` + rel + `}}}`,
	} {
		typ, _, err := schema.StoredType("p", id, def, "{}")
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, typ)
	}
	return schema.NewCatalog(types...)
}

// declaredCatalog declares people (name, age, born, bio with a text index,
// a hostile name) and companies (name).
func declaredCatalog(t *testing.T) *schema.Catalog {
	t.Helper()
	var types []schema.Type
	for id, def := range map[string]string{
		"people":    "{\"properties\": {\"name\": {\"type\": \"string\"}, \"age\": {\"type\": \"integer\"}, \"born\": {\"type\": \"datetime\"}, \"bio\": {\"type\": \"string\", \"text\": true}, \"we`ird})\": {\"type\": \"number\"}}}",
		"companies": `{"properties": {"name": {"type": "string"}}}`,
	} {
		typ, _, err := schema.StoredType("p", id, def, "{}")
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, typ)
	}
	return schema.NewCatalog(types...)
}

// golden compares got with the golden file at path, or rewrites the file
// when the test runs with -update (go test ./cypher -update).
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cypher -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s changed (go test ./cypher -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestSelectGolden pins the grouped statements: one file per select
// operator and per shape (grouped or not, ordered, related, without total).
func TestSelectGolden(t *testing.T) {
	declCat := declaredCatalog(t)
	rows := func(project string, s query.Search) Query {
		if err := s.Resolve(declCat); err != nil {
			t.Fatalf("resolve: %v", err)
		}
		return SearchRows(project, s)
	}
	related := func(project string, s query.Search) Query {
		s.RelatedTo = "01900000-0000-7000-8000-000000000001"
		return SearchRows(project, s)
	}
	open := SearchRows
	viaCat := viaCatalog(t)
	via := func(project string, s query.Search) Query {
		if err := s.Resolve(viaCat); err != nil {
			t.Fatalf("resolve: %v", err)
		}
		return SearchRows(project, s)
	}
	tests := []struct {
		name  string
		build func(string, query.Search) Query
		body  string
	}{
		{"select_count_by_field", rows, `{"labels": ["people"], "select": {"name": "$record.name", "n": {"$count": "*"}}, "groupBy": ["name"], "orderBy": {"n": "desc"}}`},
		{"select_group_by_reference", rows, `{"labels": ["people"], "select": {"total": {"$sum": "$record.age"}}, "groupBy": ["$record.city"]}`},
		{"select_avg_precision", rows, `{"labels": ["people"], "select": {"city": "$record.city", "a": {"$avg": "$record.age", "$precision": 1}, "a0": {"$avg": "$record.age", "$precision": 0}}, "groupBy": ["city"]}`},
		{"select_min_max_distinct", rows, `{"labels": ["people"], "where": {"age": {"$gte": 18}}, "select": {"city": "$record.city", "lo": {"$min": "$record.born"}, "hi": {"$max": "$record.born"}, "names": {"$count": "$record.name"}}, "groupBy": ["city"]}`},
		{"select_collect", rows, `{"labels": ["people"], "select": {"city": "$record.city", "people": {"$collect": {"from": "$record", "limit": 3}}, "names": {"$collect": "$record.name"}}, "groupBy": ["city"], "limit": 50}`},
		{"select_time_bucket_day", rows, `{"labels": ["people"], "select": {"day": {"$timeBucket": {"field": "$record.born", "unit": "day"}}, "n": {"$count": "*"}}, "groupBy": ["day"]}`},
		{"select_time_bucket_months", rows, `{"labels": ["people"], "select": {"q": {"$timeBucket": {"field": "$record.born", "unit": "months", "size": 3}}, "n": {"$count": "*"}}, "groupBy": ["q"]}`},
		{"select_time_bucket_minutes", rows, `{"labels": ["people"], "select": {"m": {"$timeBucket": {"field": "$record.born", "unit": "minutes", "size": 15}}, "n": {"$count": "*"}}, "groupBy": ["m"]}`},
		{"select_time_bucket_years", rows, `{"labels": ["people"], "select": {"y": {"$timeBucket": {"field": "$record.born", "unit": "years", "size": 10}}, "n": {"$count": "*"}}, "groupBy": ["y"]}`},
		{"select_per_record", rows, `{"labels": ["people"], "select": {"label": "$record.name", "id": "$record.__id"}, "orderBy": {"age": "asc"}, "limit": 10}`},
		{"select_no_total", rows, `{"labels": ["people"], "select": {"city": "$record.city", "n": {"$count": "*"}}, "groupBy": ["city"], "total": false}`},
		{"select_related_to", related, `{"labels": ["people"], "select": {"city": "$record.city", "n": {"$count": "*"}}, "groupBy": ["city"]}`},
		{"aggregate_js", rows, `{"labels": ["companies"], "aggregate": {"name": "$record.name", "count": {"fn": "count", "alias": "$record"}}}`},
		// Related records read by alias: matched once, with the search.
		{"select_alias_per_record", open, `{"labels": ["employees"], "where": {"companies": {"$alias": "$company", "$relation": {"type": "worksFor"}}}, "select": {"name": "$record.name", "companyName": "$company.name", "companies": {"$collect": {"from": "$company"}}}}`},
		{"select_alias_driver", rows, `{"labels": ["people"], "where": {"companies": {"$alias": "$c", "name": "Acme"}, "age": {"$gt": 30}}, "select": {"city": "$c.city", "n": {"$count": "*"}}, "groupBy": ["city"], "orderBy": {"n": "desc"}}`},
		{"select_alias_nested", rows, `{"labels": ["people"], "where": {"companies": {"$alias": "$c", "cities": {"$alias": "$city", "$relation": "location"}}}, "select": {"companies": {"$count": "$c"}}, "groupBy": ["$city.name"]}`},
		{"select_alias_seek", rows, `{"labels": ["people"], "where": {"name": "Ada", "companies": {"$alias": "$c"}}, "select": {"companies": {"$collect": {"from": "$c", "select": {"name": "$c.name", "id": "$c.__id"}, "skip": 1, "limit": 5}}}}`},
		{"select_alias_via", via, `{"labels": ["employees"], "where": {"employer": {"$alias": "$e", "name": "Acme"}}, "select": {"n": {"$count": "$record"}, "total": {"$sum": "$record.salary"}}, "groupBy": ["$e.name"]}`},
		{"select_alias_hops", open, `{"labels": ["people"], "where": {"people": {"$alias": "$report", "$relation": {"type": "manages", "direction": "out", "hops": {"min": 1, "max": 3}}}}, "select": {"reports": {"$count": "$report"}}, "orderBy": {"reports": "desc"}}`},
		{"aggregate_js_alias", open, `{"labels": ["companies"], "where": {"employees": {"$alias": "$emp"}}, "aggregate": {"staff": {"fn": "count", "alias": "$emp"}, "avgSalary": {"fn": "avg", "field": "salary", "alias": "$emp"}, "names": {"fn": "collect", "field": "name", "alias": "$emp"}}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := query.ParseSearch([]byte(tc.body))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			got := render(t, tc.build("01900000-0000-7000-8000-00000000000f", s))
			golden(t, filepath.Join(goldenDir, tc.name+".golden"), got)
		})
	}
}
