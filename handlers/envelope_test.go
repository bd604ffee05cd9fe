package handlers_test

import (
	"net/http"
	"strconv"
	"testing"
)

// TestAnswersCarryTheirLength: a JSON answer states its Content-Length: it
// is sent whole, before the request's middleware ends.
func TestAnswersCarryTheirLength(t *testing.T) {
	ev := newEnv(t)
	id := ev.create("people", map[string]any{"name": "Ada"})
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"a record", "GET", "/api/v1/records/" + id, nil, http.StatusOK},
		{"a search", "POST", "/api/v1/records/search", `{"labels": ["people"]}`, http.StatusOK},
		{"a created record", "POST", "/api/v1/records", map[string]any{"label": "people", "properties": map[string]any{"name": "Bo"}}, http.StatusCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, ev.write)
			if r.Status != tc.status {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			if got := r.Header.Get("Content-Length"); got != strconv.Itoa(len(r.Raw)) {
				t.Errorf("Content-Length %q for a body of %d bytes", got, len(r.Raw))
			}
			if got := r.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type %q", got)
			}
		})
	}
}
