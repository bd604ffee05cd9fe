package graph

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Causal consistency across instances. Every transaction Neo4j commits
// gives a bookmark, an opaque string naming that point of the database's
// history; a transaction begun with bookmarks first waits until the server
// it runs on has reached them (a cluster's follower may lag behind its
// leader). A request's context carries the bookmarks its client sent back
// (from an answer of any instance) and collects the bookmarks of the writes
// committed through it, so no Store method takes a parameter for them.
//
// Without bookmarks in the context every call runs as before: reads wait
// only for this instance's own writes (the driver's ExecuteQuery bookmark
// manager, which every session of the store shares), with no extra round
// trip either way: bookmarks travel in the message that begins the
// transaction.

// ErrInvalidBookmark: the database cannot read a bookmark the client sent.
var ErrInvalidBookmark = errors.New("graph: invalid bookmark")

// Bookmarks collects the bookmarks of the writes one request commits. It
// is safe for concurrent use.
type Bookmarks struct {
	mu      sync.Mutex
	written []string
}

// requestBookmarks is what a context carries: the bookmarks to wait for and
// where to collect new ones.
type requestBookmarks struct {
	wait    []string
	written *Bookmarks
}

type bookmarksKey struct{}

// WithBookmarks returns a context whose store calls wait, before they run,
// until the database has reached every bookmark of wait (none: they run at
// once), and the Bookmarks that collects the bookmarks of the writes
// committed through the context, client transactions' commits included.
func WithBookmarks(ctx context.Context, wait []string) (context.Context, *Bookmarks) {
	b := &Bookmarks{}
	return context.WithValue(ctx, bookmarksKey{}, requestBookmarks{wait: slices.Clip(wait), written: b}), b
}

// WithoutWaiting returns ctx whose store calls no longer wait for the
// bookmarks given to WithBookmarks; they still wait for this instance's own
// writes and still collect new bookmarks. For a request's token lookup: a
// request not yet authenticated must not hold a database connection
// waiting for a bookmark it made up.
func WithoutWaiting(ctx context.Context) context.Context {
	rb, _ := ctx.Value(bookmarksKey{}).(requestBookmarks)
	if len(rb.wait) == 0 {
		return ctx
	}
	return context.WithValue(ctx, bookmarksKey{}, requestBookmarks{written: rb.written})
}

// Written returns the bookmarks of the writes committed so far, the one a
// client keeps to send back. Each write waits for the ones before it, and
// its bookmark replaces theirs, so after writes made one after another
// there is one.
func (b *Bookmarks) Written() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.written)
}

// replace drops the bookmarks a transaction was begun with and keeps the
// ones its commit gave.
func (b *Bookmarks) replace(previous, current []string) {
	if len(current) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.written = slices.DeleteFunc(b.written, func(w string) bool { return slices.Contains(previous, w) })
	for _, c := range current {
		if !slices.Contains(b.written, c) {
			b.written = append(b.written, c)
		}
	}
}

// waitsForBookmarks reports whether ctx carries bookmarks to wait for.
func waitsForBookmarks(ctx context.Context) bool {
	rb, _ := ctx.Value(bookmarksKey{}).(requestBookmarks)
	return len(rb.wait) > 0
}

// bookmarkManager is the bookmark manager of a session begun with ctx: the
// driver's, shared by every session of this instance, when ctx has no
// bookmarks to wait for and the session only reads (what reads always used);
// otherwise one that adds ctx's bookmarks (and those of the writes ctx
// committed before) to the instance's and, for a write, collects the new
// bookmark in ctx.
func bookmarkManager(ctx context.Context, driver neo4j.DriverWithContext, write bool) neo4j.BookmarkManager {
	instance := driver.ExecuteQueryBookmarkManager()
	rb, _ := ctx.Value(bookmarksKey{}).(requestBookmarks)
	if rb.written == nil || len(rb.wait) == 0 && !write {
		return instance
	}
	return requestManager{instance: instance, wait: rb.wait, written: rb.written, collect: write}
}

// requestManager is the bookmark manager of one request's session.
type requestManager struct {
	instance neo4j.BookmarkManager
	wait     []string
	written  *Bookmarks
	collect  bool // a write: keep the bookmark its commit gives
}

// GetBookmarks is what the session waits for: the instance's bookmarks,
// the client's and the request's earlier writes'. The session sends them
// as a set.
func (m requestManager) GetBookmarks(ctx context.Context) (neo4j.Bookmarks, error) {
	own, err := m.instance.GetBookmarks(ctx)
	if err != nil {
		return nil, err
	}
	return slices.Concat(own, m.wait, m.written.Written()), nil
}

// UpdateBookmarks hands the bookmark of a finished transaction to the
// instance's manager and, for a write, to the request.
func (m requestManager) UpdateBookmarks(ctx context.Context, previous, current neo4j.Bookmarks) error {
	if m.collect {
		m.written.replace(previous, current)
	}
	return m.instance.UpdateBookmarks(ctx, previous, current)
}

// sessionBookmarks are the bookmarks a session that outlives its request
// (a client transaction) begins with: the client's and those of the
// request's earlier writes. Such a session uses the instance's manager.
func sessionBookmarks(ctx context.Context) neo4j.Bookmarks {
	rb, _ := ctx.Value(bookmarksKey{}).(requestBookmarks)
	if rb.written == nil {
		return nil
	}
	return slices.Concat(rb.wait, rb.written.Written())
}

// keepBookmarks adds the bookmarks of a commit made outside ctx's sessions
// (a client transaction's) to those ctx collects.
func keepBookmarks(ctx context.Context, current neo4j.Bookmarks) {
	if rb, _ := ctx.Value(bookmarksKey{}).(requestBookmarks); rb.written != nil {
		rb.written.replace(nil, current)
	}
}
