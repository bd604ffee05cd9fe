package handlers_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestRelationshipSearch covers RushDB's POST /relationships/search: the
// conditions on the edge (type, direction, properties bag), on its source
// and target records, paging and total.
func TestRelationshipSearch(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	type obj = map[string]any
	alien := ev.create("MOVIE", obj{"name": "Alien", "year": 1979})
	aliens := ev.create("MOVIE", obj{"name": "Aliens", "year": 1986})
	sigourney := ev.create("ACTOR", obj{"name": "Sigourney"})
	ian := ev.create("ACTOR", obj{"name": "Ian"})
	fox := ev.create("STUDIO", obj{"name": "Fox"})
	attach := func(source, typ, direction string, props obj, targets ...string) {
		body := obj{"targetIds": targets, "type": typ, "direction": direction}
		if props != nil {
			body["properties"] = props
		}
		if r := ev.do("POST", "/api/v1/relationships/"+source, body, ev.write); r.Status != 201 {
			t.Fatalf("attach: %d %s", r.Status, r.Raw)
		}
	}
	attach(alien, "STARS_IN", "out", obj{"role": "lead", "billing": 1}, sigourney)
	attach(alien, "STARS_IN", "out", obj{"role": "support", "billing": 3}, ian)
	attach(aliens, "STARS_IN", "out", obj{"role": "lead", "billing": 1}, sigourney)
	attach(fox, "MADE", "out", nil, alien, aliens)
	attach(sigourney, "SIGNED", "in", obj{"since": "1978"}, fox) // stored fox → sigourney
	name := map[string]string{alien: "Alien", aliens: "Aliens", sigourney: "Sigourney", ian: "Ian", fox: "Fox"}
	key := func(e map[string]any) string {
		return fmt.Sprintf("%s>%s:%s", name[e["sourceId"].(string)], name[e["targetId"].(string)], e["type"])
	}
	tests := []struct {
		name      string
		path      string // "" is /api/v1/relationships/search
		body      any
		want      string // the edges' keys, sorted, joined by spaces
		wantTotal float64
	}{
		{"no body is every edge", "", nil, "Alien>Ian:STARS_IN Alien>Sigourney:STARS_IN Aliens>Sigourney:STARS_IN Fox>Alien:MADE Fox>Aliens:MADE Fox>Sigourney:SIGNED", 6},
		{"the edge's type", "", obj{"where": obj{"type": "MADE"}}, "Fox>Alien:MADE Fox>Aliens:MADE", 2},
		{"types by $in", "", obj{"where": obj{"type": obj{"$in": []string{"MADE", "SIGNED"}}}}, "Fox>Alien:MADE Fox>Aliens:MADE Fox>Sigourney:SIGNED", 3},
		{"a bag property", "", obj{"where": obj{"role": "lead"}}, "Alien>Sigourney:STARS_IN Aliens>Sigourney:STARS_IN", 2},
		{"bag properties with operators and the type", "", obj{"where": obj{"type": "STARS_IN", "billing": obj{"$gt": 1}}}, "Alien>Ian:STARS_IN", 1},
		{"a bag property that is absent", "", obj{"where": obj{"role": obj{"$exists": false}}}, "Fox>Alien:MADE Fox>Aliens:MADE Fox>Sigourney:SIGNED", 3},
		{"logic over edge conditions", "", obj{"where": obj{"$or": []obj{{"since": "1978"}, {"$not": obj{"type": obj{"$ne": "MADE"}}}}}}, "Fox>Alien:MADE Fox>Aliens:MADE Fox>Sigourney:SIGNED", 3},
		{"the source's where", "", obj{"source": obj{"where": obj{"name": "Alien"}}}, "Alien>Ian:STARS_IN Alien>Sigourney:STARS_IN", 2},
		{"the source's labels and the target's where", "", obj{"source": obj{"labels": []string{"MOVIE"}}, "target": obj{"where": obj{"name": "Sigourney"}}}, "Alien>Sigourney:STARS_IN Aliens>Sigourney:STARS_IN", 2},
		{"the target by $id", "", obj{"target": obj{"where": obj{"$id": ian}}}, "Alien>Ian:STARS_IN", 1},
		{"the source by $id and the target by labels", "", obj{"source": obj{"where": obj{"$id": fox}}, "target": obj{"labels": []string{"ACTOR"}}}, "Fox>Sigourney:SIGNED", 1},
		{"source, target and edge together", "", obj{"source": obj{"labels": []string{"MOVIE"}, "where": obj{"year": obj{"$lt": 1980}}},
			"target": obj{"labels": []string{"ACTOR"}}, "where": obj{"type": "STARS_IN", "role": "lead"}}, "Alien>Sigourney:STARS_IN", 1},
		{"a related-record condition on an end", "", obj{"source": obj{"where": obj{"STUDIO": obj{"name": "Fox"}}}, "target": obj{"labels": []string{"ACTOR"}}},
			"Alien>Ian:STARS_IN Alien>Sigourney:STARS_IN Aliens>Sigourney:STARS_IN", 3},
		{"direction in: edges pointing at the source records", "", obj{"source": obj{"labels": []string{"ACTOR"}}, "where": obj{"direction": "in", "type": "SIGNED"}}, "Fox>Sigourney:SIGNED", 1},
		{"direction out: no actor has an outgoing edge", "", obj{"source": obj{"labels": []string{"ACTOR"}}, "where": obj{"direction": "out"}}, "", 0},
		{"a page: limit and skip, total of every match", "", obj{"where": obj{"type": "STARS_IN"}, "orderBy": "asc", "skip": 1, "limit": 1}, "Alien>Ian:STARS_IN", 3},
		{"the query string pages over the body", "?limit=2&skip=0", obj{"where": obj{"type": "STARS_IN"}, "limit": 1}, "Alien>Ian:STARS_IN Alien>Sigourney:STARS_IN", 3},
		{"past the last page", "", obj{"skip": 10}, "", 6},
		{"the record form (labels on top): labels and where select the sources", "", obj{"labels": []string{"STUDIO"}, "where": obj{"name": "Fox"}}, "Fox>Alien:MADE Fox>Aliens:MADE Fox>Sigourney:SIGNED", 3},
		{"the Collect relation search reads the query as the source's", "/api/v1/records/relations/search", obj{"labels": []string{"MOVIE"}, "where": obj{"name": "Aliens"}}, "Aliens>Sigourney:STARS_IN", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := "/api/v1/relationships/search" + tc.path
			if strings.HasPrefix(tc.path, "/") {
				path = tc.path
			}
			r := ev.do("POST", path, tc.body, ev.read)
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			var keys []string
			for _, e := range r.list() {
				keys = append(keys, key(e))
			}
			sort.Strings(keys)
			if got := strings.Join(keys, " "); got != tc.want || r.Body["total"] != tc.wantTotal {
				t.Fatalf("got %q total %v, want %q total %v", got, r.Body["total"], tc.want, tc.wantTotal)
			}
		})
	}
	t.Run("each edge is seen from the source query's side, with its bag", func(t *testing.T) {
		r := ev.do("POST", "/api/v1/relationships/search", obj{"source": obj{"where": obj{"$id": sigourney}}, "where": obj{"direction": "in", "type": "SIGNED"}}, ev.read)
		list := r.list()
		if r.Status != 200 || len(list) != 1 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		e := list[0]
		if e["sourceId"] != fox || e["targetId"] != sigourney || e["direction"] != "in" || e["title"] != "Fox" ||
			e["sourceLabel"] != "STUDIO" || e["targetLabel"] != "ACTOR" || fmt.Sprint(e["properties"]) != "map[since:1978]" {
			t.Fatalf("edge %v", e)
		}
	})
	t.Run("oldest first; desc newest first", func(t *testing.T) {
		asc := ev.do("POST", "/api/v1/relationships/search", obj{"orderBy": "asc"}, ev.read).list()
		desc := ev.do("POST", "/api/v1/relationships/search", obj{"orderBy": "desc"}, ev.read).list()
		if len(asc) != 6 || len(desc) != 6 || key(asc[0]) != "Alien>Sigourney:STARS_IN" || key(desc[0]) != "Fox>Sigourney:SIGNED" {
			t.Fatalf("asc %v, desc %v", asc, desc)
		}
	})
	t.Run("a hostile bag name is stored and found as written", func(t *testing.T) {
		hostile := "we`ird}) DETACH DELETE e //"
		attach(aliens, "REVIEWED_BY", "out", obj{hostile: "x"}, ian)
		r := ev.do("POST", "/api/v1/relationships/search", obj{"where": obj{hostile: obj{"$exists": true}}}, ev.read)
		if list := r.list(); r.Status != 200 || len(list) != 1 || key(list[0]) != "Aliens>Ian:REVIEWED_BY" || list[0]["properties"].(map[string]any)[hostile] != "x" {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		if rows := query(t, "MATCH (:Record {__project: $p})-[e:LINK {property: 'REVIEWED_BY'}]->() RETURN count(e) AS n", obj{"p": ev.project.ID}); rows[0]["n"] != int64(1) {
			t.Fatalf("edges %v", rows)
		}
	})
}

func TestRelationshipSearchRefuses(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	type obj = map[string]any
	tests := []struct {
		name      string
		body      any
		wantCode  string
		wantField string
	}{
		{"an unknown member", obj{"select": obj{}}, "unknown_field", "/select"},
		{"an unknown member of an end", obj{"source": obj{"label": "x"}}, "unknown_field", "/source/label"},
		{"an end that is no object", obj{"target": "x"}, "invalid_query", "/target"},
		{"$id on the edge", obj{"where": obj{"$id": "x"}}, "invalid_where", "/where/$id"},
		{"a related-record condition on the edge", obj{"where": obj{"MOVIE": obj{"name": "x"}}}, "invalid_where", "/where/MOVIE"},
		{"a direction that is neither in nor out", obj{"where": obj{"direction": "up"}}, "invalid_direction", "/where/direction"},
		{"a direction below the top", obj{"where": obj{"$or": []obj{{"direction": "in"}, {"type": "x"}}}}, "invalid_direction", "/where/direction"},
		{"labels on top beside source", obj{"labels": []string{"A"}, "source": obj{}}, "misplaced_key", "/labels"},
		{"a limit over 1000", obj{"limit": 1001}, "invalid_parameter", "/limit"},
		{"an order by a property", obj{"orderBy": obj{"since": "asc"}}, "invalid_order", "/orderBy"},
		{"a bad condition in an end", obj{"source": obj{"where": obj{"age": obj{"$near": 1}}}}, "unknown_operator", "/source/where/age/$near"},
		{"a bad label in an end", obj{"target": obj{"labels": []string{"no such"}}}, "invalid_type", "/target/labels/0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("POST", "/api/v1/relationships/search", tc.body, ev.read)
			if r.Status != 400 || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want 400 %q: %s", r.Status, r.code(), tc.wantCode, r.Raw)
			}
			if field := r.Body["error"].(map[string]any)["details"].(map[string]any)["field"]; field != tc.wantField {
				t.Fatalf("field %v, want %s", field, tc.wantField)
			}
		})
	}
}

// TestRelationshipSearchIsolation: a project's search never sees another
// project's edges, not even by naming their records' ids.
func TestRelationshipSearchIsolation(t *testing.T) {
	t.Parallel()
	mine, theirs := newEnv(t), newEnv(t)
	type obj = map[string]any
	a, b := theirs.create("people", obj{"name": "Ann"}), theirs.create("people", obj{"name": "Bo"})
	if r := theirs.do("POST", "/api/v1/relationships/"+a, obj{"targetIds": b, "type": "knows", "properties": obj{"since": 2020}}, theirs.write); r.Status != 201 {
		t.Fatalf("attach: %d %s", r.Status, r.Raw)
	}
	c, d := mine.create("people", obj{"name": "Cy"}), mine.create("people", obj{"name": "Di"})
	mine.attach(c, "knows", d)
	for _, body := range []obj{
		{},
		{"where": obj{"type": "knows"}},
		{"where": obj{"since": 2020}},
		{"source": obj{"where": obj{"$id": a}}},
		{"target": obj{"where": obj{"$id": b}}},
		{"source": obj{"where": obj{"name": "Ann"}}},
	} {
		r := mine.do("POST", "/api/v1/relationships/search", body, mine.read)
		for _, e := range r.list() {
			if e["sourceId"] == a || e["targetId"] == b {
				t.Fatalf("%v: another project's edge %v", body, e)
			}
		}
		if r.Status != 200 || r.Body["total"].(float64) > 1 {
			t.Fatalf("%v: %d %s", body, r.Status, r.Raw)
		}
	}
	if r := theirs.do("POST", "/api/v1/relationships/search", obj{"where": obj{"since": 2020}}, theirs.read); r.Body["total"] != 1.0 {
		t.Fatalf("the owner's search: %s", r.Raw)
	}
}
