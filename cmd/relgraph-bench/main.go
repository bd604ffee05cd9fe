// Command relgraph-bench measures relgraph's HTTP API against the raw Neo4j
// driver running the same Cypher, on a seeded graph, and prints a table of
// throughput and latency per scenario with the HTTP/raw throughput ratio.
//
//	relgraph neo4j --name bench -- go run ./cmd/relgraph-bench [flags]
//
// It seeds (or reuses) a project named bench-<records>-<edges>, serves the
// API in-process on a loopback port, then runs every scenario in alternating
// raw and HTTP rounds at the same concurrency, and stops by itself. The
// import scenario instead loads a nested file (-import-records) once per
// round into a fresh project, through POST /records/import/json and through
// the raw driver, and compares the load rates.
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
	"strings"
	"syscall"
	"time"

	"github.com/relgraph/relgraph/graph"
)

// config is everything a run depends on, from the environment and flags.
type config struct {
	neo4j       graph.Options
	records     int           // records in the seeded graph
	edges       int           // seeded edges per record
	concurrency int           // workers per side, each with one request in flight
	duration    time.Duration // measured time of one round of one side
	rounds      int           // measured rounds per side
	warmup      time.Duration // unmeasured time before each round
	scenarios   []string      // names from the scenarios table, in run order
	reseed      bool          // delete and seed the project even when it fits
	cpuProfile  string        // file for a CPU profile of the measured rounds
	// importRecords is the size of the import scenario's file, in records;
	// importChunk its objects per request or transaction.
	importRecords, importChunk int
}

// loadConfig reads the flags in args and the NEO4J_* variables, naming every
// bad value at once.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	c := config{neo4j: graph.Options{URI: getenv("NEO4J_URI"), User: orDefault(getenv("NEO4J_USER"), "neo4j"),
		Password: getenv("NEO4J_PASSWORD"), Database: orDefault(getenv("NEO4J_DATABASE"), "neo4j")}}
	fs := flag.NewFlagSet("relgraph-bench", flag.ContinueOnError)
	fs.IntVar(&c.records, "records", 10000, "records in the seeded graph")
	fs.IntVar(&c.edges, "edges", 5, "seeded edges per record (1M records × 5 = 5M edges)")
	fs.IntVar(&c.concurrency, "concurrency", 16, "requests in flight per side")
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "measured time of one round of one side")
	fs.IntVar(&c.rounds, "rounds", 2, "measured rounds per side, raw and HTTP alternating")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "unmeasured load before each round")
	list := fs.String("scenarios", strings.Join(scenarioNames(), ","), "comma-separated scenarios to run, in order")
	fs.BoolVar(&c.reseed, "reseed", false, "delete and seed the bench project even when it has the right size")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured rounds (both sides) to this file")
	fs.IntVar(&c.importRecords, "import-records", 100000, "records in the import scenario's nested file (5 records per top-level object)")
	fs.IntVar(&c.importChunk, "import-chunk", 1000, "top-level objects per import request (HTTP) or transaction (raw)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.scenarios = strings.Split(*list, ",")
	return c, c.validate()
}

func (c config) validate() error {
	var errs []error
	check := func(bad bool, format string, args ...any) {
		if bad {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.neo4j.URI == "", "NEO4J_URI is not set: run `make bench`, or `relgraph neo4j --name bench -- go run ./cmd/relgraph-bench`")
	check(c.records < 2, "-records %d: want at least 2", c.records)
	check(c.edges < 0, "-edges %d: want 0 or more", c.edges)
	check(c.concurrency < 1, "-concurrency %d: want at least 1", c.concurrency)
	check(c.duration <= 0, "-duration %s: want a positive duration", c.duration)
	check(c.rounds < 1, "-rounds %d: want at least 1", c.rounds)
	check(c.warmup < 0, "-warmup %s: want 0 or a positive duration", c.warmup)
	check(c.importRecords < importRecordsPerObject, "-import-records %d: want at least %d", c.importRecords, importRecordsPerObject)
	check(c.importChunk < 1, "-import-chunk %d: want at least 1", c.importChunk)
	for i, name := range c.scenarios {
		check(!slices.Contains(scenarioNames(), name), "-scenarios: unknown %q (want some of %s)", name, strings.Join(scenarioNames(), ", "))
		check(slices.Contains(c.scenarios[:i], name), "-scenarios: %q named twice", name)
	}
	return errors.Join(errs...)
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

// run seeds or reuses the graph, measures every scenario and writes the
// table to out; progress goes to progress.
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
	project, err := prepare(ctx, store, cfg, progress)
	if err != nil {
		return err
	}
	ids, err := loadIDs(ctx, store, project.ID)
	if err != nil {
		return err
	}
	if slices.Contains(cfg.scenarios, filterScenario) {
		if err := chooseFilterTargets(ctx, store, project.ID, ids, progress); err != nil {
			return err
		}
	}
	api, err := startAPI(ctx, cfg, project.ID)
	if err != nil {
		return err
	}
	defer api.close()
	sides := [2]side{newRawSide(store, project.ID), api.client}
	stopProfile, err := startProfile(cfg.cpuProfile)
	if err != nil {
		return err
	}
	results, err := measure(ctx, cfg, sides, ids, progress)
	var imported *importResult
	if err == nil && slices.Contains(cfg.scenarios, importScenario) {
		imported, err = measureImport(ctx, cfg, store, api, progress)
	}
	stopProfile()
	if err != nil {
		return err
	}
	if err := report(out, header{cfg: cfg, neo4j: version}, results); err != nil || imported == nil {
		return err
	}
	return reportImport(out, cfg, imported)
}
