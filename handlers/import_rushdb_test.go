package handlers_test

import "testing"

// The RushDB forms of the imports: bodies with data, the container form
// and JSON lines; CSV imports; upserts (options.mergeBy and mergeStrategy)
// on POST /records and on imports.

func TestImportRushDBBodies(t *testing.T) {
	t.Parallel()
	type obj = map[string]any
	type arr = []any
	body := func(b any) func(*env) any { return func(*env) any { return b } }
	runBulk(t, []bulkCase{
		{name: "data is taken beside payload (createMany, create_many, import_json)", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": arr{obj{"name": "Ann", "age": 30}, obj{"name": "Bo"}}, "options": obj{"returnResult": true, "suggestTypes": true}}),
			wantStatus: 201, wantTotal: 2, state: []string{"people map[age:30 name:Ann]", "people map[name:Bo]"}},
		{name: "nested data makes children, as payload does", path: "/records/import/json",
			body:       body(obj{"label": "companies", "data": obj{"name": "Acme", "staff": arr{obj{"name": "Ann"}}}}),
			wantStatus: 201, wantTotal: 2, state: []string{"companies map[name:Acme]", "staff map[name:Ann]"},
			edges: []string{"companies.Acme -staff-> staff.Ann"}},
		{name: "the container form {LABEL: [...]} names the label", path: "/records/import/json",
			body:       body(obj{"data": obj{"BOOK": arr{obj{"title": "Dune"}, obj{"title": "Emma"}}}}),
			wantStatus: 201, wantTotal: 2, state: []string{"BOOK map[title:Dune]", "BOOK map[title:Emma]"}},
		{name: "format jsonl reads one object per line", path: "/records/import/json",
			body:       body(obj{"label": "people", "format": "jsonl", "data": "{\"name\": \"Ann\"}\n\n{\"name\": \"Bo\", \"age\": 3}\n"}),
			wantStatus: 201, wantTotal: 2, state: []string{"people map[age:3 name:Bo]", "people map[name:Ann]"}},
		{name: "format ndjson is jsonl", path: "/records/import/json",
			body:       body(obj{"label": "people", "format": "ndjson", "data": "{\"name\": \"Ann\"}"}),
			wantStatus: 201, wantTotal: 1, state: []string{"people map[name:Ann]"}},
		{name: "skipEmptyValues drops empty strings and lists", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": arr{obj{"name": "Ann", "nick": "", "tags": arr{}, "n": 0}}, "options": obj{"skipEmptyValues": true}}),
			wantStatus: 201, wantTotal: 1, state: []string{"people map[n:0 name:Ann]"}},
		{name: "an unknown top-level field is named, and nothing is written", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": arr{obj{"name": "Ann"}}, "vectors": arr{}}),
			wantStatus: 400, wantCode: "unknown_field", wantField: "/vectors"},
		{name: "an unknown option is named", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": arr{obj{"name": "Ann"}}, "options": obj{"fast": true}}),
			wantStatus: 400, wantCode: "unknown_option", wantField: "/options/fast"},
		{name: "relationshipType tags the edges to children", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": obj{"name": "Ann", "pets": arr{obj{"name": "Rex"}}, "home": obj{"name": "Flat"}}, "options": obj{"relationshipType": "OWNS"}}),
			wantStatus: 201, wantTotal: 3, state: []string{"home map[name:Flat]", "people map[name:Ann]", "pets map[name:Rex]"},
			edges: []string{"people.Ann -OWNS-> home.Flat", "people.Ann -OWNS-> pets.Rex"}},
		{name: "a bad relationshipType is refused", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": obj{"name": "Ann"}, "options": obj{"relationshipType": "two words"}}),
			wantStatus: 400, wantCode: "invalid_relation", wantField: "/options/relationshipType"},
		{name: "POST /records refuses relationshipType: a record has no children", path: "/records",
			body:       body(obj{"label": "people", "data": obj{"name": "Ann"}, "options": obj{"relationshipType": "OWNS"}}),
			wantStatus: 400, wantCode: "unsupported_option", wantField: "/options/relationshipType"},
		{name: "data and payload together are refused", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": arr{}, "payload": arr{}}),
			wantStatus: 400, wantCode: "conflicting_fields"},
		{name: "a bad value in data is refused with its pointer", path: "/records/import/json",
			body:       body(obj{"label": "people", "data": arr{obj{"name": "A"}, obj{"__id": "x"}}}),
			wantStatus: 400, wantCode: "reserved_property", wantField: "/data/1/__id"},
		{name: "a container of two keys names no label", path: "/records/import/json",
			body:       body(obj{"data": obj{"A": arr{}, "B": arr{}}}),
			wantStatus: 400, wantCode: "invalid_type", wantField: "/label"},
		{name: "a bad JSON line is refused by line", path: "/records/import/json",
			body:       body(obj{"label": "people", "format": "jsonl", "data": "{\"name\": \"Ann\"}\n{nope"}),
			wantStatus: 400, wantCode: "invalid_json", wantField: "/data/1"},
		{name: "an unknown format is refused", path: "/records/import/json",
			body:       body(obj{"label": "people", "format": "xml", "data": "<a/>"}),
			wantStatus: 400, wantCode: "invalid_format", wantField: "/format"},
	})
}

func TestImportCSV(t *testing.T) {
	t.Parallel()
	type obj = map[string]any
	csv := func(data string, extra obj) func(*env) any {
		return func(*env) any {
			b := obj{"label": "people", "data": data, "options": obj{"returnResult": true, "suggestTypes": true}}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
	}
	runBulk(t, []bulkCase{
		{name: "each row after the header is a record, numbers and booleans typed", path: "/records/import/csv",
			body:       csv("name,age,vip,note\nAnn,30,true,\"a, b\"\nBo,4.5,false,\n", nil),
			wantStatus: 201, wantTotal: 2,
			state: []string{"people map[age:30 name:Ann note:a, b vip:true]", "people map[age:4.5 name:Bo note: vip:false]"},
			check: func(ev *env, r response) {
				if got := r.list(); len(got) != 2 || got[0]["age"] != 30.0 || got[0]["__proptypes"].(map[string]any)["vip"] != "boolean" {
					t.Errorf("returned records: %s", r.Raw)
				}
			}},
		{name: "suggestTypes false keeps every cell a string", path: "/records/import/csv",
			body:       csv("name,age\nAnn,30\n", obj{"options": obj{"suggestTypes": false}}),
			wantStatus: 201, wantTotal: 1, state: []string{"people map[age:30 name:Ann]"},
			check: func(ev *env, r response) {
				if r.list()[0]["age"] != "30" {
					t.Errorf("age: %s", r.Raw)
				}
			}},
		{name: "parseConfig delimiter and dynamicTyping are honoured", path: "/records/import/csv",
			body:       csv("name;zip\nAnn;0123\n", obj{"parseConfig": obj{"delimiter": ";", "header": true, "dynamicTyping": false, "skipEmptyLines": true}}),
			wantStatus: 201, wantTotal: 1, state: []string{"people map[name:Ann zip:0123]"}},
		{name: "skipEmptyValues drops empty cells", path: "/records/import/csv",
			body:       csv("name,nick\nAnn,\n", obj{"options": obj{"skipEmptyValues": true}}),
			wantStatus: 201, wantTotal: 1, state: []string{"people map[name:Ann]"}},
		{name: "a __ header is refused, and nothing is written", path: "/records/import/csv",
			body:       csv("name,__id\nAnn,x\n", nil),
			wantStatus: 400, wantCode: "reserved_property", wantField: "/data/header/1"},
		{name: "an empty header is refused", path: "/records/import/csv",
			body:       csv("name,\nAnn,x\n", nil),
			wantStatus: 400, wantCode: "invalid_property", wantField: "/data/header/1"},
		{name: "a header named twice is refused", path: "/records/import/csv",
			body:       csv("name,name\nAnn,x\n", nil),
			wantStatus: 400, wantCode: "duplicate_property", wantField: "/data/header/1"},
		{name: "a row of the wrong width is refused", path: "/records/import/csv",
			body:       csv("name,age\nAnn,30\nBo\n", nil),
			wantStatus: 400, wantCode: "invalid_csv", wantField: "/data"},
		{name: "header false is refused, not ignored", path: "/records/import/csv",
			body:       csv("Ann,30\n", obj{"parseConfig": obj{"header": false}}),
			wantStatus: 400, wantCode: "unsupported_option", wantField: "/parseConfig/header"},
		{name: "an unknown parseConfig key is named", path: "/records/import/csv",
			body:       csv("name\nAnn\n", obj{"parseConfig": obj{"comments": "#"}}),
			wantStatus: 400, wantCode: "unknown_option", wantField: "/parseConfig/comments"},
		{name: "an unknown field is named", path: "/records/import/csv",
			body:       csv("name\nAnn\n", obj{"vectors": []any{}}),
			wantStatus: 400, wantCode: "unknown_field", wantField: "/vectors"},
		{name: "a CSV import upserts with mergeBy", path: "/records/import/csv",
			seed:       func(ev *env) { ev.create("people", map[string]any{"name": "Ann", "age": 1, "city": "Oslo"}) },
			body:       csv("name,age\nAnn,31\nBo,5\n", obj{"options": obj{"mergeBy": []string{"name"}}}),
			wantStatus: 201, wantTotal: 2, state: []string{"people map[age:31 city:Oslo name:Ann]", "people map[age:5 name:Bo]"}},
	})
}

func TestUpsert(t *testing.T) {
	t.Parallel()
	type obj = map[string]any
	type arr = []any
	seedAnn := func(ev *env) { ev.create("people", obj{"name": "Ann", "age": 30, "city": "Oslo"}) }
	upsert := func(data obj, opts obj) func(*env) any {
		return func(*env) any { return obj{"label": "people", "data": data, "options": opts} }
	}
	declare := func(ev *env) {
		def := `{"properties": {"ref": {"type": "string"}, "amount": {"type": "number"},
			"customer": {"x-type-schema": {"input": "relation"}, "allowedTypeIds": ["people"]}}, "required": ["ref"]}`
		if r := ev.do("PUT", "/api/v1/types/people", `{"properties": {"name": {"type": "string"}}}`, ev.admin); r.Status/100 != 2 {
			ev.t.Fatalf("declare: %d %s", r.Status, r.Raw)
		}
		if r := ev.do("PUT", "/api/v1/types/INVOICE", def, ev.admin); r.Status/100 != 2 {
			ev.t.Fatalf("declare: %d %s", r.Status, r.Raw)
		}
		ev.create("INVOICE", obj{"ref": "A1", "amount": 5})
	}
	invoice := func(data obj, opts obj) func(*env) any {
		return func(*env) any { return obj{"label": "INVOICE", "data": data, "options": opts} }
	}
	runBulk(t, []bulkCase{
		{name: "no record with the keys: the upsert creates one (201)", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Bo", "age": 5}, obj{"mergeBy": arr{"name"}}),
			wantStatus: 201, state: []string{"people map[age:30 city:Oslo name:Ann]", "people map[age:5 name:Bo]"}},
		{name: "append sets the given properties and keeps the others (200)", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann", "age": 31, "nick": "A"}, obj{"mergeBy": arr{"name"}, "mergeStrategy": "append"}),
			wantStatus: 200, state: []string{"people map[age:31 city:Oslo name:Ann nick:A]"}},
		{name: "append is the default strategy", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann", "age": 31}, obj{"mergeBy": arr{"name"}}),
			wantStatus: 200, state: []string{"people map[age:31 city:Oslo name:Ann]"}},
		{name: "rewrite replaces all the properties", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann", "age": 31}, obj{"mergeBy": arr{"name"}, "mergeStrategy": "rewrite"}),
			wantStatus: 200, state: []string{"people map[age:31 name:Ann]"}},
		{name: "an empty mergeBy matches on every given property", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann", "age": 30}, obj{"mergeBy": arr{}, "mergeStrategy": "rewrite"}),
			wantStatus: 200, state: []string{"people map[age:30 name:Ann]"}},
		{name: "an empty mergeBy with another value creates", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann", "age": 31}, obj{"mergeBy": arr{}}),
			wantStatus: 201, state: []string{"people map[age:30 city:Oslo name:Ann]", "people map[age:31 name:Ann]"}},
		{name: "mergeStrategy alone merges by every given property", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann"}, obj{"mergeStrategy": "append"}),
			wantStatus: 200, state: []string{"people map[age:30 city:Oslo name:Ann]"}},
		{name: "records of another type are not matched", seed: seedAnn, path: "/records",
			body: func(*env) any {
				return obj{"label": "staff", "data": obj{"name": "Ann"}, "options": obj{"mergeBy": arr{"name"}}}
			},
			wantStatus: 201, state: []string{"people map[age:30 city:Oslo name:Ann]", "staff map[name:Ann]"}},
		{name: "records of another project are not matched", path: "/records",
			seed:       func(ev *env) { newEnv(ev.t).create("people", obj{"name": "Ann"}) },
			body:       upsert(obj{"name": "Ann", "age": 1}, obj{"mergeBy": arr{"name"}}),
			wantStatus: 201, state: []string{"people map[age:1 name:Ann]"}},
		{name: "a merge key the data lacks is refused", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": "Ann"}, obj{"mergeBy": arr{"email"}}),
			wantStatus: 400, wantCode: "invalid_merge_key", state: []string{"people map[age:30 city:Oslo name:Ann]"}},
		{name: "a null merge key is refused", seed: seedAnn, path: "/records",
			body:       upsert(obj{"name": nil}, obj{"mergeBy": arr{"name"}}),
			wantStatus: 400, wantCode: "invalid_merge_key", state: []string{"people map[age:30 city:Oslo name:Ann]"}},
		{name: "a reserved merge key is refused", path: "/records",
			body:       upsert(obj{"name": "Ann"}, obj{"mergeBy": arr{"__id"}}),
			wantStatus: 400, wantCode: "reserved_property", wantField: "/options/mergeBy/0"},
		{name: "several records with the keys are a conflict", path: "/records",
			seed:       func(ev *env) { ev.create("people", obj{"name": "Ann"}); ev.create("people", obj{"name": "Ann"}) },
			body:       upsert(obj{"name": "Ann", "age": 1}, obj{"mergeBy": arr{"name"}}),
			wantStatus: 409, wantCode: "conflict", state: []string{"people map[name:Ann]", "people map[name:Ann]"}},
		{name: "a declared type checks an appended value", seed: declare, path: "/records",
			body:       invoice(obj{"ref": "A1", "amount": "lots"}, obj{"mergeBy": arr{"ref"}}),
			wantStatus: 422, wantCode: "value_type", state: []string{"INVOICE map[amount:5 ref:A1]"}},
		{name: "a declared type keeps its required properties on rewrite", seed: declare, path: "/records",
			body:       invoice(obj{"amount": 5}, obj{"mergeBy": arr{"amount"}, "mergeStrategy": "rewrite"}),
			wantStatus: 422, wantCode: "required", state: []string{"INVOICE map[amount:5 ref:A1]"}},
		{name: "a declared type's upsert updates through its rules", seed: declare, path: "/records",
			body:       invoice(obj{"ref": "A1", "amount": 7}, obj{"mergeBy": arr{"ref"}, "mergeStrategy": "rewrite"}),
			wantStatus: 200, state: []string{"INVOICE map[amount:7 ref:A1]"}},
		{name: "a relation property is no merge key", seed: declare, path: "/records",
			body: func(ev *env) any {
				ann := ev.create("people", obj{"name": "Ann"})
				return obj{"label": "INVOICE", "data": obj{"ref": "A1", "customer": ann}, "options": obj{"mergeBy": arr{"customer"}}}
			},
			wantStatus: 400, wantCode: "invalid_merge_key", state: []string{"INVOICE map[amount:5 ref:A1]", "people map[name:Ann]"}},
		{name: "an empty mergeBy leaves relation properties out of the keys, and links them", seed: declare, path: "/records",
			body: func(ev *env) any {
				ann := ev.create("people", obj{"name": "Ann"})
				return obj{"label": "INVOICE", "data": obj{"ref": "A1", "amount": 5, "customer": ann}, "options": obj{"mergeBy": arr{}}}
			},
			wantStatus: 200, state: []string{"INVOICE map[amount:5 ref:A1]", "people map[name:Ann]"}, ownEdges: true,
			check: func(ev *env, r response) {
				rows := query(t, `MATCH (:INVOICE {__project: $p, ref: 'A1'})-[e:LINK {property: 'customer'}]->(:people {name: 'Ann'}) RETURN count(e) AS n`,
					map[string]any{"p": ev.project.ID})
				if rows[0]["n"] != int64(1) {
					t.Errorf("%v customer links from A1 to Ann, want 1", rows[0]["n"])
				}
			}},
		{name: "PATCH refuses mergeBy", seed: seedAnn, method: "PATCH", path: "/records/01890a5d-ac96-774b-bcce-b302099a8057",
			body:       upsert(obj{"name": "Ann"}, obj{"mergeBy": arr{"name"}}),
			wantStatus: 400, wantCode: "unsupported_option", state: []string{"people map[age:30 city:Oslo name:Ann]"}},
		{name: "an import upserts each object in order", seed: seedAnn, path: "/records/import/json",
			body: func(*env) any {
				return obj{"label": "people", "options": obj{"mergeBy": arr{"name"}, "mergeStrategy": "append"},
					"data": arr{obj{"name": "Ann", "age": 31}, obj{"name": "Bo", "age": 1}, obj{"name": "Bo", "age": 2}}}
			},
			wantStatus: 201, wantTotal: 3, state: []string{"people map[age:2 name:Bo]", "people map[age:31 city:Oslo name:Ann]"}},
		{name: "an import rewrites with mergeStrategy rewrite", seed: seedAnn, path: "/records/import/json",
			body: func(*env) any {
				return obj{"label": "people", "options": obj{"mergeBy": arr{"name"}, "mergeStrategy": "rewrite"}, "data": arr{obj{"name": "Ann", "age": 31}}}
			},
			wantStatus: 201, wantTotal: 1, state: []string{"people map[age:31 name:Ann]"}},
		{name: "an upsert import refuses nested objects", seed: seedAnn, path: "/records/import/json",
			body: func(*env) any {
				return obj{"label": "people", "options": obj{"mergeBy": arr{"name"}}, "data": arr{obj{"name": "Ann", "pets": arr{obj{"name": "Rex"}}}}}
			},
			wantStatus: 400, wantCode: "nested_merge", wantField: "/data/0/pets", state: []string{"people map[age:30 city:Oslo name:Ann]"}},
		{name: "an upsert import is all or nothing", seed: declare, path: "/records/import/json",
			body: func(*env) any {
				return obj{"label": "INVOICE", "options": obj{"mergeBy": arr{"ref"}}, "data": arr{obj{"ref": "A1", "amount": 9}, obj{"ref": "B2", "amount": "x"}}}
			},
			wantStatus: 422, wantCode: "value_type", wantField: "/data/1/amount", state: []string{"INVOICE map[amount:5 ref:A1]"}},
	})
}
