package handlers

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// Limits of the API. Each bound a client can run into is a constant, here
// or beside the code it bounds; limits_table.go lists them all, and
// docs/api.md's "Limits" table is that list, rendered.

// Defaults of the service configuration (RELGRAPH_BODY_LIMIT,
// RELGRAPH_REQUEST_TIMEOUT, RELGRAPH_CYPHER_ROW_CAP,
// RELGRAPH_CYPHER_TIMEOUT).
const (
	DefaultBodyLimit      = 32 << 20
	DefaultRequestTimeout = 30 * time.Second
	DefaultCypherRowCap   = defaultCypherRowCap
	DefaultCypherTimeout  = defaultCypherTimeout
)

const (
	// answerGrace is how long past its deadline an answer may still be
	// written: enough to write the 503 or 408 of a request that ran out of
	// time, not to feed a client that stopped reading.
	answerGrace = 2 * time.Second

	// tokenStreams is how many long-running requests (longRoutes) one
	// token may have in flight at once.
	tokenStreams = 16

	// importBudget bounds the bytes of the import bodies relgraph reads
	// and writes at once, across every token (or the body limit, when
	// larger): what one import costs, in relgraph's memory and in the
	// database's transaction memory, grows with its body.
	importBudget = 32 << 20

	// importRetryAfter is what a refused import is told to wait, in
	// seconds: about what an import of the budget's size takes.
	importRetryAfter = 5

	// maxImportRecords is the most records one import request creates,
	// children included. Larger loads go through `relgraph import`.
	maxImportRecords = 100_000

	// exportCap is the most rows POST /records/export/csv answers in one
	// JSON string; above it the streaming route must be used.
	exportCap = 10_000
	// exportPage is how many records the streaming route pulls from the
	// database at a time (the driver's fetch size) and writes per flush.
	exportPage = 1000
	// exportSpoolMax bounds the spool of one streamed export (see
	// exportSpool): the bytes of its rows as spooled, about the size of
	// the CSV they become.
	exportSpoolMax = 512 << 20

	// defaultCandidates and maxCandidates: how many candidate targets an
	// options answer lists by default, and at most.
	defaultCandidates = 20
	maxCandidates     = 50
)

// longRoutes are the routes whose work grows with the data they read or
// write, and whose answer may be large: exports, imports, searches, the
// property catalogue and the dashboards' graph reads. tokenStreams bounds
// them per token.
var longRoutes = map[string]bool{
	"GET /api/v1/records/export.csv":         true,
	"POST /api/v1/records/export/csv":        true,
	"POST /api/v1/records/import/json":       true,
	"POST /api/v1/records/import/csv":        true,
	"POST /api/v1/records/search":            true,
	"POST /api/v1/records/:id/search":        true,
	"POST /api/v1/records/relations/search":  true,
	"POST /api/v1/relationships/search":      true,
	"POST /api/v1/labels":                    true,
	"POST /api/v1/labels/search":             true,
	"PUT /api/v1/records/delete":             true,
	"POST /api/v1/records/delete":            true,
	"POST /api/v1/properties":                true,
	"POST /api/v1/properties/search":         true,
	"GET /api/v1/properties/:id/values":      true,
	"POST /api/v1/properties/:id/values":     true,
	"GET /api/v1/records/:id/graph":          true,
	"GET /api/v1/paths":                      true,
	"POST /api/v1/relationships/create-many": true,
	"POST /api/v1/relationships/delete-many": true,
}

// importRoutes are the routes whose bodies importLimit counts.
var importRoutes = map[string]bool{
	"POST /api/v1/records/import/json": true,
	"POST /api/v1/records/import/csv":  true,
}

// Errors of the limits.
var (
	errBodyTimeout = &apiError{Status: http.StatusRequestTimeout, Code: "body_timeout",
		Message: "the request body did not arrive within the request timeout; send it faster, or send less per request"}
	errTooManyStreams = &apiError{Status: http.StatusTooManyRequests, Code: "too_many_streams",
		Message: fmt.Sprintf("this token has %d exports, imports or searches in flight, the most it may; wait for one to end (Retry-After), or read their answers", tokenStreams),
		Details: map[string]int{"max": tokenStreams}}
)

// errImportsBusy: the import bodies in flight leave no room for one more.
func errImportsBusy(budget int64) error {
	return &apiError{Status: http.StatusTooManyRequests, Code: "imports_busy",
		Message: fmt.Sprintf("relgraph is already taking in %d MiB of import bodies, the most it holds at once; retry after Retry-After seconds, split the data into smaller requests, or load it with `relgraph import`", budget>>20),
		Details: map[string]int64{"maxBytes": budget}}
}

// deadlines bounds a request's connection by the request's deadline (set
// by timeout): reading its body must end by then (else 408 body_timeout,
// and the connection is closed), writing its answer by answerGrace later
// (else the connection is closed, the answer cut). A client that stops
// reading an export, or trickles a body, holds nothing past them. Off a
// real connection (a test's recorder) there is nothing to bound.
func deadlines(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		deadline, ok := c.Request().Context().Deadline()
		if !ok {
			return next(c)
		}
		conn := http.NewResponseController(c.Response())
		if conn.SetReadDeadline(deadline) != nil || conn.SetWriteDeadline(deadline.Add(answerGrace)) != nil {
			return next(c)
		}
		body := &deadlineBody{ReadCloser: c.Request().Body}
		c.Request().Body = body
		err := next(c)
		if body.expired {
			return errBodyTimeout
		}
		return err
	}
}

// deadlineBody notes whether reading a request body ran into the
// connection's read deadline.
type deadlineBody struct {
	io.ReadCloser
	expired bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		b.expired = true
	}
	return n, err
}

// counters counts what each key holds, up to max each (or in total, for a
// single key).
type counters struct {
	mu   sync.Mutex
	held map[string]int64
	max  int64
}

// take adds n to key's count unless that would pass max.
func (k *counters) take(key string, n int64) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.held[key]+n > k.max {
		return false
	}
	k.held[key] += n
	return true
}

// give takes n back from key's count.
func (k *counters) give(key string, n int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.held[key] -= n; k.held[key] <= 0 {
		delete(k.held, key)
	}
}

// streamLimit answers 429 too_many_streams to a request of a long route
// (longRoutes) whose token already has tokenStreams of them in flight. It
// runs before authentication, keyed by the credential sent: a request
// without one is refused by the route's own check.
func streamLimit() echo.MiddlewareFunc {
	streams := &counters{held: map[string]int64{}, max: tokenStreams}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			secret := credential(c)
			if secret == "" || !longRoutes[c.Request().Method+" "+c.Path()] {
				return next(c)
			}
			key := graph.HashSecret(secret)
			if !streams.take(key, 1) {
				c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
				return errTooManyStreams
			}
			defer streams.give(key, 1)
			return next(c)
		}
	}
}

// importLimit admits an import (importRoutes) while the bodies of the
// imports in flight, its own included, stay within the import budget
// (importBudget, or the body limit when larger), and answers 429
// imports_busy otherwise. A body counts its Content-Length, or the body
// limit when it has none, from before anything reads it.
func importLimit(bodyLimit int64) echo.MiddlewareFunc {
	budget := max(importBudget, bodyLimit)
	inFlight := &counters{held: map[string]int64{}, max: budget}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !importRoutes[c.Request().Method+" "+c.Path()] {
				return next(c)
			}
			size := c.Request().ContentLength
			if size < 0 || size > budget { // unknown: the most the body limit lets in
				size = budget
				if bodyLimit > 0 {
					size = bodyLimit // at most budget
				}
			}
			if !inFlight.take("", size) {
				c.Response().Header().Set("Retry-After", strconv.Itoa(importRetryAfter))
				return errImportsBusy(budget)
			}
			defer inFlight.give("", size)
			return next(c)
		}
	}
}
