package handlers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// A write sent with an Idempotency-Key runs at most once per project and
// key (graph.Store.Once): its outcome (status, body, Content-Type and
// Location) is stored with the key, in the graph and in the write's own
// transaction, and a retry with the key within graph.IdempotencyTTL
// answers that outcome again, marked with Idempotent-Replayed: true,
// through any instance. The key's scope is the project: any token of the
// project that may write replays it. A request under a used key that
// differs in method, path, query or body is a 422. Only 2xx outcomes are
// stored: after a 4xx or 5xx nothing was written, and the retry runs
// again.
//
// Every route that writes project data takes the key, and one middleware
// reads it. Routes that only read ignore it (a retry of a read is always
// safe). Client transactions (/tx and x-transaction-id) and the server
// admin's routes refuse it: a transaction's statements commit with it, and
// a token's secret is not to be stored.

const (
	idempotencyKeyHeader = "Idempotency-Key"
	replayedHeader       = "Idempotent-Replayed"
	maxIdempotencyKey    = 255 // bytes
)

// readRoutes are the POST routes that change nothing.
var readRoutes = map[string]bool{
	"/api/v1/records/search": true, "/api/v1/records/:id/search": true, "/api/v1/labels": true,
	"/api/v1/labels/search": true, "/api/v1/records/relations/search": true, "/api/v1/relationships/search": true,
	"/api/v1/properties": true, "/api/v1/properties/search": true, "/api/v1/properties/:id/values": true,
	"/api/v1/records/export/csv": true, "/api/v1/cypher": true,
}

// keptHeaders are the headers an outcome keeps: those that describe its body.
var keptHeaders = []string{echo.HeaderContentType, echo.HeaderLocation, echo.HeaderContentDisposition}

var (
	errKeyNotSupported = &apiError{Status: http.StatusBadRequest, Code: "idempotency_not_supported",
		Message: "client transactions and the server admin's routes do not take an Idempotency-Key", Details: map[string]string{"header": idempotencyKeyHeader}}
	errKeyInTx = &apiError{Status: http.StatusBadRequest, Code: "idempotency_key_in_transaction",
		Message: "a statement of a client transaction takes no Idempotency-Key: it commits with the transaction", Details: map[string]string{"header": idempotencyKeyHeader}}
	errInvalidKey = &apiError{Status: http.StatusBadRequest, Code: "invalid_idempotency_key",
		Message: "an Idempotency-Key is one value of 1 to 255 printable ASCII characters", Details: map[string]string{"header": idempotencyKeyHeader}}
)

// idempotent is the middleware of Idempotency-Key.
func (a *api) idempotent() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			keys, sent := c.Request().Header[idempotencyKeyHeader]
			if !sent || !writesData(c) {
				return next(c)
			}
			if strings.HasPrefix(c.Path(), "/api/v1/tx") || strings.HasPrefix(c.Path(), "/api/v1/projects") {
				if credential(c) == "" {
					return next(c) // the route answers 401
				}
				return errKeyNotSupported
			}
			project, writer := a.writerProject(c)
			if !writer {
				return next(c) // the route refuses the credential
			}
			if len(keys) != 1 || !validKey(keys[0]) {
				return errInvalidKey
			}
			if c.Request().Header.Get(txHeader) != "" {
				return errKeyInTx
			}
			body, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return err
			}
			w := graph.KeyedWrite{Project: project, Key: keys[0], Hash: requestHash(c.Request(), body)}
			var last *recorder
			out, replayed, err := a.store.Once(c.Request().Context(), w, func(ctx context.Context) (graph.Outcome, bool, error) {
				last = &recorder{header: http.Header{}}
				return last.run(c, next, ctx, body)
			})
			switch {
			case errors.Is(err, graph.ErrIdempotencyKeyInUse):
				c.Response().Header().Set("Retry-After", "1")
				return err
			case err != nil:
				return err
			case replayed:
				return replay(c, out)
			}
			return last.answer(c)
		}
	}
}

// writesData reports whether the request's route may write project data.
func writesData(c echo.Context) bool {
	switch c.Request().Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return false
	}
	return strings.HasPrefix(c.Path(), "/api/v1/") && !readRoutes[c.Path()]
}

// writerProject is the project of the request's token when the token may
// write; otherwise the route's own authentication answers.
func (a *api) writerProject(c echo.Context) (string, bool) {
	secret := credential(c)
	if secret == "" || a.isAdminKey(secret) {
		return "", false
	}
	t, err := a.token(c, secret)
	if err != nil || !t.Role.Allows(graph.RoleWrite) {
		return "", false
	}
	return t.Project, true
}

// validKey: 1 to 255 bytes of printable ASCII, spaces included.
func validKey(k string) bool {
	if k == "" || len(k) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// requestHash identifies a request under a key: its method, path, query
// and body.
func requestHash(r *http.Request, body []byte) string {
	h := sha256.New()
	io.WriteString(h, r.Method+" "+r.URL.RequestURI()+"\n")
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// replay answers a stored outcome.
func replay(c echo.Context, out graph.Outcome) error {
	if !out.BodyKept {
		return &apiError{Status: http.StatusConflict, Code: "idempotency_answer_not_kept",
			Message: "the write under this Idempotency-Key was applied, but its answer was larger than 4 MiB and was not kept; read what it wrote",
			Details: map[string]int{"status": out.Status}}
	}
	h := c.Response().Header()
	for name, value := range out.Header {
		h.Set(name, value)
	}
	h.Set(replayedHeader, "true")
	c.Response().WriteHeader(out.Status)
	_, err := c.Response().Write(out.Body)
	return err
}

// recorder holds a keyed write's answer until its transaction commits.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

func (r *recorder) WriteHeader(status int) { r.status = status }

// run runs the route with ctx and a fresh copy of body, its answer held
// in r, and returns the outcome to keep: a 2xx answer.
func (r *recorder) run(c echo.Context, next echo.HandlerFunc, ctx context.Context, body []byte) (graph.Outcome, bool, error) {
	res, req := c.Response(), c.Request()
	held := req.WithContext(ctx)
	held.Body = io.NopCloser(bytes.NewReader(body))
	c.SetResponse(echo.NewResponse(r, c.Echo()))
	c.SetRequest(held)
	defer func() {
		c.SetResponse(res)
		c.SetRequest(req)
	}()
	if err := next(c); err != nil {
		return graph.Outcome{}, false, err
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	out := graph.Outcome{Status: r.status, Header: map[string]string{}, Body: r.body.Bytes()}
	for _, name := range keptHeaders {
		if v := r.header.Get(name); v != "" {
			out.Header[name] = v
		}
	}
	return out, r.status/100 == 2, nil
}

// answer sends the held answer.
func (r *recorder) answer(c echo.Context) error {
	h := c.Response().Header()
	for name, values := range r.header {
		h[name] = values
	}
	c.Response().WriteHeader(r.status)
	_, err := c.Response().Write(r.body.Bytes())
	return err
}
