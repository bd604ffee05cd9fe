package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// The indexes of declared types (schema.Type.Indexes) follow the
// declarations of every project: an index is per label, so projects that
// declare the same type id share it, and it stays while any declaration
// asks for it. Neo4j forbids schema and data writes in one transaction, so
// a declaration commits first and a reconcile brings the indexes in line
// after. Creating an index returns at once and the database builds it in
// the background; searches never depend on one for their answers.

// The states of a declared type's index beside Neo4j's own (ONLINE,
// POPULATING, FAILED).
const (
	// IndexMissing: the index does not exist (yet): the declaration is
	// being reconciled, or the last reconcile failed and the next one
	// (any declaration, or a restart) creates it.
	IndexMissing = "missing"
	// IndexUnindexable: the property's name cannot be written into Cypher
	// (cypher.Name), so it gets no index.
	IndexUnindexable = "unindexable"
)

// TypeIndex is an index a declared type asks for, with its state, as
// GET /types/{type} shows it.
type TypeIndex struct {
	// Property is the declared property the index serves; nil for the
	// type's project index.
	Property          *string `json:"property"`
	Kind              string  `json:"kind"` // schema.IndexRange or schema.IndexText
	Name              string  `json:"name"`
	State             string  `json:"state"`
	PopulationPercent float64 `json:"populationPercent"`
}

// indexState is an existing index, from cypher.Indexes.
type indexState struct {
	state   string
	percent float64
	labels  []string
}

// typeIndexes lists the indexes declared type t asks for, with their states
// among existing.
func typeIndexes(t schema.Type, existing map[string]indexState) []TypeIndex {
	out := []TypeIndex{}
	for _, i := range t.Indexes() {
		ti := TypeIndex{Kind: i.Kind, Name: cypher.IndexName(i), State: IndexMissing}
		if i.Property != "" {
			ti.Property = &i.Property
		}
		st, ok := existing[ti.Name]
		switch {
		case !cypher.Indexable(i):
			ti.State = IndexUnindexable
		case ok:
			ti.State, ti.PopulationPercent = st.state, st.percent
		}
		out = append(out, ti)
	}
	return out
}

// showIndexes reads relgraph's indexes by name, routed to the writer when
// leader is set. Index states are not transactional, so it reads outside
// any client transaction.
func (s *Store) showIndexes(ctx context.Context, leader bool) (map[string]indexState, error) {
	rows, err := s.rows(ctx, cypher.Indexes(), leader)
	if err != nil {
		return nil, err
	}
	out := make(map[string]indexState, len(rows))
	for _, row := range rows {
		st := indexState{state: str(row["state"])}
		st.percent, _ = row["populationPercent"].(float64)
		labels, _ := row["labelsOrTypes"].([]any)
		for _, l := range labels {
			st.labels = append(st.labels, str(l))
		}
		out[str(row["name"])] = st
	}
	return out, nil
}

// rows runs one statement outside any client transaction and returns its
// rows as maps by column. leader routes it to the writer, which holds every
// committed declaration; otherwise it goes to readers.
func (s *Store) rows(ctx context.Context, q cypher.Query, leader bool) ([]map[string]any, error) {
	ctx = withoutTx(ctx)
	exec := s.read
	if leader {
		exec = s.write
	}
	res, err := exec(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out, nil
}

// withoutTx is ctx outside any client transaction: its store calls run on
// their own.
func withoutTx(ctx context.Context) context.Context {
	return context.WithValue(ctx, txKey{}, (*clientTx)(nil))
}

// indexReconciler serialises a store's reconciles and lets one that starts
// after a request serve it.
type indexReconciler struct {
	asked   atomic.Uint64 // requests so far
	mu      sync.Mutex    // held by the running reconcile
	covered uint64        // requests a finished reconcile started after; guarded by mu
}

// ReconcileIndexes brings the indexes of declared types in line with the
// declarations of every project: it creates the indexes some declaration
// asks for and drops relgraph's indexes (cypher.OwnIndex) that none asks
// for any more; it never touches another index, nor one on the label of a
// definition it cannot read. It does not wait for new indexes to be built.
// Reconciles of a store run one at a time; a call waiting behind one that
// started after it returns when that one ends. Concurrent reconciles of
// other instances converge: a drop that races with a new declaration is
// undone before the reconcile returns.
func (s *Store) ReconcileIndexes(ctx context.Context) error {
	r := &s.indexes
	ticket := r.asked.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.covered >= ticket {
		return nil
	}
	start := r.asked.Load()
	if err := s.reconcileIndexes(withoutTx(ctx)); err != nil {
		return fmt.Errorf("graph: indexes of declared types: %w", err)
	}
	r.covered = start
	return nil
}

// reconcileIndexes lists the existing indexes before the declarations, so
// an index it sees was created for a declaration it sees too (or for none).
func (s *Store) reconcileIndexes(ctx context.Context) error {
	existing, err := s.showIndexes(ctx, true)
	if err != nil {
		return err
	}
	needed, keep, err := s.neededIndexes(ctx)
	if err != nil {
		return err
	}
	present := make(map[string]bool, len(existing))
	for name := range existing {
		present[name] = true
	}
	errs := []error{s.createIndexes(ctx, needed, present)}
	var dropped bool
	for _, name := range sortedNames(existing) {
		if _, ok := needed[name]; ok || !cypher.OwnIndex(name) || slices.ContainsFunc(existing[name].labels, func(l string) bool { return keep[l] }) {
			continue
		}
		q, _ := cypher.DropIndex(name)
		if _, err := s.write(ctx, q); err != nil {
			errs = append(errs, err)
			continue
		}
		present[name], dropped = false, true
	}
	if dropped {
		// A declaration committed since the read above may ask for an
		// index just dropped; its own reconcile may have run already.
		if needed, _, err = s.neededIndexes(ctx); err != nil {
			return errors.Join(append(errs, err)...)
		}
		errs = append(errs, s.createIndexes(ctx, needed, present))
	}
	return errors.Join(errs...)
}

// createIndexes creates the needed indexes not present, and marks them present.
func (s *Store) createIndexes(ctx context.Context, needed map[string]schema.Index, present map[string]bool) error {
	var errs []error
	for _, name := range sortedNames(needed) {
		if present[name] {
			continue
		}
		q, _ := cypher.CreateIndex(needed[name])
		if _, err := s.write(ctx, q); err != nil && !schemaRaceLost(err) {
			errs = append(errs, err)
			continue
		}
		present[name] = true
	}
	return errors.Join(errs...)
}

// neededIndexes reads the declarations of every project and lists the
// indexes they ask for that can be built, by name, and the labels of the
// definitions it could not read (whose indexes are kept as they are).
func (s *Store) neededIndexes(ctx context.Context) (map[string]schema.Index, map[string]bool, error) {
	rows, err := s.rows(ctx, cypher.AllTypes(), true)
	if err != nil {
		return nil, nil, err
	}
	needed, keep := map[string]schema.Index{}, map[string]bool{}
	for _, row := range rows {
		id := str(row["id"])
		t, _, err := schema.StoredType(str(row["project"]), id, str(row["definition"]), str(row["overrides"]))
		if err != nil {
			keep[id] = true
			continue
		}
		for _, i := range t.Indexes() {
			if cypher.Indexable(i) {
				needed[cypher.IndexName(i)] = i
			}
		}
	}
	return needed, keep, nil
}

// indexesChanged reconciles the indexes after a write that changed declared
// types has ended. In a client transaction the change is not committed
// yet: the commit reconciles (CommitTx), and so does a timer once the
// transaction can no longer commit, in case it ends otherwise. A failed
// reconcile does not undo the declaration, which is stored: its indexes
// show as missing until the next reconcile (another declaration, or a
// restart) creates them.
func (s *Store) indexesChanged(ctx context.Context) {
	if t := txFrom(ctx); t != nil {
		if !t.typesChanged.Swap(true) {
			time.AfterFunc(time.Until(t.info.ExpiresAt.Add(clientTxGrace)), func() {
				s.reconcileNow(context.Background())
			})
		}
		return
	}
	s.reconcileNow(ctx)
}

// reconcileNow reconciles the indexes, best effort (see indexesChanged),
// outside any client transaction and whether or not the client waits.
func (s *Store) reconcileNow(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reconcileTimeout)
	defer cancel()
	_ = s.ReconcileIndexes(ctx) // best effort: see indexesChanged
}

// reconcileTimeout bounds a reconcile after a declaration; it goes on when
// the client goes away, so a drop is never left without its re-check.
const reconcileTimeout = time.Minute

// typeWithIndexes adds to rt the indexes its type asks for, with their states.
func (s *Store) typeWithIndexes(ctx context.Context, rt RecordType) (RecordType, error) {
	existing, err := s.showIndexes(ctx, false)
	if err != nil {
		return RecordType{}, err
	}
	rt.Indexes = typeIndexes(rt.Definition, existing)
	return rt, nil
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
