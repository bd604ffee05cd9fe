package handlers

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// viewRoutes are the reading routes through relation properties: the
// filter by a linked record, backlinks, and a property's options.
func (a *api) viewRoutes(g *echo.Group) {
	read := a.require(graph.RoleRead)
	g.GET("/records", a.linkedRecords, read)
	g.GET("/records/:id/backlinks", a.backlinks, read)
	g.GET("/types/:type/properties/:property/options", a.linkOptions, read)
}

// linkedRecords is GET /records?type=T&linkedTo=X&via=P: the records of
// type T whose property P links to record X.
func (a *api) linkedRecords(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	q := graph.LinkedQuery{Project: projectOf(c), Type: c.QueryParam("type"), LinkedTo: c.QueryParam("linkedTo"), Via: c.QueryParam("via"), Page: pg}
	for _, p := range []struct{ name, value, what string }{
		{"type", q.Type, "the type of the records listed"},
		{"linkedTo", q.LinkedTo, "the id of the record the results link to"},
		{"via", q.Via, "the relation property that links them"},
	} {
		if p.value == "" {
			return badRequest("invalid_parameter", fmt.Sprintf("GET /records lists the records of a type that link to a record: ?%s= is required, %s", p.name, p.what),
				map[string]string{"field": p.name})
		}
	}
	if err := schema.CheckType("type", q.Type); err != nil {
		return err
	}
	if err := schema.CheckRelation("via", q.Via); err != nil {
		return err
	}
	records, total, err := a.store.Linked(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return list(c, records, total)
}
