package query

import (
	"errors"
	"reflect"
	"testing"

	"github.com/relgraph/relgraph/schema"
)

func TestParseSelect(t *testing.T) {
	two := 2
	name := Field{Property: "name"}
	tests := []struct {
		name, body string
		select_    []Select
		groupBy    []string
	}{
		{"a field and a count per group", `{"select": {"category": "$record.category", "n": {"$count": "*"}}, "groupBy": ["category"]}`,
			[]Select{{"category", Field{Property: "category"}}, {"n", Aggregate{Fn: FnCount}}}, []string{"category"}},
		{"a field reference in groupBy adds its key", `{"select": {"total": {"$sum": "$record.amount"}}, "groupBy": ["$record.region"]}`,
			[]Select{{"total", Aggregate{Fn: FnSum, Of: &Field{Property: "amount"}}}, {"region", Field{Property: "region"}}}, []string{"region"}},
		{"$avg with $precision", `{"select": {"avg": {"$avg": "$record.score", "$precision": 2}}}`,
			[]Select{{"avg", Aggregate{Fn: FnAvg, Of: &Field{Property: "score"}, Precision: &two}}}, nil},
		{"$count of a field counts distinct values", `{"select": {"names": {"$count": "$record.name"}}}`,
			[]Select{{"names", Aggregate{Fn: FnCount, Of: &name, Distinct: true}}}, nil},
		{"$min, $max and the id", `{"select": {"lo": {"$min": "$record.age"}, "hi": {"$max": "$record.age"}, "id": "$record.__id"}}`,
			[]Select{{"lo", Aggregate{Fn: FnMin, Of: &Field{Property: "age"}}}, {"hi", Aggregate{Fn: FnMax, Of: &Field{Property: "age"}}}, {"id", Field{ID: true}}}, nil},
		{"$collect of records with a limit", `{"select": {"all": {"$collect": {"from": "$record", "limit": 5}}}}`,
			[]Select{{"all", Aggregate{Fn: FnCollect, Limit: 5}}}, nil},
		{"$collect of a field's values", `{"select": {"names": {"$collect": "$record.name"}}}`,
			[]Select{{"names", Aggregate{Fn: FnCollect, Of: &name, Distinct: true, Limit: defaultCollected}}}, nil},
		{"a time bucket grouped by", `{"select": {"month": {"$timeBucket": {"field": "$record.at", "unit": "months", "size": 3}}, "n": {"$count": "*"}}, "groupBy": ["month"]}`,
			[]Select{{"month", TimeBucket{Of: Field{Property: "at"}, Unit: "month", Size: 3}}, {"n", Aggregate{Fn: FnCount}}}, []string{"month"}},
		{"fields and records of an alias", `{"where": {"companies": {"$alias": "$c"}}, "select": {"name": "$c.name", "id": "$c.$id", "n": {"$count": "$c"}, "all": {"$collect": {"from": "$c", "select": {"name": "$c.name"}, "skip": 2, "limit": 3}}}}`,
			[]Select{{"name", Field{Alias: "$c", Property: "name"}}, {"id", Field{Alias: "$c", ID: true}}, {"n", Aggregate{Fn: FnCount, Alias: "$c"}},
				{"all", Aggregate{Fn: FnCollect, Alias: "$c", Skip: 2, Limit: 3, Fields: []Select{{"name", Field{Alias: "$c", Property: "name"}}}}}}, nil},
		{"$count of $record is the records", `{"select": {"n": {"$count": "$record"}}}`, []Select{{"n", Aggregate{Fn: FnCount}}}, nil},
		{"groupBy an alias's field", `{"where": {"$and": [{"companies": {"$alias": "$c"}}]}, "select": {"n": {"$count": "*"}}, "groupBy": ["$c.city"]}`,
			[]Select{{"n", Aggregate{Fn: FnCount}}, {"city", Field{Alias: "$c", Property: "city"}}}, []string{"city"}},
		{"the JavaScript SDK's aggregate over an alias", `{"where": {"companies": {"$alias": "$c"}}, "aggregate": {"n": {"fn": "count", "alias": "$c"}, "top": {"fn": "max", "field": "size", "alias": "$c"}}}`,
			[]Select{{"n", Aggregate{Fn: FnCount, Alias: "$c", Limit: defaultCollected}}, {"top", Aggregate{Fn: FnMax, Of: &Field{Alias: "$c", Property: "size"}, Limit: defaultCollected}}}, nil},
		{"the JavaScript SDK's aggregate", `{"aggregate": {"count": {"fn": "count", "alias": "$record"}, "sum": {"fn": "sum", "field": "amount", "alias": "$record"}, "name": "$record.name"}}`,
			[]Select{{"count", Aggregate{Fn: FnCount, Limit: defaultCollected}}, {"sum", Aggregate{Fn: FnSum, Of: &Field{Property: "amount"}, Limit: defaultCollected}}, {"name", name}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseSearch([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Select, tc.select_) || !reflect.DeepEqual(s.GroupBy, tc.groupBy) {
				t.Errorf("got %+v %v\nwant %+v %v", s.Select, s.GroupBy, tc.select_, tc.groupBy)
			}
		})
	}
}

func TestParseSelectErrors(t *testing.T) {
	tests := []struct{ name, body, code, field string }{
		{"relgraph's own fields are no output key", `{"select": {"__id": "$record.name"}}`, "invalid_select", "/select/__id"},
		{"an alias where does not declare", `{"select": {"n": "$employee.name"}}`, "unknown_alias", "/select/n"},
		{"an alias under $or cannot be selected", `{"where": {"$or": [{"companies": {"$alias": "$c"}}, {"a": 1}]}, "select": {"n": "$c.name"}}`, "unsupported_alias", "/where/$or/0/companies/$alias"},
		{"an alias under a quantifier cannot be selected", `{"where": {"employer": {"$some": {"cities": {"$alias": "$c"}}}}, "select": {"n": {"$count": "$c"}}}`, "unsupported_alias", "/where/employer/$some/cities/$alias"},
		{"an alias declared twice", `{"where": {"companies": {"$alias": "$c"}, "cities": {"$alias": "$c"}}, "select": {"n": {"$count": "$c"}}}`, "invalid_where", "/where/cities/$alias"},
		{"a bare alias is no field", `{"where": {"companies": {"$alias": "$c"}}, "select": {"n": "$c"}}`, "invalid_select", "/select/n"},
		{"an alias's own fields are unreachable", `{"where": {"companies": {"$alias": "$c"}}, "select": {"n": "$c.__project"}}`, "reserved_property", "/select/n"},
		{"$collect's select reads the collected records", `{"where": {"companies": {"$alias": "$c"}}, "select": {"n": {"$collect": {"from": "$c", "select": {"x": "$record.name"}}}}}`, "invalid_select", "/select/n/$collect/select/x"},
		{"$collect's orderBy is not supported", `{"where": {"companies": {"$alias": "$c"}}, "select": {"n": {"$collect": {"from": "$c", "orderBy": {"name": "asc"}}}}}`, "unsupported_field", "/select/n/$collect/orderBy"},
		{"a nested aggregate is not supported", `{"aggregate": {"n": {"fn": "collect", "alias": "$record", "aggregate": {}}}}`, "unsupported_field", "/aggregate/n/aggregate"},
		{"$record is not an alias of where", `{"where": {"companies": {"$alias": "$record"}}}`, "invalid_where", "/where/companies/$alias"},
		{"a property must be named", `{"select": {"n": "$record."}}`, "invalid_select", "/select/n"},
		{"relgraph's own properties are unreachable", `{"select": {"p": "$record.__project"}}`, "reserved_property", "/select/p"},
		{"an unknown operator", `{"select": {"n": {"$median": "$record.a"}}}`, "unknown_operator", "/select/n/$median"},
		{"two operators", `{"select": {"n": {"$sum": "$record.a", "$max": "$record.a"}}}`, "invalid_select", "/select/n"},
		{"$precision without $avg", `{"select": {"n": {"$sum": "$record.a", "$precision": 1}}}`, "invalid_select", "/select/n/$sum"},
		{"a bad time unit", `{"select": {"d": {"$timeBucket": {"field": "$record.at", "unit": "fortnight"}}}}`, "invalid_select", "/select/d/$timeBucket/unit"},
		{"a size on a unit without sizes", `{"select": {"d": {"$timeBucket": {"field": "$record.at", "unit": "day", "size": 2}}}}`, "invalid_select", "/select/d/$timeBucket"},
		{"groupBy names no select key", `{"select": {"n": {"$count": "*"}}, "groupBy": ["x"]}`, "invalid_group_by", "/groupBy/0"},
		{"groupBy by an aggregate", `{"select": {"n": {"$count": "*"}}, "groupBy": ["n"]}`, "invalid_group_by", "/groupBy/0"},
		{"a key neither grouped nor aggregated", `{"select": {"a": "$record.a", "b": "$record.b"}, "groupBy": ["a"]}`, "invalid_group_by", "/select/b"},
		{"a grouped search orders by output keys", `{"select": {"a": "$record.a", "n": {"$count": "*"}}, "groupBy": ["a"], "orderBy": {"b": "asc"}}`, "invalid_order", "/orderBy"},
		{"an aggregate alias where does not declare", `{"aggregate": {"n": {"fn": "count", "alias": "$emp"}}}`, "unknown_alias", "/aggregate/n/alias"},
		{"an aggregate without fn", `{"aggregate": {"n": {"field": "a"}}}`, "invalid_aggregate", "/aggregate/n"},
		{"a sum without a field", `{"aggregate": {"n": {"fn": "sum"}}}`, "invalid_aggregate", "/aggregate/n"},
		{"uniq that is not true or false", `{"aggregate": {"n": {"fn": "count", "field": "a", "uniq": "yes"}}}`, "invalid_aggregate", "/aggregate/n/uniq"},
		{"select is an object", `{"select": ["a"]}`, "invalid_select", "/select"},
		{"a page of collections is bounded", `{"select": {"all": {"$collect": {"from": "$record", "limit": 1000}}}, "limit": 11}`, "too_complex", "/select"},
		{"a key selected twice", `{"select": {"a": "$record.a"}, "aggregate": {"a": "$record.b"}}`, "invalid_select", "/select"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSearch([]byte(tc.body))
			var se *schema.Error
			if !errors.As(err, &se) || se.Code != tc.code || se.Field != tc.field {
				t.Fatalf("got %v (%+v), want %s at %s", err, se, tc.code, tc.field)
			}
		})
	}
}
