package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/relgraph/relgraph/cypher"
)

// benchProperty is the relation property the attach scenario writes.
const benchProperty = "bench"

// pageSize is the page the relation scenarios ask for: the API's default.
const pageSize = 100

// side is one way of running the scenarios: raw driver or HTTP API.
type side interface {
	name() string
	attach(ctx context.Context, source, target string) error
	relations(ctx context.Context, id string, d cypher.Direction) error
	search(ctx context.Context, body []byte) error
}

// scenario is one operation measured on both sides.
type scenario struct {
	name string
	op   func(ctx context.Context, s side, ids []string) error
}

// scenarios are every scenario, in the default order.
var scenarios = []scenario{
	{"attach", func(ctx context.Context, s side, ids []string) error {
		a, b := distinctPair(len(ids))
		return s.attach(ctx, ids[a], ids[b])
	}},
	{"relations", func(ctx context.Context, s side, ids []string) error {
		return s.relations(ctx, ids[rand.IntN(len(ids))], cypher.Both)
	}},
	{"reverse", func(ctx context.Context, s side, ids []string) error {
		return s.relations(ctx, ids[rand.IntN(len(ids))], cypher.In)
	}},
	{filterScenario, filterOp},
	{"search", func(ctx context.Context, s side, ids []string) error {
		return s.search(ctx, searchBody(len(ids)))
	}},
	{"values", valuesOp},
}

// importScenario is measured apart (see import.go): it loads a file once
// per round rather than repeating one operation.
const importScenario = "import"

func scenarioNames() []string {
	names := make([]string, 0, len(scenarios)+1)
	for _, s := range scenarios {
		names = append(names, s.name)
	}
	return append(names, importScenario)
}

// round is what one side did in one round, or in several merged.
type round struct {
	elapsed  time.Duration
	cpu      time.Duration   // CPU time this process spent, user and system
	samples  []time.Duration // latency of each successful operation
	errors   int
	firstErr error
}

func (r round) opsPerSec() float64 { return float64(len(r.samples)) / r.elapsed.Seconds() }

// cpuPerOp is the process CPU time per successful operation.
func (r round) cpuPerOp() time.Duration {
	if len(r.samples) == 0 {
		return 0
	}
	return r.cpu / time.Duration(len(r.samples))
}

// add merges o into r, keeping the longer elapsed time.
func (r *round) add(o round) {
	r.elapsed = max(r.elapsed, o.elapsed)
	r.cpu += o.cpu
	r.samples = append(r.samples, o.samples...)
	r.errors += o.errors
	if r.firstErr == nil {
		r.firstErr = o.firstErr
	}
}

// result is one scenario measured on both sides: rounds[side][i].
type result struct {
	scenario string
	rounds   [2][]round
}

// measure runs each configured scenario: per round, a warmup then a
// measured run on the raw side, then the same on the HTTP side, so slow
// drift of the database (caches, garbage collection, growing graph) falls
// on both sides alike.
func measure(ctx context.Context, cfg config, sides [2]side, ids []string, progress io.Writer) ([]result, error) {
	var results []result
	for _, name := range cfg.scenarios {
		if name == importScenario {
			continue
		}
		sc := scenarios[slices.Index(scenarioNames(), name)]
		res := result{scenario: name}
		// One call per side first, alone: a statement's first run plans it,
		// and concurrent callers arriving together would each plan it at once.
		for _, s := range sides {
			sc.op(ctx, s, ids)
		}
		for i := range cfg.rounds {
			for k, s := range sides {
				op := func(ctx context.Context) error { return sc.op(ctx, s, ids) }
				runRound(ctx, cfg.warmup, cfg.concurrency, op)
				r := runRound(ctx, cfg.duration, cfg.concurrency, op)
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				res.rounds[k] = append(res.rounds[k], r)
				fmt.Fprintf(progress, "%-9s %-4s round %d/%d: %8.1f ops/s, p50 %6.2f ms, p99 %6.2f ms, cpu %4d µs/op, %d errors\n",
					name, s.name(), i+1, cfg.rounds, r.opsPerSec(), ms(percentile(r.samples, 0.50)), ms(percentile(r.samples, 0.99)),
					r.cpuPerOp().Microseconds(), r.errors)
			}
		}
		results = append(results, res)
	}
	return results, nil
}

// runRound runs op from concurrency workers for d, each starting a new
// operation as soon as its previous one ends. Operations in flight at d
// finish and count; elapsed runs until the last one ends.
func runRound(ctx context.Context, d time.Duration, concurrency int, op func(context.Context) error) round {
	if d <= 0 {
		return round{}
	}
	start, cpu := time.Now(), processCPU()
	stop := start.Add(d)
	perWorker := make([]round, concurrency)
	var wg sync.WaitGroup
	for w := range perWorker {
		wg.Go(func() { perWorker[w] = work(ctx, stop, op) })
	}
	wg.Wait()
	var total round
	for _, r := range perWorker {
		total.add(r)
	}
	total.elapsed, total.cpu = time.Since(start), processCPU()-cpu
	return total
}

// processCPU is the CPU time this process has used so far, user and system.
func processCPU() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func work(ctx context.Context, stop time.Time, op func(context.Context) error) round {
	var r round
	for ctx.Err() == nil && time.Now().Before(stop) {
		t := time.Now()
		if err := op(ctx); err != nil {
			r.errors++
			if r.firstErr == nil {
				r.firstErr = err
			}
			continue
		}
		r.samples = append(r.samples, time.Since(t))
	}
	return r
}

// percentile returns the nearest-rank q-quantile of samples (0 when none).
// It sorts samples in place.
func percentile(samples []time.Duration, q float64) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	slices.Sort(samples)
	rank := int(math.Ceil(q * float64(len(samples))))
	return samples[min(max(rank, 1), len(samples))-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
