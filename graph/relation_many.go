package graph

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// KeyLink asks for the edges between the records of two types whose keys
// are equal (RushDB's POST /relationships/create-many and delete-many).
type KeyLink struct {
	Project string
	Join    cypher.KeyJoin
	// Property is the relation property of the edges; "" in an unlink
	// names every property.
	Property  string
	Direction cypher.Direction // Out: source → target; In: target → source
	// Properties are merged into each linked edge's properties bag, as
	// Attach merges them (LinkByKeys only).
	Properties map[string]any
	// SourceWhere and TargetWhere, when not nil, keep only the records of
	// each side that match them (their Labels name the side's type).
	SourceWhere, TargetWhere *query.Search
	// ManyToMany pairs every source with every target (both filtered),
	// without keys.
	ManyToMany bool
}

// maxKeyPairs is the most pairs a key link between declared types plans
// one by one.
const maxKeyPairs = 10_000

// maxFiltered is the most records a where filter of a key link may match.
const maxFiltered = 100_000

// ErrTooManyPairs says a key link pairs more records than it writes at
// once: more than maxKeyPairs pairs between declared types or in the
// manyToMany form, or more than maxFiltered matches of a where filter.
var ErrTooManyPairs = fmt.Errorf("graph: a key link pairs more than %d records (or a filter matches more than %d)", maxKeyPairs, maxFiltered)

// LinkByKeys links every pair of l.Join with l.Property, in one
// transaction, and says how many pairs it linked; linking a pair again
// keeps one edge. When no rule of a declared type governs the links (the
// types are open, or the source is open and the target's type mirrors
// nothing) it is one statement. Otherwise each pair is planned under the
// rules as Attach plans it (a *schema.Error when one breaks them, and
// nothing is written), at most maxKeyPairs pairs (ErrTooManyPairs beyond).
func (s *Store) LinkByKeys(ctx context.Context, l KeyLink) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		cat, err := loadCatalog(ctx, tx, l.Project)
		if err != nil {
			return 0, err
		}
		if err := l.filter(ctx, tx, cat); err != nil {
			return 0, err
		}
		plain, err := l.unruled(cat)
		if err != nil {
			return 0, err
		}
		if plain {
			q := cypher.LinkByKeys(l.Project, l.Join, l.Property, l.Direction, l.Properties)
			if l.ManyToMany {
				q = cypher.LinkAll(l.Project, l.Join.SourceIDs, l.Join.TargetIDs, l.Property, l.Direction, l.Properties)
			}
			return countOf(ctx, tx, q, "linked")
		}
		sources, targets, err := keyPairs(ctx, tx, l)
		if err != nil {
			return 0, err
		}
		for _, src := range sources {
			plan, err := cat.PlanAttach(src, targets[src.ID], l.Property, l.Direction == cypher.In)
			if err != nil {
				return 0, err
			}
			if err := enforceWith(ctx, tx, l.Project, cat, plan, cypher.EdgeFields{Properties: l.Properties}); err != nil {
				return 0, err
			}
		}
		return pairCount(targets), nil
	})
}

// unruled reports whether the links of l are plain edges that no rule of
// a declared type governs: a probe pair of the two types plans to one edge
// as l stores it, touching no enforced type. A rule the types break for
// every pair (an undeclared relation, a type not allowed) is its error.
func (l KeyLink) unruled(cat *schema.Catalog) (bool, error) {
	if !cat.Enforced(l.Join.Source) && !cat.Enforced(l.Join.Target) {
		return true, nil
	}
	a, b := schema.End{ID: "\x00a", Type: l.Join.Source}, schema.End{ID: "\x00b", Type: l.Join.Target}
	p, err := cat.PlanAttach(a, []schema.End{b}, l.Property, l.Direction == cypher.In)
	if err != nil {
		return false, err
	}
	from, to := a, b
	if l.Direction == cypher.In {
		from, to = b, a
	}
	want := schema.Edge{From: from, To: to, Property: l.Property}
	return !p.Enforced() && len(p.Edges) == 1 && p.Edges[0] == want, nil
}

// UnlinkByKeys removes the edges between the pairs of l.Join, in one
// transaction, and says how many it removed. Between types that are not
// declared it is one statement; otherwise the removal is planned as Detach
// plans it (a mirrored property names the edges its pair stores, and a
// removal that leaves a property below its minItems is refused).
func (s *Store) UnlinkByKeys(ctx context.Context, l KeyLink) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		cat, err := loadCatalog(ctx, tx, l.Project)
		if err != nil {
			return 0, err
		}
		if err := l.filter(ctx, tx, cat); err != nil {
			return 0, err
		}
		if !cat.Enforced(l.Join.Source) && !cat.Enforced(l.Join.Target) {
			q := cypher.UnlinkByKeys(l.Project, l.Join, l.Property, l.Direction)
			if l.ManyToMany {
				q = cypher.UnlinkAll(l.Project, l.Join.SourceIDs, l.Join.TargetIDs, l.Property, l.Direction)
			}
			return countOf(ctx, tx, q, "unlinked")
		}
		sources, targets, err := keyPairs(ctx, tx, l)
		if err != nil {
			return 0, err
		}
		var names []string
		if l.Property != "" {
			names = []string{l.Property}
		}
		var rows []map[string]any
		for _, src := range sources {
			for _, e := range cat.Unlinks(src, targets[src.ID], names, l.Direction != cypher.In, l.Direction != cypher.Out) {
				rows = append(rows, map[string]any{"from": e.From.ID, "to": e.To.ID, "property": nilIfEmpty(e.Property)})
			}
		}
		if len(rows) == 0 {
			return 0, nil
		}
		removed, err := removedEdges(run(ctx, tx, cypher.DeleteEdges(l.Project, rows)))
		if err != nil {
			return 0, err
		}
		return len(removed), checkCounts(ctx, tx, l.Project, cat.Minimums(removed))
	})
}

// keyPairs reads the pairs of l.Join: the sources in the order found and
// the targets of each.
func keyPairs(ctx context.Context, tx neo4j.ManagedTransaction, l KeyLink) ([]schema.End, map[string][]schema.End, error) {
	var pairs [][2]string
	if l.ManyToMany {
		for _, a := range l.Join.SourceIDs {
			for _, b := range l.Join.TargetIDs {
				if a != b {
					pairs = append(pairs, [2]string{a, b})
				}
			}
		}
	} else {
		rows, err := run(ctx, tx, cypher.PairsByKeys(l.Project, l.Join, maxKeyPairs+1))
		if err != nil {
			return nil, nil, err
		}
		for _, row := range rows {
			c := columns{row: row}
			pairs = append(pairs, [2]string{get[string](&c, "source"), get[string](&c, "target")})
			if c.err != nil {
				return nil, nil, c.err
			}
		}
	}
	if len(pairs) > maxKeyPairs {
		return nil, nil, ErrTooManyPairs
	}
	var sources []schema.End
	targets := map[string][]schema.End{}
	for _, pair := range pairs {
		a, b := pair[0], pair[1]
		if _, seen := targets[a]; !seen {
			sources = append(sources, schema.End{ID: a, Type: l.Join.Source})
		}
		targets[a] = append(targets[a], schema.End{ID: b, Type: l.Join.Target})
	}
	return sources, targets, nil
}

func pairCount(targets map[string][]schema.End) int {
	n := 0
	for _, t := range targets {
		n += len(t)
	}
	return n
}

// filter reads the records each where filter matches into the join's id
// lists. In the manyToMany form, whose pairs are every source × target,
// their product is at most maxKeyPairs.
func (l *KeyLink) filter(ctx context.Context, tx neo4j.ManagedTransaction, cat *schema.Catalog) error {
	var err error
	if l.Join.SourceIDs, err = matchIDs(ctx, tx, l.Project, cat, l.SourceWhere); err != nil {
		return err
	}
	if l.Join.TargetIDs, err = matchIDs(ctx, tx, l.Project, cat, l.TargetWhere); err != nil {
		return err
	}
	if l.ManyToMany && len(l.Join.SourceIDs)*len(l.Join.TargetIDs) > maxKeyPairs {
		return ErrTooManyPairs
	}
	return nil
}

// matchIDs lists the ids of the records q matches; nil when q is nil.
func matchIDs(ctx context.Context, tx neo4j.ManagedTransaction, project string, cat *schema.Catalog, q *query.Search) ([]string, error) {
	if q == nil {
		return nil, nil
	}
	if err := q.Resolve(cat); err != nil {
		return nil, err
	}
	rows, err := run(ctx, tx, cypher.SearchIDs(project, *q))
	if err != nil {
		return nil, err
	}
	if len(rows) > maxFiltered {
		return nil, ErrTooManyPairs
	}
	ids := make([]string, len(rows))
	for i, row := range rows {
		if ids[i], err = required[string](row, "id"); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// countOf runs a statement answering one row with a count in column, and
// returns the count.
func countOf(ctx context.Context, tx neo4j.ManagedTransaction, q cypher.Query, column string) (int, error) {
	rows, err := run(ctx, tx, q)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	n, _ := rows[0].Get(column)
	count, _ := n.(int64)
	return int(count), nil
}
