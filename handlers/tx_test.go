package handlers_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// inTx sends a request inside the client transaction tx.
func (ev *env) inTx(tx, method, path string, body any, token string) response {
	ev.t.Helper()
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if body == nil {
		req = httptest.NewRequest(method, path, nil)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("token", token)
	req.Header.Set("x-transaction-id", tx)
	rec := httptest.NewRecorder()
	ev.e.ServeHTTP(rec, req)
	out := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out.Body)
	return out
}

func (ev *env) begin(ttlMillis int) string {
	ev.t.Helper()
	r := ev.do("POST", "/api/v1/tx", map[string]any{"ttl": ttlMillis}, ev.write)
	if r.Status != 201 || r.data()["id"] == "" {
		ev.t.Fatalf("begin: %d %s", r.Status, r.Raw)
	}
	return r.data()["id"].(string)
}

func (ev *env) count() int64 {
	rows := query(ev.t, "MATCH (r:Record {__project: $p}) RETURN count(r) AS n", map[string]any{"p": ev.project.ID})
	return rows[0]["n"].(int64)
}

func TestTransactionCommitMakesWritesVisible(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	outside := ev.create("people", map[string]any{"name": "Out"})
	tx := ev.begin(10000)
	if r := ev.do("GET", "/api/v1/tx/"+tx, nil, ev.read); r.Status != 200 || r.data()["id"] != tx {
		t.Fatalf("get tx: %d %s", r.Status, r.Raw)
	}
	r := ev.inTx(tx, "POST", "/api/v1/records", map[string]any{"label": "people", "properties": map[string]any{"name": "In"}}, ev.write)
	if r.Status != 201 {
		t.Fatalf("create in tx: %d %s", r.Status, r.Raw)
	}
	inside := r.data()["__id"].(string)
	if r := ev.inTx(tx, "POST", "/api/v1/records/"+outside+"/relations", map[string]any{"targetIds": inside}, ev.write); r.Status != 201 {
		t.Fatalf("attach in tx: %d %s", r.Status, r.Raw)
	}
	if r := ev.inTx(tx, "GET", "/api/v1/records/"+inside, nil, ev.read); r.Status != 200 {
		t.Fatalf("the transaction sees its own writes: %d", r.Status)
	}
	if r := ev.do("GET", "/api/v1/records/"+inside, nil, ev.read); r.Status != 404 {
		t.Fatalf("uncommitted work must be invisible outside: %d", r.Status)
	}
	if r := ev.do("GET", "/api/v1/records/"+outside+"/relations", nil, ev.read); r.Body["total"].(float64) != 0 {
		t.Fatalf("an uncommitted edge is visible outside: %s", r.Raw)
	}
	if r := ev.do("POST", "/api/v1/tx/"+tx+"/commit", nil, ev.write); r.Status != 200 {
		t.Fatalf("commit: %d %s", r.Status, r.Raw)
	}
	if r := ev.do("GET", "/api/v1/records/"+outside+"/relations", nil, ev.read); r.Body["total"].(float64) != 1 {
		t.Fatalf("after commit: %s", r.Raw)
	}
	if r := ev.do("POST", "/api/v1/tx/"+tx+"/commit", nil, ev.write); r.Status != 404 || r.code() != "transaction_not_found" {
		t.Fatalf("committing twice: %d %s", r.Status, r.Raw)
	}
}

func TestTransactionRollbackLeavesNothing(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a := ev.create("people", nil)
	tx := ev.begin(10000)
	ev.inTx(tx, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write)
	ev.inTx(tx, "PATCH", "/api/v1/records/"+a, map[string]any{"properties": map[string]any{"name": "changed"}}, ev.write)
	if r := ev.do("POST", "/api/v1/tx/"+tx+"/rollback", nil, ev.write); r.Status != 200 {
		t.Fatalf("rollback: %d %s", r.Status, r.Raw)
	}
	if n := ev.count(); n != 1 {
		t.Fatalf("%d records after rollback, want 1", n)
	}
	if name := ev.do("GET", "/api/v1/records/"+a, nil, ev.read).data()["name"]; name != nil {
		t.Fatalf("a rolled back update stayed: %v", name)
	}
}

func TestTransactionExpiresAndRollsBack(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	tx := ev.begin(300)
	if r := ev.inTx(tx, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write); r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Raw)
	}
	time.Sleep(time.Second)
	if r := ev.inTx(tx, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write); r.Status != 404 || r.code() != "transaction_not_found" {
		t.Fatalf("an expired transaction: %d %s", r.Status, r.Raw)
	}
	if n := ev.count(); n != 0 {
		t.Fatalf("an expired transaction left %d records", n)
	}
}

// TestTransactionWithTheShortestTTL: a 1 ms transaction expires while it is
// being opened; the race detector watches its timer.
func TestTransactionWithTheShortestTTL(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for range 5 {
		r := ev.do("POST", "/api/v1/tx", map[string]any{"ttl": 1}, ev.write)
		if r.Status != 201 {
			t.Fatalf("begin: %d %s", r.Status, r.Raw)
		}
	}
	time.Sleep(50 * time.Millisecond)
}

func TestTransactionRules(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	other := graphtest.Project(t)
	otherToken := ev.token(other.ID, graph.RoleWrite)
	tx := ev.begin(10000)
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		token      string
		header     string
		wantStatus int
		wantCode   string
	}{
		{"an unknown transaction id", "GET", "/api/v1/records/x", nil, ev.read, "no-such-tx", 404, "transaction_not_found"},
		{"another project's transaction", "POST", "/api/v1/records", map[string]any{"label": "people"}, otherToken, tx, 404, "transaction_not_found"},
		{"another project cannot commit it", "POST", "/api/v1/tx/" + tx + "/commit", nil, otherToken, "", 404, "transaction_not_found"},
		{"a ttl out of range", "POST", "/api/v1/tx", map[string]any{"ttl": 0}, ev.write, "", 400, "invalid_ttl"},
		{"a ttl that is not a number", "POST", "/api/v1/tx", map[string]any{"ttl": "soon"}, ev.write, "", 400, "invalid_ttl"},
		{"a ttl given as a string of digits", "POST", "/api/v1/tx", map[string]any{"ttl": "5000"}, ev.write, "", 400, "invalid_ttl"},
		{"a read token cannot write in a transaction", "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.read, tx, 403, "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r response
			if tc.header != "" {
				r = ev.inTx(tc.header, tc.method, tc.path, tc.body, tc.token)
			} else {
				r = ev.do(tc.method, tc.path, tc.body, tc.token)
			}
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
		})
	}
	ev.do("POST", "/api/v1/tx/"+tx+"/rollback", nil, ev.write)
	if n := ev.count(); n != 0 {
		t.Fatalf("%d records written", n)
	}
}

func TestTransactionsPerProjectAreBounded(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	var ids []string
	for i := 0; i < graph.MaxTxsPerProject; i++ {
		ids = append(ids, ev.begin(20000))
	}
	if r := ev.do("POST", "/api/v1/tx", nil, ev.write); r.Status != 429 || r.code() != "too_many_transactions" {
		t.Fatalf("one transaction too many: %d %s", r.Status, r.Raw)
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send(t, ev.e, "POST", "/api/v1/tx/"+id+"/rollback", nil, ev.write)
		}()
	}
	wg.Wait()
	tx := ev.begin(1000)
	ev.do("POST", "/api/v1/tx/"+tx+"/rollback", nil, ev.write)
}

func TestBrokenRuleInATransactionRollsItBack(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	r := ev.do("PUT", "/api/v1/types/teams", map[string]any{"title": "Team", "properties": map[string]any{
		"members": map[string]any{"type": "array", "maxItems": 1, "x-type-schema": map[string]any{"input": "relation", "view": "relation", "filter": "relation"}},
	}}, ev.admin)
	if r.Status != 200 && r.Status != 201 {
		t.Fatalf("declare: %d %s", r.Status, r.Raw)
	}
	team := ev.create("teams", nil)
	a, b := ev.create("people", nil), ev.create("people", nil)
	tx := ev.begin(10000)
	if r := ev.inTx(tx, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write); r.Status != 201 {
		t.Fatalf("create in tx: %d %s", r.Status, r.Raw)
	}
	if r := ev.inTx(tx, "POST", "/api/v1/records/"+team+"/relations", map[string]any{"targetIds": []string{a, b}, "type": "members"}, ev.write); r.Status != 422 {
		t.Fatalf("two members over maxItems 1: %d %s", r.Status, r.Raw)
	}
	if r := ev.inTx(tx, "GET", "/api/v1/records/"+a, nil, ev.read); r.code() != "transaction_not_found" {
		t.Fatalf("the transaction must be rolled back after a broken rule: %d %s", r.Status, r.Raw)
	}
	if n := ev.count(); n != 3 {
		t.Fatalf("%d records, want the 3 written outside the transaction", n)
	}
}
