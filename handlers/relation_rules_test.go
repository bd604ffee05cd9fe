package handlers_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
)

// world declares the types the rule tests use:
//
//	companies.employees  many (≤ max), employees only, inverse employees.employer
//	employees.employer   one (declared on the inverse side), companies only
//	companies.parent     one, companies only
//	companies.related    many, contacts or companies
//	teams.members        many, 1 to 3 employees
//	notes                open (never declared)
func world(ev *env, max int) {
	companyTypes(ev, max)
	ev.declare("companies", map[string]any{"properties": map[string]any{
		"name":      map[string]any{"type": "string", "minLength": 1},
		"employees": map[string]any{"type": "array", "maxItems": max, "x-type-schema": rel, "allowedTypeIds": []string{"employees"}, "inverse": map[string]any{"type": "employees", "property": "employer"}},
		"parent":    map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"companies"}},
		"related":   map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"contacts", "companies"}},
	}, "required": []string{"name"}})
	ev.declare("employees", map[string]any{"properties": map[string]any{
		"name":     map[string]any{"type": "string"},
		"employer": map[string]any{"x-type-schema": rel, "allowedTypeIds": []string{"companies"}},
	}})
	ev.declare("teams", map[string]any{"properties": map[string]any{
		"members": map[string]any{"type": "array", "minItems": 1, "maxItems": 3, "x-type-schema": rel, "allowedTypeIds": []string{"employees"}},
	}})
}

// links lists the ids a record links to through stored edges tagged
// property, in either direction as asked.
func links(t testing.TB, id, property string, incoming bool) []string {
	t.Helper()
	text := "MATCH (:Record {__id: $id})-[e:LINK {property: $p}]->(x) RETURN x.__id AS id"
	if incoming {
		text = "MATCH (:Record {__id: $id})<-[e:LINK {property: $p}]-(x) RETURN x.__id AS id"
	}
	var out []string
	for _, r := range query(t, text, map[string]any{"id": id, "p": property}) {
		out = append(out, r["id"].(string))
	}
	sort.Strings(out)
	return out
}

func sortedIDs(ids ...string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}

func same(a, b []string) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// ruleCase is one write and what it must leave behind.
type ruleCase struct {
	name       string
	method     string
	path       string
	body       any
	wantStatus int
	wantCode   string
	wantField  string
	check      func(t *testing.T)
}

func runRuleCases(t *testing.T, ev *env, tests []ruleCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode || r.field() != tc.wantField {
				t.Fatalf("got %d %q at %q, want %d %q at %q: %s", r.Status, r.code(), r.field(), tc.wantStatus, tc.wantCode, tc.wantField, r.Raw)
			}
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
}

func TestAttachRules(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 3)
	acme, beta, gamma := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("companies", map[string]any{"name": "Beta"}), ev.create("companies", map[string]any{"name": "Gamma"})
	e1, e2, e3, e4 := ev.create("employees", nil), ev.create("employees", nil), ev.create("employees", nil), ev.create("employees", nil)
	ct, note := ev.create("contacts", nil), ev.create("notes", nil)
	attach := func(id string) string { return "/api/v1/records/" + id + "/relations" }
	noEdges := func(from, property string) func(t *testing.T) {
		return func(t *testing.T) {
			if got := links(t, from, property, false); len(got) != 0 {
				t.Fatalf("a refused write stored %v", got)
			}
		}
	}
	runRuleCases(t, ev, []ruleCase{
		{"an undeclared relation property is refused", "POST", attach(acme), map[string]any{"targetIds": beta, "type": "partners"}, 422, "undeclared_relation", "partners", noEdges(acme, "partners")},
		{"links is refused while the type has not enabled it", "POST", attach(acme), map[string]any{"targetIds": beta}, 422, "undeclared_relation", "links", noEdges(acme, "links")},
		{"a scalar property is not a relation", "POST", attach(acme), map[string]any{"targetIds": beta, "type": "name"}, 422, "not_a_relation", "name", noEdges(acme, "name")},
		{"a target of a type not allowed is refused", "POST", attach(acme), map[string]any{"targetIds": []string{e1, ct}, "type": "parent"}, 422, "type_not_allowed", "parent", noEdges(acme, "parent")},
		{"a polymorphic property takes each listed type", "POST", attach(acme), map[string]any{"targetIds": []string{ct, beta}, "type": "related"}, 201, "", "", func(t *testing.T) {
			if got := links(t, acme, "related", false); !same(got, sortedIDs(ct, beta)) {
				t.Fatalf("related %v", got)
			}
		}},
		{"a single property takes a link", "POST", attach(acme), map[string]any{"targetIds": beta, "type": "parent"}, 201, "", "", nil},
		{"a single property replaces its link", "POST", attach(acme), map[string]any{"targetIds": gamma, "type": "parent"}, 201, "", "", func(t *testing.T) {
			if got := links(t, acme, "parent", false); !same(got, []string{gamma}) {
				t.Fatalf("parent %v, want only %s", got, gamma)
			}
		}},
		{"two targets of a single property are refused", "POST", attach(acme), map[string]any{"targetIds": []string{beta, gamma}, "type": "parent"}, 422, "single_value", "parent", func(t *testing.T) {
			if got := links(t, acme, "parent", false); !same(got, []string{gamma}) {
				t.Fatalf("parent %v changed", got)
			}
		}},
		{"many links up to maxItems", "POST", attach(acme), map[string]any{"targetIds": []string{e1, e2, e3}, "type": "employees"}, 201, "", "", nil},
		{"maxItems refuses one more", "POST", attach(acme), map[string]any{"targetIds": e4, "type": "employees"}, 422, "max_items", "employees", func(t *testing.T) {
			if got := links(t, acme, "employees", false); !same(got, sortedIDs(e1, e2, e3)) {
				t.Fatalf("employees %v", got)
			}
		}},
		{"the inverse side stores the declaring side's edge", "POST", attach(e4), map[string]any{"targetIds": beta, "type": "employer"}, 201, "", "", func(t *testing.T) {
			if !same(links(t, beta, "employees", false), []string{e4}) || len(links(t, e4, "employer", false)) != 0 {
				t.Fatal("the link must be stored once, beta -employees-> e4")
			}
		}},
		{"a single inverse moves the link", "POST", attach(beta), map[string]any{"targetIds": e1, "type": "employees"}, 201, "", "", func(t *testing.T) {
			if got := links(t, e1, "employees", true); !same(got, []string{beta}) {
				t.Fatalf("e1's employers %v, want only beta", got)
			}
			if got := links(t, acme, "employees", false); !same(got, sortedIDs(e2, e3)) {
				t.Fatalf("acme kept %v", got)
			}
		}},
		{"direction in names the target's property", "POST", attach(e2), map[string]any{"targetIds": gamma, "type": "employees", "direction": "in"}, 201, "", "", func(t *testing.T) {
			if got := links(t, e2, "employees", true); !same(got, []string{gamma}) {
				t.Fatalf("e2's employers %v", got)
			}
		}},
		{"the declaring side fills up again", "POST", attach(acme), map[string]any{"targetIds": []string{e1, e2}, "type": "employees"}, 201, "", "", func(t *testing.T) {
			if got := links(t, acme, "employees", false); !same(got, sortedIDs(e1, e2, e3)) {
				t.Fatalf("acme's employees %v", got)
			}
		}},
		{"the declaring side's maxItems holds when the inverse side writes", "POST", attach(e4), map[string]any{"targetIds": acme, "type": "employer"}, 422, "max_items", "employees", func(t *testing.T) {
			if got := links(t, e4, "employees", true); !same(got, []string{beta}) {
				t.Fatalf("e4's employers %v: a refused move must keep the old link", got)
			}
		}},
		{"an open type takes any property", "POST", attach(note), map[string]any{"targetIds": []string{acme, e1}, "type": "mentions"}, 201, "", "", func(t *testing.T) {
			if got := links(t, note, "mentions", false); !same(got, sortedIDs(acme, e1)) {
				t.Fatalf("mentions %v", got)
			}
		}},
		{"an open source links to a declared target freely", "POST", attach(note), map[string]any{"targetIds": acme}, 201, "", "", nil},
	})
}

func TestDetachRules(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	e1, e2 := ev.create("employees", nil), ev.create("employees", nil)
	team := ev.create("teams", map[string]any{"members": []string{e1, e2}})
	ev.attach(acme, "employees", e1, e2)
	detach := func(id string) string { return "/api/v1/records/" + id + "/relations" }
	runRuleCases(t, ev, []ruleCase{
		{"the inverse name removes the declaring side's edge", "PUT", detach(e1), map[string]any{"targetIds": acme, "typeOrTypes": "employer"}, 200, "", "", func(t *testing.T) {
			if got := links(t, acme, "employees", false); !same(got, []string{e2}) {
				t.Fatalf("acme's employees %v", got)
			}
		}},
		{"a detach down to minItems is fine", "PUT", detach(team), map[string]any{"targetIds": e1, "typeOrTypes": "members"}, 200, "", "", nil},
		{"a detach below minItems is refused", "PUT", detach(team), map[string]any{"targetIds": e2}, 422, "min_items", "members", func(t *testing.T) {
			if got := links(t, team, "members", false); !same(got, []string{e2}) {
				t.Fatalf("members %v", got)
			}
		}},
		{"a detach from the other end is held to the same minimum", "PUT", detach(e2), map[string]any{"targetIds": team}, 422, "min_items", "members", nil},
	})
}

func TestRecordWritesOfRelationProperties(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 3)
	acme, beta := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("companies", map[string]any{"name": "Beta"})
	e1, e2, e3, e4 := ev.create("employees", nil), ev.create("employees", nil), ev.create("employees", nil), ev.create("employees", nil)
	team := ev.create("teams", map[string]any{"members": []string{e1}})
	records := "/api/v1/records"
	record := func(id string) string { return records + "/" + id }
	countTeams := func(want int64) func(t *testing.T) {
		return func(t *testing.T) {
			rows := query(t, "MATCH (r:teams {__project: $p}) RETURN count(r) AS n", map[string]any{"p": ev.project.ID})
			if rows[0]["n"] != want {
				t.Fatalf("%v teams, want %d: a refused create stored a record", rows[0]["n"], want)
			}
		}
	}
	runRuleCases(t, ev, []ruleCase{
		{"a create without the links minItems asks for is refused", "POST", records, map[string]any{"label": "teams"}, 422, "min_items", "members", countTeams(1)},
		{"a create with too many links is refused", "POST", records, map[string]any{"label": "teams", "properties": map[string]any{"members": []string{e1, e2, e3, e4}}}, 422, "max_items", "members", countTeams(1)},
		{"a create with an unknown target is a 404", "POST", records, map[string]any{"label": "teams", "properties": map[string]any{"members": []string{e1, "ghost"}}}, 404, "records_not_found", "", countTeams(1)},
		{"a relation value must be ids", "POST", records, map[string]any{"label": "teams", "properties": map[string]any{"members": 5}}, 400, "invalid_relation_value", "members", countTeams(1)},
		{"a required scalar is required", "POST", records, map[string]any{"label": "companies", "properties": map[string]any{"parent": acme}}, 422, "required", "name", nil},
		{"a scalar too short is refused", "POST", records, map[string]any{"label": "companies", "properties": map[string]any{"name": ""}}, 422, "min_length", "name", nil},
		{"PATCH sets exactly the links given", "PATCH", record(team), map[string]any{"properties": map[string]any{"members": []string{e2, e3}}}, 200, "", "", func(t *testing.T) {
			if got := links(t, team, "members", false); !same(got, sortedIDs(e2, e3)) {
				t.Fatalf("members %v", got)
			}
			if r := ev.do("GET", record(team), nil, ev.read); r.data()["members"] != nil {
				t.Fatalf("a relation value is never a node property: %s", r.Raw)
			}
		}},
		{"PATCH to no links is held to minItems", "PATCH", record(team), map[string]any{"properties": []map[string]any{{"name": "members", "type": "null", "value": nil}}}, 422, "min_items", "members", nil},
		{"PATCH a single property with two ids is refused", "PATCH", record(acme), map[string]any{"properties": map[string]any{"parent": []string{acme, beta}}}, 422, "single_value", "parent", nil},
		{"PATCH of a mirrored property moves the link", "PATCH", record(e1), map[string]any{"properties": map[string]any{"employer": beta}}, 200, "", "", func(t *testing.T) {
			if got := links(t, beta, "employees", false); !same(got, []string{e1}) {
				t.Fatalf("beta's employees %v", got)
			}
		}},
		{"PUT replaces scalars and keeps links it does not name", "PUT", record(acme), map[string]any{"properties": map[string]any{"name": "Acme 2"}}, 200, "", "", nil},
		{"PUT sets the links it names", "PUT", record(e1), map[string]any{"properties": map[string]any{"name": "E", "employer": acme}}, 200, "", "", func(t *testing.T) {
			if !same(links(t, e1, "employees", true), []string{acme}) || len(links(t, beta, "employees", false)) != 0 {
				t.Fatal("the employer moved from beta to acme")
			}
		}},
		{"PUT is held to the rules too", "PUT", record(e2), map[string]any{"properties": map[string]any{"employer": team}}, 422, "type_not_allowed", "employer", nil},
	})
	t.Run("an open type keeps relation-looking values on the node", func(t *testing.T) {
		r := ev.do("POST", records, map[string]any{"label": "notes", "properties": map[string]any{"members": []string{e1}}}, ev.write)
		if r.Status != 201 || r.data()["members"] == nil {
			t.Fatalf("open create: %d %s", r.Status, r.Raw)
		}
	})
}

func TestOnDelete(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("docs", map[string]any{})
	ev.declare("folders", map[string]any{"properties": map[string]any{
		"children": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"docs", "folders"}, "onDelete": "cascade"},
		"pinned":   map[string]any{"type": "array", "x-type-schema": rel, "onDelete": "restrict"},
		"seeAlso":  map[string]any{"type": "array", "x-type-schema": rel},
	}})
	root, sub := ev.create("folders", nil), ev.create("folders", nil)
	d1, d2, d3 := ev.create("docs", nil), ev.create("docs", nil), ev.create("docs", nil)
	ev.attach(root, "children", sub, d1)
	ev.attach(sub, "children", d2, root) // a cycle
	ev.attach(root, "seeAlso", d3)
	alive := func(t *testing.T, want map[string]bool) {
		t.Helper()
		for id, live := range want {
			rows := query(t, "MATCH (r:Record {__id: $id}) RETURN count(r) AS n", map[string]any{"id": id})
			if (rows[0]["n"] == int64(1)) != live {
				t.Errorf("record %s alive=%v, want %v", id, !live, live)
			}
		}
	}
	t.Run("a dry run lists what a cascade removes and removes nothing", func(t *testing.T) {
		r := ev.do("DELETE", "/api/v1/records/"+root+"?dryRun=true", nil, ev.write)
		if r.Status != 200 {
			t.Fatalf("dry run: %d %s", r.Status, r.Raw)
		}
		var ids []string
		for _, rec := range r.data()["records"].([]any) {
			ids = append(ids, rec.(map[string]any)["id"].(string))
		}
		if sort.Strings(ids); !same(ids, sortedIDs(root, sub, d1, d2)) {
			t.Fatalf("records %v, want root, sub, d1, d2 (not d3: seeAlso unlinks)", ids)
		}
		if edges := r.data()["edges"].([]any); len(edges) != 5 {
			t.Fatalf("edges %v, want the 5 touching them", edges)
		}
		alive(t, map[string]bool{root: true, sub: true, d1: true, d2: true, d3: true})
	})
	t.Run("restrict refuses while a link exists and removes nothing", func(t *testing.T) {
		ev.attach(sub, "pinned", d3)
		r := ev.do("DELETE", "/api/v1/records/"+root, nil, ev.write)
		if r.Status != 422 || r.code() != "delete_restricted" || r.field() != "pinned" {
			t.Fatalf("got %d %s", r.Status, r.Raw)
		}
		alive(t, map[string]bool{root: true, sub: true, d1: true, d2: true, d3: true})
		if edgeCount(t, root, d1, "children") != 1 {
			t.Fatal("a refused delete removed edges")
		}
	})
	t.Run("cascade removes the linked records, unlink only the links", func(t *testing.T) {
		ev.do("PUT", "/api/v1/records/"+sub+"/relations", map[string]any{"targetIds": d3, "typeOrTypes": "pinned"}, ev.write)
		if r := ev.do("DELETE", "/api/v1/records/"+root, nil, ev.write); r.Status != 200 {
			t.Fatalf("delete: %d %s", r.Status, r.Raw)
		}
		alive(t, map[string]bool{root: false, sub: false, d1: false, d2: false, d3: true})
		if rows := query(t, "MATCH (:Record {__id: $id})-[e]-() RETURN count(e) AS n", map[string]any{"id": d3}); rows[0]["n"] != int64(0) {
			t.Fatal("d3 kept an edge to a deleted record")
		}
	})
	for _, dryRun := range []string{"maybe", "", "true&dryRun=false"} {
		if r := ev.do("DELETE", "/api/v1/records/"+d3+"?dryRun="+dryRun, nil, ev.write); r.Status != 400 {
			t.Errorf("dryRun=%s: %d, want 400, and d3 kept", dryRun, r.Status)
		}
	}
}

func TestDeleteByQueryFollowsOnDelete(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.declare("docs", map[string]any{})
	ev.declare("folders", map[string]any{"properties": map[string]any{
		"children": map[string]any{"type": "array", "x-type-schema": rel, "onDelete": "cascade"},
		"pinned":   map[string]any{"type": "array", "x-type-schema": rel, "onDelete": "restrict"},
	}})
	a := ev.create("folders", map[string]any{"name": "a"})
	b := ev.create("folders", map[string]any{"name": "b"})
	d1, d2 := ev.create("docs", nil), ev.create("docs", nil)
	ev.attach(a, "children", d1)
	ev.attach(b, "pinned", d2)
	r := ev.do("PUT", "/api/v1/records/delete", map[string]any{"labels": []string{"folders"}, "where": map[string]any{"name": map[string]any{"$in": []string{"a", "b"}}}}, ev.write)
	if r.Status != 422 || r.code() != "delete_restricted" {
		t.Fatalf("a restricted match must refuse the whole delete: %d %s", r.Status, r.Raw)
	}
	if n := ev.count(); n != 4 {
		t.Fatalf("a refused delete removed records: %d left", n)
	}
	r = ev.do("PUT", "/api/v1/records/delete", map[string]any{"labels": []string{"folders"}, "where": map[string]any{"name": "a"}}, ev.write)
	if r.Status != 200 {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	if rows := query(t, "MATCH (r:Record) WHERE r.__id IN [$a, $d1] RETURN count(r) AS n", map[string]any{"a": a, "d1": d1}); rows[0]["n"] != int64(0) {
		t.Fatal("the cascade did not take the child")
	}
	if n := ev.count(); n != 2 {
		t.Fatalf("%d records left, want b and d2", n)
	}
}

// hammer sends n requests at once, the i-th built by req, and returns the
// statuses.
func hammer(t *testing.T, ev *env, n int, req func(i int) (method, path string, body any)) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			method, path, body := req(i)
			r := send(t, ev.e, method, path, body, ev.write)
			mu.Lock()
			if r.Status >= 500 && statuses[r.Status] == 0 {
				t.Logf("first %d: %s", r.Status, r.Raw)
			}
			statuses[r.Status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return statuses
}

const writers = 64

// warmUp runs one write of each kind the concurrency tests hammer, on
// records of its own. On a cold database Neo4j compiles each new statement
// once per caller that finds it uncached; 64 callers compiling at once on
// a small machine pass the request timeout, which is not what these tests
// are about.
func warmUp(ev *env) {
	ev.t.Helper()
	c1, c2 := ev.create("companies", map[string]any{"name": "W1"}), ev.create("companies", map[string]any{"name": "W2"})
	w := ev.create("employees", nil)
	ev.attach(c1, "employees", w)
	ev.attach(w, "employer", c2)
	ev.attach(c1, "parent", c2)
	ev.attach(c1, "parent", c1)
}

func TestConcurrentWritersKeepMaxItems(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 5)
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	staff := make([]string, writers)
	for i := range staff {
		staff[i] = ev.create("employees", nil)
	}
	// Past 50 relationships Neo4j stops locking a node for every edge it
	// gains; only relgraph's own lock then keeps the count.
	dense := make([]string, 60)
	for i := range dense {
		dense[i] = ev.create("contacts", nil)
	}
	ev.attach(acme, "related", dense...)
	warmUp(ev)
	statuses := hammer(t, ev, writers, func(i int) (string, string, any) {
		return "POST", "/api/v1/records/" + acme + "/relations", map[string]any{"targetIds": staff[i], "type": "employees"}
	})
	if statuses[201] != 5 || statuses[422] != writers-5 {
		t.Fatalf("statuses %v, want 5×201 and %d×422", statuses, writers-5)
	}
	if got := links(t, acme, "employees", false); len(got) != 5 {
		t.Fatalf("%d employees stored, want exactly 5", len(got))
	}
}

func TestConcurrentWritersKeepASingleLink(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 5)
	acme := ev.create("companies", map[string]any{"name": "Acme"})
	parents := make([]string, writers)
	for i := range parents {
		parents[i] = ev.create("companies", map[string]any{"name": fmt.Sprint("P", i)})
	}
	warmUp(ev)
	statuses := hammer(t, ev, writers, func(i int) (string, string, any) {
		return "POST", "/api/v1/records/" + acme + "/relations", map[string]any{"targetIds": parents[i], "type": "parent"}
	})
	if statuses[201] != writers {
		t.Fatalf("statuses %v, want every attach to succeed (each replaces the last)", statuses)
	}
	if got := links(t, acme, "parent", false); len(got) != 1 {
		t.Fatalf("%d parents stored, want exactly 1", len(got))
	}
}

func TestConcurrentWritersKeepASingleInverse(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 100)
	e1 := ev.create("employees", nil)
	firms := make([]string, writers)
	for i := range firms {
		firms[i] = ev.create("companies", map[string]any{"name": fmt.Sprint("C", i)})
	}
	warmUp(ev)
	statuses := hammer(t, ev, writers, func(i int) (string, string, any) {
		if i%2 == 0 {
			return "POST", "/api/v1/records/" + firms[i] + "/relations", map[string]any{"targetIds": e1, "type": "employees"}
		}
		return "POST", "/api/v1/records/" + e1 + "/relations", map[string]any{"targetIds": firms[i], "type": "employer"}
	})
	if statuses[201] != writers {
		t.Fatalf("statuses %v, want every attach to succeed (each moves the employee)", statuses)
	}
	if got := links(t, e1, "employees", true); len(got) != 1 {
		t.Fatalf("e1 has %d employers, want exactly 1", len(got))
	}
	if r := ev.do("GET", "/api/v1/records/"+e1+"/relations", nil, ev.read); r.Status != http.StatusOK || r.Body["total"] != 1.0 {
		t.Fatalf("relations of e1: %s", r.Raw)
	}
}

func TestMirroredPropertyViewListsItsPairsEdges(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	world(ev, 10)
	acme, e1, e2 := ev.create("companies", map[string]any{"name": "Acme"}), ev.create("employees", nil), ev.create("employees", nil)
	ev.attach(acme, "employees", e1, e2)
	r := ev.do("GET", "/api/v1/records/"+e1+"/relations?property=employer", nil, ev.read)
	if r.Status != 200 || r.Body["total"] != 1.0 || r.list()[0]["sourceId"] != acme || r.list()[0]["direction"] != "in" {
		t.Fatalf("employer of e1: %s", r.Raw)
	}
	if r := ev.do("GET", "/api/v1/records/"+acme+"/relations?property=employees", nil, ev.read); r.Body["total"] != 2.0 {
		t.Fatalf("employees of acme: %s", r.Raw)
	}
}
