package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestSearchSelectAndGroupBy runs select, groupBy and aggregate against a
// small set of orders and checks each answer: rows, their order and total.
func TestSearchSelectAndGroupBy(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	suffix := strings.ReplaceAll(ev.project.ID[len(ev.project.ID)-12:], "-", "")
	orders := "or" + suffix
	for _, o := range []struct {
		cat    string
		amount any
		at     string
	}{
		{"books", 10, "2024-01-05T10:00:00Z"}, {"books", 30, "2024-01-20T10:00:00Z"}, {"books", 20, "2024-02-01T10:00:00Z"},
		{"games", 5, "2024-02-10T10:00:00Z"}, {"games", 15.5, "2024-03-01T10:00:00Z"}, {"toys", "n/a", "2024-03-02T10:00:00Z"},
	} {
		ev.createTyped(orders,
			map[string]any{"name": "category", "type": "string", "value": o.cat},
			map[string]any{"name": "amount", "type": map[bool]string{true: "string", false: "number"}[fmt.Sprint(o.amount) == "n/a"], "value": o.amount},
			map[string]any{"name": "at", "type": "datetime", "value": o.at})
	}
	tests := []struct {
		name, body string
		wantRows   string
		wantTotal  int
	}{
		{"count per category, most first",
			`{"select": {"category": "$record.category", "n": {"$count": "*"}}, "groupBy": ["category"], "orderBy": {"n": "desc"}}`,
			`[{"category":"books","n":3},{"category":"games","n":2},{"category":"toys","n":1}]`, 3},
		{"sum, average, min and max per category; strings are not summed",
			`{"select": {"sum": {"$sum": "$record.amount"}, "avg": {"$avg": "$record.amount", "$precision": 1}, "lo": {"$min": "$record.amount"}, "hi": {"$max": "$record.amount"}}, "groupBy": ["$record.category"]}`,
			`[{"avg":20,"category":"books","hi":30,"lo":10,"sum":60},{"avg":10.3,"category":"games","hi":15.5,"lo":5,"sum":20.5},{"avg":null,"category":"toys","hi":"n/a","lo":"n/a","sum":0}]`, 3},
		{"a page of groups and the total of groups",
			`{"select": {"category": "$record.category", "n": {"$count": "*"}}, "groupBy": ["category"], "skip": 1, "limit": 1}`,
			`[{"category":"games","n":2}]`, 3},
		{"months of orders",
			`{"select": {"month": {"$timeBucket": {"field": "$record.at", "unit": "month"}}, "n": {"$count": "*"}}, "groupBy": ["month"]}`,
			`[{"month":1704067200000,"n":2},{"month":1706745600000,"n":2},{"month":1709251200000,"n":2}]`, 3},
		{"quarters by months of three",
			`{"select": {"q": {"$timeBucket": {"field": "$record.at", "unit": "months", "size": 3}}, "n": {"$count": "*"}}, "groupBy": ["q"]}`,
			`[{"n":6,"q":1704067200000}]`, 1},
		{"a condition narrows the groups",
			`{"where": {"category": {"$in": ["games", "toys"]}}, "select": {"category": "$record.category", "n": {"$count": "*"}}, "groupBy": ["category"]}`,
			`[{"category":"games","n":2},{"category":"toys","n":1}]`, 2},
		{"distinct values collected",
			`{"select": {"category": "$record.category", "amounts": {"$collect": "$record.amount"}}, "groupBy": ["category"], "where": {"category": "games"}}`,
			`[{"amounts":[5,15.5],"category":"games"}]`, 1},
		{"distinct values counted",
			`{"select": {"categories": {"$count": "$record.category"}, "all": "$record.kind"}, "groupBy": ["all"]}`,
			`[{"all":null,"categories":3}]`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(tc.body, "{", `{"labels": ["`+orders+`"], `, 1)
			r := ev.do("POST", "/api/v1/records/search", body, ev.read)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			got, _ := json.Marshal(r.Body["data"])
			if string(got) != tc.wantRows || total(r) != tc.wantTotal {
				t.Errorf("rows %s total %d\nwant %s total %d", got, total(r), tc.wantRows, tc.wantTotal)
			}
		})
	}

	t.Run("without groupBy each record carries the selected keys", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/records/search", `{"labels": ["`+orders+`"], "where": {"category": "books"}, "select": {"what": "$record.category", "n": {"$count": "*"}}, "orderBy": {"at": "asc"}}`, ev.read)
		if r.Status != 200 || total(r) != 3 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		for i, rec := range r.list() {
			if rec["what"] != "books" || rec["n"] != 1.0 || rec["__label"] != orders || rec["__id"] == nil {
				t.Errorf("row %d: %v", i, rec)
			}
		}
		if r.list()[0]["amount"] != 10.0 {
			t.Errorf("not in orderBy order: %v", r.list())
		}
	})
	t.Run("$collect of records answers records in the Collect form", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/records/search", `{"labels": ["`+orders+`"], "select": {"category": "$record.category", "orders": {"$collect": {"from": "$record", "limit": 2}}}, "groupBy": ["category"], "limit": 1}`, ev.read)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		got := r.list()[0]["orders"].([]any)
		if len(got) != 2 || got[0].(map[string]any)["category"] != "books" || got[0].(map[string]any)["__id"] == nil {
			t.Errorf("collected %v", got)
		}
	})
	t.Run("the JavaScript SDK's aggregate", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/records/search", `{"labels": ["`+orders+`"], "where": {"category": "toys"}, "aggregate": {"count": {"fn": "count", "alias": "$record"}, "cat": "$record.category"}}`, ev.read)
		if r.Status != 200 || len(r.list()) != 1 || r.list()[0]["count"] != 1.0 || r.list()[0]["cat"] != "toys" {
			t.Errorf("%d %s", r.Status, r.Raw)
		}
	})
	t.Run("total false leaves the total out", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/records/search", `{"labels": ["`+orders+`"], "select": {"category": "$record.category", "n": {"$count": "*"}}, "groupBy": ["category"], "total": false}`, ev.read)
		if _, ok := r.Body["total"]; r.Status != 200 || ok || len(r.list()) != 3 {
			t.Errorf("%d %s", r.Status, r.Raw)
		}
	})
	for _, route := range []struct{ method, path string }{
		{"PUT", "/api/v1/records/delete"}, {"POST", "/api/v1/labels"}, {"POST", "/api/v1/records/relations/search"},
		{"POST", "/api/v1/records/export/csv"}, {"POST", "/api/v1/properties"},
	} {
		t.Run("select is refused by "+route.method+" "+route.path, func(t *testing.T) {
			r := ev.do(route.method, route.path, `{"where": {"category": "toys"}, "select": {"n": {"$count": "*"}}}`, ev.write)
			if r.Status != 400 || r.code() != "unsupported_field" {
				t.Errorf("%d %s", r.Status, r.Raw)
			}
		})
	}
	if n := len(query(t, "MATCH (r:Record {__project: $p}) RETURN r", map[string]any{"p": ev.project.ID})); n != 6 {
		t.Errorf("a refused delete removed records: %d left", n)
	}
}

// TestSearchSelectAliases reads related records by their $alias in select,
// groupBy and aggregate, follows $relation hops and filters by $type, against
// employees of two companies, a chain of managers and values of every type.
func TestSearchSelectAliases(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	suffix := strings.ReplaceAll(ev.project.ID[len(ev.project.ID)-12:], "-", "")
	emp, com, mgr, val := "em"+suffix, "co"+suffix, "mg"+suffix, "va"+suffix
	acme := ev.create(com, map[string]any{"name": "Acme", "city": "Paris"})
	beta := ev.create(com, map[string]any{"name": "Beta", "city": "Oslo"})
	for _, e := range []struct {
		name      string
		salary    int
		companies []string
	}{{"ann", 100, []string{acme}}, {"bob", 200, []string{acme, beta}}, {"cid", 50, []string{beta}}, {"dan", 70, nil}} {
		id := ev.create(emp, map[string]any{"name": e.name, "salary": e.salary})
		if len(e.companies) > 0 {
			ev.attach(id, "worksFor", e.companies...)
		}
	}
	var chain []string // A manages B manages C manages D
	for _, n := range []string{"A", "B", "C", "D"} {
		chain = append(chain, ev.create(mgr, map[string]any{"name": n}))
	}
	for i := 0; i+1 < len(chain); i++ {
		ev.attach(chain[i], "manages", chain[i+1])
	}
	for _, v := range []any{3, 2.5, "three", true, []any{1, 2}} {
		ev.create(val, map[string]any{"v": v})
	}
	ev.create(val, map[string]any{"other": 1})
	ev.createTyped(val, map[string]any{"name": "v", "type": "datetime", "value": "2024-01-05T10:00:00Z"})

	tests := []struct {
		name, body string
		wantStatus int
		want       string // the rows, keys sorted, as JSON; or the error code
		wantTotal  int
	}{
		{"one row per record and company read",
			`{"labels": ["` + emp + `"], "where": {"` + com + `": {"$alias": "$company", "$relation": {"type": "worksFor"}}}, "select": {"who": "$record.name", "companyName": "$company.name", "companies": {"$collect": {"from": "$company", "select": {"name": "$company.name"}}}}}`,
			200, `[{"companies":[{"__label":"` + com + `","name":"Beta"}],"companyName":"Beta","name":"cid","who":"cid"},` +
				`{"companies":[{"__label":"` + com + `","name":"Acme"}],"companyName":"Acme","name":"bob","who":"bob"},` +
				`{"companies":[{"__label":"` + com + `","name":"Beta"}],"companyName":"Beta","name":"bob","who":"bob"},` +
				`{"companies":[{"__label":"` + com + `","name":"Acme"}],"companyName":"Acme","name":"ann","who":"ann"}]`, 4},
		{"groupBy a related record's field, sums over the joined rows",
			`{"labels": ["` + emp + `"], "where": {"` + com + `": {"$alias": "$c"}}, "select": {"n": {"$count": "*"}, "pay": {"$sum": "$record.salary"}}, "groupBy": ["$c.name"]}`,
			200, `[{"n":2,"name":"Acme","pay":300},{"n":2,"name":"Beta","pay":250}]`, 2},
		{"the linked side with a condition: the search starts there",
			`{"labels": ["` + emp + `"], "where": {"` + com + `": {"$alias": "$c", "name": "Beta"}, "salary": {"$gt": 60}}, "select": {"city": "$c.city", "n": {"$count": "*"}}, "groupBy": ["city"]}`,
			200, `[{"city":"Oslo","n":1}]`, 1},
		{"counts of an alias, per record, ordered by the count",
			`{"labels": ["` + com + `"], "where": {"` + emp + `": {"$alias": "$e", "$relation": {"type": "worksFor", "direction": "in"}, "salary": {"$gte": 100}}}, "select": {"staff": {"$count": "$e"}, "top": {"$max": "$e.salary"}}, "orderBy": {"staff": "desc"}}`,
			200, `[{"city":"Paris","name":"Acme","staff":2,"top":200},{"city":"Oslo","name":"Beta","staff":1,"top":200}]`, 2},
		{"the JavaScript SDK's aggregate over an alias",
			`{"labels": ["` + com + `"], "where": {"` + emp + `": {"$alias": "$e"}}, "aggregate": {"staff": {"fn": "count", "alias": "$e"}, "avg": {"fn": "avg", "field": "salary", "alias": "$e"}}, "orderBy": {"name": "asc"}}`,
			200, `[{"avg":150,"city":"Paris","name":"Acme","staff":2},{"avg":125,"city":"Oslo","name":"Beta","staff":2}]`, 2},
		{"an alias at the end of a path of one to three edges",
			`{"labels": ["` + mgr + `"], "where": {"` + mgr + `": {"$alias": "$r", "$relation": {"type": "manages", "direction": "out", "hops": {"max": 3}}}}, "select": {"reports": {"$count": "$r"}}, "orderBy": {"reports": "desc"}}`,
			200, `[{"name":"A","reports":3},{"name":"B","reports":2},{"name":"C","reports":1}]`, 3},
		{"a path of two or three edges, from the linked side",
			`{"labels": ["` + mgr + `"], "where": {"` + mgr + `": {"$relation": {"type": "manages", "direction": "in", "hops": {"min": 2, "max": 3}}, "name": "A"}}, "orderBy": {"name": "asc"}}`,
			200, `[{"name":"C"},{"name":"D"}]`, 2},
		{"$type number: integers, floats and lists of them",
			`{"labels": ["` + val + `"], "where": {"v": {"$type": "number"}}, "orderBy": {"v": "asc"}}`,
			200, `[{"v":[1,2]},{"v":2.5},{"v":3}]`, 3},
		{"$type string, boolean and datetime",
			`{"labels": ["` + val + `"], "where": {"$or": [{"v": {"$type": "string"}}, {"v": {"$type": "boolean"}}, {"v": {"$type": "datetime"}}]}}`,
			200, `[{"v":"2024-01-05T10:00:00Z"},{"v":true},{"v":"three"}]`, 3},
		{"$type null is a missing value", `{"labels": ["` + val + `"], "where": {"v": {"$type": "null"}}}`, 200, `[{}]`, 1},
		{"an alias where does not declare", `{"labels": ["` + emp + `"], "select": {"n": "$c.name"}}`, 400, "unknown_alias", 0},
		{"an alias under $or cannot be read", `{"where": {"$or": [{"` + com + `": {"$alias": "$c"}}, {"name": "x"}]}, "select": {"n": {"$count": "$c"}}}`, 400, "unsupported_alias", 0},
		{"a path without a bound", `{"where": {"` + mgr + `": {"$relation": {"hops": {"min": 2}}}}}`, 400, "invalid_relation", 0},
		{"an unknown $type", `{"where": {"v": {"$type": "vector"}}}`, 400, "invalid_value", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("POST", "/api/v1/records/search", tc.body, ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			if r.Status != 200 {
				if r.code() != tc.want {
					t.Errorf("code %s, want %s: %s", r.code(), tc.want, r.Raw)
				}
				return
			}
			rows := r.list()
			for _, row := range rows { // the record's own fields are checked by name
				for _, k := range []string{"__id", "__label", "__proptypes", "salary", "other"} {
					delete(row, k)
				}
			}
			got, _ := json.Marshal(rows)
			if string(got) != tc.want || total(r) != tc.wantTotal {
				t.Errorf("rows %s total %d\nwant %s total %d", got, total(r), tc.want, tc.wantTotal)
			}
		})
	}
}
