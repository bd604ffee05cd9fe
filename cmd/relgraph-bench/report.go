package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"text/tabwriter"
)

// targetRatio is the least HTTP/raw throughput ratio every route should reach.
const targetRatio = 0.8

// header is what the table's first lines say about the run.
type header struct {
	cfg   config
	neo4j string
}

// summary is one side of one scenario over all its rounds.
type summary struct {
	opsPerSec float64 // median over rounds
	all       round   // every round merged
}

func summarize(rounds []round) summary {
	var s summary
	rates := make([]float64, len(rounds))
	for i, r := range rounds {
		rates[i] = r.opsPerSec()
		s.all.add(r)
	}
	slices.Sort(rates)
	n := len(rates)
	s.opsPerSec = (rates[(n-1)/2] + rates[n/2]) / 2
	return s
}

// report writes the header, the table and the first error of every side
// that had errors.
func report(w io.Writer, h header, results []result) error {
	c := h.cfg
	fmt.Fprintf(w, "\nrelgraph-bench: %d records, %d edges, concurrency %d, %s × %d rounds per side (warmup %s), GOMAXPROCS %d, Neo4j %s\n",
		c.records, c.records*c.edges, c.concurrency, c.duration, c.rounds, c.warmup, runtime.GOMAXPROCS(0), h.neo4j)
	fmt.Fprintln(w, "ops/s: median of rounds; latency: all rounds' samples merged; cpu: this process's CPU per op (http: client+server+driver, raw: driver)")
	fmt.Fprintf(w, "target: http/raw ≥ %.1f\n\n", targetRatio)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\traw ops/s\thttp ops/s\thttp/raw\ttarget\traw p50 ms\traw p99 ms\thttp p50 ms\thttp p99 ms\traw cpu µs\thttp cpu µs\traw errors\thttp errors\t")
	var failures []string
	for _, r := range results {
		failures = append(failures, row(tw, r)...)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range failures {
		fmt.Fprintln(w, f)
	}
	return nil
}

// row writes the table row of one scenario and returns a line about each
// side that had errors.
func row(tw io.Writer, r result) (failures []string) {
	raw, api := summarize(r.rounds[0]), summarize(r.rounds[1])
	ratio := api.opsPerSec / raw.opsPerSec
	verdict := "ok"
	if !(ratio >= targetRatio) {
		verdict = "BELOW"
	}
	fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.2f\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%d\t\n", r.scenario,
		raw.opsPerSec, api.opsPerSec, ratio, verdict,
		ms(percentile(raw.all.samples, 0.50)), ms(percentile(raw.all.samples, 0.99)),
		ms(percentile(api.all.samples, 0.50)), ms(percentile(api.all.samples, 0.99)),
		raw.all.cpuPerOp().Microseconds(), api.all.cpuPerOp().Microseconds(),
		raw.all.errors, api.all.errors)
	for k, s := range [2]summary{raw, api} {
		if s.all.firstErr != nil {
			failures = append(failures, fmt.Sprintf("%s %s: %d errors, first: %v", r.scenario, [2]string{"raw", "http"}[k], s.all.errors, s.all.firstErr))
		}
	}
	return failures
}
