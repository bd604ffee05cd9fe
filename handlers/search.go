package handlers

import (
	"fmt"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// searchRoutes are the routes that take a Collect search query
// {labels?, where?, orderBy?, skip?, limit?}.
func (a *api) searchRoutes(g *echo.Group) {
	read, write := a.require(graph.RoleRead), a.require(graph.RoleWrite)
	g.POST("/records/search", a.searchRecords, read)
	g.POST("/records/:id/search", a.searchRelated, read)
	g.PUT("/records/delete", a.deleteWhere, write)
	g.POST("/labels", a.labelCounts, read)
	g.POST("/records/relations/search", a.searchRelations, read)
	// The same routes under the paths the RushDB SDKs use.
	g.POST("/records/delete", a.deleteWhere, write)
	g.POST("/labels/search", a.labelCounts, read)
	g.POST("/relationships/search", a.searchRelationships, read)
}

// searchBody reads and parses the search query in the request body; an
// empty body is an empty query. select, groupBy and aggregate are refused:
// they shape the answer of the record searches only (rowsBody).
func searchBody(c echo.Context) (query.Search, error) {
	q, err := rowsBody(c)
	if err == nil && q.Grouped() {
		err = &schema.Error{Code: "unsupported_field", Field: "/select",
			Message: "select, groupBy and aggregate apply to POST /records/search and POST /records/{id}/search"}
	}
	return q, err
}

// rowsBody reads and parses a record search's query, select, groupBy and
// aggregate included.
func rowsBody(c echo.Context) (query.Search, error) {
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		if err.Error() == "http: request body too large" {
			return query.Search{}, echo.ErrStatusRequestEntityTooLarge
		}
		return query.Search{}, err
	}
	return query.ParseSearch(raw)
}

func (a *api) searchRecords(c echo.Context) error {
	q, err := rowsBody(c)
	if err != nil {
		return err
	}
	return a.search(c, q)
}

// searchRelated is POST /records/{id}/search: the search among the records
// linked to {id}.
func (a *api) searchRelated(c echo.Context) error {
	q, err := rowsBody(c)
	if err != nil {
		return err
	}
	q.RelatedTo = c.Param("id")
	return a.search(c, q)
}

// search answers records, or rows when the query selects or groups.
func (a *api) search(c echo.Context, q query.Search) error {
	ctx, project := c.Request().Context(), projectOf(c)
	if q.Grouped() {
		rows, total, err := a.store.SearchRows(ctx, project, q)
		if err != nil {
			return err
		}
		return list(c, rows, total)
	}
	records, total, err := a.store.Search(ctx, project, q)
	if err != nil {
		return err
	}
	return list(c, records, total)
}

// deleteWhere is PUT (Collect) or POST (RushDB) /records/delete: removes
// every record matching the query. A query without a condition is refused
// rather than emptying the project.
func (a *api) deleteWhere(c echo.Context) error {
	q, err := searchBody(c)
	if err != nil {
		return err
	}
	if q.Where == nil {
		return &schema.Error{Code: "empty_where", Field: "/where", Message: "a delete needs a where condition; it never deletes everything"}
	}
	n, err := a.store.DeleteWhere(c.Request().Context(), projectOf(c), q)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%d records have been successfully deleted", n)
	if n == 1 {
		msg = "1 record has been successfully deleted"
	}
	return ok(c, http.StatusOK, message{Message: msg})
}

// labelCounts is POST /labels (Collect) or /labels/search (RushDB):
// {type: count} of the records matching the query.
func (a *api) labelCounts(c echo.Context) error {
	q, err := searchBody(c)
	if err != nil {
		return err
	}
	counts, err := a.store.LabelCounts(c.Request().Context(), projectOf(c), q)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, counts)
}

// searchRelations is Collect's POST /records/relations/search?skip&limit:
// the edges whose source record matches the query, a relationship search
// with the query on the source. ?skip= and ?limit= page it, else the
// body's skip and limit.
func (a *api) searchRelations(c echo.Context) error {
	q, err := searchBody(c)
	if err != nil {
		return err
	}
	return a.relationshipPage(c, query.RelationshipSearch{Direction: query.Out,
		Source: query.Search{Labels: q.Labels, Where: q.Where}, Skip: q.Skip, Limit: q.Limit})
}
