package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// tenant is one project of the isolation test: its tokens and the ids and
// names only it holds.
type tenant struct {
	project, admin, tokenID, tx string
	person, company, member     string // records of the types both projects use
	secret, secret2             string // records of a type only this project declares
	secretType, shadowType      string // types only this project declares
	secretProp, secretRel       string // a scalar and a relation property of secretType
	propertyID                  string // the catalogue id of secretProp
}

// probe is one request of project A's into project B: the path parameters
// are filled from params (each a value of B, or of A where the probe says
// so), and the answer must have status want. Whatever the answer, it names
// nothing of B's that the request did not send, and B's graph is the same
// afterwards.
type probe struct {
	name   string
	params map[string]string
	query  string
	body   any
	token  string // "": project A's admin token
	header map[string]string
	want   int
	// mine is a marker of project A that the answer must hold: a list
	// route that shows A's data (and so would show B's, were it leaking).
	mine string
	// check, when set, says what is wrong with the answer ("" if nothing).
	check func(r response) string
}

// TestIsolationOfEveryOperation sends, with project A's tokens, a request to
// every operation of GET /openapi.json: each route that takes an id is
// given project B's ids and must answer as if they did not exist (404, or
// the status the route documents); each route that takes none answers with
// A's data only. No answer names anything of B's it was not sent, and B's
// records, edges, properties, types, tokens and transactions are the same
// afterwards. An operation of the document without probes fails the test,
// so a new route cannot be left out.
func TestIsolationOfEveryOperation(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := seedTenant(ev, ev.project.ID, "A", ev.admin)
	other := graphtest.Project(t)
	bAdmin := ev.token(other.ID, graph.RoleAdmin)
	b := seedTenant(ev, other.ID, "B", bAdmin)
	// B's transaction is looked at right after each probe of it: it
	// expires by itself after its ttl.
	bTxOpen := func(response) string {
		if r := send(t, ev.e, "GET", "/api/v1/tx/"+b.tx, nil, b.admin); r.Status != http.StatusOK {
			return fmt.Sprintf("project B's transaction is gone: %d %s", r.Status, r.Raw)
		}
		return ""
	}
	probes := isolationProbes(a, b, bTxOpen)

	doc := openAPIDoc(t, ev.e)
	var operations []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			operations = append(operations, method+" "+path)
		}
	}
	slices.Sort(operations)
	for op := range probes {
		if !slices.Contains(operations, op) {
			t.Errorf("the isolation probes name %s, which /openapi.json does not describe: remove them", op)
		}
	}

	before := tenantState(t, b.project)
	markers := tenantMarkers(b)
	tested := 0
	for _, op := range operations {
		list, ok := probes[op]
		if !ok || len(list) == 0 {
			t.Errorf("%s has no isolation probe: add one to isolationProbes (project B's ids in its path parameters, a minimal valid body)", op)
			continue
		}
		tested++
		method, template, _ := strings.Cut(op, " ")
		for _, p := range list {
			t.Run(op+" "+p.name, func(t *testing.T) {
				sent := fillPath(t, template, p.params) + p.query
				token := p.token
				if token == "" {
					token = a.admin
				}
				r := sendWith(t, ev, method, sent, p.body, token, p.header)
				if r.Status != p.want {
					t.Fatalf("%s %s: got %d, want %d: %.300s", method, sent, r.Status, p.want, r.Raw)
				}
				request := sent + fmt.Sprint(p.header) + string(mustJSON(t, p.body))
				for _, m := range markers {
					if !strings.Contains(request, m) && strings.Contains(r.Raw, m) {
						t.Fatalf("%s %s answers with %q of project B: %.300s", method, sent, m, r.Raw)
					}
				}
				if p.mine != "" && !strings.Contains(r.Raw, p.mine) {
					t.Fatalf("%s %s does not show project A's %q: %.300s", method, sent, p.mine, r.Raw)
				}
				if p.check != nil {
					if msg := p.check(r); msg != "" {
						t.Fatalf("%s %s: %s: %.300s", method, sent, msg, r.Raw)
					}
				}
			})
		}
	}
	t.Logf("isolation: %d of the %d operations of /openapi.json probed", tested, len(operations))
	if tested != len(operations) {
		t.Fatalf("%d operations probed, /openapi.json describes %d", tested, len(operations))
	}

	after := tenantState(t, b.project)
	if after.String() != before.String() {
		t.Fatalf("project B changed:\nbefore %s\nafter  %s", before, after)
	}
	t.Logf("project B before and after: %d records, %d edges, %d properties, %d types, %d tokens",
		after.Records, after.Edges, after.Properties, after.Types, after.Tokens)
	if r := send(t, ev.e, "GET", "/api/v1/records/"+b.secret, nil, b.admin); r.Status != http.StatusOK {
		t.Errorf("project B's token after the probes: %d %s", r.Status, r.Raw)
	}
	send(t, ev.e, "POST", "/api/v1/tx/"+b.tx+"/rollback", nil, b.admin)
}

// isolationProbes are the requests of project A into project B, by
// operation ("METHOD /path" as /openapi.json writes it); bTxOpen says
// whether B's transaction is still open.
func isolationProbes(a, b tenant, bTxOpen func(response) string) map[string][]probe {
	rec := map[string]string{"id": b.secret}
	motto := map[string]string{"id": graph.PropertyKey{Type: "people", Name: "motto", ValueType: "string"}.ID()}
	nickname := map[string]string{"id": graph.PropertyKey{Type: "people", Name: "nickname", ValueType: "string"}.ID()}
	write := map[string]any{"properties": map[string]any{"name": "X"}}
	search := map[string]any{"labels": []string{"people"}}
	byB := map[string]any{"where": map[string]any{b.secretProp: "bmarker-" + b.secret}}
	relate := func(id string) map[string]any { return map[string]any{"targetIds": []string{id}, "type": "knows"} }
	unrelate := func(id string) map[string]any {
		return map[string]any{"targetIds": []string{id}, "typeOrTypes": "knows"}
	}
	keyLink := map[string]any{"source": map[string]any{"label": "people", "key": "name"},
		"target": map[string]any{"label": "companies", "key": "name"}, "type": "namesake"}
	adminOnly := func(params map[string]string, body any) []probe {
		return []probe{{name: "a project token is no admin key", params: params, body: body, want: http.StatusForbidden}}
	}
	public := []probe{{name: "public, names no project", want: http.StatusOK}}
	return map[string][]probe{
		"GET /healthz":                      public,
		"GET /readyz":                       public,
		"GET /metrics":                      public,
		"GET /openapi.json":                 public,
		"GET /explorer":                     public,
		"GET /explorer/":                    public,
		"GET /explorer/{file}":              {{name: "a file of the page", params: map[string]string{"file": "explorer.js"}, want: http.StatusOK}},
		"GET /api/v1/sdk/settings":          public,
		"POST /api/v1/projects":             adminOnly(nil, map[string]any{"name": "x"}),
		"GET /api/v1/projects":              adminOnly(nil, nil),
		"DELETE /api/v1/projects/{id}":      adminOnly(map[string]string{"id": b.project}, nil),
		"POST /api/v1/projects/{id}/tokens": adminOnly(map[string]string{"id": b.project}, map[string]any{"role": "admin"}),
		"DELETE /api/v1/projects/{id}/tokens/{tokenId}": {
			{name: "a project token is no admin key", params: map[string]string{"id": b.project, "tokenId": b.tokenID}, want: http.StatusForbidden},
			{name: "B's token is no token of A", params: map[string]string{"id": a.project, "tokenId": b.tokenID}, token: adminKey, want: http.StatusNotFound},
		},
		"POST /api/v1/cypher": adminOnly(nil, map[string]any{"query": "MATCH (r:Record) RETURN r.__id LIMIT 1"}),

		"GET /api/v1/records": {
			{name: "linked to B's record", query: "?type=people&linkedTo=" + b.secret + "&via=knows", want: http.StatusNotFound},
			{name: "A's records linked to A's", query: "?type=people&linkedTo=" + a.company + "&via=works", want: http.StatusOK, mine: a.person},
		},
		"POST /api/v1/records": {
			{name: "find B's records by id", body: map[string]any{"ids": []string{b.secret, b.person}}, want: http.StatusOK},
			{name: "find A's and B's records by id", body: map[string]any{"ids": []string{a.person, b.person}}, want: http.StatusOK, mine: a.person},
			{name: "create in A", body: map[string]any{"label": "people", "properties": map[string]any{"name": "Created"}}, want: http.StatusCreated},
		},
		"POST /api/v1/records/import/json": {{name: "import into A", body: map[string]any{"label": "people", "payload": map[string]any{"name": "Imported"}}, want: http.StatusCreated}},
		"POST /api/v1/records/import/csv":  {{name: "import into A", body: map[string]any{"label": "people", "data": "name\nFromCSV\n"}, want: http.StatusCreated}},
		"GET /api/v1/records/{id}": {
			{name: "B's record", params: rec, want: http.StatusNotFound},
			{name: "A's record in B's transaction", params: map[string]string{"id": a.person}, header: map[string]string{"x-transaction-id": b.tx}, want: http.StatusNotFound},
		},
		"PATCH /api/v1/records/{id}":          {{name: "B's record", params: rec, body: write, want: http.StatusNotFound}},
		"PUT /api/v1/records/{id}":            {{name: "B's record", params: rec, body: write, want: http.StatusNotFound}},
		"DELETE /api/v1/records/{id}":         {{name: "B's record", params: rec, want: http.StatusNotFound}, {name: "B's record, dry run", params: rec, query: "?dryRun=true", want: http.StatusNotFound}},
		"GET /api/v1/records/{id}/properties": {{name: "B's record", params: rec, want: http.StatusNotFound}},
		"GET /api/v1/records/{id}/backlinks": {
			{name: "B's record", params: map[string]string{"id": b.secret2}, want: http.StatusNotFound},
			{name: "A's record", params: map[string]string{"id": a.company}, want: http.StatusOK, mine: a.person},
		},
		"GET /api/v1/records/{id}/graph": {
			{name: "B's record", params: rec, want: http.StatusNotFound},
			{name: "A's record", params: map[string]string{"id": a.person}, query: "?depth=3", want: http.StatusOK, mine: a.secret2},
		},
		"POST /api/v1/records/{id}/search": {
			{name: "B's record", params: rec, body: map[string]any{}, want: http.StatusNotFound},
			{name: "A's record", params: map[string]string{"id": a.person}, body: map[string]any{}, want: http.StatusOK, mine: a.company},
		},
		"GET /api/v1/records/{id}/relations":     {{name: "B's record", params: rec, want: http.StatusNotFound}, {name: "B's record, one property", params: rec, query: "?property=" + b.secretRel, want: http.StatusNotFound}},
		"POST /api/v1/records/{id}/relations":    relationProbes(a, b, relate),
		"PUT /api/v1/records/{id}/relations":     relationProbes(a, b, unrelate),
		"POST /api/v1/relationships/{id}":        relationProbes(a, b, relate),
		"PUT /api/v1/relationships/{id}":         relationProbes(a, b, unrelate),
		"POST /api/v1/relationships/create-many": {{name: "pairs A's records only", body: keyLink, want: http.StatusCreated, check: counted(1)}},
		"POST /api/v1/relationships/delete-many": {{name: "unpairs A's records only", body: keyLink, want: http.StatusOK, check: counted(1)}},
		"POST /api/v1/relationships/search":      {{name: "A's edges only", body: map[string]any{}, want: http.StatusOK, mine: a.person}},
		"POST /api/v1/records/relations/search":  {{name: "A's edges only", body: search, want: http.StatusOK, mine: a.person}},
		"POST /api/v1/records/search": {
			{name: "A's records only", body: search, want: http.StatusOK, mine: a.person},
			{name: "B's record by id", body: map[string]any{"where": map[string]any{"$id": b.secret}}, want: http.StatusOK},
		},
		"PUT /api/v1/records/delete":      {{name: "B's values delete nothing", body: byB, want: http.StatusOK}},
		"POST /api/v1/records/delete":     {{name: "B's values delete nothing", body: byB, want: http.StatusOK}},
		"POST /api/v1/labels":             {{name: "A's types only", body: map[string]any{}, want: http.StatusOK, mine: "people"}},
		"POST /api/v1/labels/search":      {{name: "A's types only", body: map[string]any{}, want: http.StatusOK, mine: "people"}},
		"POST /api/v1/properties":         {{name: "A's properties only", body: map[string]any{}, want: http.StatusOK, mine: a.secretProp}},
		"POST /api/v1/properties/search":  {{name: "A's properties only", body: map[string]any{}, want: http.StatusOK, mine: a.secretProp}},
		"POST /api/v1/records/export/csv": {{name: "A's records only", body: map[string]any{}, want: http.StatusOK, mine: a.person}},
		"GET /api/v1/records/export.csv":  {{name: "A's records only", want: http.StatusOK, mine: a.person}},
		"GET /api/v1/properties/{id}": {
			{name: "B's property", params: map[string]string{"id": b.propertyID}, want: http.StatusNotFound},
			{name: "a property both use counts A's records", params: motto, want: http.StatusOK, check: func(r response) string {
				if r.data()["count"] != 1.0 {
					return "want count 1, A's record only"
				}
				return ""
			}},
		},
		"DELETE /api/v1/properties/{id}": {
			{name: "B's property", params: map[string]string{"id": b.propertyID}, want: http.StatusNotFound},
			{name: "a property both use goes from A's records only", params: nickname, want: http.StatusOK, check: func(r response) string {
				if r.data()["changed"] != 1.0 {
					return "want changed 1, A's record only"
				}
				return ""
			}},
		},
		"GET /api/v1/properties/{id}/values": {
			{name: "B's property", params: map[string]string{"id": b.propertyID}, want: http.StatusNotFound},
			{name: "a property both use lists A's values", params: motto, want: http.StatusOK, mine: "amarker-motto"},
		},
		"POST /api/v1/properties/{id}/values": {
			{name: "B's property", params: map[string]string{"id": b.propertyID}, body: map[string]any{}, want: http.StatusNotFound},
			{name: "a property both use lists A's values", params: motto, body: map[string]any{}, want: http.StatusOK, mine: "amarker-motto"},
		},
		"GET /api/v1/paths": {
			{name: "from A's record to B's", query: "?from=" + a.person + "&to=" + b.person, want: http.StatusNotFound},
			{name: "between B's records", query: "?from=" + b.secret + "&to=" + b.secret2, want: http.StatusNotFound},
			{name: "between A's records", query: "?from=" + a.company + "&to=" + a.secret2, want: http.StatusOK, mine: a.person},
		},
		"POST /api/v1/tx":                {{name: "A's own transaction", body: map[string]any{"ttl": 1000}, want: http.StatusCreated}},
		"GET /api/v1/tx/{id}":            {{name: "B's transaction", params: map[string]string{"id": b.tx}, want: http.StatusNotFound, check: bTxOpen}},
		"POST /api/v1/tx/{id}/commit":    {{name: "B's transaction", params: map[string]string{"id": b.tx}, want: http.StatusNotFound, check: bTxOpen}},
		"POST /api/v1/tx/{id}/rollback":  {{name: "B's transaction", params: map[string]string{"id": b.tx}, want: http.StatusNotFound, check: bTxOpen}},
		"GET /api/v1/types":              {{name: "A's types only", want: http.StatusOK, mine: a.secretType}},
		"GET /api/v1/types/{type}":       {{name: "B's type", params: map[string]string{"type": b.secretType}, want: http.StatusNotFound}},
		"DELETE /api/v1/types/{type}":    {{name: "B's type", params: map[string]string{"type": b.secretType}, want: http.StatusNotFound}},
		"PUT /api/v1/types/{type}/links": {{name: "B's type", params: map[string]string{"type": b.secretType}, body: map[string]any{"enabled": true}, want: http.StatusNotFound}},
		"PUT /api/v1/types/{type}": {
			{name: "A declares a type of B's name as its own", params: map[string]string{"type": b.shadowType}, body: map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}}, want: http.StatusCreated},
		},
		"GET /api/v1/types/{type}/properties/{property}/options": {
			{name: "B's type", params: map[string]string{"type": b.secretType, "property": b.secretRel}, want: http.StatusNotFound},
			{name: "a type both declare offers A's records", params: map[string]string{"type": "members", "property": "peers"}, want: http.StatusOK, mine: a.member},
		},
	}
}

// counted checks an answer's count.
func counted(n float64) func(r response) string {
	return func(r response) string {
		if r.data()["count"] != n {
			return fmt.Sprintf("want count %v, A's pairs only", n)
		}
		return ""
	}
}

// relationProbes are an attach's or a detach's: from B's record to A's,
// and from A's record to B's.
func relationProbes(a, b tenant, body func(id string) map[string]any) []probe {
	return []probe{
		{name: "from B's record", params: map[string]string{"id": b.secret}, body: body(a.person), want: http.StatusNotFound},
		{name: "to B's record", params: map[string]string{"id": a.person}, body: body(b.secret), want: http.StatusNotFound},
	}
}

// seedTenant fills a project with records of the types both projects use
// (people, companies, named alike in both), a declared type only it has,
// edges, a client transaction and a token, all named after the project.
func seedTenant(ev *env, project, name, admin string) tenant {
	ev.t.Helper()
	tn := tenant{project: project, admin: admin, secretType: name + "secrets", shadowType: name + "shadow",
		secretProp: strings.ToLower(name) + "secretprop", secretRel: strings.ToLower(name) + "secretrel"}
	ev.cleanTypesOf(project)
	for typ, def := range map[string]any{
		tn.secretType: map[string]any{"properties": map[string]any{
			"name": map[string]any{"type": "string"}, tn.secretProp: map[string]any{"type": "string"},
			tn.secretRel: map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{tn.secretType}}}},
		tn.shadowType: map[string]any{},
		"members": map[string]any{"properties": map[string]any{
			"name":  map[string]any{"type": "string"},
			"peers": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"members"}}}},
	} {
		if r := send(ev.t, ev.e, "PUT", "/api/v1/types/"+typ, def, admin); r.Status != http.StatusCreated {
			ev.t.Fatalf("declare %s: %d %s", typ, r.Status, r.Raw)
		}
	}
	create := func(typ string, props map[string]any) string {
		r := send(ev.t, ev.e, "POST", "/api/v1/records", map[string]any{"label": typ, "properties": props}, admin)
		if r.Status != http.StatusCreated {
			ev.t.Fatalf("create %s in %s: %d %s", typ, name, r.Status, r.Raw)
		}
		return r.data()["__id"].(string)
	}
	attach := func(from, property, to string) {
		r := send(ev.t, ev.e, "POST", "/api/v1/records/"+from+"/relations", map[string]any{"targetIds": to, "type": property}, admin)
		if r.Status != http.StatusCreated {
			ev.t.Fatalf("attach in %s: %d %s", name, r.Status, r.Raw)
		}
	}
	tn.person = create("people", map[string]any{"name": "Shared", "motto": strings.ToLower(name) + "marker-motto", "nickname": "Shared"})
	tn.member = create("members", map[string]any{"name": "Shared"})
	tn.company = create("companies", map[string]any{"name": "Shared"})
	tn.secret = create(tn.secretType, map[string]any{"name": "S1"})
	tn.secret2 = create(tn.secretType, map[string]any{"name": "S2"})
	for id, v := range map[string]string{tn.secret: tn.secret, tn.secret2: tn.secret2} {
		if r := send(ev.t, ev.e, "PATCH", "/api/v1/records/"+id, map[string]any{"properties": map[string]any{tn.secretProp: strings.ToLower(name) + "marker-" + v}}, admin); r.Status != http.StatusOK {
			ev.t.Fatalf("set %s: %d %s", tn.secretProp, r.Status, r.Raw)
		}
	}
	attach(tn.person, "works", tn.company)
	attach(tn.person, "knows", tn.secret)
	attach(tn.secret, tn.secretRel, tn.secret2)
	tn.propertyID = graph.PropertyKey{Type: tn.secretType, Name: tn.secretProp, ValueType: "string"}.ID()
	r := send(ev.t, ev.e, "POST", "/api/v1/tx", map[string]any{"ttl": graph.MaxTxTTL.Milliseconds()}, admin)
	if r.Status != http.StatusCreated {
		ev.t.Fatalf("begin a transaction in %s: %d %s", name, r.Status, r.Raw)
	}
	tn.tx = r.data()["id"].(string)
	r = send(ev.t, ev.e, "POST", "/api/v1/projects/"+project+"/tokens", map[string]any{"role": "read"}, adminKey)
	if r.Status != http.StatusCreated {
		ev.t.Fatalf("create a token in %s: %d %s", name, r.Status, r.Raw)
	}
	tn.tokenID = r.data()["id"].(string)
	return tn
}

// cleanTypesOf removes a project's declared types when the test ends.
func (ev *env) cleanTypesOf(project string) {
	ev.t.Cleanup(func() {
		query(ev.t, "MATCH (t:RecordType {project: $p}) DELETE t", map[string]any{"p": project})
	})
	ev.cleanTypes()
}

// tenantMarkers are the strings only project B's data holds: its ids,
// names and values. An answer to project A holding one leaks B. (The
// shadow type is left out: project A declares a type of that name.)
func tenantMarkers(b tenant) []string {
	return []string{b.project, b.tokenID, b.tx, b.person, b.company, b.secret, b.secret2,
		b.member, b.secretType, b.secretProp, b.secretRel, b.propertyID, "bmarker"}
}

// tenantGraph is what a project holds in the graph.
type tenantGraph struct {
	Records, Edges, Properties, Types, Tokens int64
	Detail                                    string
}

func (s tenantGraph) String() string {
	return fmt.Sprintf("%d records, %d edges, %d properties, %d types, %d tokens: %s", s.Records, s.Edges, s.Properties, s.Types, s.Tokens, s.Detail)
}

// tenantState reads a project's records (labels, properties), edges (ends,
// property, description, bag), declared types and tokens.
func tenantState(t *testing.T, project string) tenantGraph {
	t.Helper()
	rows := query(t, `MATCH (r:Record {__project: $p})
OPTIONAL MATCH (r)-[e:LINK]->(o)
WITH r, count(e) AS edges, collect([o.__id, properties(e)]) AS out ORDER BY r.__id
WITH count(r) AS records, sum(edges) AS edges, sum(size(keys(r))) AS properties,
  collect([r.__id, labels(r), properties(r), out]) AS detail
RETURN records, edges, properties, detail,
  COUNT { MATCH (t:RecordType {project: $p}) } AS types,
  COLLECT { MATCH (t:RecordType {project: $p}) RETURN [t.id, t.definition, t.overrides] ORDER BY t.id } AS typeDetail,
  COUNT { MATCH (k:Token {project: $p}) } AS tokens,
  COLLECT { MATCH (k:Token {project: $p}) RETURN [k.id, k.role] ORDER BY k.id } AS tokenDetail`, map[string]any{"p": project})
	row := rows[0]
	var s tenantGraph
	s.Records, s.Edges, s.Properties = row["records"].(int64), row["edges"].(int64), row["properties"].(int64)
	s.Types, s.Tokens = row["types"].(int64), row["tokens"].(int64)
	s.Detail = fmt.Sprint(row["detail"], row["typeDetail"], row["tokenDetail"])
	return s
}

var pathParam = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// fillPath writes a path template's parameters from params; the test fails
// on a parameter without a value.
func fillPath(t *testing.T, template string, params map[string]string) string {
	t.Helper()
	return pathParam.ReplaceAllStringFunc(template, func(m string) string {
		v, ok := params[m[1:len(m)-1]]
		if !ok {
			t.Fatalf("%s: no value for path parameter %s", template, m)
		}
		return v
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// sendWith is send with extra request headers.
func sendWith(t *testing.T, ev *env, method, path string, body any, token string, header map[string]string) response {
	t.Helper()
	if len(header) == 0 {
		return send(t, ev.e, method, path, body, token)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(string(mustJSON(t, body))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ev.e.ServeHTTP(rec, req)
	out := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out.Body)
	return out
}

// snapshot renders a project's records and edges.
func snapshot(t *testing.T, project string) string {
	return tenantState(t, project).String()
}
