package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
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
	cases  sync.Map // id → cypher.Query: the best statement of a request in flight
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
	q, ok := f.cases.LoadAndDelete(strings.TrimPrefix(r.URL.Path, "/"))
	if !ok {
		http.Error(w, "no such case", http.StatusNotFound)
		return
	}
	res, err := f.reader.read(r.Context(), q.(cypher.Query))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b, err := json.Marshal(floorPage(res))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(append(b, '\n'))
}

// floorAnswer is the floor's JSON answer: records as the best side decodes
// them (recordProps), or a grouped search's rows as lists of values.
type floorAnswer struct {
	Success bool  `json:"success"`
	Data    []any `json:"data"`
	Total   *int  `json:"total,omitempty"`
}

// floorPage reads a best statement's answer in either shape readAnswer
// reads.
func floorPage(res *neo4j.EagerResult) floorAnswer {
	a := floorAnswer{Success: true, Data: []any{}}
	if len(res.Records) == 0 {
		return a
	}
	if n, _ := res.Records[0].Get("total"); n != nil {
		t := int(n.(int64))
		a.Total = &t
	}
	var items []any
	if page, ok := res.Records[0].Get("page"); ok {
		items, _ = page.([]any)
	} else {
		for _, row := range res.Records {
			if n, _ := row.Get("r"); n != nil {
				items = append(items, n)
			}
		}
	}
	for _, it := range items {
		if n, ok := it.(neo4j.Node); ok {
			a.Data = append(a.Data, recordProps(n))
		} else {
			a.Data = append(a.Data, it)
		}
	}
	return a
}

// send registers c's best statement and requests it, as the http side
// requests c: the same body, method and client.
func (f *floorSide) send(ctx context.Context, c searchCase, sink io.Writer) error {
	if c.best.Text == "" {
		return errUnsupported
	}
	id := strconv.FormatInt(f.next.Add(1), 10)
	f.cases.Store(id, c.best)
	defer f.cases.Delete(id)
	if c.body == nil {
		return f.client.request(ctx, c.project, http.MethodGet, f.base+id, nil, sink)
	}
	return f.client.request(ctx, c.project, http.MethodPost, f.base+id, bytes.NewReader(c.body), sink)
}

func (f *floorSide) search(ctx context.Context, c searchCase) error {
	return f.send(ctx, c, io.Discard)
}

func (f *floorSide) answer(ctx context.Context, c searchCase) (answer, error) {
	var buf bytes.Buffer
	if err := f.send(ctx, c, &buf); err != nil {
		return answer{}, err
	}
	var env struct {
		Data  []json.RawMessage `json:"data"`
		Total *int              `json:"total"`
	}
	if err := json.Unmarshal(buf.Bytes(), &env); err != nil {
		return answer{}, fmt.Errorf("floor: %w", err)
	}
	a := answer{total: -1}
	if env.Total != nil {
		a.total = *env.Total
	}
	for _, item := range env.Data {
		var row []any
		if json.Unmarshal(item, &row) == nil {
			a.ids = append(a.ids, rowText(row))
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(item, &rec); err != nil {
			return answer{}, fmt.Errorf("floor: %w", err)
		}
		id, ok := rec["__id"].(string)
		if !ok {
			return answer{}, errors.New("floor: a record without __id")
		}
		a.ids = append(a.ids, id)
	}
	return a, nil
}
