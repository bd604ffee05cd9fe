package graph

import (
	"errors"
	"fmt"
	"time"
)

// A client transaction that the database aborts (its connection was lost
// because the database died or restarted, a transient failure, or a
// statement outlived its deadline) is rolled back. Its id is remembered
// until the transaction would have expired, so that call and every later
// one with the id answer ErrTxAborted, not ErrUnavailable and then
// ErrTxNotFound.

// ErrTxAborted: the client transaction was rolled back because its
// database connection was lost or the database aborted it.
var ErrTxAborted = errors.New("graph: transaction aborted by the database")

// abortIfLost remembers the client transaction t as aborted when err, the
// classified failure that ends it, says the database or the connection
// failed rather than a statement, and returns err as an ErrTxAborted. A
// transaction not in the registry (a keyed write's) is left alone.
func (r *txRegistry) abortIfLost(t *clientTx, err error) error {
	if !errors.Is(err, ErrUnavailable) && !errors.Is(err, ErrTimeout) {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.txs[t.info.ID] != t {
		return err
	}
	if r.aborted == nil {
		r.aborted = map[string]string{}
	}
	id := t.info.ID
	r.aborted[id] = t.project
	time.AfterFunc(time.Until(t.info.ExpiresAt.Add(clientTxGrace)), func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.aborted, id)
	})
	return fmt.Errorf("%w: %w", ErrTxAborted, err)
}

// wasAborted reports whether project's transaction id was aborted; r.mu
// is held.
func (r *txRegistry) wasAborted(project, id string) bool {
	p, ok := r.aborted[id]
	return ok && p == project
}
