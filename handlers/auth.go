package handlers

import (
	"crypto/subtle"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// credential reads the token from `Authorization: Bearer <t>` or `token: <t>`
// (what the Collect SDK sends).
func credential(c echo.Context) string {
	h := c.Request().Header
	if auth := h.Get("Authorization"); auth != "" {
		if scheme, token, found := strings.Cut(auth, " "); found && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
		return ""
	}
	return strings.TrimSpace(h.Get("token"))
}

func (a *api) isAdminKey(secret string) bool {
	return a.cfg.AdminKey != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(a.cfg.AdminKey)) == 1
}

// requireAdmin lets only the server admin key through.
func (a *api) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		secret := credential(c)
		switch {
		case secret == "":
			return errNoToken
		case a.isAdminKey(secret):
			return next(c)
		}
		if _, err := a.token(c, secret); err == nil {
			return errNotAdmin
		}
		return errBadToken
	}
}

// require lets through project tokens whose role includes need, and puts the
// token in the context for projectOf. A request naming a client transaction
// in x-transaction-id runs its database work inside it.
func (a *api) require(need graph.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			secret := credential(c)
			switch {
			case secret == "":
				return errNoToken
			case a.isAdminKey(secret):
				return errNeedProject
			}
			t, err := a.token(c, secret)
			if err != nil {
				return err
			}
			if !t.Role.Allows(need) {
				return errRole(need)
			}
			c.Set(tokenKey, t)
			if id := c.Request().Header.Get(txHeader); id != "" {
				ctx, err := a.inTx(c.Request().Context(), t.Project, id)
				if err != nil {
					return err
				}
				c.SetRequest(c.Request().WithContext(ctx))
			}
			return next(c)
		}
	}
}

const tokenKey = "relgraph.token"

// projectOf is the project of the request's token.
func projectOf(c echo.Context) string {
	return c.Get(tokenKey).(graph.Token).Project
}

func (a *api) token(c echo.Context, secret string) (graph.Token, error) {
	hash := graph.HashSecret(secret)
	if t, ok := a.tokens.get(hash); ok {
		return t, nil
	}
	gen := a.tokens.generation()
	// Not waiting for the request's bookmarks: a request not yet
	// authenticated holds no connection for a bookmark it made up.
	t, err := a.store.TokenByHash(graph.WithoutWaiting(c.Request().Context()), hash)
	if err == graph.ErrNotFound {
		return t, errBadToken
	}
	if err != nil {
		return t, err
	}
	a.tokens.put(hash, t, gen)
	return t, nil
}

// tokenCache keeps looked-up tokens for a short time, so a request costs one
// database round trip, not two. Revoking through this instance evicts at
// once; other instances trust their copy for at most the TTL.
type tokenCache struct {
	ttl time.Duration
	mu  sync.RWMutex
	m   map[string]cachedToken
	gen uint64 // bumped by every eviction
}

type cachedToken struct {
	token   graph.Token
	expires time.Time
}

func newTokenCache(ttl time.Duration) *tokenCache {
	return &tokenCache{ttl: ttl, m: map[string]cachedToken{}}
}

func (tc *tokenCache) get(hash string) (graph.Token, bool) {
	tc.mu.RLock()
	e, ok := tc.m[hash]
	tc.mu.RUnlock()
	if !ok || time.Now().After(e.expires) {
		return graph.Token{}, false
	}
	return e.token, true
}

func (tc *tokenCache) generation() uint64 {
	tc.mu.RLock()
	defer tc.mu.RUnlock()
	return tc.gen
}

// put caches a token looked up when the cache was at generation gen; a lookup
// that raced with an eviction is not cached.
func (tc *tokenCache) put(hash string, t graph.Token, gen uint64) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if gen != tc.gen {
		return
	}
	if len(tc.m) > 10000 {
		tc.m = map[string]cachedToken{}
	}
	tc.m[hash] = cachedToken{token: t, expires: time.Now().Add(tc.ttl)}
}

// evict forgets every cached token that matches.
func (tc *tokenCache) evict(match func(graph.Token) bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.gen++
	for h, e := range tc.m {
		if match(e.token) {
			delete(tc.m, h)
		}
	}
}
