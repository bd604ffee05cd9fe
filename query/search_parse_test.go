package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/schema"
)

func TestParseSearchTree(t *testing.T) {
	eq := func(p string, v any) Compare { return Compare{Property: p, Op: OpEq, Value: v} }
	tests := []struct {
		name string
		body string
		want Search
	}{
		{"an empty body is every record, first page", ``, Search{Limit: 100}},
		{"null members are absent", `{"labels": null, "where": null, "orderBy": null, "skip": null, "limit": null}`, Search{Limit: 100}},
		{"an empty where is no condition", `{"where": {}}`, Search{Limit: 100}},
		{"a value is equality", `{"where": {"name": "Ada"}}`, Search{Limit: 100, Where: eq("name", "Ada")}},
		{"numbers are int64 or float64", `{"where": {"a": 3, "b": 2.5}}`, Search{Limit: 100, Where: And{eq("a", int64(3)), eq("b", 2.5)}}},
		{"several keys all hold, in the order written", `{"where": {"b": 1, "a": {"$gt": 2, "$lt": 5}}}`, Search{Limit: 100, Where: And{
			eq("b", int64(1)), And{Compare{Property: "a", Op: OpGt, Value: int64(2)}, Compare{Property: "a", Op: OpLt, Value: int64(5)}}}}},
		{"an operator object with non-operator keys is a related-record condition", `{"where": {"companies": {"name": "Acme"}}}`,
			Search{Limit: 100, Where: Related{Type: "companies", Where: eq("name", "Acme")}}},
		{"an operator object under a type name is a property condition", `{"where": {"companies": {"$gt": 1}}}`,
			Search{Limit: 100, Where: Compare{Property: "companies", Op: OpGt, Value: int64(1)}}},
		{"logic over record conditions under a type name is related", `{"where": {"companies": {"$or": [{"name": "A"}, {"name": "B"}]}}}`,
			Search{Limit: 100, Where: Related{Type: "companies", Where: Or{eq("name", "A"), eq("name", "B")}}}},
		{"logic over operators is a property condition", `{"where": {"age": {"$or": [1, {"$gt": 5}]}}}`,
			Search{Limit: 100, Where: Or{eq("age", int64(1)), Compare{Property: "age", Op: OpGt, Value: int64(5)}}}},
		{"an empty object under a type name is any related record", `{"where": {"companies": {}}}`,
			Search{Limit: 100, Where: Related{Type: "companies"}}},
		{"$relation as a string names the edge property", `{"where": {"companies": {"$relation": "employer"}}}`,
			Search{Limit: 100, Where: Related{Type: "companies", Property: "employer"}}},
		{"$relation as an object names property and direction", `{"where": {"companies": {"$relation": {"type": "employees", "direction": "in"}, "$alias": "$c"}}}`,
			Search{Limit: 100, Where: Related{Type: "companies", Property: "employees", Direction: In}}},
		{"$id under a type name is the related record's id", `{"where": {"companies": {"$id": "x"}}}`,
			Search{Limit: 100, Where: Related{Type: "companies", Where: Compare{ID: true, Op: OpEq, Value: "x"}}}},
		{"$id takes operators", `{"where": {"$id": {"$in": ["x", "y"]}}}`,
			Search{Limit: 100, Where: Compare{ID: true, Op: OpIn, Value: []any{"x", "y"}}}},
		{"$nor is not any", `{"where": {"$nor": [{"a": 1}, {"b": 2}]}}`,
			Search{Limit: 100, Where: Not{Or{eq("a", int64(1)), eq("b", int64(2))}}}},
		{"$not over a list is not all", `{"where": {"$not": [{"a": 1}, {"b": 2}]}}`,
			Search{Limit: 100, Where: Not{And{eq("a", int64(1)), eq("b", int64(2))}}}},
		{"the object form of $or takes each member apart", `{"where": {"$or": {"a": 1, "b": 2}}}`,
			Search{Limit: 100, Where: Or{eq("a", int64(1)), eq("b", int64(2))}}},
		{"a property $not takes a value", `{"where": {"a": {"$not": 1}}}`, Search{Limit: 100, Where: Not{eq("a", int64(1))}}},
		{"a property $not takes a datetime object", `{"where": {"a": {"$not": {"$year": 2000}}}}`,
			Search{Limit: 100, Where: Not{Compare{Property: "a", Op: OpEq, Datetime: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}}}},
		{"a datetime object is a datetime equality", `{"where": {"born": {"$year": 2000, "$month": 2}}}`,
			Search{Limit: 100, Where: Compare{Property: "born", Op: OpEq, Datetime: time.Date(2000, 2, 1, 0, 0, 0, 0, time.UTC)}}},
		{"an ISO string also compares as a datetime", `{"where": {"born": {"$gte": "2000-02-01T01:00:00+01:00"}}}`,
			Search{Limit: 100, Where: Compare{Property: "born", Op: OpGte, Value: "2000-02-01T01:00:00+01:00", Datetime: time.Date(2000, 2, 1, 0, 0, 0, 0, time.UTC)}}},
		{"orderBy keeps the order written", `{"orderBy": {"name": "asc", "age": "DESC", "__id": "asc"}}`,
			Search{Limit: 100, OrderBy: []Order{{Property: "name"}, {Property: "age", Desc: true}, {}}}},
		{"orderBy as a string sorts by id", `{"orderBy": "desc"}`, Search{Limit: 100, OrderBy: []Order{{Desc: true}}}},
		{"labels skip and limit", `{"labels": ["people"], "skip": 5, "limit": 1000}`, Search{Labels: []string{"people"}, Skip: 5, Limit: 1000, Paged: true}},
		{"$type tests a value type", `{"where": {"age": {"$type": "number"}}}`, Search{Limit: 100, Where: Compare{Property: "age", Op: OpType, Value: "number"}}},
		{"$type null under $not", `{"where": {"age": {"$not": {"$type": "null"}}}}`, Search{Limit: 100, Where: Not{Compare{Property: "age", Op: OpType, Value: "null"}}}},
		{"hops as a number is an exact path", `{"where": {"people": {"$relation": {"type": "manages", "direction": "out", "hops": 2}}}}`,
			Search{Limit: 100, Where: Related{Type: "people", Property: "manages", Direction: Out, Hops: &Hops{Min: 2, Max: 2}}}},
		{"hops as bounds, min 1 by default", `{"where": {"people": {"$relation": {"hops": {"max": 4}}}}}`,
			Search{Limit: 100, Where: Related{Type: "people", Hops: &Hops{Min: 1, Max: 4}}}},
		{"an alias a select reads is kept", `{"where": {"companies": {"$alias": "$c"}, "cities": {"$alias": "$unread"}}, "select": {"n": {"$count": "$c"}}}`,
			Search{Limit: 100, Where: And{Related{Type: "companies", Alias: "$c"}, Related{Type: "cities"}}, Select: []Select{{"n", Aggregate{Fn: FnCount, Alias: "$c"}}}}},
		{"an alias nothing reads may be anywhere", `{"where": {"$or": [{"companies": {"$alias": "$c"}}, {"a": 1}]}}`,
			Search{Limit: 100, Where: Or{Related{Type: "companies"}, eq("a", int64(1))}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSearch([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestParseSearchErrors(t *testing.T) {
	tests := []struct {
		name, body, code, field string
	}{
		{"malformed JSON", `{"where": `, "invalid_json", "/where"},
		{"two JSON values", `{} {}`, "invalid_json", "/"},
		{"a body that is not an object", `[]`, "invalid_query", "/"},
		{"an unknown field", `{"having": {}}`, "unknown_field", "/having"},
		{"a duplicate key", `{"where": {"a": 1, "a": 2}}`, "duplicate_key", "/where/a"},
		{"a where that is not an object", `{"where": [1]}`, "invalid_where", "/where"},
		{"an unknown operator", `{"where": {"age": {"$foo": 1}}}`, "unknown_operator", "/where/age/$foo"},
		{"an unknown top-level operator", `{"where": {"$where": "1"}}`, "unknown_operator", "/where/$where"},
		{"a pointer into logic", `{"where": {"$or": [{"a": 1}, {"age": {"$gt": null}}]}}`, "invalid_value", "/where/$or/1/age/$gt"},
		{"a pointer escapes / and ~", `{"where": {"a/b~c": {"$foo": 1}}}`, "unknown_operator", "/where/a~1b~0c/$foo"},
		{"$in not a list", `{"where": {"tag": {"$in": "a"}}}`, "invalid_value", "/where/tag/$in"},
		{"$in holding null", `{"where": {"tag": {"$in": ["a", null]}}}`, "invalid_value", "/where/tag/$in/1"},
		{"$in holding an object", `{"where": {"tag": {"$in": [{"a": 1}]}}}`, "invalid_value", "/where/tag/$in/0"},
		{"$contains not a string", `{"where": {"name": {"$contains": 1}}}`, "invalid_value", "/where/name/$contains"},
		{"$exists not a boolean", `{"where": {"name": {"$exists": "yes"}}}`, "invalid_value", "/where/name/$exists"},
		{"$exists on the id", `{"where": {"$id": {"$exists": true}}}`, "invalid_value", "/where/$id/$exists"},
		{"an id that is not a string", `{"where": {"$id": 5}}`, "invalid_value", "/where/$id"},
		{"a list value", `{"where": {"age": [1, 2]}}`, "invalid_value", "/where/age"},
		{"a bad datetime object", `{"where": {"born": {"$year": "x"}}}`, "invalid_value", "/where/born"},
		{"a number out of range", `{"where": {"n": 1e400}}`, "invalid_value", "/where/n"},
		{"a reserved property", `{"where": {"__project": "x"}}`, "reserved_property", "/where/__project"},
		{"a related condition under a bad type name", `{"where": {"first name": {"x": 1}}}`, "invalid_type", "/where/first name"},
		{"a related condition under a reserved type", `{"where": {"Record": {"x": 1}}}`, "reserved_type", "/where/Record"},
		{"a bad relation property", `{"where": {"companies": {"$relation": "has owner"}}}`, "invalid_relation", "/where/companies/$relation"},
		{"a bad relation direction", `{"where": {"companies": {"$relation": {"direction": "up"}}}}`, "invalid_direction", "/where/companies/$relation/direction"},
		{"an unknown relation key", `{"where": {"companies": {"$relation": {"kind": "x"}}}}`, "invalid_relation", "/where/companies/$relation/kind"},
		{"$relation outside a related condition", `{"where": {"$relation": "x"}}`, "misplaced_key", "/where/$relation"},
		{"an empty $or", `{"where": {"$or": []}}`, "empty_condition", "/where/$or"},
		{"an unknown $type", `{"where": {"a": {"$type": "vector"}}}`, "invalid_value", "/where/a/$type"},
		{"$type on the id", `{"where": {"$id": {"$type": "string"}}}`, "invalid_value", "/where/$id/$type"},
		{"$type in a count", `{"where": {"employees": {"$count": {"$type": "number"}}}}`, "invalid_where", "/where/employees/$count"},
		{"hops without max", `{"where": {"p": {"$relation": {"hops": {"min": 2}}}}}`, "invalid_relation", "/where/p/$relation/hops"},
		{"hops over the bound", `{"where": {"p": {"$relation": {"hops": 11}}}}`, "invalid_parameter", "/where/p/$relation/hops"},
		{"hops min over max", `{"where": {"p": {"$relation": {"hops": {"min": 3, "max": 2}}}}}`, "invalid_relation", "/where/p/$relation/hops/min"},
		{"hops not a number", `{"where": {"p": {"$relation": {"hops": "3"}}}}`, "invalid_relation", "/where/p/$relation/hops"},
		{"an unknown hops key", `{"where": {"p": {"$relation": {"hops": {"max": 2, "depth": 1}}}}}`, "invalid_relation", "/where/p/$relation/hops/depth"},
		{"an alias without $", `{"where": {"p": {"$alias": "c"}}}`, "invalid_where", "/where/p/$alias"},
		{"an empty condition in $or", `{"where": {"$or": [{"a": 1}, {}]}}`, "empty_condition", "/where/$or/1"},
		{"an empty operator object", `{"where": {"a": {"$not": {}}}}`, "empty_condition", "/where/a/$not"},
		{"$and over a scalar", `{"where": {"$and": 1}}`, "invalid_where", "/where/$and"},
		{"a record condition that is not an object", `{"where": {"$or": [1]}}`, "invalid_where", "/where/$or/0"},
		{"a bad label", `{"labels": ["has space"]}`, "invalid_type", "/labels/0"},
		{"a reserved label", `{"labels": ["people", "Token"]}`, "reserved_type", "/labels/1"},
		{"labels not a list", `{"labels": "people"}`, "invalid_labels", "/labels"},
		{"limit zero", `{"limit": 0}`, "invalid_parameter", "/limit"},
		{"limit over 1000", `{"limit": 1001}`, "invalid_parameter", "/limit"},
		{"limit not whole", `{"limit": 1.5}`, "invalid_parameter", "/limit"},
		{"limit a string", `{"limit": "10"}`, "invalid_parameter", "/limit"},
		{"negative skip", `{"skip": -1}`, "invalid_parameter", "/skip"},
		{"a bad sort direction", `{"orderBy": {"name": "up"}}`, "invalid_order", "/orderBy/name"},
		{"a bad orderBy", `{"orderBy": ["name"]}`, "invalid_order", "/orderBy"},
		{"a reserved sort property", `{"orderBy": {"__nulls": "asc"}}`, "reserved_property", "/orderBy/__nulls"},
		{"too deep", `{"where": ` + strings.Repeat(`{"$and": [`, 40) + `{"a": 1}` + strings.Repeat(`]}`, 40) + `}`, "too_complex", ""},
		{"too many hops", `{"where": ` + strings.Repeat(`{"t": `, 10) + `{"a": 1}` + strings.Repeat(`}`, 10) + `}`, "too_complex", ""},
		{"nested too deeply for JSON", strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100), "too_complex", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSearch([]byte(tc.body))
			var se *schema.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *schema.Error", err)
			}
			if se.Code != tc.code || (tc.field != "" && se.Field != tc.field) || se.Field == "" {
				t.Fatalf("got %s at %q (%s), want %s at %q", se.Code, se.Field, se.Message, tc.code, tc.field)
			}
		})
	}
}
