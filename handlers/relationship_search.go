package handlers

import (
	"io"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/query"
)

// searchRelationships is RushDB's POST /relationships/search?skip&limit:
// the edges matching conditions on the edge (its type, direction and
// properties bag) and on its source and target records. ?skip= and
// ?limit= (what the JavaScript SDK sends) page it, else the body's.
func (a *api) searchRelationships(c echo.Context) error {
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		if err.Error() == "http: request body too large" {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return err
	}
	q, err := query.ParseRelationshipSearch(raw)
	if err != nil {
		return err
	}
	return a.relationshipPage(c, q)
}

// relationshipPage answers one page of relationship search q, paged by
// ?skip= and ?limit= when given.
func (a *api) relationshipPage(c echo.Context, q query.RelationshipSearch) error {
	var err error
	if q.Skip, err = intParam(c, "skip", q.Skip, 0, query.MaxSkip); err != nil {
		return err
	}
	if q.Limit, err = intParam(c, "limit", q.Limit, 1, query.MaxLimit); err != nil {
		return err
	}
	edges, total, err := a.store.SearchRelationships(c.Request().Context(), projectOf(c), q)
	if err != nil {
		return err
	}
	return list(c, edges, total)
}
