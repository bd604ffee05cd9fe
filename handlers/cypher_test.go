package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph/graphtest"
)

// cypherCall is POST /api/v1/cypher with the admin key.
func cypherCall(t *testing.T, h http.Handler, query string, params map[string]any) response {
	t.Helper()
	return send(t, h, "POST", "/api/v1/cypher", map[string]any{"query": query, "params": params}, adminKey)
}

func TestCypherReads(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("companies", map[string]any{"name": "Acme", "founded": map[string]any{"$year": 1999, "$month": 1, "$day": 2}})
	b := ev.create("people", map[string]any{"name": "Ada"})
	r := ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "type": "employees", "description": "CEO"}, ev.write)
	if r.Status != http.StatusCreated {
		t.Fatalf("attach: %s", r.Raw)
	}

	t.Run("nodes, relationships and paths are plain objects", func(t *testing.T) {
		r := cypherCall(t, ev.e, `MATCH p = (a:Record {__id: $a})-[e:LINK]->(b) RETURN a, e, p, a.founded AS founded`, map[string]any{"a": a})
		if r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		d := r.data()
		if cols, _ := json.Marshal(d["columns"]); string(cols) != `["a","e","p","founded"]` {
			t.Fatalf("columns %s", cols)
		}
		rows := d["rows"].([]any)
		if len(rows) != 1 || d["truncated"] != false {
			t.Fatalf("rows %v", d)
		}
		row := rows[0].(map[string]any)
		node := row["a"].(map[string]any)
		if node["elementId"] == "" || node["properties"].(map[string]any)["__id"] != a || !strings.Contains(jsonOf(t, node["labels"]), "companies") {
			t.Fatalf("node %v", node)
		}
		rel := row["e"].(map[string]any)
		if rel["type"] != "LINK" || rel["start"] != node["elementId"] || rel["properties"].(map[string]any)["description"] != "CEO" {
			t.Fatalf("relationship %v", rel)
		}
		if _, err := time.Parse(time.RFC3339Nano, rel["properties"].(map[string]any)["createdAt"].(string)); err != nil {
			t.Fatalf("createdAt is not RFC 3339: %v", err)
		}
		path := row["p"].(map[string]any)
		if len(path["nodes"].([]any)) != 2 || len(path["relationships"].([]any)) != 1 {
			t.Fatalf("path %v", path)
		}
		if row["founded"] != "1999-01-02T00:00:00Z" {
			t.Fatalf("founded %v", row["founded"])
		}
	})

	tests := []struct {
		name   string
		query  string
		params map[string]any
		want   string // the rows as JSON
	}{
		{"parameters keep their JSON types", "RETURN $n + 1 AS n, $f * 2 AS f, $s AS s, $l AS l, $m.k AS k",
			map[string]any{"n": 41, "f": 1.25, "s": "x", "l": []any{1, "a", true}, "m": map[string]any{"k": nil}},
			`[{"f":2.5,"k":null,"l":[1,"a",true],"n":42,"s":"x"}]`},
		{"datetimes are RFC 3339 with their offset", "RETURN datetime('2024-05-01T02:00:00+02:00') AS d, date('2024-05-01') AS day, duration('P1DT2H') AS dur", nil,
			`[{"d":"2024-05-01T02:00:00+02:00","day":"2024-05-01","dur":"P0M1DT7200S"}]`},
		{"NaN and infinities are text", "RETURN 0.0/0.0 AS nan, 1.0/0.0 AS inf, -1.0/0.0 AS ninf", nil,
			`[{"inf":"Infinity","nan":"NaN","ninf":"-Infinity"}]`},
		{"points are objects", "RETURN point({x: 1.5, y: 2}) AS p", nil, `[{"p":{"srid":7203,"x":1.5,"y":2}}]`},
		{"labels are read with Cypher", "MATCH (r:Record {__project: $p}) UNWIND labels(r) AS label WITH DISTINCT label WHERE label <> 'Record' RETURN label ORDER BY label",
			map[string]any{"p": ev.project.ID}, `[{"label":"companies"},{"label":"people"}]`},
		{"USE of relgraph's database runs", "USE neo4j RETURN 1 AS one", nil, `[{"one":1}]`},
		{"a statement already explained runs as an explanation", "EXPLAIN MATCH (r:Record) RETURN r", nil, `[]`},
		{"a subquery runs", "CALL { RETURN 1 AS x UNION RETURN 2 AS x } RETURN sum(x) AS s", nil, `[{"s":3}]`},
		{"SHOW INDEXES runs", "SHOW INDEXES YIELD name WHERE name = 'record_project' RETURN name", nil, `[{"name":"record_project"}]`},
		{"keywords in strings and comments are text", "RETURN 'LOAD CSV' AS s // CALL dbms.killConnections()", nil, `[{"s":"LOAD CSV"}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := cypherCall(t, ev.e, tc.query, tc.params)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
			if got := jsonOf(t, r.data()["rows"]); got != tc.want {
				t.Fatalf("rows %s, want %s", got, tc.want)
			}
		})
	}
}

func TestCypherRefusals(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("companies", map[string]any{"name": "Acme"})
	tests := []struct {
		name       string
		query      string
		token      string
		wantStatus int
		wantCode   string
	}{
		{"CREATE is refused by the database", "CREATE (n:Record:companies {__id: 'x', __project: $p}) RETURN n", adminKey, 400, "cypher_refused"},
		{"MERGE is refused by the database", "MERGE (n:CypherProbe {k: 1}) RETURN n", adminKey, 400, "cypher_refused"},
		{"SET is refused by the database", "MATCH (r:Record {__id: $a}) SET r.name = 'Hacked' RETURN r", adminKey, 400, "cypher_refused"},
		{"DELETE is refused by the database", "MATCH (r:Record {__id: $a}) DETACH DELETE r", adminKey, 400, "cypher_refused"},
		{"schema writes are refused by the database", "CREATE INDEX cypher_probe IF NOT EXISTS FOR (n:CypherProbe) ON (n.k)", adminKey, 400, "cypher_refused"},
		{"writing procedures are refused", "CALL db.createLabel('CypherProbe')", adminKey, 400, "cypher_refused"},
		{"LOAD CSV is refused", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", adminKey, 400, "cypher_refused"},
		{"LOAD CSV in mixed case is refused", "LoAd CsV FROM 'http://127.0.0.1/' AS l RETURN l", adminKey, 400, "cypher_refused"},
		{"LOAD CSV split by a comment is refused", "load/**/csv FROM 'http://127.0.0.1/' AS l RETURN l", adminKey, 400, "cypher_refused"},
		{"LOAD CSV across lines is refused", "WITH 1 AS x\n  LOAD\n\tCSV FROM 'http://127.0.0.1/' AS l RETURN l", adminKey, 400, "cypher_refused"},
		{"a procedure is refused", "CALL dbms.killConnections(['bolt-1'])", adminKey, 400, "cypher_refused"},
		{"db.labels is refused: it lists every project's types", "CALL db.labels() YIELD label RETURN label", adminKey, 400, "cypher_refused"},
		{"the server's configuration is refused", "CALL dbms.listConfig() YIELD name RETURN name", adminKey, 400, "cypher_refused"},
		{"SHOW SETTINGS is refused", "SHOW SETTINGS", adminKey, 400, "cypher_refused"},
		{"CALL IN TRANSACTIONS is refused", "MATCH (r:Record {__id: $a}) CALL (r) { DETACH DELETE r } IN TRANSACTIONS", adminKey, 400, "cypher_refused"},
		{"a write in a subquery is refused", "CALL { CREATE (n:CypherProbe) RETURN n } RETURN n", adminKey, 400, "cypher_refused"},
		{"a write after a union is refused", "RETURN 1 AS x UNION MERGE (n:CypherProbe {k: 2}) RETURN 2 AS x", adminKey, 400, "cypher_refused"},
		{"clearing query caches is refused", "CALL db.clearQueryCaches()", adminKey, 400, "cypher_refused"},
		{"a procedure hidden by a comment is refused", "CALL/**/dbms.listConfig() YIELD name RETURN name", adminKey, 400, "cypher_refused"},
		{"SHOW TRANSACTIONS is refused", "SHOW TRANSACTIONS", adminKey, 400, "cypher_refused"},
		{"SHOW USERS is refused", "show users", adminKey, 400, "cypher_refused"},
		{"TERMINATE is refused", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", adminKey, 400, "cypher_refused"},
		{"USE of another database is refused", "USE system CALL dbms.components() YIELD name RETURN name", adminKey, 400, "cypher_refused"},
		// 5.26 cannot EXPLAIN an administration command (invalid); 2026.08
		// plans it on the system database (refused). Either way it never runs.
		{"USE with an administration command is refused", "USE system SHOW DATABASES", adminKey, 400, "cypher_invalid or cypher_refused"},
		{"an administration command is refused", "CREATE USER probe SET PASSWORD 'probe-probe'", adminKey, 400, "cypher_refused"},
		{"a syntax error is invalid", "MATCH (n RETURN n", adminKey, 400, "cypher_invalid"},
		{"a missing parameter is invalid", "RETURN $nothing AS x", adminKey, 400, "cypher_invalid"},
		{"an unknown procedure is invalid", "CALL apoc.help('x')", adminKey, 400, "cypher_invalid"},
		{"an empty query is invalid", "  ", adminKey, 400, "cypher_invalid"},
		{"a project token is forbidden", "RETURN 1", ev.admin, 403, "forbidden"},
		{"no token is unauthorized", "RETURN 1", "", 401, "unauthorized"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, ev.e, "POST", "/api/v1/cypher", map[string]any{"query": tc.query,
				"params": map[string]any{"a": a, "p": ev.project.ID}}, tc.token)
			if r.Status != tc.wantStatus || !slices.Contains(strings.Split(tc.wantCode, " or "), r.code()) {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
		})
	}
	t.Run("nothing was written", func(t *testing.T) {
		rows := query(t, `MATCH (r:Record {__project: $p}) RETURN count(r) AS n, collect(r.name) AS names,
  COUNT { MATCH (x:CypherProbe) } AS probes, COUNT { MATCH (x:Record {__id: 'x'}) } AS x`, map[string]any{"p": ev.project.ID})
		if got := jsonOf(t, rows[0]); got != `{"n":1,"names":["Acme"],"probes":0,"x":0}` {
			t.Fatalf("the graph changed: %s", got)
		}
	})
	t.Run("a syntax error says where", func(t *testing.T) {
		r := cypherCall(t, ev.e, "MATCH (n RETURN n", nil)
		if msg := r.Body["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "line 1") {
			t.Fatalf("message %q", msg)
		}
	})
}

func TestCypherLimits(t *testing.T) {
	t.Parallel()
	cfg := testConfig
	cfg.CypherRowCap, cfg.CypherTimeout = 5, time.Second
	e := newAPI(graphtest.Store(), cfg)
	t.Run("rows beyond the cap are cut and flagged", func(t *testing.T) {
		r := cypherCall(t, e, "UNWIND range(1, 100) AS i RETURN i", nil)
		if r.Status != http.StatusOK || jsonOf(t, r.data()["rows"]) != `[{"i":1},{"i":2},{"i":3},{"i":4},{"i":5}]` || r.data()["truncated"] != true {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
	t.Run("rows up to the cap are not flagged", func(t *testing.T) {
		r := cypherCall(t, e, "UNWIND range(1, 5) AS i RETURN i", nil)
		if r.Status != http.StatusOK || len(r.data()["rows"].([]any)) != 5 || r.data()["truncated"] != false {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
	t.Run("a statement past the timeout is stopped by the database", func(t *testing.T) {
		start := time.Now()
		r := cypherCall(t, e, "UNWIND range(1, 10000000000) AS i WITH i WHERE i < 0 RETURN count(*) AS n", nil)
		if r.Status != http.StatusBadRequest || r.code() != "cypher_timeout" {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		if d := time.Since(start); d > 8*time.Second {
			t.Fatalf("stopped after %s", d)
		}
	})
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCypherEscapesReachNothing sends the statements that fooled a reading
// of the text: a line comment that Neo4j ends at an escaped newline
// (`// \u000a`), followed by what the comment seemed to hide. Each is
// refused, and the listener LOAD CSV would fetch from sees no request.
func TestCypherEscapesReachNothing(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	listener := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		fmt.Fprintln(w, "1")
	}))
	defer listener.Close()
	e := newAPI(graphtest.Store(), testConfig)
	tests := []struct {
		name  string
		query string
	}{
		{"LOAD CSV after an escaped newline in a comment", `RETURN '1' AS x // \u000a UNION LOAD CSV FROM '` + listener.URL + `/a.csv' AS x RETURN x[0] AS x`},
		{"LOAD CSV after an escaped carriage return", `RETURN '1' AS x // \u000d UNION LOAD CSV FROM '` + listener.URL + `/b.csv' AS x RETURN x[0] AS x`},
		{"a procedure after an escaped newline in a comment", `RETURN '1' AS x // \u000a UNION CALL dbms.listConfig() YIELD name AS x RETURN x`},
		{"LOAD CSV inside a subquery", `CALL { LOAD CSV FROM '` + listener.URL + `/c.csv' AS l RETURN l } RETURN l`},
		{"LOAD CSV with its URL in a parameter", `LOAD CSV FROM $url AS l RETURN l`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := cypherCall(t, e, tc.query, map[string]any{"url": listener.URL + "/d.csv"})
			if r.Status != http.StatusBadRequest || r.code() != "cypher_refused" {
				t.Fatalf("got %d %q, want 400 cypher_refused: %s", r.Status, r.code(), r.Raw)
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("the listener saw %d requests", n)
	}
}
