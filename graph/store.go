// Package graph is relgraph's Neo4j store: one process-wide driver, managed
// transactions that are retried on transient errors, the database named on
// every call, and database errors classified once into the errors of this
// package.
package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/relgraph/relgraph/cypher"
)

// Options says which Neo4j to use and how patiently.
type Options struct {
	URI, User, Password, Database string
	// MaxRetryTime bounds how long a managed transaction is retried after
	// transient errors (deadlocks, leader switches, lost connections).
	MaxRetryTime time.Duration
	// PoolSize is the driver's connection pool size per server.
	PoolSize int
	// Observe, when set, is told when each database call starts, with the
	// kind of call ("read", "write", "write_tx", "cypher"); the function it
	// returns is told when the call ends, with its error. For metrics; it
	// must be fast and safe for concurrent use.
	Observe func(op string) (done func(err error))
}

// Store reads and writes relgraph's graph. It is safe for concurrent use.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	// retryFor is Options.MaxRetryTime: how long reads, too, are retried.
	retryFor time.Duration
	// observe is Options.Observe, or nil.
	observe  func(op string) func(error)
	txs      txRegistry      // open client transactions (POST /tx)
	catalogs catalogCache    // declared types shared by reads (catalog_cache.go)
	indexes  indexReconciler // serialises the reconciles of declared types' indexes (type_index.go)
	keys     keySweeper      // removes expired idempotency keys (idempotency.go)
}

// Open connects to Neo4j. It does not wait for the server: a Store opened
// while the database is down starts working as soon as the database is up.
func Open(opts Options) (*Store, error) {
	if opts.Database == "" {
		opts.Database = "neo4j"
	}
	if opts.MaxRetryTime == 0 {
		opts.MaxRetryTime = 5 * time.Second
	}
	driver, err := neo4j.NewDriverWithContext(opts.URI,
		neo4j.BasicAuth(opts.User, opts.Password, ""),
		func(c *config.Config) {
			c.MaxTransactionRetryTime = opts.MaxRetryTime
			c.SocketConnectTimeout = 2 * time.Second
			c.ConnectionAcquisitionTimeout = 5 * time.Second
			if opts.PoolSize > 0 {
				c.MaxConnectionPoolSize = opts.PoolSize
			}
		})
	if err != nil {
		return nil, fmt.Errorf("graph: open driver: %w", err)
	}
	return &Store{driver: driver, db: opts.Database, retryFor: opts.MaxRetryTime, observe: opts.Observe}, nil
}

// Close rolls back open client transactions, waits for a running sweep of
// expired idempotency keys, and releases the driver's connections.
func (s *Store) Close(ctx context.Context) error {
	s.closeTxs()
	s.keys.close()
	return s.driver.Close(ctx)
}

// Driver is the underlying driver, for the benchmark's raw side.
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Database is the name of the database every call runs against.
func (s *Store) Database() string { return s.db }

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx, cypher.Ping())
	return err
}

// read runs one statement routed to readers, as an auto-commit
// transaction (see AutoRead), retried on retryable errors (a lost
// connection, a leader switch) as the driver retries managed transactions:
// for up to Options.MaxRetryTime, waiting longer each time.
func (s *Store) read(ctx context.Context, q cypher.Query) (*neo4j.EagerResult, error) {
	if err := sendable(q.Params); err != nil {
		return nil, err
	}
	if t := txFrom(ctx); t != nil {
		return eager(ctx, s, t, q)
	}
	done := s.track("read")
	deadline, wait := time.Now().Add(s.retryFor), 50*time.Millisecond
	for {
		res, err := AutoRead(ctx, s.driver, s.db, q)
		err = outOfMemory(err) // not retried (import_memory.go)
		if err == nil || !neo4j.IsRetryable(err) || time.Now().Add(wait).After(deadline) {
			return res, done(classify(ctx, err))
		}
		select {
		case <-ctx.Done():
			return nil, done(classify(ctx, ctx.Err()))
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// AutoRead runs q once, routed to readers, as an auto-commit transaction:
// RUN and PULL go in one round trip, where a managed transaction takes two
// (BEGIN, RUN and PULL, then COMMIT), which at equal concurrency costs both
// Neo4j and this process more per read. Reads still wait for the writes
// this driver made before (its ExecuteQuery bookmark manager, as
// neo4j.ExecuteQuery does), and for the bookmarks ctx carries (see
// WithBookmarks). It does not retry. Exported for the benchmark, whose
// sides read as the store does.
func AutoRead(ctx context.Context, driver neo4j.DriverWithContext, db string, q cypher.Query) (*neo4j.EagerResult, error) {
	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: bookmarkManager(ctx, driver, false)})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, q.Text, q.Params)
	if err != nil {
		return nil, flushRefused(ctx, driver, db, err)
	}
	return collectEager(ctx, res)
}

// collectEager reads the whole of res.
func collectEager(ctx context.Context, res neo4j.ResultWithContext) (*neo4j.EagerResult, error) {
	records, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := res.Keys()
	if err != nil {
		return nil, err
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	return &neo4j.EagerResult{Keys: keys, Records: records, Summary: summary}, nil
}

// write runs one statement in a managed write transaction.
func (s *Store) write(ctx context.Context, q cypher.Query) (*neo4j.EagerResult, error) {
	if err := sendable(q.Params); err != nil {
		return nil, err
	}
	if t := txFrom(ctx); t != nil {
		return eager(ctx, s, t, q)
	}
	done := s.track("write")
	res, err := neo4j.ExecuteQuery(ctx, s.driver, q.Text, q.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting(),
		neo4j.ExecuteQueryWithBookmarkManager(bookmarkManager(ctx, s.driver, true)))
	return res, done(classify(ctx, err))
}

// writeTx runs work in one managed write transaction. The driver retries work
// on transient errors, so work must be idempotent and keep no state outside
// its return value.
func writeTx[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	if t := txFrom(ctx); t != nil {
		return inTx(ctx, s, t, work)
	}
	done := s.track("write_tx")
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite,
		BookmarkManager: bookmarkManager(ctx, s.driver, true)})
	defer session.Close(context.WithoutCancel(ctx))
	v, err := neo4j.ExecuteWrite(ctx, session, work)
	return v, done(classify(ctx, err))
}

// track tells Options.Observe that a call of kind op starts; the function
// it returns tells that the call ended with err, and returns err.
func (s *Store) track(op string) func(err error) error {
	if s.observe == nil {
		return func(err error) error { return err }
	}
	end := s.observe(op)
	return func(err error) error {
		end(err)
		return err
	}
}

// run runs one statement inside a managed transaction and collects its rows.
func run(ctx context.Context, tx neo4j.ManagedTransaction, q cypher.Query) ([]*neo4j.Record, error) {
	if err := sendable(q.Params); err != nil {
		return nil, err
	}
	res, err := tx.Run(ctx, q.Text, q.Params)
	if err != nil {
		return nil, outOfMemory(err)
	}
	rows, err := res.Collect(ctx)
	return rows, outOfMemory(err) // not retried (import_memory.go)
}

// Errors of the store. Every error a Store method returns is one of these,
// wraps one of them, or is a domain error declared beside the method.
var (
	// ErrNotFound: the record, project or token does not exist (in this project).
	ErrNotFound = errors.New("graph: not found")
	// ErrConflict: the write conflicts with stored state (a uniqueness rule).
	ErrConflict = errors.New("graph: conflict with stored state")
	// ErrUnavailable: the database cannot be reached or keeps failing transiently.
	ErrUnavailable = errors.New("graph: database unavailable")
	// ErrTimeout: the request's deadline passed before the database answered.
	ErrTimeout = errors.New("graph: database timeout")
)

// classify maps a driver error onto the store's errors, once.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, ErrCommitUnknown):
		return err
	case commitLost(err): // whatever else went wrong, the write may be stored
		return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
	}
	var domain interface{ domainError() }
	switch {
	case errors.As(err, &domain), errors.Is(err, ErrNotFound), errors.Is(err, ErrConflict),
		errors.Is(err, ErrUnavailable), errors.Is(err, ErrTimeout), errors.Is(err, ErrInvalidBookmark):
		return err
	case errors.Is(err, context.DeadlineExceeded), ctx.Err() != nil:
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	var n4j *neo4j.Neo4jError
	if errors.As(err, &n4j) {
		switch {
		case n4j.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return fmt.Errorf("%w: %w", ErrConflict, err)
		case n4j.Code == "Neo.ClientError.Transaction.InvalidBookmark",
			n4j.Code == "Neo.ClientError.Transaction.InvalidBookmarkMixture":
			return fmt.Errorf("%w: %w", ErrInvalidBookmark, err)
		case strings.HasPrefix(n4j.Code, "Neo.ClientError.Request."):
			return fmt.Errorf("%w: %w", ErrValueRefused, err)
		case memoryCodes[n4j.Code]:
			return outOfMemory(err)
		case n4j.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			n4j.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return fmt.Errorf("%w: %w", ErrTimeout, err)
		case n4j.Classification() == "TransientError", n4j.IsAuthenticationFailed(),
			n4j.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return fmt.Errorf("graph: %w", err)
	}
	if neo4j.IsConnectivityError(err) || neo4j.IsTransactionExecutionLimit(err) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return fmt.Errorf("graph: %w", err)
}
