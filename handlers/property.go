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
	ctx, project, contains := c.Request().Context(), projectOf(c), c.QueryParam("query")
	var vals graph.PropertyValues
	switch order := c.QueryParam("orderBy"); order {
	case "":
		vals, err = a.store.PropertyValues(ctx, project, k, contains, p)
	case "asc", "desc":
		vals, err = a.store.PropertyValuesInOrder(ctx, project, k, contains, order == "desc", p)
	default:
		return badRequest("invalid_parameter", `orderBy is "asc" or "desc" (value order); leave it out for the most frequent values first`, map[string]string{"field": "orderBy"})
	}
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, vals)
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
