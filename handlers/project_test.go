package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
)

func TestProjectRoutes(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		token      string
		wantStatus int
		wantCode   string
	}{
		{"creating a project needs a token", "POST", "/api/v1/projects", map[string]any{"name": "x"}, "", 401, "unauthorized"},
		{"a wrong admin key is refused", "POST", "/api/v1/projects", map[string]any{"name": "x"}, "not-the-admin-key", 401, "unauthorized"},
		{"a project token cannot manage projects", "POST", "/api/v1/projects", map[string]any{"name": "x"}, ev.admin, 403, "forbidden"},
		{"a project needs a name", "POST", "/api/v1/projects", map[string]any{"name": "  "}, adminKey, 400, "invalid_name"},
		{"a malformed body is a 400", "POST", "/api/v1/projects", `{"name":`, adminKey, 400, "invalid_json"},
		{"an empty body is a 400", "POST", "/api/v1/projects", "", adminKey, 400, "invalid_json"},
		{"a token needs a known role", "POST", "/api/v1/projects/" + ev.project.ID + "/tokens", map[string]any{"role": "root"}, adminKey, 400, "invalid_role"},
		{"a token of an unknown project is a 404", "POST", "/api/v1/projects/nope/tokens", map[string]any{"role": "read"}, adminKey, 404, "not_found"},
		{"revoking an unknown token is a 404", "DELETE", "/api/v1/projects/" + ev.project.ID + "/tokens/nope", nil, adminKey, 404, "not_found"},
		{"deleting an unknown project is a 404", "DELETE", "/api/v1/projects/nope", nil, adminKey, 404, "not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, tc.token)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %s, want %d %s: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
		})
	}
}

func TestProjectLifecycle(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	r := ev.do("POST", "/api/v1/projects", map[string]any{"name": "lifecycle"}, adminKey)
	if r.Status != http.StatusCreated || r.data()["name"] != "lifecycle" {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	id := r.data()["id"].(string)
	r = ev.do("POST", "/api/v1/projects/"+id+"/tokens", map[string]any{"role": "write"}, adminKey)
	if r.Status != http.StatusCreated || r.data()["role"] != "write" || r.data()["token"] == "" {
		t.Fatalf("token: %d %s", r.Status, r.Raw)
	}
	token := r.data()["token"].(string)
	stored := query(t, "MATCH (t:Token {id: $id}) RETURN t.hash AS hash", map[string]any{"id": r.data()["id"]})
	if len(stored) != 1 || stored[0]["hash"] == token {
		t.Fatalf("the token must be stored hashed, got %v", stored)
	}
	a := ev.doAs(token, "POST", "/api/v1/records", map[string]any{"label": "things", "properties": map[string]any{"n": 1}})
	b := ev.doAs(token, "POST", "/api/v1/records", map[string]any{"label": "things", "properties": map[string]any{"n": 2}})
	ev.doAs(token, "POST", "/api/v1/records/"+a.data()["__id"].(string)+"/relations", map[string]any{"targetIds": b.data()["__id"]})

	admin := ev.do("POST", "/api/v1/projects/"+id+"/tokens", map[string]any{"role": "admin"}, adminKey).data()["token"].(string)
	if r := ev.doAs(admin, "PUT", "/api/v1/types/things", map[string]any{"title": "Thing"}); r.Status >= 300 {
		t.Fatalf("declare a type: %d %s", r.Status, r.Raw)
	}
	r = ev.do("GET", "/api/v1/projects?limit=1000", nil, adminKey)
	if r.Status != 200 || r.Body["total"].(float64) < 1 {
		t.Fatalf("list: %d %s", r.Status, r.Raw)
	}
	r = ev.do("DELETE", "/api/v1/projects/"+id, nil, adminKey)
	if r.Status != 200 {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	if r := ev.doAs(token, "GET", "/api/v1/records/"+a.data()["__id"].(string), nil); r.Status != 401 {
		t.Fatalf("a deleted project's token must stop working, got %d", r.Status)
	}
	left := query(t, `OPTIONAL MATCH (r:Record {__project: $p}) WITH count(r) AS records
OPTIONAL MATCH (t:Token {project: $p}) WITH records, count(t) AS tokens
OPTIONAL MATCH (ty:RecordType {project: $p}) WITH records, tokens, count(ty) AS types
OPTIONAL MATCH (p:Project {id: $p}) RETURN records, tokens, types, count(p) AS projects`, map[string]any{"p": id})[0]
	for k, v := range left {
		if v.(int64) != 0 {
			t.Errorf("after delete, %d %s left", v, k)
		}
	}
}

// doAs sends a request with any token.
func (ev *env) doAs(token, method, path string, body any) response {
	ev.t.Helper()
	return ev.do(method, path, body, token)
}

func TestTokenRoles(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("things", map[string]any{"n": 1})
	create := map[string]any{"label": "things", "properties": map[string]any{"n": 2}}
	tests := []struct {
		name       string
		token      string
		method     string
		path       string
		body       any
		wantStatus int
	}{
		{"read can read", ev.read, "GET", "/api/v1/records/" + id, nil, 200},
		{"read can find by ids", ev.read, "POST", "/api/v1/records", map[string]any{"ids": []string{id}}, 200},
		{"read cannot create", ev.read, "POST", "/api/v1/records", create, 403},
		{"read cannot update", ev.read, "PATCH", "/api/v1/records/" + id, map[string]any{"properties": map[string]any{"n": 3}}, 403},
		{"read cannot attach", ev.read, "POST", "/api/v1/records/" + id + "/relations", map[string]any{"targetIds": id}, 403},
		{"read cannot delete", ev.read, "DELETE", "/api/v1/records/" + id, nil, 403},
		{"write can create", ev.write, "POST", "/api/v1/records", create, 201},
		{"admin can create", ev.admin, "POST", "/api/v1/records", create, 201},
		{"the admin key is not a project token", adminKey, "GET", "/api/v1/records/" + id, nil, 403},
		{"no token is a 401", "", "GET", "/api/v1/records/" + id, nil, 401},
		{"an unknown token is a 401", "rg_unknown", "GET", "/api/v1/records/" + id, nil, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, tc.token)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
		})
	}
}

func TestTokenHeaderOfTheCollectSDK(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("things", nil)
	req := httptest.NewRequest("GET", "/api/v1/records/"+id, nil)
	req.Header.Set("token", ev.read)
	rec := httptest.NewRecorder()
	ev.e.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("token header: got %d %s", rec.Code, rec.Body)
	}
}

func TestRevokedTokenStopsAtOnce(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	r := ev.do("POST", "/api/v1/projects/"+ev.project.ID+"/tokens", map[string]any{"role": "read"}, adminKey)
	token, tokenID := r.data()["token"].(string), r.data()["id"].(string)
	id := ev.create("things", nil)
	if r := ev.doAs(token, "GET", "/api/v1/records/"+id, nil); r.Status != 200 {
		t.Fatalf("before revocation: %d", r.Status) // the token is now cached
	}
	if r := ev.do("DELETE", "/api/v1/projects/"+ev.project.ID+"/tokens/"+tokenID, nil, adminKey); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Raw)
	}
	if r := ev.doAs(token, "GET", "/api/v1/records/"+id, nil); r.Status != 401 {
		t.Fatalf("a revoked token must stop working at once, got %d", r.Status)
	}
	if r := ev.doAs(ev.read, "GET", "/api/v1/records/"+id, nil); r.Status != 200 {
		t.Fatalf("other tokens keep working, got %d", r.Status)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	e := newAPI(graphtest.Store(), testConfig)
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := send(t, e, "GET", path, nil, ""); r.Status != 200 || r.Body["success"] != true {
			t.Errorf("%s: %d %s", path, r.Status, r.Raw)
		}
	}
}
