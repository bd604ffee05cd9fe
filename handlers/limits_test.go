package handlers_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/handlers"
	searchquery "github.com/relgraph/relgraph/query"
)

// The tests below run the API behind a real socket: deadlines on reading
// and writing a connection do not exist for an httptest.ResponseRecorder.

// liveTimeout is the request timeout of the live servers below: short, so
// that the tests wait for it.
const liveTimeout = 8 * time.Second

// liveServer serves h on a loopback socket whose send buffers are small,
// so that a client that stops reading stalls the server's writes after a
// few kilobytes. It returns the server's address.
func liveServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(c net.Conn, state http.ConnState) {
		if tcp, ok := c.(*net.TCPConn); ok && state == http.StateNew {
			_ = tcp.SetWriteBuffer(8 << 10)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close) // runs after the clients' connections are closed
	return srv.Listener.Addr().String()
}

// liveAPI is the API with a request timeout and a body limit, served by
// liveServer.
func liveAPI(t *testing.T, timeout time.Duration, bodyLimit int64) string {
	t.Helper()
	cfg := testConfig
	cfg.RequestTimeout, cfg.BodyLimit = timeout, bodyLimit
	return liveServer(t, newAPI(graphtest.Store(), cfg))
}

// rawRequest is an HTTP/1.1 request written by hand: what a client that
// stalls sends.
func rawRequest(method, path, token string, contentLength int, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: relgraph\r\nAuthorization: Bearer %s\r\n", method, path, token)
	if contentLength > 0 {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", contentLength)
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	return b.String()
}

// stalledClient is a connection that sent a request and then stops:
// reading what comes back, or sending the rest of its body.
type stalledClient struct {
	conn net.Conn
	in   *bufio.Reader
	res  *http.Response // once head has read it
}

// dialStalled connects to addr and sends request.
func dialStalled(t *testing.T, addr, request string) *stalledClient {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	return &stalledClient{conn: conn, in: bufio.NewReaderSize(conn, 512)}
}

// head reads the status line and the headers of the answer, waiting at
// most wait; it returns the status, 0 when the connection was closed or
// nothing came in time.
func (s *stalledClient) head(wait time.Duration) int {
	_ = s.conn.SetReadDeadline(time.Now().Add(wait))
	res, err := http.ReadResponse(s.in, nil)
	if err != nil {
		return 0
	}
	s.res = res
	return res.StatusCode
}

// body reads the rest of the answer's body, for at most wait; err is nil
// only when the whole body came.
func (s *stalledClient) body(wait time.Duration) ([]byte, error) {
	_ = s.conn.SetReadDeadline(time.Now().Add(wait))
	return io.ReadAll(s.res.Body)
}

// exportable fills the project with n records of about 700 bytes each,
// so that their CSV export is larger than what the socket buffers of
// liveServer and dialStalled hold.
func exportable(t *testing.T, project string, n int) {
	t.Helper()
	imp := graph.NewImport("page", graph.ImportOptions{})
	for i := range n {
		if err := imp.Add(map[string]any{"n": json.Number(strconv.Itoa(i)), "text": strings.Repeat("lorem ipsum ", 58)}, "/"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := graphtest.Store().Import(context.Background(), project, imp); err != nil {
		t.Fatal(err)
	}
}

// openTransactions counts the database transactions running a statement
// of project.
func openTransactions(t *testing.T, project string) int64 {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), graphtest.Store().Driver(),
		"SHOW TRANSACTIONS YIELD parameters WHERE parameters.project = $of RETURN count(*) AS n",
		map[string]any{"of": project}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(graphtest.Store().Database()))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res.Records[0].Get("n")
	return n.(int64)
}

func TestExportToAClientThatStopsReadingEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	exportable(t, ev.project.ID, 600)
	addr := liveAPI(t, liveTimeout, testConfig.BodyLimit)
	stalled := dialStalled(t, addr, rawRequest("GET", "/api/v1/records/export.csv?labels=page", ev.read, 0, ""))
	start := time.Now()
	if status := stalled.head(10 * time.Second); status != http.StatusOK {
		t.Fatalf("export: %d", status)
	}
	time.Sleep(liveTimeout + 3*time.Second - time.Since(start)) // past the deadline and its grace
	if n := openTransactions(t, ev.project.ID); n != 0 {
		t.Errorf("%d database transactions of the project still open past the deadline", n)
	}
	csv, err := stalled.body(10 * time.Second)
	if err == nil {
		t.Errorf("the server kept writing the export to a client that stopped reading, past the deadline: it sent all %d bytes once the client read again", len(csv))
	}
}

func TestLongRequestsOfOneTokenAreCapped(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	exportable(t, ev.project.ID, 600)
	addr := liveAPI(t, 30*time.Second, testConfig.BodyLimit) // no deadline passes during the test
	base := "http://" + addr + "/api/v1"
	stalled := make([]*stalledClient, handlers.TokenStreams)
	var wg sync.WaitGroup
	for i := range stalled {
		stalled[i] = dialStalled(t, addr, rawRequest("GET", "/api/v1/records/export.csv?labels=page", ev.read, 0, ""))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status := stalled[i].head(20 * time.Second); status != http.StatusOK {
				t.Errorf("export: %d", status)
			}
		}()
	}
	wg.Wait()
	search := func(token string) response {
		return liveDo(t, "POST", base+"/records/search", `{"labels": ["page"], "limit": 1}`, token)
	}
	if r := search(ev.read); r.Status != http.StatusTooManyRequests || r.code() != "too_many_streams" || r.Header.Get("Retry-After") == "" {
		t.Errorf("with %d stalled exports, a search of the same token: %d %.300s (Retry-After %q), want 429 too_many_streams",
			handlers.TokenStreams, r.Status, r.Raw, r.Header.Get("Retry-After"))
	}
	if r := search(ev.write); r.Status != http.StatusOK {
		t.Errorf("a search of another token: %d %.300s", r.Status, r.Raw)
	}
	for _, s := range stalled {
		s.conn.Close()
	}
	for wait := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := search(ev.read)
		if r.Status == http.StatusOK {
			break
		}
		if time.Now().After(wait) {
			t.Errorf("once the stalled clients went away, a search of their token: %d %.300s", r.Status, r.Raw)
			break
		}
	}
}

// liveDo sends a request to a live server.
func liveDo(t *testing.T, method, url, body, token string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{Timeout: 20 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

func TestSlowBodiesAreAnsweredByTheDeadline(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	addr := liveAPI(t, liveTimeout, testConfig.BodyLimit)
	const clients = 20
	bound := liveTimeout + 3*time.Second // the deadline, its grace, and slack
	start := time.Now()
	answers := make([]string, clients)
	var wg sync.WaitGroup
	for i := range clients {
		s := dialStalled(t, addr, rawRequest("POST", "/api/v1/records/import/json", ev.write, 1000, `{"label": "slow", "data": [`))
		wg.Add(1)
		go func() {
			defer wg.Done()
			status := s.head(bound - time.Since(start))
			if status == 0 {
				answers[i] = fmt.Sprintf("no answer within %s", time.Since(start).Round(time.Second))
				return
			}
			raw, _ := s.body(time.Second)
			var body struct{ Error struct{ Code string } }
			_ = json.Unmarshal(raw, &body)
			answers[i] = fmt.Sprintf("%d %s", status, body.Error.Code)
		}()
	}
	wg.Wait()
	counts := map[string]int{}
	for _, a := range answers {
		counts[a]++
	}
	timedOut := min(clients, handlers.TokenStreams)
	want := map[string]int{"408 body_timeout": timedOut, "429 too_many_streams": clients - timedOut}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("answers to %d bodies that stop arriving: %v, want %v", clients, counts, want)
	}
}

// paddedImport is an import body of records items of label, padded with
// white space to size bytes: white space costs relgraph what any byte of a
// body does (it is read and held), and the database nothing.
func paddedImport(label string, records, size int) string {
	items := make([]string, records)
	for i := range items {
		items[i] = fmt.Sprintf(`{"n": %d}`, i)
	}
	head := `{"label": "` + label + `", "data": [` + strings.Join(items, ",") + `]`
	return head + strings.Repeat(" ", size-len(head)-1) + "}"
}

func TestConcurrentLargeImportsAreAdmittedWithinTheBudget(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	const bodyLimit = 32 << 20
	addr := liveAPI(t, 30*time.Second, bodyLimit)
	base := "http://" + addr + "/api/v1"
	size := 12 << 20 // two fit in the default budget of 32 MiB, three do not
	bodies := make([]string, 4)
	for i := range bodies {
		bodies[i] = paddedImport("bulk", 10, size)
	}
	// The first two are admitted and send their body slowly: they hold
	// their part of the budget meanwhile.
	var held []*stalledClient
	for _, body := range bodies[:2] {
		s := dialStalled(t, addr, rawRequest("POST", "/api/v1/records/import/json", ev.write, len(body), body[:1<<20]))
		held = append(held, s)
	}
	time.Sleep(200 * time.Millisecond)
	var retry []string
	for _, body := range bodies[2:] {
		r := liveDo(t, "POST", base+"/records/import/json", body, ev.write)
		switch {
		case r.Status == http.StatusTooManyRequests && r.code() == "imports_busy" && r.Header.Get("Retry-After") != "":
			retry = append(retry, body)
		default:
			t.Errorf("an import beyond the budget: %d %.300s (Retry-After %q), want 429 imports_busy", r.Status, r.Raw, r.Header.Get("Retry-After"))
		}
	}
	for i, s := range held {
		if _, err := io.WriteString(s.conn, bodies[i][1<<20:]); err != nil {
			t.Fatal(err)
		}
		if status := s.head(20 * time.Second); status != http.StatusCreated {
			t.Errorf("an admitted import: %d", status)
		}
	}
	for _, body := range retry {
		if r := liveDo(t, "POST", base+"/records/import/json", body, ev.write); r.Status != http.StatusCreated {
			t.Errorf("an import retried once the budget is free: %d %.300s", r.Status, r.Raw)
		}
	}
	r := liveDo(t, "POST", base+"/records/search", `{"labels": ["bulk"], "limit": 1}`, ev.read)
	if total, _ := r.Body["total"].(float64); total != 40 {
		t.Errorf("records imported: %v, want 40 (four imports of 10, each once)", r.Body["total"])
	}
}

func TestNumericFieldsRefuseStrings(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	id := ev.create("person", map[string]any{"name": "Ada", "born": 1815})
	person := func(where map[string]any) map[string]any {
		return map[string]any{"labels": []string{"person"}, "where": where}
	}
	search := func(member string, v any) map[string]any {
		return map[string]any{"labels": []string{"person"}, member: v}
	}
	related := map[string]any{"person": map[string]any{"$relation": map[string]any{"type": "knows", "hops": "2"}}}
	relatedRange := map[string]any{"person": map[string]any{"$relation": map[string]any{"type": "knows", "hops": map[string]any{"max": "2"}}}}
	tests := []struct {
		name, method, path string
		body               any
		wantField          string
	}{
		{"transaction ttl", "POST", "/api/v1/tx", `{"ttl": "5000"}`, "/ttl"},
		{"search skip", "POST", "/api/v1/records/search", search("skip", "1"), "/skip"},
		{"search limit", "POST", "/api/v1/records/search", search("limit", "10"), "/limit"},
		{"search limit as a decimal", "POST", "/api/v1/records/search", search("limit", 2.5), "/limit"},
		{"hops", "POST", "/api/v1/records/search", person(related), "/where/person/$relation/hops"},
		{"hops max", "POST", "/api/v1/records/search", person(relatedRange), "/where/person/$relation/hops/max"},
		{"$collect limit", "POST", "/api/v1/records/search",
			search("select", map[string]any{"all": map[string]any{"$collect": map[string]any{"from": "$record", "limit": "5"}}}), "/select/all/$collect/limit"},
		{"$timeBucket size", "POST", "/api/v1/records/search",
			search("select", map[string]any{"t": map[string]any{"$timeBucket": map[string]any{"field": "$record.born", "unit": "year", "size": "10"}}}), "/select/t/$timeBucket/size"},
		{"aggregate precision", "POST", "/api/v1/records/search",
			search("aggregate", map[string]any{"avg": map[string]any{"fn": "avg", "field": "born", "alias": "$record", "precision": "2"}}), "/aggregate/avg/precision"},
		{"aggregate limit", "POST", "/api/v1/records/search",
			search("aggregate", map[string]any{"all": map[string]any{"fn": "collect", "alias": "$record", "limit": "2"}}), "/aggregate/all/limit"},
		{"related search limit", "POST", "/api/v1/records/" + id + "/search", search("limit", "10"), "/limit"},
		{"relations search skip", "POST", "/api/v1/records/relations/search", search("skip", "0"), "/skip"},
		{"relationship search limit", "POST", "/api/v1/relationships/search", map[string]any{"limit": "10"}, "/limit"},
		{"relationship search skip", "POST", "/api/v1/relationships/search", map[string]any{"skip": "10"}, "/skip"},
		{"export limit", "POST", "/api/v1/records/export/csv", search("limit", "10"), "/limit"},
		{"property values skip", "POST", "/api/v1/properties/" + propID("person", "name", "string") + "/values", `{"skip": "1"}`, "/skip"},
		{"property values limit", "POST", "/api/v1/properties/" + propID("person", "name", "string") + "/values", `{"limit": "1"}`, "/limit"},
		{"list limit", "GET", "/api/v1/records/" + id + "/relations?limit=ten", nil, "limit"},
		{"list skip", "GET", "/api/v1/records/" + id + "/relations?skip=1e3", nil, "skip"},
		{"graph depth", "GET", "/api/v1/records/" + id + "/graph?depth=two", nil, "depth"},
		{"graph limit", "GET", "/api/v1/records/" + id + "/graph?limit=5.0", nil, "limit"},
		{"paths maxHops", "GET", "/api/v1/paths?from=" + id + "&to=" + id + "&maxHops=x", nil, "maxHops"},
		{"property values query limit", "GET", "/api/v1/properties/" + propID("person", "name", "string") + "/values?limit=%225%22", nil, "limit"},
		{"options limit", "GET", "/api/v1/types/person/properties/employer/options?limit=5x", nil, "limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do(tc.method, tc.path, tc.body, ev.write)
			if r.Status != http.StatusBadRequest || r.field() != tc.wantField {
				t.Errorf("got %d at %q, want 400 naming %q: %s", r.Status, r.field(), tc.wantField, r.Raw)
			}
		})
	}
	types := []struct{ name, option string }{
		{"minLength", "minLength"}, {"maxLength", "maxLength"}, {"minimum", "minimum"},
		{"maximum", "maximum"}, {"minItems", "minItems"}, {"maxItems", "maxItems"},
	}
	for _, tc := range types {
		t.Run("type "+tc.name, func(t *testing.T) {
			typ := map[string]any{"type": "string"}
			if tc.option == "minimum" || tc.option == "maximum" {
				typ["type"] = "number"
			}
			if tc.option == "minItems" || tc.option == "maxItems" {
				typ = map[string]any{"type": "array", "x-type-schema": rel}
			}
			typ[tc.option] = "3"
			r := ev.do("PUT", "/api/v1/types/things", map[string]any{"properties": map[string]any{"a": typ}}, ev.admin)
			if r.Status != http.StatusBadRequest || r.field() != "/properties/a/"+tc.option {
				t.Errorf("got %d at %q, want 400 naming /properties/a/%s: %s", r.Status, r.field(), tc.option, r.Raw)
			}
		})
	}
}

func TestOpenAPINumbersHaveTheirLimits(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	r := send(t, ev.e, "GET", "/openapi.json", nil, "")
	var doc any
	if err := json.Unmarshal([]byte(r.Raw), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{ // the most each member or parameter takes
		"skip": searchquery.MaxSkip,
		"ttl":  float64(graph.MaxTxTTL.Milliseconds()),
	}
	found := map[string]int{}
	check := func(at, name string, schema map[string]any) {
		limit, bounded := want[name]
		if !bounded {
			return
		}
		found[name]++
		if schema["type"] != "integer" || schema["maximum"] != limit {
			t.Errorf("%s: %s is %v, maximum %v; want an integer of at most %v", at, name, schema["type"], schema["maximum"], limit)
		}
	}
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if name, _ := x["name"].(string); x["in"] != nil {
				schema, _ := x["schema"].(map[string]any)
				check(at, name, schema)
			}
			if props, ok := x["properties"].(map[string]any); ok {
				for name, p := range props {
					if schema, ok := p.(map[string]any); ok {
						check(at+"/properties", name, schema)
					}
				}
			}
			for k, child := range x {
				walk(at+"/"+k, child)
			}
		case []any:
			for i, child := range x {
				walk(at+"/"+strconv.Itoa(i), child)
			}
		}
	}
	walk("", doc)
	for name := range want {
		if found[name] == 0 {
			t.Errorf("no %s in /openapi.json", name)
		}
	}
}
