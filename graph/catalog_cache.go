package graph

import (
	"context"
	"sync"
	"time"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// Reads that resolve relation properties (filters, counts, backlinks,
// options, search conditions) need the project's declared types. Reading
// them is a statement of its own, a round trip as long as the read itself,
// so reads share each project's parsed catalog for a short time. Writes
// never use the shared copy: they read the types inside their own
// transaction, under the project's lock.

// catalogTTL bounds how long reads use a catalog read earlier: a type change
// committed through another instance reaches this one's reads within it.
// Changes written through this store reach them at once. The same bound as
// the token cache of handlers/auth.go.
const catalogTTL = time.Second

// catalogCache holds the catalogs of the projects read recently. It is safe
// for concurrent use; its zero value is empty and ready.
type catalogCache struct {
	mu      sync.RWMutex
	entries map[string]cachedCatalog
	// held are the projects whose types a client transaction changed, until
	// that transaction can no longer commit: this store is not told when it
	// does, so until then their reads read the types every time.
	held map[string]time.Time
	gen  uint64 // bumped by every change
}

type cachedCatalog struct {
	cat     *schema.Catalog
	expires time.Time
}

// maxCachedCatalogs bounds the cache; beyond it the cache starts afresh.
const maxCachedCatalogs = 10000

// get returns the cached catalog of project at time now, or, when there is
// none, the generation to hand to put with the catalog read instead.
func (c *catalogCache) get(project string, now time.Time) (*schema.Catalog, uint64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if e, ok := c.entries[project]; ok && now.Before(e.expires) {
		return e.cat, 0, true
	}
	return nil, c.gen, false
}

// put caches cat, the catalog of project read from time read on, when the
// cache was at generation gen. A read that raced with a change, or a
// project a client transaction changed, is not cached.
func (c *catalogCache) put(project string, cat *schema.Catalog, gen uint64, read time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if until, held := c.held[project]; held {
		if read.Before(until) {
			return
		}
		delete(c.held, project)
	}
	if c.entries == nil || len(c.entries) >= maxCachedCatalogs {
		c.entries = map[string]cachedCatalog{}
	}
	c.entries[project] = cachedCatalog{cat: cat, expires: read.Add(catalogTTL)}
}

// changed forgets the catalog of project: its types changed in a write
// that has ended. A change still uncommitted in a client transaction that
// can commit until the time until keeps the project out of the cache until
// then.
func (c *catalogCache) changed(project string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, project)
	if until.IsZero() {
		return
	}
	if c.held == nil {
		c.held = map[string]time.Time{}
	}
	if until.After(c.held[project]) {
		c.held[project] = until
	}
}

// typesChanged tells the reads of this store that a write changed the
// declared types of project. Called when the write has ended; in a client
// transaction the change shows only once it commits.
func (s *Store) typesChanged(ctx context.Context, project string) {
	var until time.Time
	if t := txFrom(ctx); t != nil {
		until = t.info.ExpiresAt.Add(clientTxGrace)
	}
	s.catalogs.changed(project, until)
}

// catalog is the declared types of a project, as reads use them: inside a
// client transaction read in it (they see its own changes), for a request
// that waits for bookmarks read after them, otherwise shared for up to
// catalogTTL.
func (s *Store) catalog(ctx context.Context, project string) (*schema.Catalog, error) {
	if txFrom(ctx) != nil || waitsForBookmarks(ctx) {
		return s.readCatalog(ctx, project)
	}
	now := time.Now()
	cat, gen, ok := s.catalogs.get(project, now)
	if ok {
		return cat, nil
	}
	cat, err := s.readCatalog(ctx, project)
	if err != nil {
		return nil, err
	}
	s.catalogs.put(project, cat, gen, now)
	return cat, nil
}

// readCatalog reads the declared types of a project.
func (s *Store) readCatalog(ctx context.Context, project string) (*schema.Catalog, error) {
	res, err := s.read(ctx, cypher.Types(project))
	if err != nil {
		return nil, err
	}
	rows := make([]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return catalogFrom(project, rows)
}
