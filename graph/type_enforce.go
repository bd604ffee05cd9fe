package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// enforce runs plan p inside tx. A plan that touches only open types is one
// statement. Otherwise one statement locks every record involved (in id
// order, so concurrent writers queue instead of deadlocking), clears what
// single properties and sets replace, stores the edges, and counts what the
// plan checks; the counts the clearing lowered are checked after. A broken
// rule is returned as a *schema.Error, and the transaction, rolled back,
// writes nothing.
func enforce(ctx context.Context, tx neo4j.ManagedTransaction, project string, cat *schema.Catalog, p *schema.Plan, description *string) error {
	return enforceWith(ctx, tx, project, cat, p, cypher.EdgeFields{Description: description})
}

// enforceWith is enforce setting f on the edges the plan stores.
func enforceWith(ctx context.Context, tx neo4j.ManagedTransaction, project string, cat *schema.Catalog, p *schema.Plan, f cypher.EdgeFields) error {
	if !p.Enforced() {
		return mergeEdges(ctx, tx, project, p.Edges, f)
	}
	rows, err := run(ctx, tx, cypher.ApplyPlanWith(project, planLocks(p), clearRows(p.Clears), edgeRows(p.Edges), slotRows(p.Checks), f))
	if err != nil {
		return err
	}
	c := columns{row: rows[0]}
	removed, counts := get[[]any](&c, "removed"), get[[]any](&c, "counts")
	if c.err != nil {
		return c.err
	}
	if err := checkAll(p.Checks, counts); err != nil {
		return err
	}
	var more []schema.Held
	for _, h := range cat.Minimums(edgesFrom(removed)) {
		if !slices.ContainsFunc(p.Checks, func(c schema.Held) bool { return c.Key() == h.Key() }) {
			more = append(more, h)
		}
	}
	return checkCounts(ctx, tx, project, more)
}

// planLocks lists the records a plan locks besides those its clears unlink:
// the ends of its edges and the records whose slots it clears or counts.
func planLocks(p *schema.Plan) []string {
	var ids []string
	for _, e := range p.Edges {
		ids = append(ids, e.From.ID, e.To.ID)
	}
	for _, h := range p.Checks {
		ids = append(ids, h.Record)
	}
	for _, c := range p.Clears {
		ids = append(ids, c.Record)
	}
	return ids
}

// lockRecords locks the records among ids that are not locked yet, in id
// order, and adds them to locked.
func lockRecords(ctx context.Context, tx neo4j.ManagedTransaction, project string, ids []string, locked map[string]bool) (map[string]bool, error) {
	if locked == nil {
		locked = map[string]bool{}
	}
	var todo []string
	for _, id := range ids {
		if !locked[id] {
			locked[id] = true
			todo = append(todo, id)
		}
	}
	if len(todo) == 0 {
		return locked, nil
	}
	slices.Sort(todo)
	_, err := run(ctx, tx, cypher.LockRecords(project, todo))
	return locked, err
}

// mergeEdges stores edges, each once, setting f on them.
func mergeEdges(ctx context.Context, tx neo4j.ManagedTransaction, project string, edges []schema.Edge, f cypher.EdgeFields) error {
	if len(edges) == 0 {
		return nil
	}
	_, err := run(ctx, tx, cypher.MergeEdgesWith(project, edgeRows(edges), f))
	return err
}

// checkCounts locks the records of checks and counts their slots' links,
// and returns the first rule a count breaks.
func checkCounts(ctx context.Context, tx neo4j.ManagedTransaction, project string, checks []schema.Held) error {
	if len(checks) == 0 {
		return nil
	}
	rows, err := run(ctx, tx, cypher.LockAndCount(project, slotRows(checks)))
	if err != nil {
		return err
	}
	counts := make([]any, len(rows))
	for i, row := range rows {
		if counts[i], err = column[[]any](row, "count"); err != nil {
			return err
		}
	}
	return checkAll(checks, counts)
}

// checkAll checks each slot against its count among [key, count] pairs.
func checkAll(checks []schema.Held, pairs []any) error {
	counts := make(map[string]int, len(pairs))
	for _, p := range pairs {
		key, n, ok := countPair(p)
		if !ok {
			return fmt.Errorf("graph: a slot count reads as %v, not [key, count]", p)
		}
		counts[key] = n
	}
	for _, h := range checks {
		if err := h.Check(counts[h.Key()]); err != nil {
			return err
		}
	}
	return nil
}

// countPair reads a [key, count] pair.
func countPair(p any) (key string, n int, ok bool) {
	pair, _ := p.([]any)
	if len(pair) != 2 {
		return "", 0, false
	}
	key, ok = pair[0].(string)
	count, isInt := pair[1].(int64)
	return key, int(count), ok && isInt
}

func edgeRows(edges []schema.Edge) []map[string]any {
	rows := make([]map[string]any, len(edges))
	for i, e := range edges {
		rows[i] = map[string]any{"from": e.From.ID, "to": e.To.ID, "property": e.Property}
	}
	return rows
}

// slotRow is the parameter form of a slot of one record.
func slotRow(h schema.Held) map[string]any {
	others := h.Slot.Others
	if others == nil {
		others = []string{}
	}
	return map[string]any{"key": h.Key(), "record": h.Record, "tag": h.Slot.Tag, "incoming": h.Slot.Incoming, "others": others}
}

func slotRows(hs []schema.Held) []map[string]any {
	rows := make([]map[string]any, len(hs))
	for i, h := range hs {
		rows[i] = slotRow(h)
	}
	return rows
}

func clearRows(cs []schema.Clear) []map[string]any {
	rows := make([]map[string]any, len(cs))
	for i, c := range cs {
		rows[i] = slotRow(c.Held)
		rows[i]["keep"] = append([]string{}, c.Keep...)
	}
	return rows
}

// removedEdges reads the [fromId, fromType, property, toId, toType] rows of
// a statement that removed edges.
func removedEdges(rows []*neo4j.Record, err error) ([]schema.Edge, error) {
	if err != nil {
		return nil, err
	}
	list := make([]any, len(rows))
	for i, row := range rows {
		if list[i], err = column[[]any](row, "removed"); err != nil {
			return nil, err
		}
	}
	return edgesFrom(list), nil
}

// edgesFrom reads [fromId, fromType, property, toId, toType] lists.
func edgesFrom(list []any) []schema.Edge {
	out := make([]schema.Edge, 0, len(list))
	for _, x := range list {
		v, _ := x.([]any)
		if len(v) == 5 {
			out = append(out, schema.Edge{From: endOf(v[0], v[1]), Property: str(v[2]), To: endOf(v[3], v[4])})
		}
	}
	return out
}

func endOf(id, typ any) schema.End { return schema.End{ID: str(id), Type: str(typ)} }

func str(v any) string {
	s, _ := v.(string)
	return s
}
