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
// holding a write token of the bench project.
type apiServer struct {
	base   string // http://host:port
	store  *graph.Store
	srv    *http.Server
	token  graph.Token
	client *httpSide
}

// startAPI serves the API on 127.0.0.1 and returns it with its client.
func startAPI(ctx context.Context, cfg config, project string) (*apiServer, error) {
	store, err := graph.Open(cfg.neo4j)
	if err != nil {
		return nil, err
	}
	token, err := store.CreateToken(ctx, project, graph.RoleWrite)
	if err != nil {
		store.Close(context.Background())
		return nil, fmt.Errorf("create token: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		store.Close(context.Background())
		return nil, err
	}
	// The access log is formatted as in production, then thrown away.
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	a := &apiServer{base: "http://" + ln.Addr().String(), store: store, token: token, srv: &http.Server{
		Handler:           handlers.New(store, handlers.Config{BodyLimit: 32 << 20, RequestTimeout: 30 * time.Second}, log),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}}
	go a.srv.Serve(ln)
	a.client = newHTTPSide(a.base, token.Secret, cfg.concurrency)
	return a, nil
}

// close revokes the token and stops the server and its store.
func (a *apiServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.store.DeleteToken(ctx, a.token.Project, a.token.ID)
	a.srv.Shutdown(ctx)
	a.store.Close(ctx)
}

// httpSide calls the API's routes as a client would, over HTTP/1.1 with
// keep-alive, reading every response body to its end.
type httpSide struct {
	client  *http.Client
	records string // base URL of /api/v1/records
	auth    string // the Authorization header
}

func newHTTPSide(base, secret string, concurrency int) *httpSide {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(concurrency, t.MaxIdleConns)
	t.MaxIdleConnsPerHost = concurrency
	return &httpSide{client: &http.Client{Transport: t}, records: base + "/api/v1/records/", auth: "Bearer " + secret}
}

func (*httpSide) name() string { return "http" }

// attach is POST /api/v1/records/{source}/relations with one target.
func (h *httpSide) attach(ctx context.Context, source, target string) error {
	body := `{"targetIds":[` + strconv.Quote(target) + `],"type":"` + benchProperty + `","direction":"out"}`
	return h.do(ctx, http.MethodPost, h.records+source+"/relations", strings.NewReader(body))
}

// relations is GET /api/v1/records/{id}/relations, ?direction=in for In.
func (h *httpSide) relations(ctx context.Context, id string, d cypher.Direction) error {
	url := h.records + id + "/relations"
	if d != cypher.Both {
		url += "?direction=" + string(d)
	}
	return h.do(ctx, http.MethodGet, url, nil)
}

// do sends one request and reads its answer; non-2xx answers are errors.
func (h *httpSide) do(ctx context.Context, method, url string, body io.Reader) error {
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", h.auth)
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
		return fmt.Errorf("%s %s: %s: %s", method, strings.TrimPrefix(url, h.records), resp.Status, msg)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
