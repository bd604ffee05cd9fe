package handlers_test

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/handlers"
)

// scrape reads /metrics into sample → value (sample as written, with its
// labels).
func scrape(t *testing.T, h http.Handler) map[string]float64 {
	t.Helper()
	r := send(t, h, "GET", "/metrics", nil, "")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(r.Raw))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

func TestMetrics(t *testing.T) {
	// Not parallel: it reads counters every test adds to.
	s := graphtest.Server()
	store, err := graph.Open(graph.Options{URI: s.URI, User: s.User, Password: s.Password, Database: s.Database,
		Observe: handlers.ObserveQuery})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(context.Background())
	ev := newEnv(t)
	ev.e = newAPI(store, testConfig)
	a, b := ev.create("people", map[string]any{"name": "A"}), ev.create("people", map[string]any{"name": "B"})
	before := scrape(t, ev.e)

	ev.do("GET", "/api/v1/records/"+a, nil, ev.read)
	ev.do("GET", "/api/v1/records/"+b, nil, ev.read)
	ev.do("GET", "/api/v1/records/ghost", nil, ev.read)
	ev.do("GET", "/no/such/route", nil, "")
	ev.do("GET", "/api/v1/records/"+a+"/nope", nil, ev.read)
	ev.do("DELETE", "/api/v1/paths", nil, ev.read)
	ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b}, ev.write)
	ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": "ghost"}, ev.write)
	ev.do("POST", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b, "direction": "up"}, ev.write)
	ev.do("PUT", "/api/v1/records/"+a+"/relations", map[string]any{"targetIds": b}, ev.write)
	ev.do("GET", "/api/v1/records/"+a+"/graph", nil, ev.read)
	ev.do("INVENTED1", "/api/v1/records/"+a, nil, ev.read)
	ev.do("INVENTED2", "/no/such/route", nil, "")
	after := scrape(t, ev.e)

	delta := func(sample string) float64 { return after[sample] - before[sample] }
	tests := []struct {
		name, sample string
		want         float64
	}{
		{"requests count by route pattern, never the raw path", `relgraph_http_requests_total{method="GET",route="/api/v1/records/:id",status="200"}`, 2},
		{"requests count by status", `relgraph_http_requests_total{method="GET",route="/api/v1/records/:id",status="404"}`, 1},
		{"unknown routes count as one route", `relgraph_http_requests_total{method="GET",route="unmatched",status="404"}`, 2},
		{"a wrong method counts as unmatched", `relgraph_http_requests_total{method="DELETE",route="unmatched",status="405"}`, 1},
		{"an invented method counts as other, on no route of its own", `relgraph_http_requests_total{method="other",route="unmatched",status="405"}`, 1},
		{"an invented method on an unknown path counts as other", `relgraph_http_requests_total{method="other",route="unmatched",status="404"}`, 1},
		{"latencies are histograms by route", `relgraph_http_request_duration_seconds_count{method="GET",route="/api/v1/records/:id",status="200"}`, 2},
		{"an attach that links counts as created", `relgraph_relation_writes_total{operation="attach",result="created"}`, 1},
		{"an attach to unknown targets counts as not_found", `relgraph_relation_writes_total{operation="attach",result="not_found"}`, 1},
		{"an invalid attach counts as invalid", `relgraph_relation_writes_total{operation="attach",result="invalid"}`, 1},
		{"a detach counts as deleted", `relgraph_relation_writes_total{operation="detach",result="deleted"}`, 1},
		{"the neighbourhood is counted", `relgraph_http_requests_total{method="GET",route="/api/v1/records/:id/graph",status="200"}`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := delta(tc.sample); got != tc.want {
				t.Fatalf("%s rose by %v, want %v", tc.sample, got, tc.want)
			}
		})
	}
	t.Run("no series carries a record id", func(t *testing.T) {
		for sample := range after {
			if strings.Contains(sample, a) || strings.Contains(sample, "ghost") || strings.Contains(sample, "/no/such") || strings.Contains(sample, "INVENTED") {
				t.Fatalf("series %s", sample)
			}
		}
	})
	t.Run("Neo4j calls are timed by kind", func(t *testing.T) {
		if delta(`relgraph_neo4j_query_duration_seconds_count{op="read",outcome="ok"}`) < 4 {
			t.Fatal("reads were not timed")
		}
		if delta(`relgraph_neo4j_query_duration_seconds_count{op="write_tx",outcome="ok"}`) < 2 {
			t.Fatal("write transactions were not timed")
		}
		if after[`relgraph_neo4j_calls_in_flight{op="read"}`] != 0 {
			t.Fatalf("%v reads still in flight", after[`relgraph_neo4j_calls_in_flight{op="read"}`])
		}
	})
	t.Run("process and Go runtime metrics are there", func(t *testing.T) {
		if after["go_goroutines"] == 0 || after["process_resident_memory_bytes"] == 0 {
			t.Fatal("no runtime metrics")
		}
	})
}
