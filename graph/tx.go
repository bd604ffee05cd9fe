package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
)

// Transactions that clients open with POST /tx: one explicit Neo4j
// transaction each, held by this instance until it is committed, rolled back
// or outlives its TTL. Store methods called with a context from InTx run
// their statements inside it.

// Limits of client transactions.
const (
	DefaultTxTTL     = 5 * time.Second
	MaxTxTTL         = time.Minute
	MaxTxsPerProject = 16
)

// clientTxGrace is how long after its TTL a client transaction may still
// commit: the server-side transaction is given its TTL plus this, so a
// commit that starts just in time is not cut off by the server.
const clientTxGrace = 5 * time.Second

// Errors of client transactions.
var (
	// ErrTxNotFound: no open transaction of this project has that id (it
	// was committed, rolled back, expired, failed, or lives on another instance).
	ErrTxNotFound = errors.New("graph: transaction not found")
	// ErrTooManyTxs: the project already holds MaxTxsPerProject open transactions.
	ErrTooManyTxs = errors.New("graph: too many open transactions")
)

// TxInfo describes an open client transaction.
type TxInfo struct {
	ID        string    `json:"id"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// clientTx is one open client transaction. Its statements run one at a time.
type clientTx struct {
	info    TxInfo
	project string
	mu      sync.Mutex
	session neo4j.SessionWithContext
	tx      neo4j.ExplicitTransaction
	timer   *time.Timer
	done    bool
	// typesChanged says a write in the transaction changed declared
	// types: their indexes are reconciled when it commits.
	typesChanged atomic.Bool
}

// txRegistry holds the open client transactions of a store.
type txRegistry struct {
	mu  sync.Mutex
	txs map[string]*clientTx
	// aborted are the ids of transactions the database aborted, with
	// their projects (tx_abort.go).
	aborted map[string]string
}

func (r *txRegistry) add(t *clientTx) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.txs == nil {
		r.txs = map[string]*clientTx{}
	}
	n := 0
	for _, other := range r.txs {
		if other.project == t.project {
			n++
		}
	}
	if n >= MaxTxsPerProject {
		return ErrTooManyTxs
	}
	r.txs[t.info.ID] = t
	return nil
}

func (r *txRegistry) get(project, id string) (*clientTx, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.txs[id]
	if !ok || t.project != project {
		if r.wasAborted(project, id) {
			return nil, ErrTxAborted
		}
		return nil, ErrTxNotFound
	}
	return t, nil
}

func (r *txRegistry) remove(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.txs, id)
}

// BeginTx opens a client transaction of a project that rolls back by itself
// after ttl (DefaultTxTTL when 0; at most MaxTxTTL).
func (s *Store) BeginTx(ctx context.Context, project string, ttl time.Duration) (TxInfo, error) {
	if ttl <= 0 {
		ttl = DefaultTxTTL
	}
	ttl = min(ttl, MaxTxTTL)
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite,
		Bookmarks: sessionBookmarks(ctx), BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(ttl+clientTxGrace))
	if err != nil {
		session.Close(context.WithoutCancel(ctx))
		return TxInfo{}, classify(ctx, err)
	}
	t := &clientTx{info: TxInfo{ID: newID(), ExpiresAt: time.Now().Add(ttl)}, project: project, session: session, tx: tx}
	if err := s.txs.add(t); err != nil {
		t.finish(false)
		return TxInfo{}, err
	}
	// Under t.mu: a short ttl fires the timer, whose endTx reads t.timer,
	// before AfterFunc has returned.
	t.mu.Lock()
	t.timer = time.AfterFunc(ttl, func() { s.endTx(t, false) })
	t.mu.Unlock()
	return t.info, nil
}

// Tx describes an open client transaction of a project.
func (s *Store) Tx(project, id string) (TxInfo, error) {
	t, err := s.txs.get(project, id)
	if err != nil {
		return TxInfo{}, err
	}
	return t.info, nil
}

// CommitTx commits a client transaction; its writes become visible, and
// ctx collects its bookmark (see WithBookmarks).
func (s *Store) CommitTx(ctx context.Context, project, id string) error {
	t, err := s.txs.get(project, id)
	if err != nil {
		return err
	}
	if err := s.endTx(t, true); err != nil {
		return classify(ctx, commitFailure(err))
	}
	keepBookmarks(ctx, t.session.LastBookmarks())
	if t.typesChanged.Load() {
		s.reconcileNow(ctx)
	}
	return nil
}

// RollbackTx rolls a client transaction back; none of its writes remain.
func (s *Store) RollbackTx(ctx context.Context, project, id string) error {
	t, err := s.txs.get(project, id)
	if err != nil {
		return err
	}
	return classify(ctx, s.endTx(t, false))
}

// endTx commits or rolls back t once and forgets it.
func (s *Store) endTx(t *clientTx, commit bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return ErrTxNotFound
	}
	s.txs.remove(t.info.ID)
	if t.timer != nil {
		t.timer.Stop()
	}
	return t.finish(commit)
}

// finish ends the Neo4j transaction and its session; t.mu is held or t is
// not yet shared.
func (t *clientTx) finish(commit bool) error {
	t.done = true
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var err error
	if commit {
		err = t.tx.Commit(ctx)
	} else {
		err = t.tx.Rollback(ctx)
	}
	t.tx.Close(ctx)
	t.session.Close(ctx)
	return err
}

type txKey struct{}

// InTx returns a context whose store calls run inside the client
// transaction id of project; ErrTxNotFound when there is none.
func (s *Store) InTx(ctx context.Context, project, id string) (context.Context, error) {
	t, err := s.txs.get(project, id)
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, txKey{}, t), nil
}

func txFrom(ctx context.Context) *clientTx {
	t, _ := ctx.Value(txKey{}).(*clientTx)
	return t
}

// inTx runs work inside the client transaction t, one statement batch at a
// time. A failure that may have followed a write (a schema rule broken
// after a statement ran, or a failed statement, which ends a Neo4j
// transaction anyway) rolls t back and forgets it.
func inTx[T any](ctx context.Context, s *Store, t *clientTx, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var zero T
	if t.done {
		return zero, ErrTxNotFound
	}
	managed, ok := t.tx.(neo4j.ManagedTransaction)
	if !ok {
		return zero, fmt.Errorf("graph: the driver's explicit transaction cannot run managed work")
	}
	v, err := work(managed)
	if err != nil && !harmless(err) {
		err = s.txs.abortIfLost(t, classify(ctx, err))
		s.txs.remove(t.info.ID)
		t.timer.Stop()
		t.finish(false)
	}
	if err != nil {
		return zero, classify(ctx, err)
	}
	return v, nil
}

// harmless errors are found before a statement writes (an unknown record or
// target); any other failure may follow a partial write, so it rolls the
// whole client transaction back: a failed write changes nothing.
func harmless(err error) bool {
	var missing *MissingError
	return errors.Is(err, ErrNotFound) || errors.As(err, &missing)
}

// eager runs one statement inside t and collects it like ExecuteQuery does.
func eager(ctx context.Context, s *Store, t *clientTx, q cypher.Query) (*neo4j.EagerResult, error) {
	return inTx(ctx, s, t, func(tx neo4j.ManagedTransaction) (*neo4j.EagerResult, error) {
		res, err := tx.Run(ctx, q.Text, q.Params)
		if err != nil {
			return nil, err
		}
		return collectEager(ctx, res)
	})
}

// closeTxs rolls back every open client transaction.
func (s *Store) closeTxs() {
	s.txs.mu.Lock()
	open := make([]*clientTx, 0, len(s.txs.txs))
	for _, t := range s.txs.txs {
		open = append(open, t)
	}
	s.txs.mu.Unlock()
	for _, t := range open {
		s.endTx(t, false)
	}
}
