package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
)

// The shape of the seeded graph. Of -records records, those at even
// indexes are companies {name}, those at odd ones people {name, age, bio},
// each named "<type> <index>"; -edges edges per record join them, with
// random ends and a random property of seedProperties. Besides them, 1%
// as many records of the open type tags {name: "tags <j>"}, never declared
// and never linked by the seed. Everything but the edges follows from the
// record's index.
var (
	seedTypes      = []string{"companies", "people"}
	seedProperties = []string{"links", "knows", "worksFor", "owns"}
)

// openType is the seeded type never declared.
const openType = "tags"

// openRecords is how many tags a graph of records companies and people has.
func openRecords(records int) int { return max(1, records/100) }

// The people's bios: four words of bioWords each, and rareWord besides in
// one bio in a thousand, so that $contains on it is selective. All lower
// case.
var bioWords = []string{"quiet", "curious", "reader", "runner", "cook", "painter", "traveller", "gardener",
	"chess", "music", "coffee", "cyclist", "teacher", "coder", "hiker", "baker"}

const rareWord = "zephyr"

// age is the age of the person at index i: 18 to 90.
func age(i int) int64 { return 18 + int64(i*37%73) }

// bio is the bio of the person at index i (odd).
func bio(i int) string {
	h := uint64(i+1) * 0x9E3779B97F4A7C15
	words := make([]string, 4, 5)
	for k := range words {
		words[k] = bioWords[h>>(60-4*k)&15]
	}
	if i%2000 == 1 {
		words = append(words, rareWord)
	}
	return strings.Join(words, " ")
}

// neighbourCompanies is the size of the noisy scenario's small project:
// companies named "companies <j>", nothing else.
const neighbourCompanies = 1000

// seedBatch is how many rows one seeding transaction writes.
const seedBatch = 10000

// prepare returns the bench project of cfg's size, seeded when needed, with
// the edges earlier runs' attach scenario wrote removed, so every run
// starts alike.
func prepare(ctx context.Context, store *graph.Store, cfg config, progress io.Writer) (graph.Project, error) {
	n, people, tags := cfg.records, cfg.records/2, openRecords(cfg.records)
	fits := func(s seedSize) bool {
		return s.records == n+tags && s.edges >= n*cfg.edges && s.bios == people
	}
	name := fmt.Sprintf("bench-%d-%d", cfg.records, cfg.edges)
	p, err := seededProject(ctx, store, name, cfg.reseed, fits, func(project string) error {
		return seed(ctx, store, project, cfg, progress)
	}, progress)
	if err != nil {
		return p, err
	}
	return p, clearBenchEdges(ctx, store, p.ID)
}

// prepareNeighbour returns the noisy scenario's small project, seeded when
// needed.
func prepareNeighbour(ctx context.Context, store *graph.Store, reseed bool, progress io.Writer) (graph.Project, error) {
	fits := func(s seedSize) bool { return s.records == neighbourCompanies && s.edges == 0 }
	name := fmt.Sprintf("bench-neighbour-%d", neighbourCompanies)
	return seededProject(ctx, store, name, reseed, fits, func(project string) error {
		rows := make([]map[string]any, neighbourCompanies)
		for j := range rows {
			rows[j] = map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "props": map[string]any{"name": fmt.Sprintf("companies %d", j)}}
		}
		w := &seeder{store: store, project: project, progress: progress}
		return w.batches(ctx, "neighbour companies", len(rows), func(from, to int) []cypher.Query {
			return []cypher.Query{cypher.SeedRecords(project, seedTypes[0], rows[from:to])}
		})
	}, progress)
}

// seedSize is what a project holds: records, their outgoing edges, and the
// records with a bio.
type seedSize struct{ records, edges, bios int }

// seededProject returns the project named name when fits its size, unless
// reseed. Otherwise it deletes every project of that name and fills a new
// one: a project seeded by an older bench, without the properties this one
// searches, does not fit and is seeded again.
func seededProject(ctx context.Context, store *graph.Store, name string, reseed bool, fits func(seedSize) bool,
	fill func(project string) error, progress io.Writer) (graph.Project, error) {
	for {
		p, err := store.ProjectByName(ctx, name)
		if errors.Is(err, graph.ErrNotFound) {
			break
		}
		if err != nil {
			return p, err
		}
		if !reseed {
			size, err := seededSize(ctx, store, p.ID)
			if err != nil {
				return p, err
			}
			if fits(size) {
				fmt.Fprintf(progress, "seed: reusing project %s (%s): %d records, %d edges\n", name, p.ID, size.records, size.edges)
				return p, nil
			}
			fmt.Fprintf(progress, "seed: project %s has %d records, %d edges, %d bios: not the graph this bench seeds\n",
				name, size.records, size.edges, size.bios)
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
	return p, fill(p.ID)
}

// seededSize counts what a project holds.
func seededSize(ctx context.Context, store *graph.Store, project string) (seedSize, error) {
	res, err := storeReader(store).read(ctx, cypher.SeededSize(project))
	if err != nil {
		return seedSize{}, fmt.Errorf("count records: %w", err)
	}
	v := res.Records[0].Values
	return seedSize{records: int(v[0].(int64)), edges: int(v[1].(int64)), bios: int(v[2].(int64))}, nil
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
		if deleted, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "deleted"); deleted == 0 {
			return nil
		}
	}
}

// seed writes cfg.records companies and people and their tags, then
// cfg.edges edges per company or person with random ends among them, in
// transactions of seedBatch rows.
func seed(ctx context.Context, store *graph.Store, project string, cfg config, progress io.Writer) error {
	ids := make([]string, cfg.records+openRecords(cfg.records))
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7()).String()
	}
	start := time.Now()
	w := &seeder{store: store, project: project, progress: progress}
	if err := w.batches(ctx, "records", len(ids), func(from, to int) []cypher.Query {
		return recordBatch(project, ids, cfg.records, from, to)
	}); err != nil {
		return err
	}
	err := w.batches(ctx, "edges", cfg.records*cfg.edges, func(from, to int) []cypher.Query {
		return []cypher.Query{cypher.SeedEdges(project, edgeRows(ids[:cfg.records], to-from))}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(progress, "seed: %d records and %d edges in %s\n", len(ids), cfg.records*cfg.edges, time.Since(start).Round(time.Second))
	return nil
}

// recordBatch builds the statements creating records from..to-1, one per
// type: of n companies and people, then the tags.
func recordBatch(project string, ids []string, n, from, to int) []cypher.Query {
	types := append(seedTypes[:len(seedTypes):len(seedTypes)], openType)
	rows := make([][]map[string]any, len(types))
	for i := from; i < to; i++ {
		t, props := seedRecord(n, i)
		rows[t] = append(rows[t], map[string]any{"id": ids[i], "props": props})
	}
	var qs []cypher.Query
	for t, r := range rows {
		if len(r) > 0 {
			qs = append(qs, cypher.SeedRecords(project, types[t], r))
		}
	}
	return qs
}

// seedRecord is the record at index i of a graph of n companies and
// people: its type (an index of seedTypes, or len(seedTypes) for the open
// type) and its properties.
func seedRecord(n, i int) (int, map[string]any) {
	if i >= n {
		return len(seedTypes), map[string]any{"name": fmt.Sprintf("%s %d", openType, i-n)}
	}
	t := i % len(seedTypes)
	props := map[string]any{"name": fmt.Sprintf("%s %d", seedTypes[t], i)}
	if t == 1 {
		props["age"], props["bio"] = age(i), bio(i)
	}
	return t, props
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

// loadWorld reads the ids of every record of the project: its companies
// and people, and its records of the open type.
func loadWorld(ctx context.Context, store *graph.Store, project string, records int) (*world, error) {
	session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database(), AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.WithoutCancel(ctx))
	q := cypher.RecordIDs(project)
	w, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (*world, error) {
		res, err := tx.Run(ctx, q.Text, q.Params)
		if err != nil {
			return nil, err
		}
		w := &world{project: project, records: records}
		for res.Next(ctx) {
			v := res.Record().Values
			if v[1] == openType {
				w.tags = append(w.tags, v[0].(string))
			} else {
				w.ids = append(w.ids, v[0].(string))
			}
		}
		return w, res.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load record ids: %w", err)
	}
	if len(w.ids) < 2 || len(w.tags) == 0 {
		return nil, fmt.Errorf("load record ids: the project has %d companies and people and %d %s, want at least 2 and 1", len(w.ids), len(w.tags), openType)
	}
	return w, nil
}
