package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/relgraph/relgraph/graph"
)

// metrics are relgraph's Prometheus collectors. They are process-wide, as
// Prometheus collectors usually are: a process serves one API, and every API
// New builds counts into them.
var metrics = newMetricSet()

type metricSet struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	queries        *prometheus.HistogramVec
	queriesActive  *prometheus.GaugeVec
	relationWrites *prometheus.CounterVec
}

func newMetricSet() *metricSet {
	m := &metricSet{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "relgraph_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "relgraph_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route pattern and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status"}),
		queries: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "relgraph_neo4j_query_duration_seconds",
			Help:    "Time of a Neo4j call (one statement or one managed transaction, retries included), by kind and outcome.",
			Buckets: prometheus.DefBuckets,
		}, []string{"op", "outcome"}),
		queriesActive: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "relgraph_neo4j_calls_in_flight",
			Help: "Neo4j calls under way, by kind; each holds a pooled connection while it runs (the driver publishes no pool statistics).",
		}, []string{"op"}),
		relationWrites: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "relgraph_relation_writes_total",
			Help: "Attach (POST) and detach (PUT) requests on /records/{id}/relations, by result: created, deleted, not_found, invalid, error.",
		}, []string{"operation", "result"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.queries, m.queriesActive, m.relationWrites,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// metricsRoutes serves the collectors in the Prometheus text format, without
// a token: it tells request counts and timings, never data.
func (a *api) metricsRoutes(e *echo.Echo) {
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(metrics.registry, promhttp.HandlerOpts{})))
}

// ObserveQuery counts one Neo4j call for /metrics; give it to the store as
// graph.Options.Observe.
func ObserveQuery(op string) func(error) {
	start := time.Now()
	active := metrics.queriesActive.WithLabelValues(op)
	active.Inc()
	return func(err error) {
		active.Dec()
		metrics.queries.WithLabelValues(op, queryOutcome(err)).Observe(time.Since(start).Seconds())
	}
}

func queryOutcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, graph.ErrTimeout):
		return "timeout"
	case errors.Is(err, graph.ErrUnavailable):
		return "unavailable"
	}
	return "error"
}

// relationsRoute is the route whose POST attaches and PUT detaches.
const relationsRoute = "/api/v1/records/:id/relations"

// observeRequests counts every request by its route pattern (never the raw
// URL, so ids do not multiply the series) and status; requests that match no
// route of e (404, 405) count under the route "unmatched". It runs outside
// accessLog, which has answered a handler's error by the time it returns.
func observeRequests(e *echo.Echo) echo.MiddlewareFunc {
	var once sync.Once
	var routes map[string]bool // "METHOD pattern", read once all routes are registered
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			once.Do(func() {
				routes = map[string]bool{}
				for _, r := range e.Routes() {
					routes[r.Method+" "+r.Path] = true
				}
			})
			start := time.Now()
			err := next(c)
			observeRequest(c, routes, time.Since(start))
			return err
		}
	}
}

// knownMethods are the methods counted under their own name; the labels of
// the request series come from closed sets only.
var knownMethods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true}

// observeRequest counts one answered request.
func observeRequest(c echo.Context, routes map[string]bool, took time.Duration) {
	method, route, status := c.Request().Method, c.Path(), c.Response().Status
	if !routes[method+" "+route] {
		route = "unmatched"
	}
	if !knownMethods[method] {
		// A client chooses the method's text: a label from it would
		// create a series per invented method.
		method = "other"
	}
	code := strconv.Itoa(status)
	metrics.requests.WithLabelValues(method, route, code).Inc()
	metrics.latency.WithLabelValues(method, route, code).Observe(took.Seconds())
	if route == relationsRoute && (method == http.MethodPost || method == http.MethodPut) {
		metrics.relationWrites.WithLabelValues(relationOperation(method), relationResult(method, status)).Inc()
	}
}

func relationOperation(method string) string {
	if method == http.MethodPost {
		return "attach"
	}
	return "detach"
}

func relationResult(method string, status int) string {
	switch {
	case status == http.StatusCreated && method == http.MethodPost:
		return "created"
	case status == http.StatusOK && method == http.MethodPut:
		return "deleted"
	case status == http.StatusNotFound:
		return "not_found"
	case status >= 400 && status < 500:
		return "invalid"
	}
	return "error"
}
