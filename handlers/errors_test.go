package handlers_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorEnvelope checks every error code a client can meet today comes in
// the envelope {success:false, message, error:{code,message}, requestId},
// the top-level message being error.message (what the RushDB SDKs read).
func TestErrorEnvelope(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("things", nil)
	big := `{"label":"things","properties":{"blob":"` + strings.Repeat("x", int(testConfig.BodyLimit)) + `"}}`
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		token      string
		wantStatus int
		wantCode   string
	}{
		{"malformed JSON", "POST", "/api/v1/records", `{"label":`, ev.write, 400, "invalid_json"},
		{"a wrong JSON type", "POST", "/api/v1/records", `{"label": 5}`, ev.write, 400, "invalid_json"},
		{"a bad query parameter", "GET", "/api/v1/records/" + id + "/relations?limit=0", nil, ev.read, 400, "invalid_parameter"},
		{"no token", "GET", "/api/v1/records/" + id, nil, "", 401, "unauthorized"},
		{"a role too weak", "DELETE", "/api/v1/records/" + id, nil, ev.read, 403, "forbidden"},
		{"an unknown record", "GET", "/api/v1/records/01900000-0000-7000-8000-000000000000", nil, ev.read, 404, "not_found"},
		{"unknown targets", "POST", "/api/v1/records/" + id + "/relations", map[string]any{"targetIds": []string{"x1", "x2"}}, ev.write, 404, "records_not_found"},
		{"an unknown route", "GET", "/api/v1/nothing-here", nil, ev.read, 404, "route_not_found"},
		{"a wrong method", "PATCH", "/api/v1/projects", nil, adminKey, 405, "method_not_allowed"},
		{"a wrong method on the search path, not a record named search", "GET", "/api/v1/records/search", nil, ev.read, 405, "method_not_allowed"},
		{"a wrong method on the delete path, without a token too", "PATCH", "/api/v1/records/delete", nil, "", 405, "method_not_allowed"},
		{"a type change conflicts with stored state", "PUT", "/api/v1/records/" + id, map[string]any{"label": "other", "properties": map[string]any{}}, ev.write, 409, "label_conflict"},
		{"a body over the limit", "POST", "/api/v1/records", big, ev.write, 413, "too_large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, tc.token)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			e, _ := r.Body["error"].(map[string]any)
			if r.Body["success"] != false || e["message"] == "" || r.Body["requestId"] == "" {
				t.Fatalf("not an error envelope: %s", r.Raw)
			}
			if r.Body["message"] != e["message"] {
				t.Fatalf("message %v differs from error.message %v: %s", r.Body["message"], e["message"], r.Raw)
			}
			if r.Body["requestId"] != r.Header.Get("X-Request-Id") {
				t.Fatalf("requestId %v differs from the header %q", r.Body["requestId"], r.Header.Get("X-Request-Id"))
			}
		})
	}
	for path, want := range map[string]string{"/api/v1/records/search": "POST", "/api/v1/records/delete": "POST, PUT"} {
		if r := ev.do("DELETE", path, nil, ev.write); r.Status != 405 || r.Header.Get("Allow") != want {
			t.Errorf("DELETE %s: %d, Allow %q, want 405 and %q", path, r.Status, r.Header.Get("Allow"), want)
		}
	}
	rows := query(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": ev.project.ID})
	if rows[0]["n"].(int64) != 1 {
		t.Fatalf("failed requests wrote records: %d records, want 1", rows[0]["n"])
	}
}

func TestBodyLimitWritesNothing(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	props := make([]map[string]any, 0)
	for i := 0; i < 2000; i++ {
		props = append(props, map[string]any{"name": "p" + strings.Repeat("x", 20) + string(rune('a'+i%26)) + strings.Repeat("y", i%7), "value": strings.Repeat("v", 40)})
	}
	r := ev.do("POST", "/api/v1/records", map[string]any{"label": "things", "properties": props}, ev.write)
	if r.Status != 413 || r.code() != "too_large" {
		t.Fatalf("got %d %s", r.Status, r.Raw)
	}
	rows := query(t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": ev.project.ID})
	if rows[0]["n"].(int64) != 0 {
		t.Fatal("a refused body wrote a record")
	}
}

func TestRequestIDs(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-Id", "trace-123")
	rec := httptest.NewRecorder()
	ev.e.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-Id"); got != "trace-123" {
		t.Fatalf("a client's request id is kept: got %q", got)
	}
	r := ev.do("GET", "/healthz", nil, "")
	if len(r.Header.Get("X-Request-Id")) != 36 {
		t.Fatalf("a request id is made when none is sent: got %q", r.Header.Get("X-Request-Id"))
	}
}

func TestErrorsDoNotLeakInternals(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	r := ev.do("POST", "/api/v1/records", map[string]any{"label": "things", "properties": []map[string]any{{"name": "d", "type": "datetime", "value": "not a date"}}}, ev.write)
	if r.Status != 400 || strings.Contains(strings.ToLower(r.Raw), "neo4j") || strings.Contains(r.Raw, "goroutine") {
		t.Fatalf("got %d %s", r.Status, r.Raw)
	}
}
