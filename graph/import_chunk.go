package graph

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
)

// An import writes its records in chunks of up to importChunk, one
// statement each (cypher.ImportRecords), together with the edges from
// records of open types to their children when both ends are in the
// chunk: the statement holds the nodes it created, so these edges cost no
// index lookups. A chunk ends where a top-level object starts whenever one
// does, so an object's tree shares one chunk unless it is larger than a
// chunk; the few edges that cross chunks are written afterwards as edges
// to existing records are (cypher.ImportEdges).

// span is the records [start, end) of imp.records that one statement
// writes.
type span struct{ start, end int }

// spans cuts n records into runs of at most size, each ending where a
// top-level object starts (roots, ascending indexes) when one starts
// within the run; roots may be empty, for records without children.
func spans(n int, roots []int, size int) []span {
	var out []span
	next := 0 // the first root not yet passed
	for start := 0; start < n; {
		end := min(start+size, n)
		if end < n {
			cut := 0
			for next < len(roots) && roots[next] <= end {
				if roots[next] > start {
					cut = roots[next]
				}
				next++
			}
			if cut > 0 {
				end = cut
			}
		}
		out = append(out, span{start, end})
		start = end
	}
	return out
}

// writeRecords writes the records in chunks, each with the edges to
// children inside it, then the edges to children that cross chunks; it
// returns how many edges it wrote.
func (w *importWrite) writeRecords(ctx context.Context, tx neo4j.ManagedTransaction, project string) (int, error) {
	parts := spans(len(w.nodes), w.imp.roots, importChunk)
	chunkOf := make([]int, len(w.nodes))
	for k, p := range parts {
		for i := p.start; i < p.end; i++ {
			chunkOf[i] = k
		}
	}
	edges := make([][]map[string]any, len(parts))
	var across []map[string]any
	for _, e := range w.inner {
		k := chunkOf[e.src]
		if chunkOf[e.dst] != k {
			across = append(across, map[string]any{"from": e.from, "to": e.to, "property": e.property, "description": nil})
			continue
		}
		start := parts[k].start
		edges[k] = append(edges[k], map[string]any{"from": e.src - start, "to": e.dst - start, "property": e.property})
	}
	linked := 0
	for k, p := range parts {
		out, err := run(ctx, tx, cypher.ImportRecords(project, w.nodes[p.start:p.end], edges[k]))
		if err != nil {
			return 0, err
		}
		n, err := firstCount(out, "linked")
		if err != nil {
			return 0, err
		}
		if n != len(edges[k]) {
			return 0, fmt.Errorf("graph: import chunk %d linked %d of its %d edges", k, n, len(edges[k]))
		}
		linked += len(edges[k])
	}
	for _, rows := range chunks(across) {
		out, err := run(ctx, tx, cypher.ImportEdges(project, rows))
		if err != nil {
			return 0, err
		}
		n, err := firstCount(out, "linked")
		if err != nil {
			return 0, err
		}
		if n != len(rows) {
			return 0, fmt.Errorf("graph: an import linked %d of %d edges between its own records", n, len(rows))
		}
		linked += len(rows)
	}
	return linked, nil
}
