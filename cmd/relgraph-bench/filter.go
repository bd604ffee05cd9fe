package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
)

// The filter scenario: the filter widget's question, "the people whose
// worksFor links to this company". Seeded edges have random ends and a
// random property (seed.go), so a company has on average 5 × ¼ × ½ ≈ 0.6
// worksFor edges from people pointing at it, and most have none; the
// scenario asks only about companies that have some, so every request
// answers rows (one to a few).
const (
	filterScenario = "filter"
	filterType     = "people"   // the records listed
	filterVia      = "worksFor" // their relation property, stored on them (direction out)
	filterSample   = 1000       // records sampled to find the targets
)

// filterTargets are the companies the filter scenario asks about, chosen
// by chooseFilterTargets before any scenario runs; read-only afterwards.
var filterTargets []string

// chooseFilterTargets samples filterSample records and keeps the companies
// among them that people link to through worksFor.
func chooseFilterTargets(ctx context.Context, store *graph.Store, project string, ids []string, progress io.Writer) error {
	sample := make([]string, 0, min(filterSample, len(ids)))
	for _, i := range rand.Perm(len(ids))[:cap(sample)] {
		sample = append(sample, ids[i])
	}
	res, err := readQuery(ctx, store.Driver(), store.Database(), cypher.RecordsAndTypes(project, sample))
	if err != nil {
		return fmt.Errorf("filter targets: %w", err)
	}
	filterTargets = nil
	for _, pair := range res.Records[0].Values[0].([]any) {
		id, typ := pair.([]any)[0].(string), pair.([]any)[1]
		if typ != seedTypes[0] {
			continue
		}
		res, err := readQuery(ctx, store.Driver(), store.Database(), cypher.Linked(project, filterType, id, filterVia, cypher.Out, 0, 0))
		if err != nil {
			return fmt.Errorf("filter targets: %w", err)
		}
		if res.Records[0].Values[0].(int64) > 0 {
			filterTargets = append(filterTargets, id)
		}
	}
	if len(filterTargets) == 0 {
		return fmt.Errorf("filter targets: none of %d sampled records is a company with %s links from %s", len(sample), filterVia, filterType)
	}
	fmt.Fprintf(progress, "filter: %d companies with %s links from %s among %d sampled records\n", len(filterTargets), filterVia, filterType, len(sample))
	return nil
}

// filterOp is the filter scenario: the first page of the people linked to
// one of filterTargets.
func filterOp(ctx context.Context, s side, _ []string) error {
	f, ok := s.(filterSide)
	if !ok {
		return fmt.Errorf("%s side cannot filter", s.name())
	}
	return f.filter(ctx, filterTargets[rand.IntN(len(filterTargets))])
}

// filterSide lists the records of filterType linked to a record through
// filterVia.
type filterSide interface {
	filter(ctx context.Context, linkedTo string) error
}

// filter is GET /api/v1/records?type=people&linkedTo=…&via=worksFor (first
// page, default limit).
func (h *httpSide) filter(ctx context.Context, linkedTo string) error {
	q := url.Values{"type": {filterType}, "linkedTo": {linkedTo}, "via": {filterVia}}
	return h.do(ctx, http.MethodGet, strings.TrimSuffix(h.records, "/")+"?"+q.Encode(), nil)
}

// filter runs the first page of cypher.Linked routed to readers, as
// graph.Store.Linked does for an undeclared property (the bench project
// declares no types), and decodes every record.
func (r *rawSide) filter(ctx context.Context, linkedTo string) error {
	res, err := readQuery(ctx, r.driver, r.db, cypher.Linked(r.project, filterType, linkedTo, filterVia, cypher.Out, 0, pageSize))
	if err != nil {
		return err
	}
	if len(res.Records) == 0 {
		return fmt.Errorf("raw: record %s not found", linkedTo)
	}
	records := make([]map[string]any, 0, len(res.Records))
	for _, row := range res.Records {
		if n, ok := row.Values[1].(neo4j.Node); ok {
			records = append(records, recordProps(n))
		}
	}
	if total := res.Records[0].Values[0].(int64); total == 0 || int(total) < len(records) {
		return fmt.Errorf("raw: filter of %s: total %d, %d rows", linkedTo, total, len(records))
	}
	return nil
}

// readQuery runs one statement routed to readers, as graph.Store does.
func readQuery(ctx context.Context, driver neo4j.DriverWithContext, db string, q cypher.Query) (*neo4j.EagerResult, error) {
	return neo4j.ExecuteQuery(ctx, driver, q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db), neo4j.ExecuteQueryWithReadersRouting())
}
