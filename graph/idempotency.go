package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
)

// Writes sent with an Idempotency-Key run at most once per project and
// key. A keyed write runs in one explicit transaction of its own: the
// transaction first claims the key (creates its :IdempotencyKey node,
// unique on project and key), then every store call of the write runs in
// it (as in a client transaction), then the write's outcome is set on the
// key, and one COMMIT stores the write and its outcome together. So a
// write that committed always has its outcome recorded, and one that did
// not commit never has: a crash at any point cannot leave a key that lies.
//
// A retry under the same key finds the outcome and answers it instead of
// running again. Two requests under one key at once meet at the
// constraint: the second waits for the first's transaction to end, for at
// most keyWait, then answers the first's outcome (it committed) or runs
// (it rolled back), or gives up with ErrIdempotencyKeyInUse.
//
// Outcomes are kept for IdempotencyTTL after the write. An expired key is
// invisible at once and is replaced by the next claim of the same key.
// Each store removes expired keys (SweepIdempotencyKeys) in the
// background, at most once every sweepEvery, after a keyed write commits;
// a sweep that fails is left to the next one.

// IdempotencyTTL is how long a keyed write's outcome answers retries.
const IdempotencyTTL = 24 * time.Hour

// MaxKeptBody bounds the body an outcome keeps, in bytes. A larger body
// is not stored: the outcome keeps its status and says the body was not
// kept.
const MaxKeptBody = 4 << 20

// keyWait bounds how long a request waits for another request that holds
// the same key.
const keyWait = 2 * time.Second

// keyedTxTimeout bounds a keyed write's transaction when its context has
// no deadline.
const keyedTxTimeout = time.Minute

// Errors of keyed writes.
var (
	// ErrIdempotencyKeyReused: the key's stored outcome is of another
	// request (another method, target or body).
	ErrIdempotencyKeyReused = errors.New("graph: idempotency key used for another request")
	// ErrIdempotencyKeyInUse: another request under the key is still
	// running.
	ErrIdempotencyKeyInUse = errors.New("graph: idempotency key in use")
	// ErrCommitUnknown: the connection to the database was lost while a
	// COMMIT was under way, so the write may or may not have been applied.
	ErrCommitUnknown = errors.New("graph: commit outcome unknown")
)

// KeyedWrite names one write sent with an Idempotency-Key.
type KeyedWrite struct {
	Project, Key string
	// Hash identifies the request (its method, target and body): a request
	// with another hash under a used key is ErrIdempotencyKeyReused.
	Hash string
}

// Outcome is a write's answer as it is kept and replayed.
type Outcome struct {
	Status int
	// Header holds the headers that describe the body (Content-Type,
	// Location), by canonical name.
	Header map[string]string
	Body   []byte
	// BodyKept is false when the body was larger than MaxKeptBody and is
	// not kept; Body is then empty.
	BodyKept bool
}

// Once runs write at most once for w: when an outcome of w's key is kept
// it is returned with replayed true (ErrIdempotencyKeyReused when it is of
// another request), without running write. Otherwise write runs with a
// context whose store calls run in the key's transaction; when it returns
// keep, its outcome is recorded in that transaction, which then commits,
// and otherwise (keep false, or an error) the transaction rolls back and
// nothing of it remains. write runs again after a transient database error
// (for up to Options.MaxRetryTime), so it must keep no state of its own
// across runs. A commit whose outcome is unknown is ErrCommitUnknown.
func (s *Store) Once(ctx context.Context, w KeyedWrite, write func(ctx context.Context) (out Outcome, keep bool, err error)) (out Outcome, replayed bool, err error) {
	deadline, wait := time.Now().Add(s.retryFor), 50*time.Millisecond
	for taken := 0; ; {
		out, found, err := s.keptOutcome(ctx, w)
		if err != nil || found {
			return out, found, err
		}
		out, err = s.onceIn(ctx, w, write)
		switch {
		case errors.Is(err, errKeyTaken) && taken < 3:
			taken++
			continue // the other request committed: answer its outcome
		case errors.Is(err, errKeyTaken):
			return Outcome{}, false, ErrIdempotencyKeyInUse
		case errors.Is(err, ErrTxNotFound):
			// The transaction outlived the request's deadline and was
			// rolled back.
			return Outcome{}, false, fmt.Errorf("%w: %w", ErrTimeout, err)
		case err == nil || !errors.Is(err, ErrUnavailable) || time.Now().Add(wait).After(deadline):
			return out, false, err
		}
		select {
		case <-ctx.Done():
			return Outcome{}, false, classify(ctx, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// errKeyTaken: a concurrent request under the same key committed first.
var errKeyTaken = errors.New("graph: idempotency key taken")

// onceIn runs write once, in a transaction that claims w's key.
func (s *Store) onceIn(ctx context.Context, w KeyedWrite, write func(ctx context.Context) (Outcome, bool, error)) (Outcome, error) {
	t, err := s.beginKeyed(ctx, w.Project)
	if err != nil {
		return Outcome{}, err
	}
	committed := false
	defer func() {
		if !committed {
			s.endTx(t, false)
		}
	}()
	if err := s.claim(ctx, t, w); err != nil {
		return Outcome{}, err
	}
	out, keep, err := write(context.WithValue(ctx, txKey{}, t))
	if err != nil || !keep {
		return out, err
	}
	out = kept(out)
	headers, err := json.Marshal(out.Header)
	if err != nil {
		return Outcome{}, fmt.Errorf("graph: outcome headers: %w", err)
	}
	q := cypher.RecordIdempotentOutcome(w.Project, w.Key, out.Status, string(headers), out.Body, out.BodyKept, IdempotencyTTL.Milliseconds())
	if _, err := eager(ctx, s, t, q); err != nil {
		return Outcome{}, err
	}
	committed = true
	if err := s.endTx(t, true); err != nil {
		return Outcome{}, classify(ctx, commitFailure(err))
	}
	if t.typesChanged.Load() {
		s.reconcileNow(ctx)
	}
	s.keys.sweepSoon(s)
	return out, nil
}

// kept is out as it is stored: without its body when that is too large.
func kept(out Outcome) Outcome {
	out.BodyKept = len(out.Body) <= MaxKeptBody
	if !out.BodyKept {
		out.Body = nil
	}
	if out.Body == nil {
		out.Body = []byte{}
	}
	return out
}

// beginKeyed begins the transaction of a keyed write, which lasts at most
// until ctx's deadline. It is held like a client transaction, but in no
// registry: only the context the write runs with reaches it.
func (s *Store) beginKeyed(ctx context.Context, project string) (*clientTx, error) {
	timeout := keyedTxTimeout
	if d, ok := ctx.Deadline(); ok {
		timeout = max(time.Until(d), time.Millisecond)
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite,
		BookmarkManager: bookmarkManager(ctx, s.driver, true)})
	tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(timeout+clientTxGrace))
	if err != nil {
		session.Close(context.WithoutCancel(ctx))
		return nil, classify(ctx, err)
	}
	t := &clientTx{info: TxInfo{ID: newID(), ExpiresAt: time.Now().Add(timeout)}, project: project, session: session, tx: tx}
	t.mu.Lock()
	t.timer = time.AfterFunc(timeout+clientTxGrace, func() { s.endTx(t, false) })
	t.mu.Unlock()
	return t, nil
}

// claim creates w's key in t, waiting at most keyWait for a concurrent
// request that holds it: errKeyTaken when that request committed,
// ErrIdempotencyKeyInUse when it still runs.
func (s *Store) claim(ctx context.Context, t *clientTx, w KeyedWrite) error {
	waitCtx, cancel := context.WithTimeout(ctx, keyWait)
	defer cancel()
	_, err := eager(waitCtx, s, t, cypher.ClaimIdempotencyKey(w.Project, w.Key, w.Hash))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrConflict):
		return errKeyTaken
	case waitCtx.Err() != nil && ctx.Err() == nil:
		return ErrIdempotencyKeyInUse
	}
	return err
}

// keptOutcome reads the outcome kept for w's key, from the database's
// writer (which holds every committed key), as one auto-commit statement.
func (s *Store) keptOutcome(ctx context.Context, w KeyedWrite) (Outcome, bool, error) {
	done := s.track("read")
	res, err := s.autoWrite(ctx, cypher.IdempotentOutcome(w.Project, w.Key))
	if err = done(classify(ctx, err)); err != nil || len(res.Records) == 0 {
		return Outcome{}, false, err
	}
	row := res.Records[0]
	hash, _, err := neo4j.GetRecordValue[string](row, "hash")
	if err != nil {
		return Outcome{}, false, fmt.Errorf("graph: idempotency key: %w", err)
	}
	if hash != w.Hash {
		return Outcome{}, false, ErrIdempotencyKeyReused
	}
	return outcomeOf(row)
}

// outcomeOf reads a kept outcome's columns.
func outcomeOf(row *neo4j.Record) (Outcome, bool, error) {
	status, _, err1 := neo4j.GetRecordValue[int64](row, "status")
	headers, _, err2 := neo4j.GetRecordValue[string](row, "headers")
	body, _, err3 := neo4j.GetRecordValue[[]byte](row, "body")
	bodyKept, _, err4 := neo4j.GetRecordValue[bool](row, "bodyKept")
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return Outcome{}, false, fmt.Errorf("graph: idempotency key: %w", err)
	}
	out := Outcome{Status: int(status), Body: body, BodyKept: bodyKept}
	if err := json.Unmarshal([]byte(headers), &out.Header); err != nil {
		return Outcome{}, false, fmt.Errorf("graph: idempotency key headers: %w", err)
	}
	return out, true, nil
}

// sweepBatch is how many expired keys one statement of a sweep removes.
const sweepBatch = 1000

// SweepIdempotencyKeys removes the expired keys of every project, in
// statements of up to 1000 keys, until none is left or ctx ends, and
// returns how many it removed.
func (s *Store) SweepIdempotencyKeys(ctx context.Context) (int, error) {
	removed := 0
	for {
		done := s.track("write")
		res, err := s.autoWrite(ctx, cypher.SweepIdempotencyKeys(sweepBatch))
		if err = done(classify(ctx, err)); err != nil {
			return removed, err
		}
		n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "removed")
		if err != nil {
			return removed, fmt.Errorf("graph: sweep: %w", err)
		}
		removed += int(n)
		if n < sweepBatch {
			return removed, nil
		}
	}
}

// sweepEvery is how often a store removes expired keys, at most.
const sweepEvery = time.Minute

// keySweeper starts the background sweeps of a store's expired keys.
type keySweeper struct {
	mu      sync.Mutex
	last    time.Time
	closed  bool
	running sync.WaitGroup
}

// sweepSoon starts a sweep unless one started less than sweepEvery ago or
// the store is closing.
func (k *keySweeper) sweepSoon(s *Store) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed || time.Since(k.last) < sweepEvery {
		return
	}
	k.last = time.Now()
	k.running.Add(1)
	go func() {
		defer k.running.Done()
		ctx, cancel := context.WithTimeout(context.Background(), sweepEvery)
		defer cancel()
		_, _ = s.SweepIdempotencyKeys(ctx) // best effort: the next sweep removes what this one left
	}()
}

// close starts no more sweeps and waits for a running one.
func (k *keySweeper) close() {
	k.mu.Lock()
	k.closed = true
	k.mu.Unlock()
	k.running.Wait()
}

// autoWrite runs q once as an auto-commit transaction routed to the
// writer: one round trip, and no COMMIT message of its own. It waits for
// ctx's bookmarks, and collects none (it writes nothing a client reads).
func (s *Store) autoWrite(ctx context.Context, q cypher.Query) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite,
		BookmarkManager: bookmarkManager(ctx, s.driver, false)})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, q.Text, q.Params)
	if err != nil {
		return nil, err
	}
	return collectEager(ctx, res)
}

// commitLost reports whether err is a managed transaction's COMMIT that
// lost its connection: the driver gives a ConnectivityError that wraps its
// own CommitFailedDeadError, the one connectivity error it does not retry
// (a retry could apply the write twice).
func commitLost(err error) bool {
	var conn *neo4j.ConnectivityError
	return errors.As(err, &conn) && !neo4j.IsRetryable(conn)
}

// commitFailure classifies the error of an explicit transaction's COMMIT.
// The database refused it (a Neo4jError), or it was never sent (a
// UsageError: the transaction had already ended), or the transaction was
// gone (ErrTxNotFound): nothing was written. Any other error lost the
// connection while the COMMIT was under way: ErrCommitUnknown.
func commitFailure(err error) error {
	var n4j *neo4j.Neo4jError
	var usage *neo4j.UsageError
	if err == nil || errors.Is(err, ErrTxNotFound) || errors.As(err, &n4j) || errors.As(err, &usage) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
}
