package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
)

// The shape of the seeded graph.
var (
	seedTypes      = []string{"companies", "people"}
	seedProperties = []string{"links", "knows", "worksFor", "owns"}
)

// seedBatch is how many rows one seeding transaction writes.
const seedBatch = 10000

// prepare returns the bench project of cfg's size, seeded when needed, with
// the edges earlier runs' attach scenario wrote removed and the planner's
// statistics brought up to date, so every run starts alike.
func prepare(ctx context.Context, store *graph.Store, cfg config, progress io.Writer) (graph.Project, error) {
	p, err := seededProject(ctx, store, cfg, progress)
	if err != nil {
		return p, err
	}
	if err := clearBenchEdges(ctx, store, p.ID); err != nil {
		return p, err
	}
	q := cypher.PrepareForReplanning()
	_, err = neo4j.ExecuteQuery(ctx, store.Driver(), q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(store.Database()), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return p, fmt.Errorf("resample indexes: %w", err)
	}
	return p, nil
}

// seededProject returns the project named bench-<records>-<edges> when it
// holds exactly cfg.records records and their edges. Otherwise it deletes
// every project of that name and seeds a new one.
func seededProject(ctx context.Context, store *graph.Store, cfg config, progress io.Writer) (graph.Project, error) {
	name := fmt.Sprintf("bench-%d-%d", cfg.records, cfg.edges)
	for {
		p, err := store.ProjectByName(ctx, name)
		if errors.Is(err, graph.ErrNotFound) {
			break
		}
		if err != nil {
			return p, err
		}
		if !cfg.reseed {
			records, edges, err := seededSize(ctx, store, p.ID)
			if err != nil {
				return p, err
			}
			if records == cfg.records && edges >= cfg.records*cfg.edges {
				fmt.Fprintf(progress, "seed: reusing project %s (%s): %d records, %d edges\n", name, p.ID, records, edges)
				return p, nil
			}
			fmt.Fprintf(progress, "seed: project %s has %d records, %d edges\n", name, records, edges)
		}
		fmt.Fprintf(progress, "seed: deleting project %s (%s)\n", name, p.ID)
		if err := store.DeleteProject(ctx, p.ID); err != nil {
			return p, fmt.Errorf("delete project %s: %w", p.ID, err)
		}
	}
	p, err := store.CreateProject(ctx, name)
	if err != nil {
		return p, err
	}
	return p, seed(ctx, store, p.ID, cfg, progress)
}

// seededSize counts the records of a project and their outgoing edges.
func seededSize(ctx context.Context, store *graph.Store, project string) (records, edges int, err error) {
	q := cypher.SeededSize(project)
	res, err := neo4j.ExecuteQuery(ctx, store.Driver(), q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(store.Database()), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, 0, fmt.Errorf("count records: %w", err)
	}
	v := res.Records[0].Values
	return int(v[0].(int64)), int(v[1].(int64)), nil
}

// clearBenchEdges removes the edges the attach scenario wrote.
func clearBenchEdges(ctx context.Context, store *graph.Store, project string) error {
	for {
		q := cypher.DeleteEdgesBatch(project, benchProperty, seedBatch)
		res, err := neo4j.ExecuteQuery(ctx, store.Driver(), q.Text, q.Params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(store.Database()), neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return fmt.Errorf("clear %s edges: %w", benchProperty, err)
		}
		if res.Records[0].Values[0].(int64) == 0 {
			return nil
		}
	}
}

// seed writes cfg.records records, then cfg.edges edges per record with
// random ends, in transactions of seedBatch rows.
func seed(ctx context.Context, store *graph.Store, project string, cfg config, progress io.Writer) error {
	ids := make([]string, cfg.records)
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7()).String()
	}
	start := time.Now()
	w := &seeder{store: store, project: project, progress: progress}
	if err := w.batches(ctx, "records", len(ids), func(from, to int) []cypher.Query {
		return recordBatch(project, ids, from, to)
	}); err != nil {
		return err
	}
	err := w.batches(ctx, "edges", cfg.records*cfg.edges, func(from, to int) []cypher.Query {
		return []cypher.Query{cypher.SeedEdges(project, edgeRows(ids, to-from))}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(progress, "seed: %d records and %d edges in %s\n", cfg.records, cfg.records*cfg.edges, time.Since(start).Round(time.Second))
	return nil
}

// recordBatch builds the statements creating records from..to-1, one per type.
func recordBatch(project string, ids []string, from, to int) []cypher.Query {
	rows := make([][]map[string]any, len(seedTypes))
	for i := from; i < to; i++ {
		t := i % len(seedTypes)
		rows[t] = append(rows[t], map[string]any{"id": ids[i], "name": fmt.Sprintf("%s %d", seedTypes[t], i)})
	}
	var qs []cypher.Query
	for t, r := range rows {
		if len(r) > 0 {
			qs = append(qs, cypher.SeedRecords(project, seedTypes[t], r))
		}
	}
	return qs
}

// edgeRows picks n edges with random distinct ends and a random property.
func edgeRows(ids []string, n int) []map[string]any {
	rows := make([]map[string]any, n)
	for i := range rows {
		s, t := distinctPair(len(ids))
		rows[i] = map[string]any{"source": ids[s], "target": ids[t],
			"property": seedProperties[rand.IntN(len(seedProperties))]}
	}
	return rows
}

// distinctPair returns two different random indexes below n (n ≥ 2).
func distinctPair(n int) (int, int) {
	a, b := rand.IntN(n), rand.IntN(n-1)
	if b >= a {
		b++
	}
	return a, b
}

// seeder writes batches through the raw driver and reports progress.
type seeder struct {
	store    *graph.Store
	project  string
	progress io.Writer
}

// batches writes total rows of one kind, build making the statements of
// rows from..to-1, each batch in one write transaction.
func (w *seeder) batches(ctx context.Context, kind string, total int, build func(from, to int) []cypher.Query) error {
	session := w.store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: w.store.Database(), AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.WithoutCancel(ctx))
	start, shown := time.Now(), time.Now()
	for from := 0; from < total; from += seedBatch {
		to := min(from+seedBatch, total)
		qs := build(from, to)
		_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			for _, q := range qs {
				if _, err := tx.Run(ctx, q.Text, q.Params); err != nil {
					return nil, err
				}
			}
			return nil, nil
		})
		if err != nil {
			return fmt.Errorf("seed %s %d–%d: %w", kind, from, to, err)
		}
		if time.Since(shown) >= 2*time.Second || to == total {
			shown = time.Now()
			fmt.Fprintf(w.progress, "seed: %s %d/%d (%.0f/s)\n", kind, to, total, float64(to)/time.Since(start).Seconds())
		}
	}
	return nil
}

// loadIDs reads the ids of every record of the project.
func loadIDs(ctx context.Context, store *graph.Store, project string) ([]string, error) {
	session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database(), AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.WithoutCancel(ctx))
	q := cypher.RecordIDs(project)
	ids, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) ([]string, error) {
		res, err := tx.Run(ctx, q.Text, q.Params)
		if err != nil {
			return nil, err
		}
		var ids []string
		for res.Next(ctx) {
			ids = append(ids, res.Record().Values[0].(string))
		}
		return ids, res.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load record ids: %w", err)
	}
	if len(ids) < 2 {
		return nil, fmt.Errorf("load record ids: the project has %d records, want at least 2", len(ids))
	}
	return ids, nil
}
