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
