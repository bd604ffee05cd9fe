package graph_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// records counts the records of a type in a project.
func records(t *testing.T, project, typ string) int64 {
	t.Helper()
	rows := runCypher(t, "MATCH (r:Record {__project: $p}) WHERE $typ IN labels(r) RETURN count(r) AS n",
		map[string]any{"p": project, "typ": typ})
	return rows[0]["n"].(int64)
}

// keys counts the stored idempotency keys of a project.
func keys(t *testing.T, project string) int64 {
	t.Helper()
	rows := runCypher(t, "MATCH (k:IdempotencyKey {project: $p}) RETURN count(k) AS n", map[string]any{"p": project})
	return rows[0]["n"].(int64)
}

// creating is a keyed write that creates a record of typ and counts its runs.
func creating(s *graph.Store, project, typ string, runs *atomic.Int32) func(ctx context.Context) (graph.Outcome, bool, error) {
	return func(ctx context.Context) (graph.Outcome, bool, error) {
		runs.Add(1)
		r, err := s.CreateRecord(ctx, project, typ, nil)
		if err != nil {
			return graph.Outcome{}, false, err
		}
		return graph.Outcome{Status: 201, Header: map[string]string{"Content-Type": "application/json"}, Body: []byte(r.ID)}, true, nil
	}
}

func TestIdempotencyOnceRunsAWriteOnce(t *testing.T) {
	t.Parallel()
	s, p := graphtest.Store(), graphtest.Project(t)
	ctx := t.Context()
	w := graph.KeyedWrite{Project: p.ID, Key: "once", Hash: "h1"}
	var runs atomic.Int32
	first, replayed, err := s.Once(ctx, w, creating(s, p.ID, "orders", &runs))
	if err != nil || replayed || first.Status != 201 {
		t.Fatalf("first: %+v replayed %v, %v", first, replayed, err)
	}
	again, replayed, err := s.Once(ctx, w, creating(s, p.ID, "orders", &runs))
	if err != nil || !replayed || again.Status != 201 || string(again.Body) != string(first.Body) ||
		again.Header["Content-Type"] != "application/json" || !again.BodyKept {
		t.Fatalf("retry: %+v replayed %v, %v; want the first outcome %+v, replayed", again, replayed, err, first)
	}
	if _, _, err := s.Once(ctx, graph.KeyedWrite{Project: p.ID, Key: "once", Hash: "h2"}, creating(s, p.ID, "orders", &runs)); !errors.Is(err, graph.ErrIdempotencyKeyReused) {
		t.Fatalf("another request under the key: %v, want ErrIdempotencyKeyReused", err)
	}
	if runs.Load() != 1 || records(t, p.ID, "orders") != 1 {
		t.Fatalf("the write ran %d times, %d records; want once", runs.Load(), records(t, p.ID, "orders"))
	}
}

func TestIdempotencyOnceKeepsNothingOfAWriteItDoesNotKeep(t *testing.T) {
	t.Parallel()
	s, p := graphtest.Store(), graphtest.Project(t)
	ctx := t.Context()
	refused := errors.New("refused after the write")
	tests := []struct {
		name  string
		keep  bool
		err   error
		wantE error
	}{
		{"an answer that is not kept (a 4xx)", false, nil, nil},
		{"a write that fails after it wrote", true, refused, refused},
	}
	for _, tc := range tests {
		w := graph.KeyedWrite{Project: p.ID, Key: tc.name, Hash: "h"}
		_, replayed, err := s.Once(ctx, w, func(ctx context.Context) (graph.Outcome, bool, error) {
			if _, err := s.CreateRecord(ctx, p.ID, "drafts", nil); err != nil {
				return graph.Outcome{}, false, err
			}
			return graph.Outcome{Status: 400}, tc.keep, tc.err
		})
		if replayed || !errors.Is(err, tc.wantE) || err != nil && tc.wantE == nil {
			t.Errorf("%s: replayed %v, %v; want %v", tc.name, replayed, err, tc.wantE)
		}
		var runs atomic.Int32
		if _, replayed, err := s.Once(ctx, w, creating(s, p.ID, "orders", &runs)); replayed || err != nil || runs.Load() != 1 {
			t.Errorf("%s: a retry replayed %v, ran %d times, %v; want it to run", tc.name, replayed, runs.Load(), err)
		}
	}
	if n := records(t, p.ID, "drafts"); n != 0 {
		t.Errorf("%d drafts stored, want none: a write that is not kept rolls back", n)
	}
	if n := keys(t, p.ID); n != 2 {
		t.Errorf("%d keys stored, want the 2 of the retries", n)
	}
}

// TestIdempotencyKeyHeldByAnotherInstance holds a key in a write that has
// not committed, on a second store (another instance): a request under the
// key waits, and gives up with ErrIdempotencyKeyInUse while the write
// still runs, or answers its outcome once it has committed.
func TestIdempotencyKeyHeldByAnotherInstance(t *testing.T) {
	t.Parallel()
	s, other, p := graphtest.Store(), graphtest.StartBoltProxy(t).Store(t, time.Second), graphtest.Project(t)
	ctx := t.Context()
	w := graph.KeyedWrite{Project: p.ID, Key: "held", Hash: "h"}
	release, running := make(chan struct{}), make(chan struct{})
	var held atomic.Int32
	done := make(chan error, 1)
	go func() {
		write := creating(other, p.ID, "orders", &held)
		_, _, err := other.Once(ctx, w, func(ctx context.Context) (graph.Outcome, bool, error) {
			out, keep, err := write(ctx)
			close(running)
			<-release
			return out, keep, err
		})
		done <- err
	}()
	<-running
	var runs atomic.Int32
	start := time.Now()
	if _, _, err := s.Once(ctx, w, creating(s, p.ID, "orders", &runs)); !errors.Is(err, graph.ErrIdempotencyKeyInUse) {
		t.Fatalf("while the key is held: %v, want ErrIdempotencyKeyInUse", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("gave up after %v, want a brief wait", waited)
	}
	time.AfterFunc(300*time.Millisecond, func() { close(release) })
	out, replayed, err := s.Once(ctx, w, creating(s, p.ID, "orders", &runs))
	if err != nil || !replayed || out.Status != 201 {
		t.Fatalf("once the holder commits: %+v replayed %v, %v; want its outcome", out, replayed, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the holder: %v", err)
	}
	if runs.Load() != 0 || records(t, p.ID, "orders") != 1 {
		t.Fatalf("the waiting requests ran %d times, %d records; want the holder's one", runs.Load(), records(t, p.ID, "orders"))
	}
}

func TestIdempotencySweepRemovesExpiredKeys(t *testing.T) {
	t.Parallel()
	s, p := graphtest.Store(), graphtest.Project(t)
	ctx := t.Context()
	var runs atomic.Int32
	for _, key := range []string{"old-1", "old-2", "fresh"} {
		if _, _, err := s.Once(ctx, graph.KeyedWrite{Project: p.ID, Key: key, Hash: "h"}, creating(s, p.ID, "orders", &runs)); err != nil {
			t.Fatal(err)
		}
	}
	runCypher(t, "MATCH (k:IdempotencyKey {project: $p}) WHERE k.key STARTS WITH 'old' SET k.expiresAt = datetime() - duration('PT1M')",
		map[string]any{"p": p.ID})
	removed, err := s.SweepIdempotencyKeys(ctx)
	if err != nil || removed < 2 {
		t.Fatalf("sweep: removed %d, %v; want at least the 2 expired keys", removed, err)
	}
	rows := runCypher(t, "MATCH (k:IdempotencyKey {project: $p}) RETURN collect(k.key) AS left", map[string]any{"p": p.ID})
	if left := rows[0]["left"].([]any); len(left) != 1 || left[0] != "fresh" {
		t.Fatalf("keys left: %v, want [fresh]", left)
	}
}

// TestCommitOutcomeUnknownIsClassified loses the connection at COMMIT on
// each write path, with the error the driver really gives: every one is
// ErrCommitUnknown, and a write that could not reach the database at all
// is ErrUnavailable.
func TestCommitOutcomeUnknownIsClassified(t *testing.T) {
	t.Parallel()
	proxy := graphtest.StartBoltProxy(t)
	s, p := proxy.Store(t, time.Second), graphtest.Project(t)
	ctx := t.Context()
	var runs atomic.Int32
	paths := []struct {
		name  string
		write func() error
	}{
		{"a managed transaction", func() error {
			_, err := s.CreateRecord(ctx, p.ID, "orders", nil)
			return err
		}},
		{"a keyed write's transaction", func() error {
			_, _, err := s.Once(ctx, graph.KeyedWrite{Project: p.ID, Key: time.Now().String(), Hash: "h"}, creating(s, p.ID, "orders", &runs))
			return err
		}},
		{"a client transaction's commit", func() error {
			tx, err := s.BeginTx(ctx, p.ID, 10*time.Second)
			if err != nil {
				return err
			}
			in, err := s.InTx(ctx, p.ID, tx.ID)
			if err != nil {
				return err
			}
			if _, err := s.CreateRecord(in, p.ID, "orders", nil); err != nil {
				return err
			}
			return s.CommitTx(ctx, p.ID, tx.ID)
		}},
	}
	for _, path := range paths {
		for _, fault := range []graphtest.CommitFault{graphtest.CommitAppliedAnswerLost, graphtest.CommitNeverArrives} {
			proxy.BreakNextCommit(fault)
			if err := path.write(); !errors.Is(err, graph.ErrCommitUnknown) || errors.Is(err, graph.ErrUnavailable) {
				t.Errorf("%s, fault %d: %v, want ErrCommitUnknown", path.name, fault, err)
			}
		}
	}
	proxy.Close()
	if _, err := s.CreateRecord(ctx, p.ID, "orders", nil); !errors.Is(err, graph.ErrUnavailable) || errors.Is(err, graph.ErrCommitUnknown) {
		t.Errorf("a write that cannot reach the database: %v, want ErrUnavailable", err)
	}
}
