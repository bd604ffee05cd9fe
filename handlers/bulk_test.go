package handlers_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The scenarios of the bulk routes (imports, upserts, key links) share one
// form: a request, then the graph it leaves.

// graphState lists the project's records as "type {props}" (their own
// properties, Go's sorted map form), sorted.
func graphState(t *testing.T, project string) []string {
	t.Helper()
	rows := query(t, `MATCH (r:Record {__project: $p})
RETURN [l IN labels(r) WHERE l <> 'Record'][0] AS type, properties(r) AS props`, map[string]any{"p": project})
	out := make([]string, len(rows))
	for i, row := range rows {
		props := row["props"].(map[string]any)
		for k := range props {
			if strings.HasPrefix(k, "__") {
				delete(props, k)
			}
		}
		out[i] = fmt.Sprintf("%s %v", row["type"], props)
	}
	slices.Sort(out)
	return out
}

// bulkCase is one request of the bulk routes and what it leaves behind.
type bulkCase struct {
	name       string
	seed       func(ev *env)        // records made before the request
	method     string               // default POST
	path       string               // under /api/v1
	body       func(ev *env) any    // the request body
	wantStatus int                  //
	wantCode   string               // the error code, when it fails
	wantField  string               // the error's details.field, when given
	wantTotal  int                  // total of a successful import
	state      []string             // graphState afterwards
	edges      []string             // importedEdges afterwards (nil: none)
	ownEdges   bool                 // check checks the edges instead
	check      func(*env, response) // more checks of the answer
}

func runBulk(t *testing.T, tests []bulkCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ev := newEnv(t)
			if tc.seed != nil {
				tc.seed(ev)
			}
			method := tc.method
			if method == "" {
				method = "POST"
			}
			r := ev.do(method, "/api/v1"+tc.path, tc.body(ev), ev.write)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantField != "" {
				details, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
				if details["field"] != tc.wantField {
					t.Errorf("error field = %v, want %s: %s", details["field"], tc.wantField, r.Raw)
				}
			}
			if tc.wantTotal != 0 {
				if got, _ := r.Body["total"].(float64); int(got) != tc.wantTotal {
					t.Errorf("total = %v, want %d", r.Body["total"], tc.wantTotal)
				}
			}
			if got := graphState(t, ev.project.ID); !reflect.DeepEqual(got, orEmpty(tc.state)) {
				t.Errorf("records in the graph:\n got %q\nwant %q", got, orEmpty(tc.state))
			}
			if got := importedEdges(t, ev.project.ID); !tc.ownEdges && !reflect.DeepEqual(got, orEmpty(tc.edges)) {
				t.Errorf("edges in the graph:\n got %q\nwant %q", got, orEmpty(tc.edges))
			}
			if tc.check != nil {
				tc.check(ev, r)
			}
		})
	}
}
