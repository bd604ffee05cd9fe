package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/handlers"
)

func TestMain(m *testing.M) { graphtest.Main(m) }

const adminKey = "test-admin-key-0123456789abcdef"

// testConfig is the API configuration tests run with.
var testConfig = handlers.Config{AdminKey: adminKey, BodyLimit: 64 << 10, RequestTimeout: 10 * time.Second}

// env is one test's API: its own project and a token of each role.
type env struct {
	t                  *testing.T
	e                  *echo.Echo
	project            graph.Project
	read, write, admin string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ev := &env{t: t, e: newAPI(graphtest.Store(), testConfig), project: graphtest.Project(t)}
	ev.read = ev.token(ev.project.ID, graph.RoleRead)
	ev.write = ev.token(ev.project.ID, graph.RoleWrite)
	ev.admin = ev.token(ev.project.ID, graph.RoleAdmin)
	return ev
}

func newAPI(s *graph.Store, cfg handlers.Config) *echo.Echo {
	return handlers.New(s, cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

func (ev *env) token(project string, role graph.Role) string {
	ev.t.Helper()
	tok, err := graphtest.Store().CreateToken(context.Background(), project, role)
	if err != nil {
		ev.t.Fatal(err)
	}
	return tok.Secret
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// data is the envelope's data as a map.
func (r response) data() map[string]any {
	m, _ := r.Body["data"].(map[string]any)
	return m
}

// list is the envelope's data as a list of maps.
func (r response) list() []map[string]any {
	items, _ := r.Body["data"].([]any)
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i], _ = it.(map[string]any)
	}
	return out
}

// code is the error code of an error envelope.
func (r response) code() string {
	e, _ := r.Body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// do sends a request; body is JSON-encoded unless it is a string.
func (ev *env) do(method, path string, body any, token string) response {
	ev.t.Helper()
	return send(ev.t, ev.e, method, path, body, token)
}

func send(t testing.TB, h http.Handler, method, path string, body any, token string) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out.Body)
	return out
}

// create makes a record of typ with flat properties and returns its id.
func (ev *env) create(typ string, props map[string]any) string {
	ev.t.Helper()
	r := ev.do("POST", "/api/v1/records", map[string]any{"label": typ, "properties": props}, ev.write)
	if r.Status != http.StatusCreated {
		ev.t.Fatalf("create %s: %d %s", typ, r.Status, r.Raw)
	}
	return r.data()["__id"].(string)
}

// attach links source to targets with property (direction out).
func (ev *env) attach(source, property string, targets ...string) {
	ev.t.Helper()
	r := ev.do("POST", "/api/v1/records/"+source+"/relations", map[string]any{"targetIds": targets, "type": property}, ev.write)
	if r.Status != http.StatusCreated {
		ev.t.Fatalf("attach: %d %s", r.Status, r.Raw)
	}
}

// query runs Cypher straight through the driver, to check the graph state.
func query(t testing.TB, text string, params map[string]any) []map[string]any {
	t.Helper()
	s := graphtest.Store()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), text, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.Database()))
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// edgeCount counts the stored edges from a to b (any property when property is "").
func edgeCount(t testing.TB, a, b, property string) int64 {
	t.Helper()
	rows := query(t, `MATCH (:Record {__id: $a})-[e:LINK]->(:Record {__id: $b})
WHERE $p = '' OR e.property = $p RETURN count(e) AS n`, map[string]any{"a": a, "b": b, "p": property})
	return rows[0]["n"].(int64)
}
