package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/handlers"
)

// apiServer is relgraph's API served in-process on a loopback port, with
// its own store, as `relgraph serve` configures it, and a client of it
// holding a write token of each bench project.
type apiServer struct {
	base   string // http://host:port
	store  *graph.Store
	srv    *http.Server
	tokens []graph.Token
	client *httpSide
	floor  *floorSide // the same client's requests to a bare handler (floor.go)
}

// startAPI serves the API on 127.0.0.1 and returns it with its client,
// whose first project is projects[0].
func startAPI(ctx context.Context, cfg config, projects ...string) (*apiServer, error) {
	store, err := graph.Open(cfg.neo4j)
	if err != nil {
		return nil, err
	}
	a := &apiServer{store: store}
	for _, p := range projects {
		token, err := store.CreateToken(ctx, p, graph.RoleWrite)
		if err != nil {
			a.close()
			return nil, fmt.Errorf("create token: %w", err)
		}
		a.tokens = append(a.tokens, token)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.close()
		return nil, err
	}
	// The access log is formatted as in production, then thrown away.
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	a.base, a.srv = "http://"+ln.Addr().String(), &http.Server{
		Handler:           handlers.New(store, handlers.Config{BodyLimit: 32 << 20, RequestTimeout: 30 * time.Second}, log),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	go a.srv.Serve(ln)
	a.client = newHTTPSide(a.base, cfg.concurrency, a.tokens...)
	if a.floor, err = startFloor(storeReader(store), a.client); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// close revokes the tokens and stops the server and its store.
func (a *apiServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, t := range a.tokens {
		a.store.DeleteToken(ctx, t.Project, t.ID)
	}
	if a.srv != nil {
		a.srv.Shutdown(ctx)
	}
	if a.floor != nil {
		a.floor.close(ctx)
	}
	a.store.Close(ctx)
}

// httpSide calls the API's routes as a client would, over HTTP/1.1 with
// keep-alive, reading every response body to its end.
type httpSide struct {
	client  *http.Client
	api     string            // base URL of /api/v1/
	project string            // the project of the routes that name none
	auth    map[string]string // the Authorization header of each project
}

// newHTTPSide is a client of the API at base holding tokens; the first
// names its project.
func newHTTPSide(base string, concurrency int, tokens ...graph.Token) *httpSide {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(concurrency, t.MaxIdleConns)
	t.MaxIdleConnsPerHost = concurrency
	h := &httpSide{client: &http.Client{Transport: t}, api: base + "/api/v1/", project: tokens[0].Project, auth: map[string]string{}}
	for _, token := range tokens {
		h.auth[token.Project] = "Bearer " + token.Secret
	}
	return h
}

func (*httpSide) name() string { return sideNames[sideHTTP] }

// attach is POST /api/v1/records/{source}/relations with one target.
func (h *httpSide) attach(ctx context.Context, source, target string) error {
	body := `{"targetIds":[` + strconv.Quote(target) + `],"type":"` + benchProperty + `","direction":"out"}`
	return h.do(ctx, http.MethodPost, h.api+"records/"+source+"/relations", strings.NewReader(body))
}

// relations is GET /api/v1/records/{id}/relations, ?direction=in for In.
func (h *httpSide) relations(ctx context.Context, id string, d cypher.Direction) error {
	url := h.api + "records/" + id + "/relations"
	if d != cypher.Both {
		url += "?direction=" + string(d)
	}
	return h.do(ctx, http.MethodGet, url, nil)
}

// do sends one request in h.project and reads its answer to the end.
func (h *httpSide) do(ctx context.Context, method, url string, body io.Reader) error {
	return h.request(ctx, h.project, method, url, body, io.Discard)
}

// request sends one request with project's token and copies its answer to
// sink; non-2xx answers are errors.
func (h *httpSide) request(ctx context.Context, project, method, url string, body io.Reader, sink io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", h.auth[project])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		io.Copy(io.Discard, resp.Body)
		return &statusError{method: method, path: strings.TrimPrefix(url, h.api), status: resp.StatusCode, text: resp.Status, body: string(msg)}
	}
	_, err = io.Copy(sink, resp.Body)
	return err
}

// statusError is a non-2xx answer of the API.
type statusError struct {
	method, path string
	status       int
	text, body   string // the status line's text; the start of the body
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: %s: %s", e.method, e.path, e.text, e.body)
}
