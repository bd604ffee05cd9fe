package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/relgraph/relgraph/cypher"
)

// The filter scenario: the filter widget's question, "the people whose
// worksFor links to this company", GET /api/v1/records?type=people&
// linkedTo=…&via=worksFor (first page, default limit). Seeded edges have
// random ends and a random property (seed.go), so a company has on average
// 5 × ¼ × ½ ≈ 0.6 worksFor edges from people pointing at it, and most have
// none; the scenario asks only about companies that have some, so every
// request answers rows (one to a few).
const (
	filterScenario = "filter"
	filterType     = "people"   // the records listed
	filterVia      = "worksFor" // their relation property, stored on them (direction out)
	filterSample   = 1000       // records sampled to find the targets
)

// chooseFilterTargets samples filterSample records and keeps in
// w.filterTargets the companies among them that people link to through
// worksFor.
func chooseFilterTargets(ctx context.Context, r reader, w *world, progress io.Writer) error {
	sample := make([]string, 0, min(filterSample, len(w.ids)))
	for _, i := range rand.Perm(len(w.ids))[:cap(sample)] {
		sample = append(sample, w.ids[i])
	}
	res, err := r.read(ctx, cypher.RecordsAndTypes(w.project, sample))
	if err != nil {
		return fmt.Errorf("filter targets: %w", err)
	}
	w.filterTargets = nil
	pairs, _, err := neo4j.GetRecordValue[[]any](res.Records[0], "records")
	if err != nil {
		return fmt.Errorf("filter targets: %w", err)
	}
	for _, p := range pairs {
		pair, _ := p.([]any)
		if len(pair) != 2 || pair[1] != seedTypes[0] {
			continue
		}
		id, _ := pair[0].(string)
		res, err := r.read(ctx, cypher.Linked(w.project, filterType, id, filterVia, cypher.Out, 0, 0))
		if err != nil {
			return fmt.Errorf("filter targets: %w", err)
		}
		if total, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "total"); total > 0 {
			w.filterTargets = append(w.filterTargets, id)
		}
	}
	if len(w.filterTargets) == 0 {
		return fmt.Errorf("filter targets: none of %d sampled records is a company with %s links from %s", len(sample), filterVia, filterType)
	}
	fmt.Fprintf(progress, "filter: %d companies with %s links from %s among %d sampled records\n", len(w.filterTargets), filterVia, filterType, len(sample))
	return nil
}

// drawFilter is the filter scenario's request about one of w.filterTargets.
// The raw side runs the first page of cypher.Linked, as graph.Store.Linked
// does for an undeclared relation property (worksFor is not declared).
func drawFilter(w *world) searchCase {
	id := w.filterTargets[rand.IntN(len(w.filterTargets))]
	q := url.Values{"type": {filterType}, "linkedTo": {id}, "via": {filterVia}}
	raw := cypher.Linked(w.project, filterType, id, filterVia, cypher.Out, 0, pageSize)
	return searchCase{project: w.project, path: "records?" + q.Encode(), raw: &raw, best: cypher.BestLinked(w.project, id, pageSize)}
}
