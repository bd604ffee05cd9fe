// Command relgraph-bench measures relgraph's HTTP API against the raw Neo4j
// driver running the same Cypher, and against the best statements (what a
// Neo4j expert would write for each search on the same graph, with the
// indexes relgraph keeps), on a seeded graph, and prints a table of
// throughput and latency per scenario with the HTTP/raw and HTTP/best
// ratios.
//
//	bin/relgraph-neo4j --name bench -- go run ./cmd/relgraph-bench [flags]
//
// It seeds (or reuses) a project named bench-<records>-<edges>, serves the
// API in-process on a loopback port, declares the seeded types through it
// (PUT /api/v1/types/…) and waits for their indexes, then runs every
// scenario in alternating raw, HTTP and best rounds at the same
// concurrency, and stops by itself. Before measuring a search-like
// scenario it answers one request on every side and reports any
// difference, with the PROFILE db hits of each side's statement. With
// -sizes it does all that for each size in turn, then prints how each
// scenario's p50 grows with the graph. The import scenario instead loads a
// nested file (-import-records) once per round into a fresh project,
// through POST /records/import/json and through the raw driver, and
// compares the load rates.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/relgraph/relgraph/graph"
)

// config is everything a run depends on, from the environment and flags.
type config struct {
	neo4j graph.Options
	// dbPID is the local Neo4j's process id (NEO4J_PID, which `relgraph
	// neo4j` sets), whose CPU time per operation the report shows; 0: not
	// known.
	dbPID       int
	records     int           // records in the seeded graph
	edges       int           // seeded edges per record
	concurrency int           // workers per side, each with one request in flight
	duration    time.Duration // measured time of one round of one side
	rounds      int           // measured rounds per side
	warmup      time.Duration // unmeasured time before each round
	scenarios   []string      // names from the scenarios table, in run order
	reseed      bool          // delete and seed the project even when it fits
	cpuProfile  string        // file for a CPU profile of the measured rounds
	sizes       []int         // -records of each run in turn, growth mode; empty: just -records
	noTotal     bool          // search bodies send "total": false; best statements count nothing
	// importRecords is the size of the import scenario's file, in records;
	// importChunk its objects per request or transaction.
	importRecords, importChunk int
	// upsertRecords is the size of a round of the upsert scenario, into a
	// type of upsertBase records.
	upsertRecords, upsertBase int
}

// loadConfig reads the flags in args and the NEO4J_* variables, naming every
// bad value at once.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	c := config{neo4j: graph.Options{URI: getenv("NEO4J_URI"), User: orDefault(getenv("NEO4J_USER"), "neo4j"),
		Password: getenv("NEO4J_PASSWORD"), Database: orDefault(getenv("NEO4J_DATABASE"), "neo4j")}}
	c.dbPID, _ = strconv.Atoi(getenv("NEO4J_PID"))
	fs := flag.NewFlagSet("relgraph-bench", flag.ContinueOnError)
	fs.IntVar(&c.records, "records", 10000, "records in the seeded graph")
	fs.IntVar(&c.edges, "edges", 5, "seeded edges per record (1M records × 5 = 5M edges)")
	fs.IntVar(&c.concurrency, "concurrency", 16, "requests in flight per side")
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "measured time of one round of one side")
	fs.IntVar(&c.rounds, "rounds", 2, "measured rounds per side, raw and HTTP alternating")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "unmeasured load before each round")
	list := fs.String("scenarios", strings.Join(scenarioNames(), ","), "comma-separated scenarios to run, in order")
	fs.BoolVar(&c.reseed, "reseed", false, "delete and seed the bench project even when it has the right size")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured rounds (every side) to this file")
	sizes := fs.String("sizes", "", "comma-separated -records values (10000,100000,1000000) run one after another, one seeded project each, with a growth table at the end; replaces -records")
	fs.BoolVar(&c.noTotal, "no-total", false, `send "total": false in the search-like scenarios' bodies (no count); best statements then count nothing`)
	fs.IntVar(&c.importRecords, "import-records", 100000, "records in the import scenario's nested file (5 records per top-level object)")
	fs.IntVar(&c.importChunk, "import-chunk", 1000, "top-level objects per import request (HTTP) or transaction (raw)")
	fs.IntVar(&c.upsertRecords, "upsert-records", 0, "records per round of the upsert scenario (half updates, half creates), sent -import-chunk at a time (default: a tenth of -upsert-base, at most 100000)")
	fs.IntVar(&c.upsertBase, "upsert-base", 0, "records of the type the upsert scenario merges into, seeded once in a project of their own (default: -records)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.scenarios = strings.Split(*list, ",")
	if c.upsertBase == 0 {
		c.upsertBase = c.records
	}
	if c.upsertRecords == 0 {
		c.upsertRecords = min(100000, c.upsertBase/10)
	}
	var err error
	if c.sizes, err = parseSizes(*sizes); err != nil {
		return c, err
	}
	return c, c.validate()
}

func (c config) validate() error {
	var errs []error
	check := func(bad bool, format string, args ...any) {
		if bad {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.neo4j.URI == "", "NEO4J_URI is not set: run `make bench`, or `bin/relgraph-neo4j --name bench -- go run ./cmd/relgraph-bench`")
	check(c.records < 2, "-records %d: want at least 2", c.records)
	for i, n := range c.sizes {
		check(n < 2, "-sizes: %d: want at least 2", n)
		if i > 0 {
			check(n <= c.sizes[i-1], "-sizes: %d after %d: want increasing sizes", n, c.sizes[i-1])
		}
	}
	check(c.edges < 0, "-edges %d: want 0 or more", c.edges)
	check(c.concurrency < 1, "-concurrency %d: want at least 1", c.concurrency)
	check(c.duration <= 0, "-duration %s: want a positive duration", c.duration)
	check(c.rounds < 1, "-rounds %d: want at least 1", c.rounds)
	check(c.warmup < 0, "-warmup %s: want 0 or a positive duration", c.warmup)
	check(c.importRecords < importRecordsPerObject, "-import-records %d: want at least %d", c.importRecords, importRecordsPerObject)
	check(c.importChunk < 1, "-import-chunk %d: want at least 1", c.importChunk)
	check(c.upsertRecords < 2, "-upsert-records %d: want at least 2", c.upsertRecords)
	check(c.upsertBase < 2, "-upsert-base %d: want at least 2", c.upsertBase)
	for i, name := range c.scenarios {
		check(!slices.Contains(scenarioNames(), name), "-scenarios: unknown %q (want some of %s)", name, strings.Join(scenarioNames(), ", "))
		check(slices.Contains(c.scenarios[:i], name), "-scenarios: %q named twice", name)
	}
	return errors.Join(errs...)
}

// parseSizes reads the -sizes list: "" is none.
func parseSizes(list string) ([]int, error) {
	if list == "" {
		return nil, nil
	}
	var sizes []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("-sizes: %q is not a number of records", f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// startProfile starts a CPU profile into file, when one is named, and
// returns what stops it.
func startProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func main() {
	cfg, err := loadConfig(os.Args[1:], os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "relgraph-bench: %v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "relgraph-bench: %v\n", err)
		stop()
		os.Exit(1)
	}
}

// run seeds or reuses the graph of each size, measures every scenario on
// it and writes its table to out, then the growth table when there are
// several sizes; progress goes to progress.
func run(ctx context.Context, cfg config, out, progress io.Writer) error {
	store, err := openStore(ctx, cfg.neo4j)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	version, err := serverVersion(ctx, store)
	if err != nil {
		return err
	}
	sizes := cfg.sizes
	if len(sizes) == 0 {
		sizes = []int{cfg.records}
	}
	// The CPU profile runs from the first measured round to the end.
	var stopProfile func()
	defer func() {
		if stopProfile != nil {
			stopProfile()
		}
	}()
	profile := func() (err error) {
		if stopProfile == nil {
			stopProfile, err = startProfile(cfg.cpuProfile)
		}
		return err
	}
	var runs []sizeRun
	for i, n := range sizes {
		c := cfg
		c.records = n
		results, err := runSize(ctx, c, store, version, i == 0, profile, out, progress)
		if err != nil {
			return err
		}
		runs = append(runs, sizeRun{records: n, results: results})
	}
	if len(runs) > 1 {
		return reportGrowth(out, runs)
	}
	return nil
}

// runSize prepares the graph of cfg.records, measures the scenarios on it
// (the import scenario too when withImport) and writes their tables;
// profile is called before the first measured round.
func runSize(ctx context.Context, cfg config, store *graph.Store, version string, withImport bool, profile func() error,
	out, progress io.Writer) ([]result, error) {
	b, err := setUp(ctx, cfg, store, progress)
	if err != nil {
		return nil, err
	}
	defer b.api.close()
	if err := profile(); err != nil {
		return nil, err
	}
	results, err := measure(ctx, cfg, b.sides, b.world, progress)
	if err != nil {
		return nil, err
	}
	var imported []*importResult
	var upserted *upsertResult
	if withImport {
		if imported, err = measureImports(ctx, cfg, store, b.api, progress); err != nil {
			return nil, err
		}
		if slices.Contains(cfg.scenarios, upsertScenario) {
			if upserted, err = measureUpsert(ctx, cfg, store, b.api, progress); err != nil {
				return nil, err
			}
		}
	}
	if err := report(out, header{cfg: cfg, neo4j: version, indexes: b.indexes, notes: b.notes}, results); err != nil {
		return results, err
	}
	if len(imported) > 0 {
		if err := reportImports(out, cfg, imported); err != nil {
			return results, err
		}
	}
	if upserted != nil {
		return results, reportUpsert(out, cfg, upserted)
	}
	return results, nil
}
