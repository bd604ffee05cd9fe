package handlers_test

import "testing"

// RushDB's key-join link routes, /relationships/create-many and
// delete-many (run through runBulk, in import_rushdb_test.go).

func TestRelationshipsManyByKey(t *testing.T) {
	t.Parallel()
	type obj = map[string]any
	seed := func(ev *env) {
		for _, c := range []string{"c1", "c2", "c3"} {
			ev.create("customers", obj{"name": "cust " + c, "code": c})
		}
		ev.create("orders", obj{"name": "o1", "customer": "c1"})
		ev.create("orders", obj{"name": "o2", "customer": "c1"})
		ev.create("orders", obj{"name": "o3", "customer": "c2"})
		ev.create("orders", obj{"name": "o4"})
	}
	state := []string{"customers map[code:c1 name:cust c1]", "customers map[code:c2 name:cust c2]", "customers map[code:c3 name:cust c3]",
		"orders map[customer:c1 name:o1]", "orders map[customer:c1 name:o2]", "orders map[customer:c2 name:o3]", "orders map[name:o4]"}
	join := func(extra obj) func(*env) any {
		return func(*env) any {
			b := obj{"source": obj{"label": "orders", "key": "customer"}, "target": obj{"label": "customers", "key": "code"}}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
	}
	linked := []string{"orders.o1 -placedBy-> customers.cust c1", "orders.o2 -placedBy-> customers.cust c1", "orders.o3 -placedBy-> customers.cust c2"}
	linkFirst := func(ev *env) {
		seed(ev)
		if r := ev.do("POST", "/api/v1/relationships/create-many", join(obj{"type": "placedBy"})(ev), ev.write); r.Status != 201 {
			ev.t.Fatalf("create-many: %d %s", r.Status, r.Raw)
		}
	}
	count := func(n float64) func(*env, response) {
		return func(_ *env, r response) {
			if r.data()["count"] != n {
				t.Errorf("count = %v, want %v: %s", r.data()["count"], n, r.Raw)
			}
		}
	}
	runBulk(t, []bulkCase{
		{name: "create-many links each source to the targets of equal key", seed: seed, path: "/relationships/create-many",
			body: join(obj{"type": "placedBy", "direction": "out", "manyToMany": false}), wantStatus: 201, state: state, edges: linked, check: count(3)},
		{name: "create-many again keeps one edge per pair", seed: linkFirst, path: "/relationships/create-many",
			body: join(obj{"type": "placedBy"}), wantStatus: 201, state: state, edges: linked, check: count(3)},
		{name: "direction in stores target → source", seed: seed, path: "/relationships/create-many",
			body: join(obj{"type": "orders", "direction": "in"}), wantStatus: 201, state: state,
			edges: []string{"customers.cust c1 -orders-> orders.o1", "customers.cust c1 -orders-> orders.o2", "customers.cust c2 -orders-> orders.o3"}},
		{name: "without type the edges are links", seed: seed, path: "/relationships/create-many",
			body: join(nil), wantStatus: 201, state: state,
			edges: []string{"orders.o1 -links-> customers.cust c1", "orders.o2 -links-> customers.cust c1", "orders.o3 -links-> customers.cust c2"}},
		{name: "delete-many removes the edges of the pairs", seed: linkFirst, path: "/relationships/delete-many",
			body: join(obj{"type": "placedBy"}), wantStatus: 200, state: state, check: count(3)},
		{name: "delete-many of another type removes nothing", seed: linkFirst, path: "/relationships/delete-many",
			body: join(obj{"type": "other"}), wantStatus: 200, state: state, edges: linked, check: count(0)},
		{name: "delete-many without type removes every property's edges", seed: linkFirst, path: "/relationships/delete-many",
			body: join(nil), wantStatus: 200, state: state, check: count(3)},
		{name: "create-many merges a properties bag into each edge", seed: linkFirst, path: "/relationships/create-many",
			body: join(obj{"type": "placedBy", "properties": obj{"since": 2020, "channel": "web"}}), wantStatus: 201, state: state, edges: linked,
			check: func(ev *env, r response) {
				rows := query(t, `MATCH (:Record {__project: $p})-[e:LINK {property: 'placedBy'}]->() RETURN e.p_since AS since, e.p_channel AS channel`,
					map[string]any{"p": ev.project.ID})
				for _, row := range rows {
					if row["since"] != int64(2020) || row["channel"] != "web" {
						t.Errorf("edge bag %v, want since 2020 and channel web", row)
					}
				}
			}},
		{name: "a bad bag value is refused", seed: seed, path: "/relationships/create-many",
			body: join(obj{"properties": obj{"at": obj{"x": 1}}}), wantStatus: 400, wantCode: "invalid_value", wantField: "/properties/at", state: state},
		{name: "delete-many refuses a properties bag", seed: linkFirst, path: "/relationships/delete-many",
			body: join(obj{"type": "placedBy", "properties": obj{"since": 2020}}), wantStatus: 400, wantCode: "unsupported_field", wantField: "/properties", state: state, edges: linked},
		{name: "source.where keeps only the matching sources", seed: seed, path: "/relationships/create-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "key": "customer", "where": obj{"name": obj{"$in": []string{"o1", "o3"}}}},
					"target": obj{"label": "customers", "key": "code", "where": obj{"code": "c1"}}, "type": "placedBy"}
			},
			wantStatus: 201, state: state, edges: []string{"orders.o1 -placedBy-> customers.cust c1"}, check: count(1)},
		{name: "manyToMany links every match of source.where to every match of target.where", seed: seed, path: "/relationships/create-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "where": obj{"name": obj{"$in": []string{"o1", "o4"}}}},
					"target": obj{"label": "customers", "where": obj{"code": obj{"$in": []string{"c2", "c3"}}}}, "type": "seenBy", "manyToMany": true}
			},
			wantStatus: 201, state: state, check: count(4),
			edges: []string{"orders.o1 -seenBy-> customers.cust c2", "orders.o1 -seenBy-> customers.cust c3",
				"orders.o4 -seenBy-> customers.cust c2", "orders.o4 -seenBy-> customers.cust c3"}},
		{name: "delete-many with source.where removes only the matching sources' edges", seed: linkFirst, path: "/relationships/delete-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "key": "customer", "where": obj{"name": "o2"}},
					"target": obj{"label": "customers", "key": "code"}, "type": "placedBy"}
			},
			wantStatus: 200, state: state, check: count(1),
			edges: []string{"orders.o1 -placedBy-> customers.cust c1", "orders.o3 -placedBy-> customers.cust c2"}},
		{name: "manyToMany needs a where on both ends", seed: seed, path: "/relationships/create-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "where": obj{"name": "o1"}}, "target": obj{"label": "customers"}, "manyToMany": true}
			},
			wantStatus: 400, wantCode: "invalid_field", wantField: "/target/where", state: state},
		{name: "manyToMany takes no key", seed: seed, path: "/relationships/create-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "key": "customer", "where": obj{"name": "o1"}},
					"target": obj{"label": "customers", "where": obj{"code": "c1"}}, "manyToMany": true}
			},
			wantStatus: 400, wantCode: "invalid_field", wantField: "/source/key", state: state},
		{name: "a where on the edges is refused by name, not ignored", seed: seed, path: "/relationships/create-many",
			body: join(obj{"where": obj{"since": 2020}}), wantStatus: 400, wantCode: "unsupported_field", wantField: "/where", state: state},
		{name: "an unknown field of an end is named", seed: seed, path: "/relationships/create-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "key": "customer", "field": "x"}, "target": obj{"label": "customers", "key": "code"}}
			},
			wantStatus: 400, wantCode: "unknown_field", wantField: "/source/field", state: state},
		{name: "a missing key is refused", seed: seed, path: "/relationships/create-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders"}, "target": obj{"label": "customers", "key": "code"}}
			},
			wantStatus: 400, wantCode: "invalid_property", wantField: "/source/key", state: state},
		{name: "a reserved key is refused", seed: seed, path: "/relationships/delete-many",
			body: func(*env) any {
				return obj{"source": obj{"label": "orders", "key": "__id"}, "target": obj{"label": "customers", "key": "code"}}
			},
			wantStatus: 400, wantCode: "reserved_property", wantField: "/source/key", state: state},
	})
}

// TestRelationshipsManyDeclared checks that create-many obeys the rules of
// declared types, as attach does.
func TestRelationshipsManyDeclared(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for _, typ := range []struct{ id, def string }{
		{"customers", `{"properties": {"code": {"type": "string"}}}`},
		{"orders", `{"properties": {"customer": {"type": "string"},
			"placedBy": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["customers"]}}}`},
	} {
		if r := ev.do("PUT", "/api/v1/types/"+typ.id, typ.def, ev.admin); r.Status/100 != 2 {
			t.Fatalf("declare %s: %d %s", typ.id, r.Status, r.Raw)
		}
	}
	ev.create("customers", map[string]any{"code": "c1"})
	ev.create("customers", map[string]any{"code": "c1"})
	ev.create("orders", map[string]any{"customer": "c1"})
	body := func(typ string) map[string]any {
		return map[string]any{"source": map[string]any{"label": "orders", "key": "customer"},
			"target": map[string]any{"label": "customers", "key": "code"}, "type": typ}
	}
	if r := ev.do("POST", "/api/v1/relationships/create-many", body("undeclared"), ev.write); r.Status != 422 || r.code() != "undeclared_relation" {
		t.Errorf("an undeclared relation: got %d %q, want 422 undeclared_relation: %s", r.Status, r.code(), r.Raw)
	}
	if r := ev.do("POST", "/api/v1/relationships/create-many", body("placedBy"), ev.write); r.Status != 422 || r.code() != "single_value" {
		t.Errorf("two targets for a single relation: got %d %q, want 422 single_value: %s", r.Status, r.code(), r.Raw)
	}
	if got := importedEdges(t, ev.project.ID); len(got) != 0 {
		t.Errorf("refused links were written: %q", got)
	}
	// An open source linking to a declared target that mirrors nothing:
	// no rule governs the edges, which the one statement writes.
	ev.create("notes", map[string]any{"name": "n1", "about": "c1"})
	open := map[string]any{"source": map[string]any{"label": "notes", "key": "about"},
		"target": map[string]any{"label": "customers", "key": "code"}, "type": "about"}
	if r := ev.do("POST", "/api/v1/relationships/create-many", open, ev.write); r.Status != 201 || r.data()["count"] != 2.0 {
		t.Errorf("open source to declared target: got %d %s, want 201 and count 2", r.Status, r.Raw)
	}
}
