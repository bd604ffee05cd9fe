package query

import (
	"errors"
	"fmt"
	"testing"

	"github.com/relgraph/relgraph/schema"
)

func TestParseRelationshipSearch(t *testing.T) {
	tests := []struct {
		name, body string
		want       string // fmt of the parsed search's parts
	}{
		{"an empty body is every edge, a page of 1000", ``, "where=<nil> dir=out src=[]/<nil> tgt=[]/<nil> page=0/1000 desc=false"},
		{"the edge's type, bag and direction", `{"where": {"direction": "in", "type": "STARS_IN", "role": "lead"}}`,
			"where=[{type false $eq STARS_IN <nil>} {role false $eq lead <nil>}] dir=in src=[]/<nil> tgt=[]/<nil> page=0/1000 desc=false"},
		{"direction alone leaves no condition", `{"where": {"direction": "out"}}`, "where=<nil> dir=out src=[]/<nil> tgt=[]/<nil> page=0/1000 desc=false"},
		{"source and target, a page, newest first", `{"source": {"labels": ["A"], "where": {"$id": "x"}}, "target": {"where": {"n": {"$gt": 1}}}, "skip": 2, "limit": 3, "orderBy": "desc"}`,
			"where=<nil> dir=out src=[A]/{ true $eq x <nil>} tgt=[]/{n false $gt 1 <nil>} page=2/3 desc=true"},
		{"the record form selects the sources", `{"labels": ["A"], "where": {"name": "x"}}`,
			"where=<nil> dir=out src=[A]/{name false $eq x <nil>} tgt=[]/<nil> page=0/1000 desc=false"},
		{"the record form keeps a limit given", `{"labels": ["A"], "limit": 5}`, "where=<nil> dir=out src=[A]/<nil> tgt=[]/<nil> page=0/5 desc=false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := ParseRelationshipSearch([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("where=%v dir=%s src=%v/%v tgt=%v/%v page=%d/%d desc=%v", q.Where, q.Direction,
				q.Source.Labels, q.Source.Where, q.Target.Labels, q.Target.Where, q.Skip, q.Limit, q.Desc)
			if got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestParseRelationshipSearchErrors(t *testing.T) {
	tests := []struct{ name, body, code, field string }{
		{"not an object", `[1]`, "invalid_query", "/"},
		{"an unknown member", `{"labelz": []}`, "unknown_field", "/labelz"},
		{"$id on the edge", `{"where": {"$or": [{"$id": "x"}, {"a": 1}]}}`, "invalid_where", "/where/$id"},
		{"a related condition on the edge", `{"where": {"MOVIE": {"title": "x"}}}`, "invalid_where", "/where/MOVIE"},
		{"direction by an operator", `{"where": {"direction": {"$in": ["in"]}}}`, "invalid_direction", "/where/direction"},
		{"direction under $not", `{"where": {"$not": {"direction": "in"}}}`, "invalid_direction", "/where/direction"},
		{"labels beside target", `{"labels": ["A"], "target": {}}`, "misplaced_key", "/labels"},
		{"select in the record form", `{"labels": ["A"], "select": {"n": "$record.name"}}`, "unsupported_field", "/select"},
		{"an end with an unknown member", `{"source": {"label": "A"}}`, "unknown_field", "/source/label"},
		{"a bad where in an end", `{"target": {"where": {"a": {"$nope": 1}}}}`, "unknown_operator", "/target/where/a/$nope"},
		{"limit 0", `{"limit": 0}`, "invalid_parameter", "/limit"},
		{"an order by property", `{"orderBy": {"a": "asc"}}`, "invalid_order", "/orderBy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRelationshipSearch([]byte(tc.body))
			var se *schema.Error
			if !errors.As(err, &se) || se.Code != tc.code || se.Field != tc.field {
				t.Fatalf("error %v, want %s at %s", err, tc.code, tc.field)
			}
		})
	}
}
