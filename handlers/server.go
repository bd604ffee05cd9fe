// Package handlers is relgraph's HTTP API: Echo routes, request binding, the
// success and error envelopes, authentication, and the one mapping of errors
// to HTTP answers.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/relgraph/relgraph/graph"
)

// Config is what the API needs from the service configuration.
type Config struct {
	AdminKey       string        // the server admin key: manages projects and tokens
	BodyLimit      int64         // bytes; larger bodies get 413
	RequestTimeout time.Duration // each request's deadline, database work included
	TokenCacheTTL  time.Duration // how long a looked-up token is trusted before it is looked up again
	CypherRowCap   int           // POST /cypher reads at most this many rows (0: 10000)
	CypherTimeout  time.Duration // POST /cypher's transaction timeout (0: 10s)
	// Instance names this instance to clients (ValidInstance): client
	// transaction ids carry it, and other instances answer them with it.
	Instance string
}

// api carries what every handler needs.
type api struct {
	store  *graph.Store
	cfg    Config
	tokens *tokenCache
	log    *slog.Logger
	// actions are the methods of the record collection's own paths
	// (see notAnAction), read from the routes once they are all registered.
	actions     map[string]string
	actionsOnce sync.Once
}

// New builds the Echo server with every route of relgraph's API.
func New(store *graph.Store, cfg Config, log *slog.Logger) *echo.Echo {
	if cfg.TokenCacheTTL == 0 {
		cfg.TokenCacheTTL = time.Second
	}
	a := &api{store: store, cfg: cfg, tokens: newTokenCache(cfg.TokenCacheTTL), log: log}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(log)
	e.Use(requestIDs, observeRequests(e), accessLog(log), middleware.Recover(), timeout(cfg.RequestTimeout),
		middleware.BodyLimit(strconv.FormatInt(cfg.BodyLimit, 10)+"B"), bookmarks)
	e.Use(deadlines, streamLimit(), importLimit(cfg.BodyLimit)) // limits.go: after timeout, whose deadline they enforce
	// Last: a keyed write runs in a transaction of its own (idempotency.go).
	e.Use(a.idempotent())
	e.GET("/healthz", a.healthz)
	e.GET("/readyz", a.readyz)
	v1 := e.Group("/api/v1")
	a.projectRoutes(v1)
	a.recordRoutes(v1)
	a.relationManyRoutes(v1) // before /relationships/:id
	a.relationRoutes(v1)
	a.txRoutes(v1)
	a.typeRoutes(v1)
	a.viewRoutes(v1)
	a.searchRoutes(v1)
	a.propertyRoutes(v1)
	a.importRoutes(v1)
	a.cypherRoutes(v1)
	a.neighbourhoodRoutes(v1)
	a.sdkRoutes(v1)
	a.explorerRoutes(e)
	a.openAPIRoutes(e)
	a.metricsRoutes(e)
	return e
}

const requestIDHeader = "X-Request-Id"

// requestIDs keeps a sane X-Request-Id from the client or makes one, and
// echoes it in the response.
func requestIDs(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(requestIDHeader)
		if id == "" || len(id) > 128 || !printable(id) {
			id = uuid.Must(uuid.NewV7()).String()
		}
		c.Set(requestIDHeader, id)
		c.Response().Header().Set(requestIDHeader, id)
		return next(c)
	}
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func requestID(c echo.Context) string {
	id, _ := c.Get(requestIDHeader).(string)
	return id
}

// accessLog writes one JSON line per request.
func accessLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("requestId", requestID(c)), slog.String("method", c.Request().Method),
				slog.String("route", c.Path()), slog.Int("status", c.Response().Status),
				slog.Int64("bytes", c.Response().Size), slog.Duration("duration", time.Since(start)))
			return nil
		}
	}
}

// timeout gives every request a deadline; the database work of a request
// that passes it is cancelled and the client gets 503.
func timeout(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if d <= 0 {
				return next(c)
			}
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

func (a *api) healthz(c echo.Context) error {
	return ok(c, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers a query, 503 otherwise.
func (a *api) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		return &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the database is not reachable"}
	}
	return ok(c, http.StatusOK, map[string]string{"status": "ready"})
}
