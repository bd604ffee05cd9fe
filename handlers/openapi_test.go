package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/relgraph/relgraph/graph"
)

// openAPIDoc loads the document the server serves at /openapi.json.
func openAPIDoc(t *testing.T, h http.Handler) *openapi3.T {
	t.Helper()
	r := send(t, h, "GET", "/openapi.json", nil, "")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /openapi.json: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(r.Raw))
	if err != nil {
		t.Fatalf("load /openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("/openapi.json is not valid OpenAPI 3: %v", err)
	}
	return doc
}

var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// openAPIPath writes an Echo route path as an OpenAPI path template.
func openAPIPath(echoPath string) string {
	return echoParam.ReplaceAllString(echoPath, "{$1}")
}

// TestOpenAPIDescribesEveryRoute walks Echo's route table: every route must
// be described in handlers/openapi.yaml, and every described operation must
// be a route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	doc := openAPIDoc(t, ev.e)
	routes := map[string]bool{}
	var undescribed []string
	for _, r := range ev.e.Routes() {
		path := openAPIPath(r.Path)
		routes[r.Method+" "+path] = true
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			undescribed = append(undescribed, r.Method+" "+path)
		}
	}
	slices.Sort(undescribed)
	for _, r := range slices.Compact(undescribed) {
		t.Errorf("route %s is not described in handlers/openapi.yaml: add it under paths (with its parameters, body and answers)", r)
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !routes[method+" "+path] {
				t.Errorf("handlers/openapi.yaml describes %s %s, which is no route: remove it or register the route", method, path)
			}
		}
	}
}

// TestOpenAPIResponses validates real requests and answers against the
// document: each request is sent, then checked with kin-openapi's
// openapi3filter (parameters, bodies, status codes, schemas).
func TestOpenAPIResponses(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	doc := openAPIDoc(t, ev.e)
	ids := ring(ev)
	tok := ev.token(ev.project.ID, "read")
	tests := []struct {
		name, method, template, path string
		body                         any
		token                        string
	}{
		{"health", "GET", "/healthz", "/healthz", nil, ""},
		{"readiness", "GET", "/readyz", "/readyz", nil, ""},
		{"metrics", "GET", "/metrics", "/metrics", nil, ""},
		{"the explorer page", "GET", "/explorer", "/explorer", nil, ""},
		{"an explorer script", "GET", "/explorer/{file}", "/explorer/explorer.js", nil, ""},
		{"an unknown explorer file", "GET", "/explorer/{file}", "/explorer/nope.js", nil, ""},
		{"create a project", "POST", "/api/v1/projects", "/api/v1/projects", map[string]any{"name": "openapi"}, adminKey},
		{"list projects", "GET", "/api/v1/projects", "/api/v1/projects?limit=2", nil, adminKey},
		{"create a token", "POST", "/api/v1/projects/{id}/tokens", "/api/v1/projects/" + ev.project.ID + "/tokens", map[string]any{"role": "read"}, adminKey},
		{"create a record", "POST", "/api/v1/records", "/api/v1/records", map[string]any{"label": "people", "properties": []any{
			map[string]any{"name": "name", "type": "string", "value": "Zed"}, map[string]any{"name": "born", "type": "datetime", "value": "2000-01-01T00:00:00Z"}}}, ev.write},
		{"find records", "POST", "/api/v1/records", "/api/v1/records", map[string]any{"ids": []string{ids["ada"], ids["bo"]}}, ev.read},
		{"read a record", "GET", "/api/v1/records/{id}", "/api/v1/records/" + ids["ada"], nil, ev.read},
		{"an unknown record", "GET", "/api/v1/records/{id}", "/api/v1/records/ghost", nil, ev.read},
		{"a record's properties", "GET", "/api/v1/records/{id}/properties", "/api/v1/records/" + ids["ada"] + "/properties", nil, ev.read},
		{"attach", "POST", "/api/v1/records/{id}/relations", "/api/v1/records/" + ids["eve"] + "/relations", map[string]any{"targetIds": ids["ada"], "type": "knows"}, ev.write},
		{"a record's relations", "GET", "/api/v1/records/{id}/relations", "/api/v1/records/" + ids["ada"] + "/relations?direction=out", nil, ev.read},
		{"import", "POST", "/api/v1/records/import/json", "/api/v1/records/import/json", map[string]any{"label": "companies",
			"payload": map[string]any{"name": "Initech", "staff": []any{map[string]any{"name": "Peter"}}}}, ev.write},
		{"import data (RushDB)", "POST", "/api/v1/records/import/json", "/api/v1/records/import/json", map[string]any{"label": "companies",
			"data": []any{map[string]any{"name": "Hooli"}}, "options": map[string]any{"returnResult": true, "suggestTypes": true}}, ev.write},
		{"import JSON lines", "POST", "/api/v1/records/import/json", "/api/v1/records/import/json", map[string]any{"label": "companies",
			"format": "jsonl", "data": "{\"name\": \"Umbrella\"}\n"}, ev.write},
		{"import CSV (RushDB)", "POST", "/api/v1/records/import/csv", "/api/v1/records/import/csv", map[string]any{"label": "companies",
			"data": "name,code\nVandelay,v1\n", "options": map[string]any{"returnResult": true}, "parseConfig": map[string]any{"header": true}}, ev.write},
		{"an upsert that updates", "POST", "/api/v1/records", "/api/v1/records", map[string]any{"label": "companies",
			"data": map[string]any{"name": "Vandelay", "size": 3}, "options": map[string]any{"mergeBy": []string{"name"}, "mergeStrategy": "append"}}, ev.write},
		{"create-many (RushDB)", "POST", "/api/v1/relationships/create-many", "/api/v1/relationships/create-many", map[string]any{
			"source": map[string]any{"label": "people", "key": "name"}, "target": map[string]any{"label": "companies", "key": "name"}, "type": "namesake"}, ev.write},
		{"delete-many (RushDB)", "POST", "/api/v1/relationships/delete-many", "/api/v1/relationships/delete-many", map[string]any{
			"source": map[string]any{"label": "people", "key": "name"}, "target": map[string]any{"label": "companies", "key": "name"}}, ev.write},
		{"search", "POST", "/api/v1/records/search", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "limit": 2}, ev.read},
		{"label counts", "POST", "/api/v1/labels", "/api/v1/labels", map[string]any{}, ev.read},
		{"a neighbourhood", "GET", "/api/v1/records/{id}/graph", "/api/v1/records/" + ids["ada"] + "/graph?depth=2&limit=3", nil, ev.read},
		{"paths", "GET", "/api/v1/paths", "/api/v1/paths?from=" + ids["bo"] + "&to=" + ids["acme"], nil, ev.read},
		{"a bad maxHops", "GET", "/api/v1/paths", "/api/v1/paths?from=" + ids["bo"] + "&to=" + ids["acme"] + "&maxHops=9", nil, ev.read},
		{"cypher", "POST", "/api/v1/cypher", "/api/v1/cypher", map[string]any{"query": "MATCH p = (a:Record {__id: $id})-[e]->(b) RETURN a, e, p LIMIT 1",
			"params": map[string]any{"id": ids["ada"]}}, adminKey},
		{"refused cypher", "POST", "/api/v1/cypher", "/api/v1/cypher", map[string]any{"query": "LOAD CSV FROM 'x' AS l RETURN l"}, adminKey},
		{"the SDK settings", "GET", "/api/v1/sdk/settings", "/api/v1/sdk/settings", nil, ""},
		{"attach (RushDB)", "POST", "/api/v1/relationships/{id}", "/api/v1/relationships/" + ids["bo"], map[string]any{"targetIds": []string{ids["ada"]}, "type": "knows"}, ev.write},
		{"relationship search (RushDB)", "POST", "/api/v1/relationships/search", "/api/v1/relationships/search?limit=2", map[string]any{"labels": []string{"people"}}, ev.read},
		{"label counts (RushDB)", "POST", "/api/v1/labels/search", "/api/v1/labels/search", map[string]any{"where": map[string]any{}}, ev.read},
		{"the property catalogue (RushDB)", "POST", "/api/v1/properties/search", "/api/v1/properties/search", map[string]any{"labels": []string{"people"}}, ev.read},
		{"a delete by query (RushDB)", "POST", "/api/v1/records/delete", "/api/v1/records/delete", map[string]any{"where": map[string]any{"name": "nobody"}}, ev.write},
		{"property values (RushDB)", "POST", "/api/v1/properties/{id}/values", "/api/v1/properties/" + graph.PropertyKey{Type: "people", Name: "name", ValueType: "string"}.ID() + "/values",
			map[string]any{"query": "a", "orderBy": "asc", "limit": 2}, ev.read},
		{"begin a transaction (RushDB)", "POST", "/api/v1/tx", "/api/v1/tx", map[string]any{"autocommit": false, "ttl": 50}, ev.read},
		{"detach", "PUT", "/api/v1/records/{id}/relations", "/api/v1/records/" + ids["eve"] + "/relations", map[string]any{"targetIds": ids["ada"]}, tok},
	}
	// invalid are the requests that break the document on purpose.
	invalid := map[string]bool{"a bad maxHops": true}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			item := doc.Paths.Value(tc.template)
			if item == nil || item.GetOperation(tc.method) == nil {
				t.Fatalf("%s %s is not described", tc.method, tc.template)
			}
			var raw []byte
			if tc.body != nil {
				raw, _ = json.Marshal(tc.body)
			}
			req := httptest.NewRequest(tc.method, tc.path, bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			route := &routers.Route{Spec: doc, Path: tc.template, PathItem: item, Method: tc.method, Operation: item.GetOperation(tc.method)}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams(tc.template, tc.path), Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			if err := openapi3filter.ValidateRequest(context.Background(), in); (err != nil) != invalid[tc.name] {
				t.Fatalf("the request matches the document %v, want %v: %v", err == nil, !invalid[tc.name], err)
			}
			req.Body = io.NopCloser(bytes.NewReader(raw))
			rec := httptest.NewRecorder()
			ev.e.ServeHTTP(rec, req)
			opts := &openapi3filter.Options{IncludeResponseStatus: true}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				opts.ExcludeResponseBody = true // HTML, scripts and metrics text: their media type is checked, not their text
				if content := responseContent(route.Operation, rec.Code); content.Get(rec.Header().Get("Content-Type")) == nil {
					t.Fatalf("%d %s is not a described media type", rec.Code, rec.Header().Get("Content-Type"))
				}
			}
			err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
				Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: opts,
			})
			if err != nil {
				t.Fatalf("%d answer does not match the document: %v\n%s", rec.Code, err, rec.Body.String())
			}
		})
	}
}

// pathParams reads the values of a template's {params} in a concrete path.
func pathParams(template, path string) map[string]string {
	path, _, _ = strings.Cut(path, "?")
	out := map[string]string{}
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	for i := range ts {
		if strings.HasPrefix(ts[i], "{") && i < len(ps) {
			out[strings.Trim(ts[i], "{}")] = ps[i]
		}
	}
	return out
}

// responseContent is what an operation describes for a status (or its default).
func responseContent(op *openapi3.Operation, status int) openapi3.Content {
	if r := op.Responses.Status(status); r != nil && r.Value != nil {
		return r.Value.Content
	}
	if r := op.Responses.Default(); r != nil && r.Value != nil {
		return r.Value.Content
	}
	return nil
}
