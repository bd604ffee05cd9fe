package handlers

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// propertyRoutes are the property catalogue (the Collect SDK's properties
// API) and the CSV exports. A property is one (record type, property name,
// value type) in use; its id is opaque and stable (graph.PropertyKey.ID).
func (a *api) propertyRoutes(g *echo.Group) {
	read, write := a.require(graph.RoleRead), a.require(graph.RoleWrite)
	g.POST("/properties", a.findProperties, read)
	g.GET("/properties/:id", a.propertyByID, read)
	g.GET("/properties/:id/values", a.propertyValues, read)
	// RushDB's paths: the catalogue search, and the values with the query in the body.
	g.POST("/properties/search", a.findProperties, read)
	g.POST("/properties/:id/values", a.propertyValuesBody, read)
	g.DELETE("/properties/:id", a.deleteProperty, write)
	g.POST("/records/export/csv", a.exportCSV, read)
	g.GET("/records/export.csv", a.streamCSV, read)
}

// findProperties is POST /properties: the properties of the records
// matching a search query, each with how many of them carry it.
func (a *api) findProperties(c echo.Context) error {
	q, err := searchBody(c)
	if err != nil {
		return err
	}
	props, err := a.store.Properties(c.Request().Context(), projectOf(c), q)
	if err != nil {
		return err
	}
	return list(c, props, len(props))
}

// propertyKey reads the :id of a property route; an id that is not a
// property id is as unknown as one no record carries.
func propertyKey(c echo.Context) (graph.PropertyKey, error) {
	k, ok := graph.ParsePropertyID(c.Param("id"))
	if !ok {
		return k, graph.ErrNotFound
	}
	return k, nil
}

func (a *api) propertyByID(c echo.Context) error {
	k, err := propertyKey(c)
	if err != nil {
		return err
	}
	p, err := a.store.Property(c.Request().Context(), projectOf(c), k)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, p)
}

// propertyValues is GET /properties/{id}/values?query=&orderBy=&skip=&limit=:
// most frequent first, or in value order with orderBy=asc or desc.
func (a *api) propertyValues(c echo.Context) error {
	k, err := propertyKey(c)
	if err != nil {
		return err
	}
	p, err := page(c)
	if err != nil {
		return err
	}
	return a.values(c, k, c.QueryParam("query"), c.QueryParam("orderBy"), "orderBy", p)
}

// valuesBody is the body of POST /properties/{id}/values (the RushDB SDKs'
// properties.values): the query parameters of the GET, in JSON.
type valuesBody struct {
	Query   *string `json:"query"`
	OrderBy *string `json:"orderBy"`
	Skip    *number `json:"skip"`
	Limit   *number `json:"limit"`
}

// propertyValuesBody is POST /properties/{id}/values {query?, orderBy?,
// skip?, limit?}. The values of a property are those of all the project's
// records: a search's labels or where would not narrow them, so they are
// refused as unknown fields rather than ignored.
func (a *api) propertyValuesBody(c echo.Context) error {
	k, err := propertyKey(c)
	if err != nil {
		return err
	}
	var req valuesBody
	if c.Request().ContentLength != 0 {
		if err := decodeBody(c, &req); err != nil {
			return err
		}
	}
	p := graph.Page{Limit: defaultLimit}
	if p.Skip, err = bodyInt(req.Skip, "/skip", 0, 0, 1<<31); err != nil {
		return err
	}
	if p.Limit, err = bodyInt(req.Limit, "/limit", defaultLimit, 1, maxLimit); err != nil {
		return err
	}
	var contains, order string
	if req.Query != nil {
		contains = *req.Query
	}
	if req.OrderBy != nil {
		order = *req.OrderBy
	}
	return a.values(c, k, contains, order, "/orderBy", p)
}

// values answers one page of a property's values: most frequent first, or
// in value order with order "asc" or "desc". orderAt points at the order
// in the request, for errors.
func (a *api) values(c echo.Context, k graph.PropertyKey, contains, order, orderAt string, p graph.Page) error {
	ctx, project := c.Request().Context(), projectOf(c)
	var vals graph.PropertyValues
	var err error
	switch order {
	case "":
		vals, err = a.store.PropertyValues(ctx, project, k, contains, p)
	case "asc", "desc":
		vals, err = a.store.PropertyValuesInOrder(ctx, project, k, contains, order == "desc", p)
	default:
		return badRequest("invalid_parameter", `orderBy is "asc" or "desc" (value order); leave it out for the most frequent values first`, map[string]string{"field": orderAt})
	}
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, vals)
}

// bodyInt reads a whole number of a JSON body from min to max; absent
// gives def.
func bodyInt(n *number, at string, def, min, max int) (int, error) {
	if n == nil {
		return def, nil
	}
	i, err := n.Int64()
	if err != nil || i < int64(min) || i > int64(max) {
		return 0, badRequest("invalid_parameter", fmt.Sprintf("%s must be a whole number from %d to %d", at[1:], min, max), map[string]string{"field": at})
	}
	return int(i), nil
}

// deleted answers DELETE /properties/{id}.
type deleted struct {
	Message string `json:"message"`
	Changed int    `json:"changed"` // records that lost the property
}

func (a *api) deleteProperty(c echo.Context) error {
	k, err := propertyKey(c)
	if err != nil {
		return err
	}
	n, err := a.store.DeleteProperty(c.Request().Context(), projectOf(c), k)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Property %s has been removed from %d records", k.Name, n)
	if n == 1 {
		msg = fmt.Sprintf("Property %s has been removed from 1 record", k.Name)
	}
	return ok(c, http.StatusOK, deleted{Message: msg, Changed: n})
}
