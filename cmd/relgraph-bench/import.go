package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
)

// The import scenarios load a file of cfg.importRecords records (see
// import_formats.go for the three files: nested JSON, JSONL, CSV) once per
// round and side, into a fresh project deleted afterwards. The HTTP side
// posts it to relgraph's import route in requests of cfg.importChunk
// objects (returnResult false); the raw side runs the statements relgraph
// runs for them (cypher.ImportRecords) through the driver; the best side
// runs the loader a Neo4j expert writes for the data (cypher.BestImport…).
// Raw and best run one managed write transaction per chunk of the same
// size. Chunks go one at a time. The data of a round is built before its
// clock starts; rounds alternate the sides' order (ABBA).

const importProject = "bench-import"

// importRound is one load of the whole file by one side.
type importRound struct {
	elapsed        time.Duration
	cpu, dbCPU     time.Duration // this process's CPU (HTTP: client and server) and Neo4j's (0: unknown)
	records, edges int
}

// importResult is one import scenario measured on every side.
type importResult struct {
	format  importFormat
	objects int
	rounds  [nSides][]importRound
}

// chunk sends one request, or runs one transaction, of data built
// beforehand.
type chunk func(ctx context.Context) error

// measureImports measures each import scenario of cfg.scenarios.
func measureImports(ctx context.Context, cfg config, store *graph.Store, api *apiServer, progress io.Writer) ([]*importResult, error) {
	if err := dropProjects(ctx, store, importProject); err != nil {
		return nil, err
	}
	var out []*importResult
	for _, f := range importFormats {
		if !slices.Contains(cfg.scenarios, f.scenario) {
			continue
		}
		res, err := measureImport(ctx, cfg, f, store, api, progress)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// measureImport loads the file of f cfg.rounds times per side, the sides'
// order reversed every other round, each time into a fresh project.
func measureImport(ctx context.Context, cfg config, f importFormat, store *graph.Store, api *apiServer, progress io.Writer) (*importResult, error) {
	res := &importResult{format: f, objects: cfg.importRecords / f.recordsPerObject}
	// Unmeasured: the first loads of a fresh server run at a fraction of
	// the later speed (Cypher and JVM compilation).
	warmup := min(res.objects, 4*cfg.importChunk)
	for k := range nSides {
		if _, err := importOnce(ctx, cfg, f, store, api, k, warmup); err != nil {
			return nil, fmt.Errorf("%s warmup %s: %w", f.scenario, sideNames[k], err)
		}
	}
	for i := range cfg.rounds {
		// The load that follows the deletion of the previous round's
		// project pays for it: each side goes first in turn.
		order := []int{sideRaw, sideHTTP, sideBest}
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, k := range order {
			r, err := importOnce(ctx, cfg, f, store, api, k, res.objects)
			if err != nil {
				return nil, fmt.Errorf("%s %s round %d: %w", f.scenario, sideNames[k], i+1, err)
			}
			res.rounds[k] = append(res.rounds[k], r)
			fmt.Fprintf(progress, "%-12s %-4s round %d/%d: %d records, %d edges in %.1f s: %8.0f records/s, %8.0f edges/s, cpu %.1f µs/record, db cpu %.1f µs/record\n",
				f.scenario, sideNames[k], i+1, cfg.rounds, r.records, r.edges, r.elapsed.Seconds(),
				perSecond(r.records, r.elapsed), perSecond(r.edges, r.elapsed), r.perRecord(r.cpu), r.perRecord(r.dbCPU))
		}
	}
	return res, nil
}

// importOnce loads the file into a fresh project through side k, checks
// what it wrote, and deletes the project.
func importOnce(ctx context.Context, cfg config, f importFormat, store *graph.Store, api *apiServer, k, objects int) (importRound, error) {
	p, err := store.CreateProject(ctx, importProject)
	if err != nil {
		return importRound{}, err
	}
	defer store.DeleteProject(context.WithoutCancel(ctx), p.ID)
	var chunks []chunk
	switch k {
	case sideHTTP:
		chunks, err = api.importChunks(ctx, f, p.ID, objects, cfg.importChunk)
	case sideRaw:
		chunks = txChunks(store, p.ID, objects, cfg.importChunk, f.raw)
	case sideBest:
		chunks = txChunks(store, p.ID, objects, cfg.importChunk, f.best)
	}
	if err != nil {
		return importRound{}, err
	}
	start, cpu, dbCPU := time.Now(), processCPU(), pidCPU(cfg.dbPID)
	for _, send := range chunks {
		if err := send(ctx); err != nil {
			return importRound{}, err
		}
	}
	r := importRound{elapsed: time.Since(start), cpu: processCPU() - cpu}
	if cfg.dbPID != 0 {
		r.dbCPU = pidCPU(cfg.dbPID) - dbCPU
	}
	size, err := seededSize(ctx, store, p.ID)
	if err != nil {
		return r, err
	}
	r.records, r.edges = size.records, size.edges
	if r.records != objects*f.recordsPerObject || r.edges != objects*f.edgesPerObject {
		return r, fmt.Errorf("wrote %d records and %d edges, want %d and %d", r.records, r.edges,
			objects*f.recordsPerObject, objects*f.edgesPerObject)
	}
	return r, nil
}

// txChunks builds the statements of each chunk of size objects; each
// chunk runs them in one managed write transaction, as graph.Store.Import
// does.
func txChunks(store *graph.Store, project string, objects, size int, statements func(project string, from, to int) []cypher.Query) []chunk {
	var chunks []chunk
	for from := 0; from < objects; from += size {
		qs := statements(project, from, min(from+size, objects))
		chunks = append(chunks, func(ctx context.Context) error {
			session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database(), AccessMode: neo4j.AccessModeWrite})
			defer session.Close(context.WithoutCancel(ctx))
			_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (bool, error) {
				for _, q := range qs {
					if _, err := collect(ctx, tx, q); err != nil {
						return false, err
					}
				}
				return true, nil
			})
			return err
		})
	}
	return chunks
}

// importChunks encodes the request of each chunk of size objects, sent
// with a write token of the project.
func (a *apiServer) importChunks(ctx context.Context, f importFormat, project string, objects, size int) ([]chunk, error) {
	token, err := a.store.CreateToken(ctx, project, graph.RoleWrite)
	if err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	client := newHTTPSide(a.base, 1, token)
	var chunks []chunk
	for from := 0; from < objects; from += size {
		route, body, err := f.request(from, min(from+size, objects))
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, func(ctx context.Context) error {
			return client.do(ctx, http.MethodPost, client.api+route, bytes.NewReader(body))
		})
	}
	return chunks, nil
}

// dropProjects deletes every project named name.
func dropProjects(ctx context.Context, store *graph.Store, name string) error {
	for {
		p, err := store.ProjectByName(ctx, name)
		if errors.Is(err, graph.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := store.DeleteProject(ctx, p.ID); err != nil {
			return fmt.Errorf("delete project %s: %w", p.ID, err)
		}
	}
}

// perRecord is d per record written, in µs.
func (r importRound) perRecord(d time.Duration) float64 {
	if r.records == 0 {
		return 0
	}
	return float64(d.Microseconds()) / float64(r.records)
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// reportImports writes the import scenarios' table: per scenario and side
// the median and the fastest round, and HTTP's ratios to raw and to best
// of their rates (on a shared machine the fastest rounds are the least
// disturbed). The target is on http/best, median rounds.
func reportImports(w io.Writer, cfg config, results []*importResult) error {
	fmt.Fprintf(w, "\nimport: %d records per file, %d objects per request or transaction, one at a time; %d rounds per side, sides alternating\n",
		cfg.importRecords, cfg.importChunk, cfg.rounds)
	for _, res := range results {
		fmt.Fprintf(w, "%s: %s; %d records and %d edges\n", res.format.scenario, res.format.what,
			res.objects*res.format.recordsPerObject, res.objects*res.format.edgesPerObject)
	}
	fmt.Fprintf(w, "target: http/best ≥ %.1f\n\n", targetRatio)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tside\tmedian s\trecords/s\tedges/s\tfastest s\tfastest records/s\tcpu µs/record\tdb cpu µs/record\thttp/raw\thttp/best\tfastest http/raw\tfastest http/best\ttarget\t")
	for _, res := range results {
		var secs [nSides][]float64
		for k, rounds := range res.rounds {
			for _, r := range rounds {
				secs[k] = append(secs[k], r.elapsed.Seconds())
			}
			slices.Sort(secs[k])
		}
		med := func(k int) float64 {
			n := len(secs[k])
			return (secs[k][(n-1)/2] + secs[k][n/2]) / 2
		}
		// Rates are the inverse of the times.
		toRaw, toBest := med(sideRaw)/med(sideHTTP), med(sideBest)/med(sideHTTP)
		verdict := "ok"
		if !(toBest >= targetRatio) {
			verdict = "BELOW"
		}
		records, edges := float64(res.objects*res.format.recordsPerObject), float64(res.objects*res.format.edgesPerObject)
		for _, k := range []int{sideRaw, sideBest, sideHTTP} {
			cells := "\t\t\t\t\t"
			if k == sideHTTP {
				cells = fmt.Sprintf("%.2f\t%.2f\t%.2f\t%.2f\t%s\t", toRaw, toBest,
					secs[sideRaw][0]/secs[sideHTTP][0], secs[sideBest][0]/secs[sideHTTP][0], verdict)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.0f\t%.0f\t%.2f\t%.0f\t%.1f\t%s\t%s\n", res.format.scenario, sideNames[k], med(k), records/med(k),
				edges/med(k), secs[k][0], records/secs[k][0], medianPerRecord(res.rounds[k], importRound.process), dbCell(res.rounds[k]), cells)
		}
	}
	return tw.Flush()
}

func (r importRound) process() float64 { return r.perRecord(r.cpu) }

// medianPerRecord is the median over rounds of a cost per record.
func medianPerRecord(rounds []importRound, cost func(importRound) float64) float64 {
	v := make([]float64, len(rounds))
	for i, r := range rounds {
		v[i] = cost(r)
	}
	slices.Sort(v)
	n := len(v)
	return (v[(n-1)/2] + v[n/2]) / 2
}

// dbCell is the median Neo4j CPU per record, "-" when it is not known.
func dbCell(rounds []importRound) string {
	if rounds[0].dbCPU == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", medianPerRecord(rounds, func(r importRound) float64 { return r.perRecord(r.dbCPU) }))
}
