package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
)

// The upsert scenario merges cfg.upsertRecords flat records into a
// declared type already holding cfg.upsertBase records — customers {email,
// name, score}, in a project of their own — by email, a declared scalar
// and so indexed on (customers: __project, email). Half of a round's rows
// name existing customers (each an update), half new ones (each a create),
// so the type grows by half a round per round. The HTTP side posts them to
// /api/v1/records/import/json as RushDB's SDKs do, with options {mergeBy:
// ["email"], mergeStrategy: "append", returnResult: false}, in requests of
// cfg.importChunk records; the best side runs cypher.BestUpsert, one write
// transaction per chunk of the same size. Chunks go one at a time; rounds
// alternate the sides (ABBA), each side-round on rows no other touches.

const (
	upsertScenario = "upsert"
	upsertType     = "customers"
	upsertKey      = "email"
)

var upsertDeclaration = declaration{upsertType,
	`{"properties": {"email": {"type": "string"}, "name": {"type": "string"}, "score": {"type": "integer"}}}`}

// upsertEmail is the email of base customer i, or of new customer i of
// side-round j of run when j >= 0 (each run names its own new customers).
func upsertEmail(run string, j, i int) string {
	if j < 0 {
		return fmt.Sprintf("c%d@example.com", i)
	}
	return fmt.Sprintf("n%s.%d.%d@example.com", run, j, i)
}

// upsertRound is one load of a round's rows by one side.
type upsertRound struct {
	elapsed          time.Duration
	rows, grownBy    int
	updated, created int
}

// upsertResult is the upsert scenario measured on both sides.
type upsertResult struct {
	base   int              // the type's records before the first round
	rounds [2][]upsertRound // best, http
}

var upsertSides = [2]string{"best", "http"}

// measureUpsert seeds or reuses the customers, declares them, and runs the
// rounds.
func measureUpsert(ctx context.Context, cfg config, store *graph.Store, api *apiServer, progress io.Writer) (*upsertResult, error) {
	p, err := prepareCustomers(ctx, store, cfg, progress)
	if err != nil {
		return nil, err
	}
	if _, err := declare(ctx, api, p.ID, []declaration{upsertDeclaration}, progress); err != nil {
		return nil, err
	}
	if err := settle(ctx, storeReader(store)); err != nil {
		return nil, err
	}
	token, err := store.CreateToken(ctx, p.ID, graph.RoleWrite)
	if err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	defer store.DeleteToken(context.WithoutCancel(ctx), p.ID, token.ID)
	client := newHTTPSide(api.base, 1, token)
	base, err := typeCount(ctx, store, p.ID)
	if err != nil {
		return nil, err
	}
	res := &upsertResult{base: base}
	half := cfg.upsertRecords / 2
	// Side-round j updates base customers [j·half, (j+1)·half) and
	// creates half new ones; side-round 0 is an unmeasured warmup of each
	// side.
	j, run := 0, uuid.Must(uuid.NewV7()).String()[24:]
	next := func() int { j++; return j - 1 }
	if (2*cfg.rounds+2)*half > cfg.upsertBase {
		return nil, fmt.Errorf("-upsert-base %d holds too few customers for %d rounds of %d updates", cfg.upsertBase, cfg.rounds, half)
	}
	for k := range 2 {
		if _, err := upsertOnce(ctx, cfg, store, client, p.ID, k, run, next(), min(half, 2*cfg.importChunk)); err != nil {
			return nil, fmt.Errorf("upsert warmup: %w", err)
		}
	}
	for i := range cfg.rounds {
		order := [2]int{0, 1}
		if i%2 == 1 {
			order = [2]int{1, 0}
		}
		for _, k := range order {
			r, err := upsertOnce(ctx, cfg, store, client, p.ID, k, run, next(), cfg.upsertRecords)
			if err != nil {
				return nil, fmt.Errorf("upsert %s round %d: %w", upsertSides[k], i+1, err)
			}
			res.rounds[k] = append(res.rounds[k], r)
			fmt.Fprintf(progress, "upsert    %-4s round %d/%d: %d rows (%d updates, %d creates) in %.1f s: %8.0f records/s\n",
				upsertSides[k], i+1, cfg.rounds, r.rows, r.updated, r.created, r.elapsed.Seconds(), perSecond(r.rows, r.elapsed))
		}
	}
	return res, nil
}

// prepareCustomers returns the project of cfg.upsertBase customers (and,
// from earlier runs, those the rounds created), seeded when missing.
func prepareCustomers(ctx context.Context, store *graph.Store, cfg config, progress io.Writer) (graph.Project, error) {
	name := fmt.Sprintf("bench-upsert-%d", cfg.upsertBase)
	fits := func(s seedSize) bool { return s.records >= cfg.upsertBase && s.edges == 0 }
	return seededProject(ctx, store, name, cfg.reseed, fits, func(project string) error {
		w := &seeder{store: store, project: project, progress: progress}
		return w.batches(ctx, "customers", cfg.upsertBase, func(from, to int) []cypher.Query {
			rows := make([]map[string]any, 0, to-from)
			for i := from; i < to; i++ {
				rows = append(rows, map[string]any{"id": uuid.Must(uuid.NewV7()).String(),
					"props": map[string]any{"email": upsertEmail("", -1, i), "name": fmt.Sprintf("customer %d", i), "score": int64(i % 1000)}})
			}
			return []cypher.Query{cypher.SeedRecords(project, upsertType, rows)}
		})
	}, progress)
}

// upsertOnce runs side-round j's n rows through side k: n/2 updates of base
// customers from j·(n/2), n/2 creates of customers new to the run; it
// checks the type grew by the creates.
func upsertOnce(ctx context.Context, cfg config, store *graph.Store, client *httpSide, project string, k int, run string, j, n int) (upsertRound, error) {
	type row struct {
		email, name string
		score       int64
	}
	rows := make([]row, 0, n)
	updates := n / 2
	for i := range n {
		email := upsertEmail(run, j, i)
		if i < updates {
			email = upsertEmail(run, -1, j*updates+i)
		}
		rows = append(rows, row{email, fmt.Sprintf("upserted %d.%d", j, i), int64(j*1000 + i%1000)})
	}
	var chunks []chunk
	for from := 0; from < n; from += cfg.importChunk {
		part := rows[from:min(from+cfg.importChunk, n)]
		if k == 1 {
			data := make([]map[string]any, len(part))
			for i, r := range part {
				data[i] = map[string]any{"email": r.email, "name": r.name, "score": r.score}
			}
			body, err := json.Marshal(map[string]any{"label": upsertType, "data": data,
				"options": map[string]any{"mergeBy": []string{upsertKey}, "mergeStrategy": "append", "returnResult": false}})
			if err != nil {
				return upsertRound{}, err
			}
			chunks = append(chunks, func(ctx context.Context) error {
				return client.request(ctx, project, http.MethodPost, client.api+"records/import/json", strings.NewReader(string(body)), io.Discard)
			})
			continue
		}
		data := make([]map[string]any, len(part))
		for i, r := range part {
			data[i] = map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "key": r.email,
				"props": map[string]any{"name": r.name, "score": r.score}}
		}
		q := cypher.BestUpsert(project, upsertType, upsertKey, data)
		chunks = append(chunks, func(ctx context.Context) error {
			session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database(), AccessMode: neo4j.AccessModeWrite})
			defer session.Close(context.WithoutCancel(ctx))
			_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (bool, error) {
				_, err := collect(ctx, tx, q)
				return true, err
			})
			return err
		})
	}
	before, err := typeCount(ctx, store, project)
	if err != nil {
		return upsertRound{}, err
	}
	start := time.Now()
	for _, send := range chunks {
		if err := send(ctx); err != nil {
			return upsertRound{}, err
		}
	}
	r := upsertRound{elapsed: time.Since(start), rows: n, updated: updates, created: n - updates}
	after, err := typeCount(ctx, store, project)
	if err != nil {
		return r, err
	}
	if r.grownBy = after - before; r.grownBy != r.created {
		return r, fmt.Errorf("the type grew by %d records, want %d", r.grownBy, r.created)
	}
	return r, nil
}

func typeCount(ctx context.Context, store *graph.Store, project string) (int, error) {
	res, err := storeReader(store).read(ctx, cypher.TypeCount(project, upsertType))
	if err != nil {
		return 0, err
	}
	n, _ := res.Records[0].Get("records")
	return int(n.(int64)), nil
}

// reportUpsert writes the upsert table: records/s per side (median of
// rounds) and http ÷ best.
func reportUpsert(w io.Writer, cfg config, res *upsertResult) error {
	fmt.Fprintf(w, "\nupsert: %d flat records per round (half updates, half creates) into %s, which held %d records, by %s (mergeBy, indexed); %d records per request or transaction, %d rounds per side\n",
		cfg.upsertRecords, upsertType, res.base, upsertKey, cfg.importChunk, cfg.rounds)
	fmt.Fprintln(w, "best: UNWIND MERGE on (customers: __project, email) in a write transaction per chunk (cypher.BestUpsert); http: POST /records/import/json with options.mergeBy")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tbest records/s\thttp records/s\thttp/best\t")
	median := func(rs []upsertRound) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = perSecond(r.rows, r.elapsed)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	best, api := median(res.rounds[0]), median(res.rounds[1])
	fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t\n", upsertScenario, best, api, api/best)
	return tw.Flush()
}
