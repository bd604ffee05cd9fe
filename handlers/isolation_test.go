package handlers_test

import (
	"fmt"
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
)

// TestProjectsAreIsolated runs every record and relation route with a token
// of project B against records of project A: each must answer as if the
// record did not exist, and nothing of A may change.
func TestProjectsAreIsolated(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a1, a2 := ev.create("people", map[string]any{"name": "A1"}), ev.create("people", map[string]any{"name": "A2"})
	ev.attach(a1, "knows", a2)
	other := graphtest.Project(t)
	b := ev.token(other.ID, "admin")
	bRec := send(t, ev.e, "POST", "/api/v1/records", map[string]any{"label": "people"}, b).data()["__id"].(string)
	before := snapshot(t, ev.project.ID)
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
	}{
		{"read", "GET", "/api/v1/records/" + a1, nil, 404},
		{"find by ids", "POST", "/api/v1/records", map[string]any{"ids": []string{a1, a2}}, 200},
		{"update", "PATCH", "/api/v1/records/" + a1, map[string]any{"properties": map[string]any{"name": "X"}}, 404},
		{"set", "PUT", "/api/v1/records/" + a1, map[string]any{"properties": map[string]any{"name": "X"}}, 404},
		{"properties", "GET", "/api/v1/records/" + a1 + "/properties", nil, 404},
		{"list relations", "GET", "/api/v1/records/" + a1 + "/relations", nil, 404},
		{"attach from a foreign record", "POST", "/api/v1/records/" + a1 + "/relations", map[string]any{"targetIds": bRec}, 404},
		{"attach to a foreign record", "POST", "/api/v1/records/" + bRec + "/relations", map[string]any{"targetIds": a1}, 404},
		{"detach a foreign pair", "PUT", "/api/v1/records/" + a1 + "/relations", map[string]any{"targetIds": a2}, 404},
		{"detach towards a foreign record", "PUT", "/api/v1/records/" + bRec + "/relations", map[string]any{"targetIds": a1}, 404},
		{"delete", "DELETE", "/api/v1/records/" + a1, nil, 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, ev.e, tc.method, tc.path, tc.body, b)
			if r.Status != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if tc.wantStatus == 200 && len(r.list()) != 0 {
				t.Fatalf("leaked %v", r.list())
			}
		})
	}
	if after := snapshot(t, ev.project.ID); after != before {
		t.Fatalf("project A changed:\nbefore %s\nafter  %s", before, after)
	}
	rows := query(t, "MATCH (:Record {__id: $b})-[e:LINK]-() RETURN count(e) AS n", map[string]any{"b": bRec})
	if rows[0]["n"].(int64) != 0 {
		t.Fatal("an edge crossed projects")
	}
}

// snapshot renders a project's records and edges.
func snapshot(t *testing.T, project string) string {
	rows := query(t, `MATCH (r:Record {__project: $p})
OPTIONAL MATCH (r)-[e:LINK]->(o)
WITH r, collect([e.property, o.__id, e.description]) AS edges ORDER BY r.__id
RETURN collect([r.__id, labels(r), properties(r), edges]) AS all`, map[string]any{"p": project})
	return fmt.Sprint(rows[0]["all"])
}
