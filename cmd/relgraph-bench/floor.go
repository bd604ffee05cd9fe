package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// floorSide is the least any HTTP service in Go pays in front of Neo4j for
// a search: a bare net/http handler on loopback that reads the request's
// body, runs the best statement through the driver as the best side does,
// and answers the page as JSON, called by the http side's client. It has
// no routing, authentication, parsing, compiling, limits or logging. http
// ÷ floor is what relgraph's own work costs; floor ÷ best is what the HTTP
// hop costs, whoever serves it.
type floorSide struct {
	client *httpSide
	base   string // http://host:port/
	srv    *http.Server
	reader reader
	cases  sync.Map // id → searchCase: a request in flight
	next   atomic.Int64
}

func (*floorSide) name() string { return sideNames[sideFloor] }

// startFloor serves the floor on 127.0.0.1, reading through r, for a client
// holding tokens like the http side's (the floor reads none).
func startFloor(r reader, client *httpSide) (*floorSide, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &floorSide{client: client, base: "http://" + ln.Addr().String() + "/", reader: r}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)
	return f, nil
}

func (f *floorSide) close(ctx context.Context) { f.srv.Shutdown(ctx) }

// serve answers POST /{id} or GET /{id}: the statement registered under
// id, run, its page written as {"success", "data", "total"}.
func (f *floorSide) serve(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	v, ok := f.cases.LoadAndDelete(strings.TrimPrefix(r.URL.Path, "/"))
	if !ok {
		http.Error(w, "no such case", http.StatusNotFound)
		return
	}
	c := v.(searchCase)
	res, err := f.reader.read(r.Context(), c.best)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b, err := json.Marshal(floorPage(res, c.keys))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
}

// floorAnswer is the floor's JSON answer, the API's list envelope: records
// as the best side decodes them (recordProps), or a grouped search's rows
// as objects of its output keys.
type floorAnswer struct {
	Success bool  `json:"success"`
	Data    []any `json:"data"`
	Total   *int  `json:"total,omitempty"`
}

// floorPage reads a best statement's answer (pageOf); keys are a grouped search's output keys, in the order of each
// row's values.
func floorPage(res *neo4j.EagerResult, keys []string) floorAnswer {
	total, items := pageOf(res)
	a := floorAnswer{Success: true, Data: []any{}, Total: total}
	for _, it := range items {
		if n, ok := it.(neo4j.Node); ok {
			a.Data = append(a.Data, recordProps(n))
			continue
		}
		values, _ := it.([]any)
		row := make(map[string]any, len(keys))
		for i, k := range keys {
			if i < len(values) {
				row[k] = values[i]
			}
		}
		a.Data = append(a.Data, row)
	}
	return a
}

// send registers c and requests it, as the http side requests c: the same
// body, method and client.
func (f *floorSide) send(ctx context.Context, c searchCase, sink io.Writer) error {
	if c.best.Text == "" {
		return errUnsupported
	}
	id := strconv.FormatInt(f.next.Add(1), 10)
	f.cases.Store(id, c)
	defer f.cases.Delete(id)
	return f.client.sendTo(ctx, c, f.base+id, sink)
}

func (f *floorSide) search(ctx context.Context, c searchCase) error {
	return f.send(ctx, c, io.Discard)
}

func (f *floorSide) answer(ctx context.Context, c searchCase) (answer, error) {
	return sentAnswer(ctx, c, f.send, "floor")
}
