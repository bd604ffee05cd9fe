package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

const (
	keyHeader      = "Idempotency-Key"
	replayedHeader = "Idempotent-Replayed"
)

// sendKeyed sends a request with an Idempotency-Key (none when key is
// nil) and, when tx is not empty, inside that client transaction.
func sendKeyed(t testing.TB, h http.Handler, method, path string, body any, token string, key *string, tx string) response {
	t.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != nil {
		req.Header[keyHeader] = []string{*key}
	}
	if tx != "" {
		req.Header.Set("x-transaction-id", tx)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out.Body)
	return out
}

// keyed sends a request of ev's API with an Idempotency-Key.
func (ev *env) keyed(method, path string, body any, token, key string) response {
	ev.t.Helper()
	return sendKeyed(ev.t, ev.e, method, path, body, token, &key, "")
}

// state is what a project holds: its records and its edges.
func state(t testing.TB, project string) string {
	t.Helper()
	rows := query(t, `MATCH (r:Record {__project: $p})
OPTIONAL MATCH (r)-[e:LINK]->()
RETURN count(DISTINCT r) AS records, count(e) AS edges`, map[string]any{"p": project})
	return fmt.Sprintf("%d records, %d edges", rows[0]["records"], rows[0]["edges"])
}

// labelCount counts the records of a type in a project.
func labelCount(t testing.TB, project, label string) int64 {
	t.Helper()
	rows := query(t, "MATCH (r:Record {__project: $p}) WHERE $label IN labels(r) RETURN count(r) AS n",
		map[string]any{"p": project, "label": label})
	return rows[0]["n"].(int64)
}

func TestIdempotencyKeyReplaysTheFirstOutcome(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ada, bo := ev.create("people", map[string]any{"name": "Ada"}), ev.create("people", map[string]any{"name": "Bo"})
	doomed := ev.create("people", map[string]any{"name": "Cy"})
	tests := []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"a create answers the record it created", "POST", "/api/v1/records",
			map[string]any{"label": "cities", "properties": map[string]any{"name": "Oslo"}}, 201},
		{"an import answers the records it imported", "POST", "/api/v1/records/import/json",
			map[string]any{"label": "companies", "payload": map[string]any{"name": "Initech", "staff": []any{map[string]any{"name": "Peter"}}}}, 201},
		{"an attach answers the edges it made", "POST", "/api/v1/records/" + ada + "/relations",
			map[string]any{"targetIds": []string{bo}, "type": "knows"}, 201},
		{"an update answers the record it updated", "PATCH", "/api/v1/records/" + bo,
			map[string]any{"properties": map[string]any{"age": 41}}, 200},
		{"a delete answers its first success, not a 404", "DELETE", "/api/v1/records/" + doomed, nil, 200},
		{"a CSV import answers the records it imported", "POST", "/api/v1/records/import/csv",
			map[string]any{"label": "companies", "data": "name\nHooli\n"}, 201},
		{"a delete by query answers what it deleted", "POST", "/api/v1/records/delete",
			map[string]any{"labels": []string{"cities"}, "where": map[string]any{"name": "Oslo"}}, 200},
		{"a type declaration answers the type it declared", "PUT", "/api/v1/types/tickets",
			map[string]any{"title": "Ticket", "properties": map[string]any{"seat": map[string]any{"type": "string"}}}, 201},
	}
	ev.cleanTypes()
	for i, tc := range tests {
		key := fmt.Sprintf("replay-%d", i)
		first := ev.keyed(tc.method, tc.path, tc.body, ev.admin, key)
		if first.Status != tc.want || first.Header.Get(replayedHeader) != "" {
			t.Fatalf("%s: first answer %d (%s: %q) %s, want %d, not replayed", tc.name, first.Status,
				replayedHeader, first.Header.Get(replayedHeader), first.Raw, tc.want)
		}
		if first.Header.Get("X-Relgraph-Bookmark") == "" {
			t.Errorf("%s: the first answer carries no bookmark of its write", tc.name)
		}
		before := state(t, ev.project.ID)
		again := ev.keyed(tc.method, tc.path, tc.body, ev.admin, key)
		if again.Status != first.Status || again.Raw != first.Raw || again.Header.Get(replayedHeader) != "true" ||
			again.Header.Get("Content-Type") != first.Header.Get("Content-Type") {
			t.Errorf("%s: the retry answered %d (%s: %q, %s) %s\nwant the first answer, replayed: %d (%s) %s", tc.name,
				again.Status, replayedHeader, again.Header.Get(replayedHeader), again.Header.Get("Content-Type"), again.Raw,
				first.Status, first.Header.Get("Content-Type"), first.Raw)
		}
		if after := state(t, ev.project.ID); after != before {
			t.Errorf("%s: the retry changed the graph: %s before, %s after", tc.name, before, after)
		}
	}
}

func TestIdempotencyKeyReusedForAnotherRequestIs422(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	first := ev.keyed("POST", "/api/v1/records", map[string]any{"label": "cities", "properties": map[string]any{"name": "Oslo"}}, ev.write, "reused")
	if first.Status != 201 {
		t.Fatalf("first: %d %s", first.Status, first.Raw)
	}
	id := first.data()["__id"].(string)
	tests := []struct {
		name, method, path string
		body               any
	}{
		{"another body", "POST", "/api/v1/records", map[string]any{"label": "cities", "properties": map[string]any{"name": "Bergen"}}},
		{"another route", "DELETE", "/api/v1/records/" + id, nil},
		{"another query", "POST", "/api/v1/records?pretty", map[string]any{"label": "cities", "properties": map[string]any{"name": "Oslo"}}},
	}
	for _, tc := range tests {
		r := ev.keyed(tc.method, tc.path, tc.body, ev.write, "reused")
		if r.Status != 422 || r.code() != "idempotency_key_reused" {
			t.Errorf("%s under a used key: %d %s, want 422 idempotency_key_reused", tc.name, r.Status, r.Raw)
		}
	}
	if got := state(t, ev.project.ID); got != "1 records, 0 edges" {
		t.Errorf("the refused requests changed the graph: %s", got)
	}
}

func TestIdempotencyKeyConcurrentRequestsWriteOnce(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	const n = 8
	body := map[string]any{"label": "tickets", "properties": map[string]any{"seat": "12A"}}
	answers := make([]response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			key := "one-seat"
			answers[i] = sendKeyed(t, ev.e, "POST", "/api/v1/records", body, ev.write, &key, "")
		}()
	}
	close(start)
	wg.Wait()
	var ran []response
	for _, r := range answers {
		switch {
		case r.Status == 201 && r.Header.Get(replayedHeader) == "":
			ran = append(ran, r)
		case r.Status == 201 && r.Header.Get(replayedHeader) == "true":
		case r.Status == 409 && r.code() == "idempotency_key_in_use":
		default:
			t.Errorf("a concurrent request answered %d %s", r.Status, r.Raw)
		}
	}
	if len(ran) != 1 {
		t.Fatalf("%d requests ran the write, want exactly 1", len(ran))
	}
	for _, r := range answers {
		if r.Status == 201 && r.Raw != ran[0].Raw {
			t.Errorf("a replay answered %s, want the first answer %s", r.Raw, ran[0].Raw)
		}
	}
	if got := labelCount(t, ev.project.ID, "tickets"); got != 1 {
		t.Errorf("%d tickets stored, want 1", got)
	}
}

func TestIdempotencyKeyExpiresAfter24Hours(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	body := map[string]any{"label": "cities", "properties": map[string]any{"name": "Oslo"}}
	first := ev.keyed("POST", "/api/v1/records", body, ev.write, "daily")
	if r := ev.keyed("POST", "/api/v1/records", body, ev.write, "daily"); r.Status != 201 || r.Header.Get(replayedHeader) != "true" || r.Raw != first.Raw {
		t.Fatalf("a retry within the day: %d %s, want the replay of %s", r.Status, r.Raw, first.Raw)
	}
	rows := query(t, `MATCH (k:IdempotencyKey {project: $p, key: 'daily'})
RETURN k.expiresAt > datetime() + duration('PT23H59M') AND k.expiresAt <= datetime() + duration('PT24H') AS day`, map[string]any{"p": ev.project.ID})
	if len(rows) != 1 || rows[0]["day"] != true {
		t.Fatalf("the stored key: %v, want one that expires in 24 hours", rows)
	}
	query(t, "MATCH (k:IdempotencyKey {project: $p, key: 'daily'}) SET k.expiresAt = datetime() - duration('PT1S')", map[string]any{"p": ev.project.ID})
	again := ev.keyed("POST", "/api/v1/records", body, ev.write, "daily")
	if again.Status != 201 || again.Header.Get(replayedHeader) != "" || again.data()["__id"] == first.data()["__id"] {
		t.Fatalf("after the key expired: %d (%s: %q) %s, want a new record", again.Status, replayedHeader, again.Header.Get(replayedHeader), again.Raw)
	}
	if got := labelCount(t, ev.project.ID, "cities"); got != 2 {
		t.Errorf("%d cities, want 2: the expired key lets the write run again", got)
	}
}

func TestIdempotencyKeyOfAnotherProjectDoesNotReplay(t *testing.T) {
	t.Parallel()
	a, b := newEnv(t), newEnv(t)
	body := map[string]any{"label": "cities", "properties": map[string]any{"name": "Oslo"}}
	first := a.keyed("POST", "/api/v1/records", body, a.write, "shared-key")
	other := b.keyed("POST", "/api/v1/records", body, b.write, "shared-key")
	if other.Status != 201 || other.Header.Get(replayedHeader) != "" || other.Raw == first.Raw {
		t.Fatalf("another project's request under the same key: %d (%s: %q) %s, want its own new record",
			other.Status, replayedHeader, other.Header.Get(replayedHeader), other.Raw)
	}
	if r := a.keyed("POST", "/api/v1/records", body, a.read, "shared-key"); r.Status != 403 {
		t.Errorf("a read token replaying a write: %d %s, want 403", r.Status, r.Raw)
	}
	if r := a.keyed("POST", "/api/v1/records", body, a.admin, "shared-key"); r.Header.Get(replayedHeader) != "true" || r.Raw != first.Raw {
		t.Errorf("another write token of the same project: %d %s, want the replay of %s", r.Status, r.Raw, first.Raw)
	}
	for _, ev := range []*env{a, b} {
		if got := labelCount(t, ev.project.ID, "cities"); got != 1 {
			t.Errorf("project %s holds %d cities, want 1", ev.project.ID, got)
		}
	}
}

func TestIdempotencyKeyMustBePrintableASCII(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	tests := []struct {
		name, key string
		want      int
		code      string
	}{
		{"an empty key", "", 400, "invalid_idempotency_key"},
		{"a key over 255 bytes", strings.Repeat("k", 256), 400, "invalid_idempotency_key"},
		{"a key with a control character", "abc\x01def", 400, "invalid_idempotency_key"},
		{"a key beyond ASCII", "clé", 400, "invalid_idempotency_key"},
		{"a key of 255 bytes", strings.Repeat("k", 255), 201, ""},
		{"a key with spaces and punctuation", "order 42 / try #1", 201, ""},
	}
	for _, tc := range tests {
		r := ev.keyed("POST", "/api/v1/records", map[string]any{"label": "keys"}, ev.write, tc.key)
		if r.Status != tc.want || r.code() != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.Status, r.Raw, tc.want, tc.code)
		}
	}
	if got := labelCount(t, ev.project.ID, "keys"); got != 2 {
		t.Errorf("%d records, want the 2 of the valid keys", got)
	}
}

func TestIdempotencyKeyWhereItDoesNotApply(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	tx := ev.begin(10000)
	defer ev.do("POST", "/api/v1/tx/"+tx+"/rollback", nil, ev.write)
	search := map[string]any{"labels": []string{"people"}}
	tests := []struct {
		name, method, path string
		body               any
		token, tx          string
		want               int
		code               string
	}{
		{"a search changes nothing and answers afresh", "POST", "/api/v1/records/search", search, ev.read, "", 200, ""},
		{"a write inside a client transaction", "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, tx, 400, "idempotency_key_in_transaction"},
		{"beginning a client transaction", "POST", "/api/v1/tx", nil, ev.write, "", 400, "idempotency_not_supported"},
		{"committing a client transaction", "POST", "/api/v1/tx/" + tx + "/commit", nil, ev.write, "", 400, "idempotency_not_supported"},
		{"creating a project", "POST", "/api/v1/projects", map[string]any{"name": "keyed"}, adminKey, "", 400, "idempotency_not_supported"},
	}
	for _, tc := range tests {
		key := "not-here"
		for attempt := range 2 {
			r := sendKeyed(t, ev.e, tc.method, tc.path, tc.body, tc.token, &key, tc.tx)
			if id, _ := r.data()["id"].(string); r.Status == 201 && tc.path == "/api/v1/projects" {
				graphtest.Store().DeleteProject(t.Context(), id)
			}
			if r.Status != tc.want || r.code() != tc.code || r.Header.Get(replayedHeader) != "" {
				t.Errorf("%s (attempt %d): %d (%s: %q) %s, want %d %s", tc.name, attempt+1, r.Status,
					replayedHeader, r.Header.Get(replayedHeader), r.Raw, tc.want, tc.code)
			}
		}
	}
	if got := ev.count(); got != 0 {
		t.Errorf("%d records, want none", got)
	}
}

// TestIdempotencyKeyOnEveryWriteRoute is driven by /openapi.json: every
// operation that declares the Idempotency-Key header checks it (a key
// that is not printable ASCII is a 400), and every route that writes
// project data declares it.
func TestIdempotencyKeyOnEveryWriteRoute(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	doc := openAPIDoc(t, ev.e)
	reads := map[string]bool{}
	for _, r := range []string{"/api/v1/records/search", "/api/v1/records/{id}/search", "/api/v1/labels", "/api/v1/labels/search",
		"/api/v1/records/relations/search", "/api/v1/relationships/search", "/api/v1/properties", "/api/v1/properties/search",
		"/api/v1/properties/{id}/values", "/api/v1/records/export/csv", "/api/v1/cypher"} {
		reads["POST "+r] = true
	}
	refused := func(path string) bool {
		return strings.HasPrefix(path, "/api/v1/tx") || strings.HasPrefix(path, "/api/v1/projects")
	}
	bad := "bad\x7fkey"
	checked := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if method == "GET" || method == "HEAD" {
				continue
			}
			declares := false
			for _, p := range op.Parameters {
				if p.Value != nil && p.Value.In == "header" && p.Value.Name == keyHeader {
					declares = true
				}
			}
			writes := !reads[method+" "+path] && !refused(path)
			if declares != writes {
				t.Errorf("%s %s declares %s: %v, want %v", method, path, keyHeader, declares, writes)
			}
			token := ev.admin
			if strings.HasPrefix(path, "/api/v1/projects") {
				token = adminKey
			}
			concrete := strings.NewReplacer("{id}", "none", "{tokenId}", "none", "{type}", "none").Replace(path)
			r := sendKeyed(t, ev.e, method, concrete, map[string]any{}, token, &bad, "")
			if checks := r.Status == 400 && r.code() == "invalid_idempotency_key"; checks != writes {
				t.Errorf("%s %s with a malformed key: %d %s; checks the key: %v, want %v", method, path, r.Status, r.Raw, checks, writes)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d write operations checked", checked)
	}
}

// commitFaultAPI is an API whose database connections go through a
// proxy that can break a COMMIT, with a project and a write token.
func commitFaultAPI(t *testing.T) (*echo.Echo, *graphtest.BoltProxy, string, string) {
	t.Helper()
	proxy := graphtest.StartBoltProxy(t)
	store := proxy.Store(t, time.Second)
	p := graphtest.Project(t)
	tok, err := graphtest.Store().CreateToken(t.Context(), p.ID, graph.RoleWrite)
	if err != nil {
		t.Fatal(err)
	}
	return newAPI(store, testConfig), proxy, p.ID, tok.Secret
}

// TestCommitOutcomeUnknownAnswersItsOwnCode loses the database connection
// exactly at COMMIT: after the database committed (its answer is lost) or
// before the COMMIT reached it. The client is told the write may have been
// applied, and a retry under the same Idempotency-Key answers the truth.
func TestCommitOutcomeUnknownAnswersItsOwnCode(t *testing.T) {
	t.Parallel()
	e, proxy, project, token := commitFaultAPI(t)
	tests := []struct {
		name        string
		fault       graphtest.CommitFault
		key         string
		wantStored  int64 // after the broken request
		wantReplay  bool  // the retry under the key replays
		wantRetried int64 // after the retry under the key
	}{
		{"committed, its answer lost", graphtest.CommitAppliedAnswerLost, "", 1, false, 0},
		{"the commit never arrived", graphtest.CommitNeverArrives, "", 0, false, 0},
		{"committed with its key, its answer lost", graphtest.CommitAppliedAnswerLost, "lost-answer", 1, true, 1},
		{"the keyed commit never arrived", graphtest.CommitNeverArrives, "lost-commit", 0, false, 1},
	}
	for i, tc := range tests {
		label := fmt.Sprintf("case%d", i)
		body := map[string]any{"label": label}
		var key *string
		if tc.key != "" {
			key = &tc.key
		}
		proxy.BreakNextCommit(tc.fault)
		r := sendKeyed(t, e, "POST", "/api/v1/records", body, token, key, "")
		if r.Status != 503 || r.code() != "commit_outcome_unknown" || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s: %d (Retry-After %q) %s, want 503 commit_outcome_unknown", tc.name, r.Status, r.Header.Get("Retry-After"), r.Raw)
		}
		if got := labelCount(t, project, label); got != tc.wantStored {
			t.Errorf("%s: %d records stored, want %d", tc.name, got, tc.wantStored)
		}
		if key == nil {
			continue
		}
		again := sendKeyed(t, e, "POST", "/api/v1/records", body, token, key, "")
		if again.Status != 201 || (again.Header.Get(replayedHeader) == "true") != tc.wantReplay {
			t.Errorf("%s: the retry under the key answered %d (%s: %q) %s, want 201 replayed %v", tc.name, again.Status,
				replayedHeader, again.Header.Get(replayedHeader), again.Raw, tc.wantReplay)
		}
		if got := labelCount(t, project, label); got != tc.wantRetried {
			t.Errorf("%s: %d records after the retry, want %d", tc.name, got, tc.wantRetried)
		}
	}
}

// TestCommitOutcomeKnownFailureKeepsUnavailable: a write that fails before
// it could commit (the database cannot be reached) is still the generic
// 503 unavailable, with Retry-After.
func TestCommitOutcomeKnownFailureKeepsUnavailable(t *testing.T) {
	t.Parallel()
	e, proxy, project, token := commitFaultAPI(t)
	if r := sendKeyed(t, e, "GET", "/api/v1/records/none", nil, token, nil, ""); r.Status != 404 {
		t.Fatalf("warm the token cache: %d %s", r.Status, r.Raw)
	}
	proxy.Close()
	key := "unreachable"
	for _, k := range []*string{nil, &key} {
		r := sendKeyed(t, e, "POST", "/api/v1/records", map[string]any{"label": "things"}, token, k, "")
		if r.Status != 503 || r.code() != "unavailable" || r.Header.Get("Retry-After") == "" {
			t.Errorf("key %v: %d (Retry-After %q) %s, want 503 unavailable", k != nil, r.Status, r.Header.Get("Retry-After"), r.Raw)
		}
	}
	if got := labelCount(t, project, "things"); got != 0 {
		t.Errorf("%d records stored, want none", got)
	}
}

// TestCommitOutcomeTransactionAbortedByALostConnection: a client
// transaction whose database connection is lost answers
// transaction_aborted at once, and on every later call, not 503 and then
// 404.
func TestCommitOutcomeTransactionAbortedByALostConnection(t *testing.T) {
	t.Parallel()
	e, proxy, project, token := commitFaultAPI(t)
	begin := sendKeyed(t, e, "POST", "/api/v1/tx", map[string]any{"ttl": 10000}, token, nil, "")
	if begin.Status != 201 {
		t.Fatalf("begin: %d %s", begin.Status, begin.Raw)
	}
	tx := begin.data()["id"].(string)
	if r := sendKeyed(t, e, "POST", "/api/v1/records", map[string]any{"label": "drafts"}, token, nil, tx); r.Status != 201 {
		t.Fatalf("write in the transaction: %d %s", r.Status, r.Raw)
	}
	proxy.CutAll()
	calls := []struct{ name, method, path string }{
		{"the next statement", "POST", "/api/v1/records"},
		{"the one after", "POST", "/api/v1/records"},
		{"a commit", "POST", "/api/v1/tx/" + tx + "/commit"},
	}
	for _, c := range calls {
		in := tx
		if strings.HasPrefix(c.path, "/api/v1/tx/") {
			in = ""
		}
		r := sendKeyed(t, e, c.method, c.path, map[string]any{"label": "drafts"}, token, nil, in)
		if r.Status != 409 || r.code() != "transaction_aborted" {
			t.Errorf("%s after the connection was lost: %d %s, want 409 transaction_aborted", c.name, r.Status, r.Raw)
		}
	}
	if got := labelCount(t, project, "drafts"); got != 0 {
		t.Errorf("%d drafts stored, want none: the transaction was rolled back", got)
	}
	if r := sendKeyed(t, e, "POST", "/api/v1/tx", nil, token, nil, ""); r.Status != 201 {
		t.Errorf("a new transaction after the loss: %d %s", r.Status, r.Raw)
	}
}

// Deleting a project removes its idempotency keys with the answers they
// keep: nothing of the project stays behind for the keys' 24 hours.
func TestIdempotencyKeysGoWithTheirProject(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	body := map[string]any{"label": "cities", "properties": map[string]any{"name": "Oslo"}}
	if r := ev.keyed("POST", "/api/v1/records", body, ev.write, "kept-answer"); r.Status != 201 {
		t.Fatalf("keyed create: %d %s", r.Status, r.Raw)
	}
	keys := func() int64 {
		rows := query(t, "MATCH (k:IdempotencyKey {project: $p}) RETURN count(k) AS n", map[string]any{"p": ev.project.ID})
		return rows[0]["n"].(int64)
	}
	if n := keys(); n != 1 {
		t.Fatalf("keys stored for the project: %d, want 1", n)
	}
	if r := ev.do("DELETE", "/api/v1/projects/"+ev.project.ID, nil, adminKey); r.Status != 200 {
		t.Fatalf("delete project: %d %s", r.Status, r.Raw)
	}
	if n := keys(); n != 0 {
		t.Errorf("keys left after the project was deleted: %d, want 0", n)
	}
}
