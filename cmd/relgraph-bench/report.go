package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// targetRatio is the least HTTP/raw throughput ratio every route should reach.
const targetRatio = 0.8

// header is what the tables' first lines say about the run.
type header struct {
	cfg     config
	neo4j   string
	indexes []string // the indexes on the seeded types
	notes   []string
}

// summary is one side of one scenario over all its rounds.
type summary struct {
	ran       bool
	opsPerSec float64 // median over rounds
	all       round   // every round merged
}

func summarize(rounds []round) summary {
	if len(rounds) == 0 {
		return summary{}
	}
	s := summary{ran: true}
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

// p50 is the median latency of every round's samples merged.
func (s summary) p50() time.Duration { return percentile(s.all.samples, 0.50) }

// report writes the header, the two tables and a line about every side
// that had errors, every disagreement between sides and the noisy
// neighbour.
func report(w io.Writer, h header, results []result) error {
	c := h.cfg
	fmt.Fprintf(w, "\nrelgraph-bench: %d records (+%d %s), %d edges, concurrency %d, %s × %d rounds per side (warmup %s), GOMAXPROCS %d, Neo4j %s\n",
		c.records, openRecords(c.records), openType, c.records*c.edges, c.concurrency, c.duration, c.rounds, c.warmup, runtime.GOMAXPROCS(0), h.neo4j)
	fmt.Fprintln(w, "raw: relgraph's statement through the driver; best: what an expert writes for the same answer (cypher.Best…); - : the side does not run it")
	fmt.Fprintln(w, "floor: best's statement behind a bare net/http handler, same client (no routing, auth, parsing, limits or logs): what any HTTP service pays; http/floor is relgraph's own cost")
	fmt.Fprintln(w, "ops/s: median of rounds; latency: all rounds' samples merged; x/y ops: throughput ratio (< 1: x slower); x/y p50: latency ratio (> 1: x slower)")
	fmt.Fprintln(w, "cpu: this process's CPU per op (http and floor: client+server+driver, raw and best: driver); db hits: PROFILE of one request's statement (http runs raw's)")
	if c.noTotal {
		fmt.Fprintln(w, `search bodies send "total": false; best statements count nothing`)
	}
	fmt.Fprintf(w, "indexes on %s: %s\n", strings.Join(append(seedTypes[:len(seedTypes):len(seedTypes)], openType), ", "), orNone(h.indexes))
	for _, n := range h.notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintf(w, "target: http/raw ≥ %.1f\n\n", targetRatio)
	if err := speedTable(w, results); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := costTable(w, results); err != nil {
		return err
	}
	for _, r := range results {
		for k, rounds := range r.rounds {
			if s := summarize(rounds); s.all.firstErr != nil {
				fmt.Fprintf(w, "%s %s: %d errors, first: %v\n", r.scenario, sideNames[k], s.all.errors, s.all.firstErr)
			}
		}
		if r.mismatch != "" {
			fmt.Fprintf(w, "%s: the sides disagree: %s\n", r.scenario, r.mismatch)
		}
	}
	if line := noisyLine(results); line != "" {
		fmt.Fprintln(w, line)
	}
	return nil
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// speedTable writes per scenario each side's throughput and median
// latency, and HTTP's ratios to raw and to best.
func speedTable(w io.Writer, results []result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\traw ops/s\thttp ops/s\tbest ops/s\tfloor ops/s\thttp/raw ops\ttarget\thttp/best ops\tfloor/best ops\thttp/floor ops\traw p50 ms\thttp p50 ms\tbest p50 ms\tfloor p50 ms\thttp/raw p50\thttp/best p50\t")
	for _, r := range results {
		var s [nSides]summary
		for k := range s {
			s[k] = summarize(r.rounds[k])
		}
		raw, api, best, floor := s[sideRaw], s[sideHTTP], s[sideBest], s[sideFloor]
		verdict := "-"
		if raw.ran && api.ran {
			verdict = "ok"
			if !(api.opsPerSec/raw.opsPerSec >= targetRatio) {
				verdict = "BELOW"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.scenario,
			rate(raw), rate(api), rate(best), rate(floor), ratio(api.ran && raw.ran, api.opsPerSec, raw.opsPerSec), verdict,
			ratio(api.ran && best.ran, api.opsPerSec, best.opsPerSec), ratio(floor.ran && best.ran, floor.opsPerSec, best.opsPerSec),
			ratio(api.ran && floor.ran, api.opsPerSec, floor.opsPerSec),
			latency(raw, 0.50), latency(api, 0.50), latency(best, 0.50), latency(floor, 0.50),
			ratio(api.ran && raw.ran, ms(api.p50()), ms(raw.p50())), ratio(api.ran && best.ran, ms(api.p50()), ms(best.p50())))
	}
	return tw.Flush()
}

// costTable writes per scenario each side's tail latency, CPU, db hits and
// errors.
func costTable(w io.Writer, results []result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\traw p99 ms\thttp p99 ms\tbest p99 ms\tfloor p99 ms\traw cpu µs\thttp cpu µs\tbest cpu µs\tfloor cpu µs\traw db cpu µs\thttp db cpu µs\tbest db cpu µs\tfloor db cpu µs\traw db hits\tbest db hits\traw errors\thttp errors\tbest errors\tfloor errors\t")
	for _, r := range results {
		var s [nSides]summary
		for k := range s {
			s[k] = summarize(r.rounds[k])
		}
		cells := []string{r.scenario}
		for k := range s {
			cells = append(cells, latency(s[k], 0.99))
		}
		for k := range s {
			cells = append(cells, ifRan(s[k], strconv.FormatInt(s[k].all.cpuPerOp().Microseconds(), 10)))
		}
		for k := range s {
			db := "?"
			if s[k].all.dbCPU > 0 {
				db = strconv.FormatInt(s[k].all.dbCPUPerOp().Microseconds(), 10)
			}
			cells = append(cells, ifRan(s[k], db))
		}
		cells = append(cells, hits(r.hits[sideRaw]), hits(r.hits[sideBest]))
		for k := range s {
			cells = append(cells, ifRan(s[k], strconv.Itoa(s[k].all.errors)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// noisyLine compares the noisy neighbour's search with the seeded
// project's equality search, when both ran.
func noisyLine(results []result) string {
	i := slices.IndexFunc(results, func(r result) bool { return r.scenario == noisyScenario })
	j := slices.IndexFunc(results, func(r result) bool { return r.scenario == "eq" })
	if i < 0 || j < 0 {
		return ""
	}
	p50 := func(r result, k int) string { return latency(summarize(r.rounds[k]), 0.50) }
	n, e := results[i], results[j]
	return fmt.Sprintf("noisy: a company by name in the %d-company project: p50 http %s ms, best %s ms; a person by name in the seeded project (eq): http %s ms, best %s ms",
		neighbourCompanies, p50(n, sideHTTP), p50(n, sideBest), p50(e, sideHTTP), p50(e, sideBest))
}

func rate(s summary) string { return ifRan(s, fmt.Sprintf("%.1f", s.opsPerSec)) }

func latency(s summary, q float64) string {
	return ifRan(s, fmt.Sprintf("%.2f", ms(percentile(s.all.samples, q))))
}

func ratio(ok bool, a, b float64) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func hits(n int64) string {
	if n == 0 {
		return "-"
	}
	return strconv.FormatInt(n, 10)
}

func ifRan(s summary, v string) string {
	if !s.ran {
		return "-"
	}
	return v
}

// sizeRun is the results of one size in growth mode.
type sizeRun struct {
	records int
	results []result
}

// reportGrowth writes, per scenario and side, the p50 at each size and its
// growth, p50 at the largest size ÷ p50 at the smallest; then the same of
// the db hits of one request's statement.
func reportGrowth(w io.Writer, runs []sizeRun) error {
	first, last := runs[0].records, runs[len(runs)-1].records
	fmt.Fprintf(w, "\ngrowth: p50 ms by size (records); growth = p50 at %d ÷ p50 at %d\n\n", last, first)
	err := growthTable(w, runs, []int{sideRaw, sideHTTP, sideBest}, func(r result, k int) (float64, bool) {
		s := summarize(r.rounds[k])
		return ms(s.p50()), s.ran && len(s.all.samples) > 0
	}, "%.2f")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\ngrowth: PROFILE db hits of one request by size (http runs raw's statement); growth = db hits at %d ÷ at %d\n\n", last, first)
	return growthTable(w, runs, []int{sideRaw, sideBest}, func(r result, k int) (float64, bool) {
		return float64(r.hits[k]), r.hits[k] > 0
	}, "%.0f")
}

// growthTable writes one row per scenario and side of value at each size,
// and the growth; a side without a value at some size is left out.
func growthTable(w io.Writer, runs []sizeRun, sides []int, value func(r result, k int) (float64, bool), format string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"scenario", "side"}
	for _, run := range runs {
		head = append(head, strconv.Itoa(run.records))
	}
	fmt.Fprintln(tw, strings.Join(append(head, "growth"), "\t")+"\t")
	for _, r := range runs[0].results {
		for _, k := range sides {
			cells := []string{r.scenario, sideNames[k]}
			var values []float64
			for _, run := range runs {
				i := slices.IndexFunc(run.results, func(o result) bool { return o.scenario == r.scenario })
				if i < 0 {
					break
				}
				v, ok := value(run.results[i], k)
				if !ok {
					break
				}
				values = append(values, v)
				cells = append(cells, fmt.Sprintf(format, v))
			}
			if len(values) != len(runs) {
				continue
			}
			fmt.Fprintln(tw, strings.Join(append(cells, ratio(values[0] > 0, values[len(values)-1], values[0])), "\t")+"\t")
		}
	}
	return tw.Flush()
}
