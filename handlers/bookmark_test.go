package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/handlers"
)

const bookmarkHeader = "X-Relgraph-Bookmark"

// sendHeaders is send with extra request headers.
func sendHeaders(t testing.TB, h http.Handler, method, path string, body any, token string, header http.Header) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
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
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out.Body)
	return out
}

// bookmarked is the request header that sends a bookmark back.
func bookmarked(bookmark string) http.Header {
	return http.Header{bookmarkHeader: {bookmark}}
}

// instance is another relgraph instance on the test database: an API with
// its own store and driver, named name.
func instance(t *testing.T, name string) http.Handler {
	t.Helper()
	srv := graphtest.Server()
	s, err := graphtest.Open(context.Background(), srv.URI, srv.User, srv.Password, srv.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	cfg := testConfig
	cfg.Instance = name
	return newAPI(s, cfg)
}

// TestBookmarkAcrossInstances: the bookmark of a write answered by one
// instance, sent to another, makes the other's reads and writes see it.
func TestBookmarkAcrossInstances(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b := instance(t, "a:1"), instance(t, "b:2")
	// write sends a write to a and returns the answer's bookmark, and the
	// request b sends after it, whose answer shows the write.
	tests := []struct {
		name       string
		write      func(t *testing.T) (bookmark string, read func(bookmark string) response)
		wantStatus int
	}{
		{"a record created in A is read in B", func(t *testing.T) (string, func(string) response) {
			r := sendHeaders(t, a, "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": "Ada"}}, ev.write, nil)
			if r.Status != http.StatusCreated {
				t.Fatalf("create: %d %s", r.Status, r.Raw)
			}
			id := r.data()["__id"].(string)
			return r.Header.Get(bookmarkHeader), func(bm string) response {
				return sendHeaders(t, b, "GET", "/api/v1/records/"+id, nil, ev.read, bookmarked(bm))
			}
		}, http.StatusOK},
		{"a link attached in A is listed in B", func(t *testing.T) (string, func(string) response) {
			from, to := ev.create("people", nil), ev.create("people", nil)
			r := sendHeaders(t, a, "POST", "/api/v1/records/"+from+"/relations", map[string]any{"targetIds": to, "type": "knows"}, ev.write, nil)
			if r.Status != http.StatusCreated {
				t.Fatalf("attach: %d %s", r.Status, r.Raw)
			}
			return r.Header.Get(bookmarkHeader), func(bm string) response {
				r := sendHeaders(t, b, "GET", "/api/v1/records/"+from+"/relations", nil, ev.read, bookmarked(bm))
				if r.Body["total"] != float64(1) {
					t.Fatalf("B lists %v links, want 1: %s", r.Body["total"], r.Raw)
				}
				return r
			}
		}, http.StatusOK},
		{"a type declared in A is enforced by B", func(t *testing.T) (string, func(string) response) {
			r := sendHeaders(t, a, "PUT", "/api/v1/types/members", map[string]any{"required": []string{"name"},
				"properties": map[string]any{"name": map[string]any{"type": "string"}}}, ev.admin, nil)
			if r.Status != http.StatusCreated {
				t.Fatalf("declare: %d %s", r.Status, r.Raw)
			}
			return r.Header.Get(bookmarkHeader), func(bm string) response {
				return sendHeaders(t, b, "POST", "/api/v1/records", map[string]any{"label": "members", "data": map[string]any{"age": 3}}, ev.write, bookmarked(bm))
			}
		}, http.StatusUnprocessableEntity},
		{"a client transaction committed in A is read in B", func(t *testing.T) (string, func(string) response) {
			tx := sendHeaders(t, a, "POST", "/api/v1/tx", map[string]any{"ttl": 10000}, ev.write, nil).data()["id"].(string)
			r := sendHeaders(t, a, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, http.Header{"X-Transaction-Id": {tx}})
			if r.Status != http.StatusCreated || r.Header.Get(bookmarkHeader) != "" {
				t.Fatalf("a write in a transaction answers %d, bookmark %q (none: nothing is committed yet)", r.Status, r.Header.Get(bookmarkHeader))
			}
			id := r.data()["__id"].(string)
			c := sendHeaders(t, a, "POST", "/api/v1/tx/"+tx+"/commit", nil, ev.write, nil)
			if c.Status != http.StatusOK {
				t.Fatalf("commit: %d %s", c.Status, c.Raw)
			}
			return c.Header.Get(bookmarkHeader), func(bm string) response {
				return sendHeaders(t, b, "GET", "/api/v1/records/"+id, nil, ev.read, bookmarked(bm))
			}
		}, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bookmark, read := tc.write(t)
			if bookmark == "" {
				t.Fatal("the write's answer carries no bookmark")
			}
			r := read(bookmark)
			if r.Status != tc.wantStatus {
				t.Fatalf("B with the bookmark: %d, want %d: %s", r.Status, tc.wantStatus, r.Raw)
			}
			if r.Status == http.StatusOK && r.Header.Get(bookmarkHeader) != "" {
				t.Fatalf("a read answers a bookmark: %q", r.Header.Get(bookmarkHeader))
			}
		})
	}
	t.Run("a write in B with A's bookmark answers a new one", func(t *testing.T) {
		first := sendHeaders(t, a, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, nil).Header.Get(bookmarkHeader)
		r := sendHeaders(t, b, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, bookmarked(first))
		if r.Status != http.StatusCreated || r.Header.Get(bookmarkHeader) == "" || r.Header.Get(bookmarkHeader) == first {
			t.Fatalf("%d, bookmark %q after %q", r.Status, r.Header.Get(bookmarkHeader), first)
		}
	})
}

// TestBookmarkConcurrentClients: clients writing through A and reading
// through B at once each read their own write.
func TestBookmarkConcurrentClients(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b := instance(t, "a:1"), instance(t, "b:2")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				name := fmt.Sprintf("client %d write %d", c, i)
				w := sendHeaders(t, a, "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": name}}, ev.write, nil)
				bm := w.Header.Get(bookmarkHeader)
				if w.Status != http.StatusCreated || bm == "" {
					errs <- fmt.Errorf("%s: %d, bookmark %q", name, w.Status, bm)
					return
				}
				r := sendHeaders(t, b, "GET", "/api/v1/records/"+w.data()["__id"].(string), nil, ev.read, bookmarked(bm))
				if r.Status != http.StatusOK || r.data()["name"] != name {
					errs <- fmt.Errorf("%s read in B: %d %s", name, r.Status, r.Raw)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestBookmarkHeader: the header's form; a bad one is the client's
// mistake (400 invalid_bookmark), before and after the database reads it.
func TestBookmarkHeader(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("people", nil)
	valid := sendHeaders(t, ev.e, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, nil).Header.Get(bookmarkHeader)
	many := strings.TrimSuffix(strings.Repeat(valid+",", 17), ",")
	tests := []struct {
		name       string
		header     http.Header
		token      string
		wantStatus int
		wantCode   string
	}{
		{"no header", nil, ev.read, http.StatusOK, ""},
		{"an empty header is no bookmark", bookmarked(""), ev.read, http.StatusOK, ""},
		{"a bookmark an answer carried", bookmarked(valid), ev.read, http.StatusOK, ""},
		{"the same bookmark twice, in one value", bookmarked(valid + ", " + valid), ev.read, http.StatusOK, ""},
		{"the same bookmark twice, in two values", http.Header{bookmarkHeader: {valid, valid}}, ev.read, http.StatusOK, ""},
		{"a bookmark the database cannot read", bookmarked("FB:not-a-bookmark"), ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"an empty bookmark in a list", bookmarked(valid + ",," + valid), ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"a bookmark with a space", bookmarked("FB:a b"), ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"a bookmark with a control character", bookmarked("FB:a\x01b"), ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"a bookmark of 513 bytes", bookmarked("FB:" + strings.Repeat("A", 510)), ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"17 bookmarks", bookmarked(many), ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"a header of more than 4096 bytes", http.Header{bookmarkHeader: {strings.Repeat("A", 500), strings.Repeat("B", 500),
			strings.Repeat("C", 500), strings.Repeat("D", 500), strings.Repeat("E", 500), strings.Repeat("F", 500),
			strings.Repeat("G", 500), strings.Repeat("H", 500), strings.Repeat("I", 500)}}, ev.read, http.StatusBadRequest, "invalid_bookmark"},
		{"an unknown token is refused before any bookmark is read", bookmarked("FB:not-a-bookmark"), "no-such-token", http.StatusUnauthorized, "unauthorized"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := sendHeaders(t, ev.e, "GET", "/api/v1/records/"+id, nil, tc.token, tc.header)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("%d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if got := r.Header.Get(bookmarkHeader); got != "" {
				t.Fatalf("a read answers bookmark %q", got)
			}
		})
	}
	t.Run("a write refused for its bookmark writes nothing", func(t *testing.T) {
		before := ev.count()
		r := sendHeaders(t, ev.e, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, bookmarked("FB:not-a-bookmark"))
		if r.Status != http.StatusBadRequest || r.code() != "invalid_bookmark" || ev.count() != before {
			t.Fatalf("%d %s; %d records, want %d", r.Status, r.Raw, ev.count(), before)
		}
	})
}

// TestTxOnOtherInstance: a client transaction lives in the instance that
// began it; another instance names it, and one that lost it (a restart)
// does not know it.
func TestTxOnOtherInstance(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	a, b := instance(t, "10.0.0.1:8080"), instance(t, "10.0.0.2:8080")
	tx := sendHeaders(t, a, "POST", "/api/v1/tx", map[string]any{"ttl": 10000}, ev.write, nil).data()["id"].(string)
	if r := sendHeaders(t, a, "GET", "/api/v1/tx/"+tx, nil, ev.read, nil); r.Status != http.StatusOK || r.data()["id"] != tx {
		t.Fatalf("A describes its transaction: %d %s", r.Status, r.Raw)
	}
	inTx := http.Header{"X-Transaction-Id": {tx}}
	storeID, _, _ := strings.Cut(tx, ".")
	tests := []struct {
		name, method, path string
		header             http.Header
		wantStatus         int
		wantCode           string
	}{
		{"B does not describe it", "GET", "/api/v1/tx/" + tx, nil, http.StatusConflict, "transaction_on_other_instance"},
		{"B does not write in it", "POST", "/api/v1/records", inTx, http.StatusConflict, "transaction_on_other_instance"},
		{"B does not read in it", "GET", "/api/v1/records/x", inTx, http.StatusConflict, "transaction_on_other_instance"},
		{"B does not commit it", "POST", "/api/v1/tx/" + tx + "/commit", nil, http.StatusConflict, "transaction_on_other_instance"},
		{"B does not roll it back", "POST", "/api/v1/tx/" + tx + "/rollback", nil, http.StatusConflict, "transaction_on_other_instance"},
		{"an id naming no instance is unknown", "GET", "/api/v1/tx/" + storeID, nil, http.StatusNotFound, "transaction_not_found"},
		{"an id naming no readable instance is unknown", "GET", "/api/v1/tx/" + storeID + ".%25%25", nil, http.StatusNotFound, "transaction_not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := sendHeaders(t, b, tc.method, tc.path, map[string]any{"label": "people"}, ev.write, tc.header)
			if r.Status != tc.wantStatus || r.code() != tc.wantCode {
				t.Fatalf("%d %q, want %d %q: %s", r.Status, r.code(), tc.wantStatus, tc.wantCode, r.Raw)
			}
			if tc.wantStatus == http.StatusConflict {
				details, _ := r.Body["error"].(map[string]any)["details"].(map[string]any)
				if details["instance"] != "10.0.0.1:8080" || !strings.Contains(r.code()+r.Body["message"].(string), "10.0.0.1:8080") {
					t.Fatalf("the answer does not name the holder: %s", r.Raw)
				}
			}
		})
	}
	if r := sendHeaders(t, a, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, inTx); r.Status != http.StatusCreated {
		t.Fatalf("A writes in it after B refused: %d %s", r.Status, r.Raw)
	}
	t.Run("a restarted A no longer knows it", func(t *testing.T) {
		restarted := instance(t, "10.0.0.1:8080")
		for _, r := range []response{
			sendHeaders(t, restarted, "GET", "/api/v1/tx/"+tx, nil, ev.read, nil),
			sendHeaders(t, restarted, "POST", "/api/v1/records", map[string]any{"label": "people"}, ev.write, inTx),
			sendHeaders(t, restarted, "POST", "/api/v1/tx/"+tx+"/commit", nil, ev.write, nil),
		} {
			if r.Status != http.StatusNotFound || r.code() != "transaction_not_found" {
				t.Fatalf("%d %s", r.Status, r.Raw)
			}
		}
	})
	if r := sendHeaders(t, a, "POST", "/api/v1/tx/"+tx+"/commit", nil, ev.write, nil); r.Status != http.StatusOK || r.Header.Get(bookmarkHeader) == "" {
		t.Fatalf("A commits it, with a bookmark: %d %q %s", r.Status, r.Header.Get(bookmarkHeader), r.Raw)
	}
	if n := ev.count(); n != 1 {
		t.Fatalf("%d records after the commit, want 1", n)
	}
}

// TestTxInstanceNames: the names an instance may have, which transaction
// ids carry.
func TestTxInstanceNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{"10.0.0.1:8080": true, "relgraph-0.relgraph.svc:8080": true,
		"": false, "a b": false, "naïve": false, strings.Repeat("a", 129): false} {
		if got := handlers.ValidInstance(name); got != want {
			t.Errorf("ValidInstance(%q) = %v, want %v", name, got, want)
		}
	}
}
