package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
)

// The import scenario loads a nested file of cfg.importRecords records:
// companies, each with an address and three employees nested in it (five
// records and four parent → child edges per object). The HTTP side posts it
// to /api/v1/records/import/json in requests of cfg.importChunk objects
// (returnResult false); the raw side runs the statements relgraph runs,
// cypher.ImportRecords and cypher.ImportEdges, through the driver, one
// transaction per chunk of the same size. Chunks go one at a time. Each
// round loads into a fresh project, deleted afterwards; the data of a round
// is built before its clock starts.

// The shape of one imported object.
const (
	importRecordsPerObject = 5
	importEdgesPerObject   = 4
	importProject          = "bench-import"
)

// importObject is object i of the file, as a client would send it.
func importObject(i int) map[string]any {
	employees := make([]any, 3)
	for j := range employees {
		employees[j] = map[string]any{"name": fmt.Sprintf("employee %d-%d", i, j), "age": 20 + (i+j)%45,
			"email": fmt.Sprintf("e%d.%d@example.com", i, j)}
	}
	return map[string]any{
		"name": fmt.Sprintf("company %d", i), "founded": 1900 + i%120, "revenue": float64(i%1000) * 1.5,
		"public": i%2 == 0, "tags": []any{"b2b", fmt.Sprintf("t%d", i%10)},
		"address":   map[string]any{"city": fmt.Sprintf("city %d", i%500), "zip": fmt.Sprintf("%05d", i%100000)},
		"employees": employees,
	}
}

// importRows are the statement rows relgraph builds for objects from..to-1:
// the records (with new ids) and the parent → child edges.
func importRows(from, to int) (records, edges []map[string]any) {
	row := func(typ string, props map[string]any) string {
		id := uuid.Must(uuid.NewV7()).String()
		records = append(records, map[string]any{"id": id, "type": typ, "props": props, "nulls": []string{}})
		return id
	}
	edge := func(a, b, property string) {
		edges = append(edges, map[string]any{"from": a, "to": b, "property": property, "description": nil})
	}
	for i := from; i < to; i++ {
		o := importObject(i)
		company := row("companies", map[string]any{"name": o["name"], "founded": int64(o["founded"].(int)),
			"revenue": o["revenue"], "public": o["public"], "tags": o["tags"]})
		a := o["address"].(map[string]any)
		edge(company, row("address", map[string]any{"city": a["city"], "zip": a["zip"]}), "address")
		for _, e := range o["employees"].([]any) {
			e := e.(map[string]any)
			edge(company, row("employees", map[string]any{"name": e["name"], "age": int64(e["age"].(int)), "email": e["email"]}), "employees")
		}
	}
	return records, edges
}

// importRound is one load of the whole file by one side.
type importRound struct {
	elapsed        time.Duration
	records, edges int
}

// importResult is the import scenario measured on both sides.
type importResult struct {
	objects int
	rounds  [2][]importRound // raw, http
}

// chunk sends one request, or runs one transaction, of data built
// beforehand.
type chunk func(ctx context.Context) error

// measureImport loads the file cfg.rounds times per side, raw and HTTP
// alternating (ABBA), each time into a fresh project.
func measureImport(ctx context.Context, cfg config, store *graph.Store, api *apiServer, progress io.Writer) (*importResult, error) {
	res := &importResult{objects: cfg.importRecords / importRecordsPerObject}
	if err := dropProjects(ctx, store, importProject); err != nil {
		return nil, err
	}
	// Unmeasured: the first loads of a fresh server run at a fraction of
	// the later speed (Cypher and JVM compilation).
	warmup := min(res.objects, 4*cfg.importChunk)
	for k := range 2 {
		if _, err := importOnce(ctx, cfg, store, api, k == 1, warmup); err != nil {
			return nil, fmt.Errorf("import warmup: %w", err)
		}
	}
	for i := range cfg.rounds {
		// Raw first in even rounds, HTTP first in odd ones: the load that
		// follows the deletion of the previous round's project pays for it.
		order := [2]int{0, 1}
		if i%2 == 1 {
			order = [2]int{1, 0}
		}
		for _, k := range order {
			name := [2]string{"raw", "http"}[k]
			r, err := importOnce(ctx, cfg, store, api, k == 1, res.objects)
			if err != nil {
				return nil, fmt.Errorf("import %s round %d: %w", name, i+1, err)
			}
			res.rounds[k] = append(res.rounds[k], r)
			fmt.Fprintf(progress, "import    %-4s round %d/%d: %d records, %d edges in %.1f s: %8.0f records/s, %8.0f edges/s\n",
				name, i+1, cfg.rounds, r.records, r.edges, r.elapsed.Seconds(), perSecond(r.records, r.elapsed), perSecond(r.edges, r.elapsed))
		}
	}
	return res, nil
}

// importOnce loads the file into a fresh project through one side, checks
// what it wrote, and deletes the project.
func importOnce(ctx context.Context, cfg config, store *graph.Store, api *apiServer, viaHTTP bool, objects int) (importRound, error) {
	p, err := store.CreateProject(ctx, importProject)
	if err != nil {
		return importRound{}, err
	}
	defer store.DeleteProject(context.WithoutCancel(ctx), p.ID)
	var chunks []chunk
	if viaHTTP {
		chunks, err = api.importChunks(ctx, p.ID, objects, cfg.importChunk)
	} else {
		chunks = rawImportChunks(store, p.ID, objects, cfg.importChunk)
	}
	if err != nil {
		return importRound{}, err
	}
	start := time.Now()
	for _, send := range chunks {
		if err := send(ctx); err != nil {
			return importRound{}, err
		}
	}
	r := importRound{elapsed: time.Since(start)}
	size, err := seededSize(ctx, store, p.ID)
	if err != nil {
		return r, err
	}
	r.records, r.edges = size.records, size.edges
	if r.records != objects*importRecordsPerObject || r.edges != objects*importEdgesPerObject {
		return r, fmt.Errorf("wrote %d records and %d edges, want %d and %d", r.records, r.edges,
			objects*importRecordsPerObject, objects*importEdgesPerObject)
	}
	return r, nil
}

// rawImportChunks builds the rows of each chunk; each chunk runs
// cypher.ImportRecords then cypher.ImportEdges in one managed write
// transaction, as graph.Store.Import does.
func rawImportChunks(store *graph.Store, project string, objects, size int) []chunk {
	var chunks []chunk
	for from := 0; from < objects; from += size {
		records, edges := importRows(from, min(from+size, objects))
		qs := []cypher.Query{cypher.ImportRecords(project, records), cypher.ImportEdges(project, edges)}
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

// importChunks encodes the request body of each chunk, sent with a write
// token of the project.
func (a *apiServer) importChunks(ctx context.Context, project string, objects, size int) ([]chunk, error) {
	token, err := a.store.CreateToken(ctx, project, graph.RoleWrite)
	if err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	client := newHTTPSide(a.base, 1, token)
	var chunks []chunk
	for from := 0; from < objects; from += size {
		payload := make([]any, 0, size)
		for i := from; i < min(from+size, objects); i++ {
			payload = append(payload, importObject(i))
		}
		body, err := json.Marshal(map[string]any{"label": "companies", "options": map[string]any{"returnResult": false}, "payload": payload})
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, func(ctx context.Context) error {
			return client.do(ctx, http.MethodPost, client.api+"records/import/json", bytes.NewReader(body))
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

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// reportImport writes the import scenario's table: per side the median
// and the fastest round, and the HTTP/raw ratio of their rates (on a shared
// machine the fastest rounds are the least disturbed).
func reportImport(w io.Writer, cfg config, res *importResult) error {
	fmt.Fprintf(w, "\nimport: %d records and %d edges (%d companies, each with an address and 3 employees nested), "+
		"%d objects (%d records) per request or transaction, one at a time; %d rounds per side\n\n",
		res.objects*importRecordsPerObject, res.objects*importEdgesPerObject, res.objects,
		cfg.importChunk, cfg.importChunk*importRecordsPerObject, cfg.rounds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "side\tmedian s\trecords/s\tedges/s\tfastest s\tfastest records/s\tfastest edges/s\thttp/raw\tfastest http/raw\ttarget\t")
	var secs [2][]float64
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
	ratio, best := med(0)/med(1), secs[0][0]/secs[1][0] // rates: the inverse of the times
	verdict := "ok"
	if !(ratio >= targetRatio) {
		verdict = "BELOW"
	}
	records, edges := float64(res.objects*importRecordsPerObject), float64(res.objects*importEdgesPerObject)
	for k, name := range [2]string{"raw", "http"} {
		r, b, v := "", "", ""
		if k == 1 {
			r, b, v = fmt.Sprintf("%.2f", ratio), fmt.Sprintf("%.2f", best), verdict
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.0f\t%.0f\t%.2f\t%.0f\t%.0f\t%s\t%s\t%s\t\n", name, med(k), records/med(k), edges/med(k),
			secs[k][0], records/secs[k][0], edges/secs[k][0], r, b, v)
	}
	return tw.Flush()
}
