package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/relgraph/relgraph/cypher"
)

// benchProperty is the relation property the attach scenario writes.
const benchProperty = "bench"

// pageSize is the page the relation scenarios ask for: the API's default.
const pageSize = 100

// side is one way of running the scenarios: the raw driver running
// relgraph's statements, the HTTP API, or the best statements (the
// yardstick: what an expert would write). Each runs the scenarios whose
// interface it implements (attacher, relationLister, valuesSide, searcher).
type side interface {
	name() string
}

// The sides, in the order of result.rounds.
const (
	sideRaw = iota
	sideHTTP
	sideBest
	sideFloor // search-like scenarios only: see floorSide
	nSides
)

var sideNames = [nSides]string{"raw", "http", "best", "floor"}

// errUnsupported: the side does not run the scenario.
var errUnsupported = errors.New("scenario not run by this side")

// as returns s as the interface T a scenario needs, or errUnsupported.
func as[T any](s side) (T, error) {
	t, ok := s.(T)
	if !ok {
		return t, errUnsupported
	}
	return t, nil
}

// world is what the scenarios draw their requests from: the seeded
// project, its records and its neighbour. Read-only while scenarios run.
type world struct {
	project string   // the seeded project's id
	records int      // its companies and people: companies at even indexes, people at odd
	ids     []string // the ids of its companies and people
	tags    []string // the ids of its records of the open type
	// filterTargets are the companies the filter scenario asks about.
	filterTargets []string
	neighbour     string // the small project of the noisy scenario; "" when not run
	noTotal       bool   // search bodies send "total": false
}

// scenario is one operation measured on every side that runs it. A
// search-like scenario has draw: one request in every side's form, which
// the sides also answer once to check that they agree; the others have op.
type scenario struct {
	name string
	op   func(ctx context.Context, s side, w *world) error
	draw func(w *world) searchCase
}

// run runs the scenario's operation once on s.
func (sc scenario) run(ctx context.Context, s side, w *world) error {
	if sc.draw == nil {
		return sc.op(ctx, s, w)
	}
	sr, err := as[searcher](s)
	if err != nil {
		return err
	}
	return sr.search(ctx, sc.draw(w))
}

// scenarios are every scenario, in the default order.
var scenarios = []scenario{
	{name: "attach", op: attachOp},
	{name: "relations", op: relationsOp(cypher.Both)},
	{name: "reverse", op: relationsOp(cypher.In)},
	{name: filterScenario, draw: drawFilter},
	{name: "search", draw: drawRelated},
	{name: "values", op: valuesOp},
	{name: "ordered", op: orderedValuesOp},
	{name: "groupby", draw: drawGroupBy},
	{name: "eq", draw: drawEq},
	{name: "range", draw: drawRange},
	{name: "contains", draw: drawContains},
	{name: "open", draw: drawOpen},
	{name: noisyScenario, draw: drawNoisy},
}

// importScenario is measured apart (see import.go): it loads a file once
// per round rather than repeating one operation.
const importScenario = "import"

func scenarioNames() []string {
	names := make([]string, 0, len(scenarios)+1)
	for _, s := range scenarios {
		names = append(names, s.name)
	}
	return append(append(names, importScenarioNames()...), upsertScenario)
}

// attacher links two records through benchProperty.
type attacher interface {
	attach(ctx context.Context, source, target string) error
}

// attachOp links a record of the open type to any record: the declared
// types do not declare benchProperty, and an open source keeps the write on
// the path relgraph takes for open types, the one the raw side runs.
func attachOp(ctx context.Context, s side, w *world) error {
	a, err := as[attacher](s)
	if err != nil {
		return err
	}
	source := w.tags[rand.IntN(len(w.tags))]
	target := w.ids[rand.IntN(len(w.ids))]
	return a.attach(ctx, source, target)
}

// relationLister reads the first page of a record's edges.
type relationLister interface {
	relations(ctx context.Context, id string, d cypher.Direction) error
}

func relationsOp(d cypher.Direction) func(ctx context.Context, s side, w *world) error {
	return func(ctx context.Context, s side, w *world) error {
		r, err := as[relationLister](s)
		if err != nil {
			return err
		}
		return r.relations(ctx, w.ids[rand.IntN(len(w.ids))], d)
	}
}

// round is what one side did in one round, or in several merged.
type round struct {
	elapsed  time.Duration
	cpu      time.Duration   // CPU time this process spent, user and system
	dbCPU    time.Duration   // CPU time the Neo4j process spent; 0 when it is not known
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

// dbCPUPerOp is the Neo4j process's CPU time per successful operation.
func (r round) dbCPUPerOp() time.Duration {
	if len(r.samples) == 0 {
		return 0
	}
	return r.dbCPU / time.Duration(len(r.samples))
}

// add merges o into r, keeping the longer elapsed time.
func (r *round) add(o round) {
	r.elapsed = max(r.elapsed, o.elapsed)
	r.cpu += o.cpu
	r.dbCPU += o.dbCPU
	r.samples = append(r.samples, o.samples...)
	r.errors += o.errors
	if r.firstErr == nil {
		r.firstErr = o.firstErr
	}
}

// result is one scenario measured on every side that runs it.
type result struct {
	scenario string
	rounds   [nSides][]round // nil: the side does not run the scenario
	hits     [nSides]int64   // PROFILE db hits of one request's statement; 0: not profiled
	mismatch string          // how the sides' answers to one request differ; "" when they agree
}

// ran says whether side k ran the scenario.
func (r result) ran(k int) bool { return len(r.rounds[k]) > 0 }

// measure runs each configured scenario: per round, a warmup then a
// measured run on each side in turn, so slow drift of the database (caches,
// garbage collection, growing graph) falls on every side alike.
func measure(ctx context.Context, cfg config, sides [nSides]side, w *world, progress io.Writer) ([]result, error) {
	var results []result
	for _, name := range cfg.scenarios {
		if isImportScenario(name) || name == upsertScenario {
			continue
		}
		sc := scenarios[slices.Index(scenarioNames(), name)]
		res := result{scenario: name}
		// One call per side first, alone: a statement's first run plans it,
		// and concurrent callers arriving together would each plan it at
		// once. It also tells which sides run the scenario.
		var present []int
		for k, s := range sides {
			if err := sc.run(ctx, s, w); !errors.Is(err, errUnsupported) {
				present = append(present, k)
			}
		}
		if sc.draw != nil {
			res.mismatch, res.hits = inspect(ctx, sides, sc.draw(w))
			if res.mismatch != "" {
				fmt.Fprintf(progress, "%-9s MISMATCH: %s\n", name, res.mismatch)
			}
		}
		for i := range cfg.rounds {
			for _, k := range present {
				s := sides[k]
				op := func(ctx context.Context) error { return sc.run(ctx, s, w) }
				runRound(ctx, cfg.warmup, cfg.concurrency, cfg.dbPID, op)
				r := runRound(ctx, cfg.duration, cfg.concurrency, cfg.dbPID, op)
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				res.rounds[k] = append(res.rounds[k], r)
				fmt.Fprintf(progress, "%-9s %-4s round %d/%d: %8.1f ops/s, p50 %6.2f ms, p99 %6.2f ms, cpu %4d µs/op, db cpu %4d µs/op, %d errors\n",
					name, s.name(), i+1, cfg.rounds, r.opsPerSec(), ms(percentile(r.samples, 0.50)), ms(percentile(r.samples, 0.99)),
					r.cpuPerOp().Microseconds(), r.dbCPUPerOp().Microseconds(), r.errors)
			}
		}
		results = append(results, res)
	}
	return results, nil
}

// runRound runs op from concurrency workers for d, each starting a new
// operation as soon as its previous one ends. Operations in flight at d
// finish and count; elapsed runs until the last one ends. dbPID, when not
// 0, is the Neo4j process whose CPU time the round records.
func runRound(ctx context.Context, d time.Duration, concurrency, dbPID int, op func(context.Context) error) round {
	if d <= 0 {
		return round{}
	}
	start, cpu, dbCPU := time.Now(), processCPU(), pidCPU(dbPID)
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
	if dbPID != 0 {
		total.dbCPU = pidCPU(dbPID) - dbCPU
	}
	return total
}

// pidCPU is the CPU time process pid has used so far, user and system,
// from /proc/<pid>/stat; 0 when pid is 0 or the file cannot be read.
func pidCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which ends with the last ')':
	// state is field 3 of the file, utime 14 and stime 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is the unit of /proc's CPU times (USER_HZ), 100 on Linux.
const clockTicks = 100

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
