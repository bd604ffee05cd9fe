package handlers_test

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
)

// createTyped makes a record with properties in the Collect list form
// [{name, type, value}] and returns its id.
func (ev *env) createTyped(typ string, props ...map[string]any) string {
	ev.t.Helper()
	r := ev.do("POST", "/api/v1/records", map[string]any{"label": typ, "properties": props}, ev.write)
	if r.Status != http.StatusCreated {
		ev.t.Fatalf("create %s: %d %s", typ, r.Status, r.Raw)
	}
	return r.data()["__id"].(string)
}

// names lists the name property of each record of a list answer, in order.
func names(r response) []string {
	out := []string{}
	for _, rec := range r.list() {
		n, _ := rec["name"].(string)
		out = append(out, n)
	}
	return out
}

func total(r response) int {
	n, _ := r.Body["total"].(float64)
	return int(n)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// searchFixture is a small project: four people and two companies.
type searchFixture struct {
	ev                           *env
	ada, bo, cy, dee, acme, beta string
}

func newSearchFixture(t *testing.T) searchFixture {
	ev := newEnv(t)
	f := searchFixture{ev: ev}
	f.ada = ev.createTyped("people",
		map[string]any{"name": "name", "type": "string", "value": "Ada"},
		map[string]any{"name": "age", "type": "number", "value": 36},
		map[string]any{"name": "score", "type": "number", "value": 9.5},
		map[string]any{"name": "born", "type": "datetime", "value": "1990-05-01T00:00:00Z"},
		map[string]any{"name": "tags", "type": "string", "value": []string{"math", "poetry"}},
		map[string]any{"name": "email", "type": "string", "value": "ada@example.com"},
		map[string]any{"name": "admin", "type": "boolean", "value": true})
	f.bo = ev.createTyped("people",
		map[string]any{"name": "name", "type": "string", "value": "Bo"},
		map[string]any{"name": "age", "type": "number", "value": 17},
		map[string]any{"name": "score", "type": "number", "value": 4},
		map[string]any{"name": "born", "type": "datetime", "value": map[string]any{"$year": 2008, "$month": 3, "$day": 2}},
		map[string]any{"name": "tags", "type": "string", "value": []string{"art"}},
		map[string]any{"name": "deletedAt", "type": "null", "value": nil})
	f.cy = ev.create("people", map[string]any{"name": "Cy", "age": 65, "deletedAt": "2020"})
	f.dee = ev.create("people", map[string]any{"name": "Dee", "age": "unknown"})
	f.acme = ev.create("companies", map[string]any{"name": "Acme"})
	f.beta = ev.create("companies", map[string]any{"name": "Beta"})
	return f
}

func TestSearchWhere(t *testing.T) {
	t.Parallel()
	f := newSearchFixture(t)
	people := []string{"people"}
	tests := []struct {
		name   string
		labels []string
		where  any
		want   []string
	}{
		{"a value is equality", nil, map[string]any{"name": "Ada"}, []string{"Ada"}},
		{"numbers compare as numbers", nil, map[string]any{"age": 36}, []string{"Ada"}},
		{"$eq", nil, map[string]any{"age": map[string]any{"$eq": 17}}, []string{"Bo"}},
		{"null matches null and missing", people, map[string]any{"deletedAt": nil}, []string{"Ada", "Bo", "Dee"}},
		{"$ne needs a value that differs", people, map[string]any{"name": map[string]any{"$ne": "Ada"}}, []string{"Bo", "Cy", "Dee"}},
		{"$ne null is a non-null value", nil, map[string]any{"deletedAt": map[string]any{"$ne": nil}}, []string{"Cy"}},
		{"$gt", nil, map[string]any{"age": map[string]any{"$gt": 36}}, []string{"Cy"}},
		{"$gte", nil, map[string]any{"age": map[string]any{"$gte": 36}}, []string{"Ada", "Cy"}},
		{"$lt", nil, map[string]any{"age": map[string]any{"$lt": 36}}, []string{"Bo"}},
		{"$lte", nil, map[string]any{"age": map[string]any{"$lte": 36}}, []string{"Ada", "Bo"}},
		{"a range", nil, map[string]any{"age": map[string]any{"$gt": 17, "$lt": 65}}, []string{"Ada"}},
		{"floats and integers compare", nil, map[string]any{"score": map[string]any{"$gt": 4.5}}, []string{"Ada"}},
		{"values of another type never compare", nil, map[string]any{"age": map[string]any{"$gt": "a"}}, []string{"Dee"}},
		{"$in", nil, map[string]any{"age": map[string]any{"$in": []any{17, 65}}}, []string{"Bo", "Cy"}},
		{"$nin needs a value outside the list", people, map[string]any{"age": map[string]any{"$nin": []any{17, 65}}}, []string{"Ada", "Dee"}},
		{"$contains ignores case", nil, map[string]any{"name": map[string]any{"$contains": "D"}}, []string{"Ada", "Dee"}},
		{"$startsWith", nil, map[string]any{"name": map[string]any{"$startsWith": "A"}}, []string{"Acme", "Ada"}},
		{"$startsWith keeps case", nil, map[string]any{"name": map[string]any{"$startsWith": "a"}}, []string{}},
		{"$endsWith", nil, map[string]any{"name": map[string]any{"$endsWith": "e"}}, []string{"Acme", "Dee"}},
		{"$exists true", nil, map[string]any{"email": map[string]any{"$exists": true}}, []string{"Ada"}},
		{"$exists counts a null as present", nil, map[string]any{"deletedAt": map[string]any{"$exists": true}}, []string{"Bo", "Cy"}},
		{"$exists false", people, map[string]any{"email": map[string]any{"$exists": false}}, []string{"Bo", "Cy", "Dee"}},
		{"a list property matches on any value", nil, map[string]any{"tags": "math"}, []string{"Ada"}},
		{"$in on a list property", nil, map[string]any{"tags": map[string]any{"$in": []any{"art", "x"}}}, []string{"Bo"}},
		{"$ne on a list property excludes any equal value", nil, map[string]any{"tags": map[string]any{"$ne": "math"}}, []string{"Bo"}},
		{"an ISO string compares with datetimes", nil, map[string]any{"born": map[string]any{"$gt": "2000-01-01T00:00:00Z"}}, []string{"Bo"}},
		{"a datetime object compares with datetimes", nil, map[string]any{"born": map[string]any{"$lt": map[string]any{"$year": 2000}}}, []string{"Ada"}},
		{"datetimes are equal by instant", nil, map[string]any{"born": "1990-05-01T02:00:00+02:00"}, []string{"Ada"}},
		{"a datetime object equality", nil, map[string]any{"born": map[string]any{"$year": 2008, "$month": 3, "$day": 2}}, []string{"Bo"}},
		{"datetimes in a list", nil, map[string]any{"born": map[string]any{"$in": []any{"1990-05-01", map[string]any{"$year": 2008, "$month": 3, "$day": 2}}}}, []string{"Ada", "Bo"}},
		{"a datetime never equals its text", nil, map[string]any{"born": map[string]any{"$startsWith": "1990"}}, []string{}},
		{"labels are any of", []string{"companies", "people"}, map[string]any{"name": map[string]any{"$in": []any{"Acme", "Bo"}}}, []string{"Acme", "Bo"}},
		{"$and", nil, map[string]any{"$and": []any{map[string]any{"age": map[string]any{"$gt": 20}}, map[string]any{"admin": true}}}, []string{"Ada"}},
		{"$and as an object", nil, map[string]any{"$and": map[string]any{"name": "Ada", "age": 36}}, []string{"Ada"}},
		{"$or", nil, map[string]any{"$or": []any{map[string]any{"name": "Ada"}, map[string]any{"age": 65}}}, []string{"Ada", "Cy"}},
		{"$not is the complement", people, map[string]any{"$not": map[string]any{"age": map[string]any{"$gt": 30}}}, []string{"Bo", "Dee"}},
		{"$nor", people, map[string]any{"$nor": []any{map[string]any{"name": "Ada"}, map[string]any{"name": "Bo"}}}, []string{"Cy", "Dee"}},
		{"$xor", nil, map[string]any{"$xor": []any{map[string]any{"age": map[string]any{"$gt": 30}}, map[string]any{"admin": true}}}, []string{"Cy"}},
		{"logic inside a property", nil, map[string]any{"age": map[string]any{"$or": []any{map[string]any{"$lt": 18}, map[string]any{"$gt": 60}}}}, []string{"Bo", "Cy"}},
		{"$not inside a property", people, map[string]any{"name": map[string]any{"$not": map[string]any{"$startsWith": "A"}}}, []string{"Bo", "Cy", "Dee"}},
		{"logic at depth", nil, map[string]any{"$or": []any{
			map[string]any{"$and": []any{map[string]any{"age": map[string]any{"$gt": 30}}, map[string]any{"$not": map[string]any{"name": "Ada"}}}},
			map[string]any{"$nor": []any{map[string]any{"age": map[string]any{"$gte": 17}}, map[string]any{"name": map[string]any{"$ne": "Dee"}}}},
		}}, []string{"Cy", "Dee"}},
		{"$id", nil, map[string]any{"$id": f.ada}, []string{"Ada"}},
		{"$id $in", nil, map[string]any{"$id": map[string]any{"$in": []any{f.ada, f.acme, "ghost"}}}, []string{"Acme", "Ada"}},
		{"$id $nin", people, map[string]any{"$id": map[string]any{"$nin": []any{f.ada, f.bo}}}, []string{"Cy", "Dee"}},
		{"$id beside a property", nil, map[string]any{"$id": map[string]any{"$in": []any{f.ada, f.bo}}, "age": map[string]any{"$lt": 20}}, []string{"Bo"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"where": tc.where}
			if tc.labels != nil {
				body["labels"] = tc.labels
			}
			r := f.ev.do("POST", "/api/v1/records/search", body, f.ev.read)
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			if got := sorted(names(r)); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if total(r) != len(tc.want) {
				t.Fatalf("total %d, want %d", total(r), len(tc.want))
			}
		})
	}
}

func TestSearchAnswersInTheCollectForm(t *testing.T) {
	t.Parallel()
	f := newSearchFixture(t)
	r := f.ev.do("POST", "/api/v1/records/search", map[string]any{"where": map[string]any{"$id": f.bo}}, f.ev.read)
	if r.Status != 200 || len(r.list()) != 1 {
		t.Fatalf("%d %s", r.Status, r.Raw)
	}
	got := r.list()[0]
	if got["__id"] != f.bo || got["__label"] != "people" || got["born"] != "2008-03-02T00:00:00Z" || got["deletedAt"] != nil {
		t.Fatalf("record %v", got)
	}
	if types := got["__proptypes"].(map[string]any); types["born"] != "datetime" || types["deletedAt"] != "null" {
		t.Fatalf("proptypes %v", types)
	}
	if _, hidden := got["__project"]; hidden {
		t.Fatal("the project id leaked into a record")
	}
	empty := f.ev.do("POST", "/api/v1/records/search", map[string]any{"where": map[string]any{"name": "nobody"}}, f.ev.read)
	if empty.Status != 200 || !strings.Contains(empty.Raw, `"data":[]`) || total(empty) != 0 {
		t.Fatalf("no match must be an empty list: %s", empty.Raw)
	}
	if none := f.ev.do("POST", "/api/v1/records/search", nil, f.ev.read); none.Status != 200 || total(none) != 6 {
		t.Fatalf("no body is every record: %d %s", none.Status, none.Raw)
	}
}

// relatedFixture links the search fixture: Acme employs Ada and Bo (edges
// companies → people, property employees), Beta employs Cy, Acme is in
// Paris, Beta in Berlin, Ada knows Cy.
type relatedFixture struct {
	searchFixture
	paris, berlin string
}

func newRelatedFixture(t *testing.T) relatedFixture {
	f := relatedFixture{searchFixture: newSearchFixture(t)}
	ev := f.ev
	f.paris, f.berlin = ev.create("cities", map[string]any{"name": "Paris"}), ev.create("cities", map[string]any{"name": "Berlin"})
	ev.attach(f.acme, "employees", f.ada) // one by one: edges of one attach share their createdAt
	ev.attach(f.acme, "employees", f.bo)
	ev.attach(f.beta, "employees", f.cy)
	ev.attach(f.acme, "location", f.paris)
	ev.attach(f.beta, "location", f.berlin)
	ev.attach(f.ada, "knows", f.cy)
	return f
}

func TestSearchRelatedRecords(t *testing.T) {
	t.Parallel()
	f := newRelatedFixture(t)
	tests := []struct {
		name  string
		where any
		want  []string
	}{
		{"one hop", map[string]any{"companies": map[string]any{"name": "Acme"}}, []string{"Ada", "Bo"}},
		{"any related record of a type", map[string]any{"companies": map[string]any{}}, []string{"Ada", "Bo", "Cy"}},
		{"none related", map[string]any{"$not": map[string]any{"companies": map[string]any{}}}, []string{"Dee"}},
		{"$relation as a string", map[string]any{"people": map[string]any{"$relation": "knows"}}, []string{"Ada", "Cy"}},
		{"$relation of another property", map[string]any{"companies": map[string]any{"$relation": "knows"}}, []string{}},
		{"$relation in: related to current", map[string]any{"companies": map[string]any{"$relation": map[string]any{"type": "employees", "direction": "in"}, "name": "Acme"}}, []string{"Ada", "Bo"}},
		{"$relation out: current to related", map[string]any{"companies": map[string]any{"$relation": map[string]any{"type": "employees", "direction": "out"}}}, []string{}},
		{"$relation out follows the edge", map[string]any{"people": map[string]any{"$relation": map[string]any{"direction": "out"}, "name": "Cy"}}, []string{"Ada"}},
		{"$id of the related record", map[string]any{"companies": map[string]any{"$id": f.beta}}, []string{"Cy"}},
		{"two hops", map[string]any{"companies": map[string]any{"cities": map[string]any{"name": "Berlin"}}}, []string{"Cy"}},
		{"two hops with $relation", map[string]any{"companies": map[string]any{"$relation": map[string]any{"type": "employees", "direction": "in"},
			"cities": map[string]any{"$relation": map[string]any{"type": "location", "direction": "out"}, "name": map[string]any{"$startsWith": "P"}}}}, []string{"Ada", "Bo"}},
		{"related conditions under $or", map[string]any{"$or": []any{map[string]any{"companies": map[string]any{"name": "Beta"}}, map[string]any{"name": "Dee"}}}, []string{"Cy", "Dee"}},
		{"logic inside a related record", map[string]any{"companies": map[string]any{"$or": []any{map[string]any{"name": "Beta"}, map[string]any{"cities": map[string]any{"name": "Paris"}}}}}, []string{"Ada", "Bo", "Cy"}},
		{"a related condition beside a property", map[string]any{"companies": map[string]any{"name": "Acme"}, "age": map[string]any{"$gt": 20}}, []string{"Ada"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.ev.do("POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "where": tc.where}, f.ev.read)
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			if got := sorted(names(r)); !slices.Equal(got, tc.want) || total(r) != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v", got, total(r), tc.want)
			}
		})
	}
}

// TestSearchSmallPagesNeverLoseRelatedMatches pages through a related-record
// search with limit 2: every match comes exactly once, total is the same on
// every page, and a record linked twice (or to two matching records) counts
// once.
func TestSearchSmallPagesNeverLoseRelatedMatches(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	acme, paris := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("cities", map[string]any{"name": "Paris"})
	ev.attach(acme, "location", paris)
	acme2 := ev.create("companies", map[string]any{"name": "Acme Two"})
	want := []string{}
	for i := 0; i < 7; i++ {
		name := fmt.Sprintf("p%d", i)
		id := ev.create("people", map[string]any{"name": name})
		ev.attach(acme, "employees", id)
		ev.attach(acme, "founders", id) // a second edge to the same company
		ev.attach(acme2, "employees", id)
		want = append(want, name)
	}
	ev.create("people", map[string]any{"name": "loner"})
	for _, where := range []any{
		map[string]any{"companies": map[string]any{"name": "Acme"}},
		map[string]any{"companies": map[string]any{"cities": map[string]any{"name": "Paris"}}},
		map[string]any{"companies": map[string]any{"name": map[string]any{"$startsWith": "Acme"}}, "name": map[string]any{"$startsWith": "p"}},
	} {
		var got []string
		for skip := 0; skip < 10; skip += 2 {
			r := ev.do("POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "where": where, "skip": skip, "limit": 2}, ev.read)
			if r.Status != 200 || total(r) != 7 {
				t.Fatalf("skip %d: %d total %d %s", skip, r.Status, total(r), r.Raw)
			}
			got = append(got, names(r)...)
		}
		if !slices.Equal(sorted(got), want) {
			t.Fatalf("pages of 2 gave %v, want %v", got, want)
		}
	}
	var got []string
	for skip := 0; skip < 10; skip += 3 {
		r := ev.do("POST", "/api/v1/records/"+acme+"/search", map[string]any{"labels": []string{"people"}, "skip": skip, "limit": 3}, ev.read)
		if r.Status != 200 || total(r) != 7 {
			t.Fatalf("related to acme, skip %d: %d total %d %s", skip, r.Status, total(r), r.Raw)
		}
		got = append(got, names(r)...)
	}
	if !slices.Equal(sorted(got), want) {
		t.Fatalf("records related to a company, twice linked, paged by 3: %v, want %v", got, want)
	}
}

func TestSearchRelatedToARecord(t *testing.T) {
	t.Parallel()
	f := newRelatedFixture(t)
	other := graphtest.Project(t)
	foreign := send(t, f.ev.e, "POST", "/api/v1/records", map[string]any{"label": "people"}, f.ev.token(other.ID, "write")).data()["__id"].(string)
	tests := []struct {
		name       string
		id         string
		body       any
		wantStatus int
		want       []string
	}{
		{"either direction", f.acme, nil, 200, []string{"Ada", "Bo", "Paris"}},
		{"incoming edges count too", f.cy, nil, 200, []string{"Ada", "Beta"}},
		{"labels narrow it", f.acme, map[string]any{"labels": []string{"people"}}, 200, []string{"Ada", "Bo"}},
		{"where narrows it", f.acme, map[string]any{"where": map[string]any{"age": map[string]any{"$gt": 20}}}, 200, []string{"Ada"}},
		{"related conditions apply", f.ada, map[string]any{"where": map[string]any{"cities": map[string]any{}}}, 200, []string{"Acme"}},
		{"a record without links", f.dee, nil, 200, []string{}},
		{"an unknown record is a 404", "ghost", nil, 404, nil},
		{"another project's record is a 404", foreign, nil, 404, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.ev.do("POST", "/api/v1/records/"+tc.id+"/search", tc.body, f.ev.read)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus == 200 && (!slices.Equal(sorted(names(r)), tc.want) || total(r) != len(tc.want)) {
				t.Fatalf("got %v (total %d), want %v", names(r), total(r), tc.want)
			}
		})
	}
}

func TestSearchOrderBy(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for _, p := range []map[string]any{
		{"name": "c", "age": 30}, {"name": "a", "age": 20}, {"name": "d", "age": 20}, {"name": "b", "age": 30}, {"name": "e"},
	} {
		ev.create("people", p)
	}
	// Bodies are written out: the order of orderBy's keys matters, and Go
	// maps marshal sorted.
	tests := []struct {
		name, body string
		want       []string
	}{
		{"newest first by default", `{}`, []string{"e", "b", "d", "a", "c"}},
		{"asc is by id, oldest first", `{"orderBy": "asc"}`, []string{"c", "a", "d", "b", "e"}},
		{"desc is by id, newest first", `{"orderBy": "desc"}`, []string{"e", "b", "d", "a", "c"}},
		{"one field", `{"orderBy": {"name": "asc"}}`, []string{"a", "b", "c", "d", "e"}},
		{"several fields, in order written", `{"orderBy": {"age": "asc", "name": "desc"}}`, []string{"d", "a", "c", "b", "e"}},
		{"the other field first", `{"orderBy": {"name": "desc", "age": "asc"}}`, []string{"e", "d", "c", "b", "a"}},
		{"ties fall back to the id, newest first", `{"orderBy": {"age": "desc"}}`, []string{"e", "b", "c", "d", "a"}},
		{"the id as a field", `{"orderBy": {"age": "asc", "__id": "asc"}}`, []string{"a", "d", "c", "b", "e"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("POST", "/api/v1/records/search", tc.body, ev.read)
			if got := names(r); r.Status != 200 || !slices.Equal(got, tc.want) {
				t.Fatalf("got %d %v, want %v: %s", r.Status, got, tc.want, r.Raw)
			}
		})
	}
}

// TestSearchPagingTotalIsTheUnionOfPages pages with every page size: the
// pages are disjoint, their union is every match, total is that count.
func TestSearchPagingTotalIsTheUnionOfPages(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	all := []string{}
	for i := 0; i < 12; i++ {
		name := fmt.Sprintf("r%02d", i)
		ev.create("people", map[string]any{"name": name, "age": i % 3, "even": i%2 == 0})
		all = append(all, name)
	}
	ev.create("companies", map[string]any{"name": "other"})
	for _, query := range []map[string]any{
		{"labels": []string{"people"}},
		{"where": map[string]any{"age": map[string]any{"$gte": 0}}, "orderBy": map[string]any{"age": "asc"}},
		{"labels": []string{"people"}, "orderBy": map[string]any{"even": "desc", "age": "asc"}},
	} {
		for _, size := range []int{1, 5, 12, 1000} {
			var got []string
			for skip := 0; skip < 14; skip += size {
				body := map[string]any{"skip": skip, "limit": size}
				for k, v := range query {
					body[k] = v
				}
				r := ev.do("POST", "/api/v1/records/search", body, ev.read)
				if r.Status != 200 || total(r) != 12 {
					t.Fatalf("%v size %d skip %d: %d total %d", query, size, skip, r.Status, total(r))
				}
				if len(r.list()) > size {
					t.Fatalf("a page of %d holds %d", size, len(r.list()))
				}
				got = append(got, names(r)...)
			}
			if !slices.Equal(sorted(got), all) {
				t.Fatalf("%v size %d: pages gave %v", query, size, got)
			}
		}
	}
}

func TestSearchBadQueries(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	tests := []struct {
		name                string
		body                any
		code, field         string
		wantStatus          int
		path, token, method string
	}{
		{name: "an unknown operator", body: map[string]any{"where": map[string]any{"age": map[string]any{"$like": 1}}}, code: "unknown_operator", field: "/where/age/$like"},
		{name: "an operator deep in logic", body: map[string]any{"where": map[string]any{"$or": []any{map[string]any{"a": 1}, map[string]any{"age": map[string]any{"$gt": nil}}}}}, code: "invalid_value", field: "/where/$or/1/age/$gt"},
		{name: "limit 0", body: map[string]any{"limit": 0}, code: "invalid_parameter", field: "/limit"},
		{name: "limit over 1000", body: map[string]any{"limit": 1001}, code: "invalid_parameter", field: "/limit"},
		{name: "a negative skip", body: map[string]any{"skip": -1}, code: "invalid_parameter", field: "/skip"},
		{name: "$in not a list", body: map[string]any{"where": map[string]any{"age": map[string]any{"$in": 3}}}, code: "invalid_value", field: "/where/age/$in"},
		{name: "a bad label", body: map[string]any{"labels": []string{"people", "bad label"}}, code: "invalid_type", field: "/labels/1"},
		{name: "a reserved label", body: map[string]any{"labels": []string{"Record"}}, code: "reserved_type", field: "/labels/0"},
		{name: "a bad type in a related condition", body: map[string]any{"where": map[string]any{"bad type": map[string]any{"name": "x"}}}, code: "invalid_type", field: "/where/bad type"},
		{name: "a bad relation direction", body: map[string]any{"where": map[string]any{"companies": map[string]any{"$relation": map[string]any{"direction": "sideways"}}}}, code: "invalid_direction", field: "/where/companies/$relation/direction"},
		{name: "a where that is a list", body: map[string]any{"where": []any{}}, code: "invalid_where", field: "/where"},
		{name: "an unknown field", body: map[string]any{"having": map[string]any{"n": "count"}}, code: "unknown_field", field: "/having"},
		{name: "an aggregate that is no field reference", body: map[string]any{"aggregate": map[string]any{"n": "count"}}, code: "invalid_select", field: "/aggregate/n"},
		{name: "a bad sort", body: map[string]any{"orderBy": map[string]any{"name": "up"}}, code: "invalid_order", field: "/orderBy/name"},
		{name: "malformed JSON", body: `{"where": {`, code: "invalid_json", field: "/where"},
		{name: "labels search with a bad query", path: "/api/v1/labels", body: map[string]any{"where": map[string]any{"a": map[string]any{"$foo": 1}}}, code: "unknown_operator", field: "/where/a/$foo"},
		{name: "relations search with a bad query string limit", path: "/api/v1/records/relations/search?limit=0", body: map[string]any{}, code: "invalid_parameter", field: "limit"},
		{name: "related search with a bad query", path: "/api/v1/records/x/search", body: map[string]any{"skip": "1"}, code: "invalid_parameter", field: "/skip"},
		{name: "no token", body: map[string]any{}, token: "-", wantStatus: 401, code: "unauthorized"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path, token, status := tc.path, ev.read, tc.wantStatus
			if path == "" {
				path = "/api/v1/records/search"
			}
			if tc.token == "-" {
				token = ""
			}
			if status == 0 {
				status = 400
			}
			r := ev.do("POST", path, tc.body, token)
			if r.Status != status || r.code() != tc.code {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), status, tc.code, r.Raw)
			}
			if tc.field != "" {
				details, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
				if details["field"] != tc.field {
					t.Fatalf("field %v, want %q", details["field"], tc.field)
				}
			}
		})
	}
}

func TestDeleteWhere(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	count := func() int64 {
		return query(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": ev.project.ID})[0]["n"].(int64)
	}
	a, b, c := ev.create("people", map[string]any{"name": "a", "age": 10}), ev.create("people", map[string]any{"name": "b", "age": 20}), ev.create("people", map[string]any{"name": "c", "age": 30})
	d, e := ev.create("people", map[string]any{"name": "d", "age": 40}), ev.create("companies", map[string]any{"name": "e"})
	ev.attach(e, "employees", a, b, d)
	refused := []struct {
		name string
		body any
		code string
	}{
		{"a missing where", map[string]any{"limit": 1000}, "empty_where"},
		{"an empty where", map[string]any{"where": map[string]any{}}, "empty_where"},
		{"a null where", map[string]any{"where": nil}, "empty_where"},
		{"no body", nil, "empty_where"},
		{"a bad where", map[string]any{"where": map[string]any{"age": map[string]any{"$nope": 1}}}, "unknown_operator"},
		{"an empty condition in logic", map[string]any{"where": map[string]any{"$or": []any{map[string]any{}}}}, "empty_condition"},
	}
	for _, tc := range refused {
		t.Run(tc.name+" is refused and deletes nothing", func(t *testing.T) {
			r := ev.do("PUT", "/api/v1/records/delete", tc.body, ev.write)
			if r.Status != 400 || r.code() != tc.code {
				t.Fatalf("got %d %q, want 400 %q: %s", r.Status, r.code(), tc.code, r.Raw)
			}
			if n := count(); n != 5 {
				t.Fatalf("%d records left, want 5", n)
			}
		})
	}
	t.Run("a read token cannot delete", func(t *testing.T) {
		if r := ev.do("PUT", "/api/v1/records/delete", map[string]any{"where": map[string]any{"name": "a"}}, ev.read); r.Status != 403 || count() != 5 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
	t.Run("a where that matches nothing deletes nothing", func(t *testing.T) {
		r := ev.do("PUT", "/api/v1/records/delete", map[string]any{"where": map[string]any{"name": "zz"}}, ev.write)
		if r.Status != 200 || r.data()["message"] != "0 records have been successfully deleted" || count() != 5 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
	t.Run("deleteById's query removes the records and their edges", func(t *testing.T) {
		r := ev.do("PUT", "/api/v1/records/delete", map[string]any{"limit": 1000, "where": map[string]any{"$id": map[string]any{"$in": []string{a, b, "ghost"}}}}, ev.write)
		if r.Status != 200 || r.data()["message"] != "2 records have been successfully deleted" {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		if n := count(); n != 3 {
			t.Fatalf("%d records left, want 3", n)
		}
		if n := edgeCount(t, e, d, ""); n != 1 {
			t.Fatalf("an edge between kept records went: %d", n)
		}
		rows := query(t, "MATCH (:Record {__id: $e})-[l:LINK]->() RETURN count(l) AS n", map[string]any{"e": e})
		if rows[0]["n"].(int64) != 1 {
			t.Fatalf("the deleted records' edges stayed: %v", rows)
		}
	})
	t.Run("a related condition selects what to delete", func(t *testing.T) {
		r := ev.do("PUT", "/api/v1/records/delete", map[string]any{"where": map[string]any{"companies": map[string]any{"name": "e"}}}, ev.write)
		if r.Status != 200 || r.data()["message"] != "1 record has been successfully deleted" || count() != 2 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
	t.Run("the static route is not taken for a record id", func(t *testing.T) {
		r := ev.do("PUT", "/api/v1/records/"+c, map[string]any{"properties": map[string]any{"name": "c2", "age": 30}}, ev.write)
		if r.Status != 200 || r.data()["name"] != "c2" {
			t.Fatalf("PUT /records/{id} broke: %d %s", r.Status, r.Raw)
		}
	})
	t.Run("an explicit limit bounds the delete", func(t *testing.T) {
		ev.create("people", map[string]any{"name": "f", "age": 50})
		r := ev.do("PUT", "/api/v1/records/delete", map[string]any{"where": map[string]any{"age": map[string]any{"$gt": 0}}, "orderBy": map[string]any{"age": "desc"}, "limit": 1}, ev.write)
		if r.Status != 200 || r.data()["message"] != "1 record has been successfully deleted" {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		left := names(ev.do("POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}}, ev.read))
		if !slices.Equal(left, []string{"c2"}) {
			t.Fatalf("the oldest-aged record must stay, left %v", left)
		}
	})
}

func TestLabelCounts(t *testing.T) {
	t.Parallel()
	f := newRelatedFixture(t)
	tests := []struct {
		name string
		body any
		want map[string]any
	}{
		{"every record", nil, map[string]any{"people": 4.0, "companies": 2.0, "cities": 2.0}},
		{"an empty query", map[string]any{}, map[string]any{"people": 4.0, "companies": 2.0, "cities": 2.0}},
		{"by where", map[string]any{"where": map[string]any{"name": map[string]any{"$contains": "a"}}}, map[string]any{"people": 1.0, "companies": 2.0, "cities": 1.0}},
		{"by labels", map[string]any{"labels": []string{"cities"}}, map[string]any{"cities": 2.0}},
		{"by related records", map[string]any{"where": map[string]any{"companies": map[string]any{}}}, map[string]any{"people": 3.0, "cities": 2.0}},
		{"nothing matches", map[string]any{"where": map[string]any{"name": "zz"}}, map[string]any{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.ev.do("POST", "/api/v1/labels", tc.body, f.ev.read)
			if got := r.data(); r.Status != 200 || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("got %d %v, want %v", r.Status, got, tc.want)
			}
		})
	}
}

func TestSearchRelations(t *testing.T) {
	t.Parallel()
	f := newRelatedFixture(t)
	tests := []struct {
		name  string
		query string
		body  any
		want  []string // source>property>target
		total int
	}{
		{"every edge, oldest first", "", nil, []string{"Acme>employees>Ada", "Acme>employees>Bo", "Beta>employees>Cy", "Acme>location>Paris", "Beta>location>Berlin", "Ada>knows>Cy"}, 6},
		{"edges whose source matches", "", map[string]any{"where": map[string]any{"name": "Acme"}}, []string{"Acme>employees>Ada", "Acme>employees>Bo", "Acme>location>Paris"}, 3},
		{"by source labels", "", map[string]any{"labels": []string{"people"}}, []string{"Ada>knows>Cy"}, 1},
		{"a target alone does not match", "", map[string]any{"where": map[string]any{"name": "Cy"}}, []string{}, 0},
		{"paged by the query string", "?skip=1&limit=2", nil, []string{"Acme>employees>Bo", "Beta>employees>Cy"}, 6},
		{"paged by the body", "", map[string]any{"skip": 4, "limit": 5}, []string{"Beta>location>Berlin", "Ada>knows>Cy"}, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.ev.do("POST", "/api/v1/records/relations/search"+tc.query, tc.body, f.ev.read)
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			got := []string{}
			for _, e := range r.list() {
				if e["direction"] != "out" || e["type"] != e["property"] || e["sourceLabel"] == "" || e["targetLabel"] == "" {
					t.Fatalf("edge %v", e)
				}
				got = append(got, fmt.Sprintf("%s>%s>%s", nameOf(f, e["sourceId"]), e["property"], e["title"]))
			}
			if !slices.Equal(got, tc.want) || total(r) != tc.total {
				t.Fatalf("got %v (total %d), want %v (total %d)", got, total(r), tc.want, tc.total)
			}
		})
	}
}

// nameOf names a fixture record by id.
func nameOf(f relatedFixture, id any) string {
	byID := map[string]string{f.ada: "Ada", f.bo: "Bo", f.cy: "Cy", f.dee: "Dee", f.acme: "Acme", f.beta: "Beta", f.paris: "Paris", f.berlin: "Berlin"}
	return byID[fmt.Sprint(id)]
}

// TestSearchIsolation runs every search route with a token of project B:
// none may show, count or delete a record of project A.
func TestSearchIsolation(t *testing.T) {
	t.Parallel()
	f := newRelatedFixture(t)
	before := snapshot(t, f.ev.project.ID)
	b := f.ev.token(graphtest.Project(t).ID, "write")
	mine := send(t, f.ev.e, "POST", "/api/v1/records", map[string]any{"label": "people", "properties": map[string]any{"name": "Ada"}}, b).data()["__id"].(string)
	all := []string{f.ada, f.bo, f.cy, f.dee, f.acme, f.beta, f.paris, f.berlin}
	tests := []struct {
		name, method, path string
		body               any
		check              func(t *testing.T, r response)
	}{
		{"search", "POST", "/api/v1/records/search", map[string]any{"where": map[string]any{"$or": []any{map[string]any{"$id": map[string]any{"$in": all}}, map[string]any{"name": map[string]any{"$exists": true}}}}},
			func(t *testing.T, r response) {
				if total(r) != 1 || r.list()[0]["__id"] != mine {
					t.Fatalf("B sees %s", r.Raw)
				}
			}},
		{"search through a related condition", "POST", "/api/v1/records/search", map[string]any{"where": map[string]any{"companies": map[string]any{}}},
			func(t *testing.T, r response) {
				if total(r) != 0 {
					t.Fatalf("B sees %s", r.Raw)
				}
			}},
		{"search related to A's record", "POST", "/api/v1/records/" + f.acme + "/search", nil,
			func(t *testing.T, r response) {
				if r.Status != 404 {
					t.Fatalf("B reaches A's record: %s", r.Raw)
				}
			}},
		{"labels", "POST", "/api/v1/labels", nil,
			func(t *testing.T, r response) {
				if fmt.Sprint(r.data()) != "map[people:1]" {
					t.Fatalf("B counts %s", r.Raw)
				}
			}},
		{"relations search", "POST", "/api/v1/records/relations/search", nil,
			func(t *testing.T, r response) {
				if total(r) != 0 || len(r.list()) != 0 {
					t.Fatalf("B sees edges %s", r.Raw)
				}
			}},
		{"delete by query", "PUT", "/api/v1/records/delete", map[string]any{"where": map[string]any{"$id": map[string]any{"$in": all}}},
			func(t *testing.T, r response) {
				if r.Status != 200 || r.data()["message"] != "0 records have been successfully deleted" {
					t.Fatalf("B deletes %s", r.Raw)
				}
			}},
		{"delete by a property A's records share", "PUT", "/api/v1/records/delete", map[string]any{"where": map[string]any{"name": map[string]any{"$ne": "Ada"}}},
			func(t *testing.T, r response) {
				if r.data()["message"] != "0 records have been successfully deleted" {
					t.Fatalf("B deletes %s", r.Raw)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, send(t, f.ev.e, tc.method, tc.path, tc.body, b))
		})
	}
	if after := snapshot(t, f.ev.project.ID); after != before {
		t.Fatalf("project A changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestSearchWithoutTotal: "total": false answers the same page and no
// total; total must be a boolean.
func TestSearchWithoutTotal(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for i := 0; i < 5; i++ {
		ev.create("people", map[string]any{"name": fmt.Sprintf("p%d", i)})
	}
	with := ev.do("POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "limit": 3}, ev.read)
	without := ev.do("POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "limit": 3, "total": false}, ev.read)
	if with.Status != 200 || without.Status != 200 {
		t.Fatalf("%d %d", with.Status, without.Status)
	}
	if _, ok := without.Body["total"]; ok || total(with) != 5 {
		t.Errorf("total: with %v, without %v", with.Body["total"], without.Body["total"])
	}
	if !slices.Equal(names(with), names(without)) {
		t.Errorf("pages differ: %v %v", names(with), names(without))
	}
	if r := ev.do("POST", "/api/v1/records/search", map[string]any{"total": "no"}, ev.read); r.Status != 400 {
		t.Errorf(`"total": "no": %d`, r.Status)
	}
}

// TestDeclaredSearchMatchesOpenSearch runs each query against a declared
// type, whose comparisons are written in the plain form its indexes serve,
// and against an open type holding the same records: both find the same
// records, and the same total, for every operator.
func TestDeclaredSearchMatchesOpenSearch(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	suffix := strings.ReplaceAll(ev.project.ID[len(ev.project.ID)-12:], "-", "")
	declared, open := "dp"+suffix, "op"+suffix
	if r := ev.do("PUT", "/api/v1/types/"+declared, map[string]any{"properties": map[string]any{
		"name": map[string]any{"type": "string"}, "age": map[string]any{"type": "integer"},
		"score": map[string]any{"type": "number"}, "active": map[string]any{"type": "boolean"},
		"born": map[string]any{"type": "datetime"}, "bio": map[string]any{"type": "string", "text": true},
		"nick": map[string]any{"type": "string", "index": false}}}, ev.admin); r.Status/100 != 2 {
		t.Fatalf("declare: %d %s", r.Status, r.Raw)
	}
	for i := 0; i < 12; i++ {
		props := []map[string]any{
			{"name": "name", "type": "string", "value": fmt.Sprintf("n%02d", i)},
			{"name": "age", "type": "number", "value": 20 + i*5},
			{"name": "score", "type": "number", "value": float64(i) / 2},
			{"name": "active", "type": "boolean", "value": i%3 == 0},
			{"name": "born", "type": "datetime", "value": fmt.Sprintf("19%02d-06-01T12:00:00Z", 70+i)},
			{"name": "bio", "type": "string", "value": []string{"likes graphs", "plain", "Graph theory"}[i%3]},
			{"name": "nick", "type": "string", "value": fmt.Sprintf("k%d", i%4)},
		}
		if i == 11 {
			props = props[:1] // a record holding only its name
		}
		ev.createTyped(declared, props...)
		ev.createTyped(open, props...)
	}
	for _, where := range []string{
		`{"name": "n03"}`,
		`{"name": {"$in": ["n01", "n04", "zz"]}}`,
		`{"age": {"$gte": 40, "$lt": 60}}`,
		`{"age": {"$gt": 30}, "active": true}`,
		`{"score": {"$lte": 2.5}}`,
		`{"name": {"$startsWith": "n1"}}`,
		`{"bio": {"$contains": "graphs"}}`,
		`{"bio": {"$endsWith": "theory"}}`,
		`{"born": {"$lt": "1975-01-01T00:00:00Z"}}`,
		`{"born": {"$gte": {"$year": 1978}}}`,
		`{"$or": [{"name": "n02"}, {"age": {"$gte": 70}}]}`,
		`{"$not": {"name": "n02"}}`,
		`{"age": {"$ne": 25}}`,
		`{"age": {"$nin": [25, 30]}}`,
		`{"nick": "k1"}`,
		`{"age": {"$exists": false}}`,
		`{"$xor": [{"active": true}, {"age": {"$gt": 50}}]}`,
		`{"age": "40"}`,
		`{"name": 3}`,
	} {
		t.Run(where, func(t *testing.T) {
			var got [2][]string
			var totals [2]int
			for i, typ := range []string{declared, open} {
				body := `{"labels": ["` + typ + `"], "where": ` + where + `, "orderBy": {"age": "asc"}, "limit": 5}`
				r := ev.do("POST", "/api/v1/records/search", body, ev.read)
				if r.Status != 200 {
					t.Fatalf("%s: %d %s", typ, r.Status, r.Raw)
				}
				got[i], totals[i] = names(r), total(r)
			}
			if !slices.Equal(got[0], got[1]) || totals[0] != totals[1] {
				t.Errorf("declared %v (total %d), open %v (total %d)", got[0], totals[0], got[1], totals[1])
			}
		})
	}
	// The one difference: $contains on a text-indexed property compares
	// case-sensitively, as the text index does.
	for typ, want := range map[string]int{declared: 4, open: 7} {
		r := ev.do("POST", "/api/v1/records/search", `{"labels": ["`+typ+`"], "where": {"bio": {"$contains": "graph"}}}`, ev.read)
		if total(r) != want {
			t.Errorf("%s: $contains graph found %d, want %d", typ, total(r), want)
		}
	}
}
