package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// neighbourhoodRoutes are the dashboards' reads: a record's neighbourhood
// and the paths between two records.
func (a *api) neighbourhoodRoutes(g *echo.Group) {
	read := a.require(graph.RoleRead)
	g.GET("/records/:id/graph", a.neighbourhood, read)
	g.GET("/paths", a.paths, read)
}

// Limits of the dashboards' reads.
const (
	defaultGraphNodes = 100
	maxGraphNodes     = 1000
	edgesPerNode      = 10 // a neighbourhood of n nodes answers at most 10·n edges
	defaultMaxHops    = 4
	maxPaths          = 10
)

// neighbourhood is GET /records/{id}/graph?depth=&limit=&property=&direction=.
func (a *api) neighbourhood(c echo.Context) error {
	depth, err := intParam(c, "depth", 1, 1, graph.MaxDepth)
	if err != nil {
		return err
	}
	limit, err := intParam(c, "limit", defaultGraphNodes, 1, maxGraphNodes)
	if err != nil {
		return err
	}
	property, err := propertyParam(c)
	if err != nil {
		return err
	}
	dir := c.QueryParam("direction")
	d, err := direction(&dir, query.Both)
	if err != nil {
		return err
	}
	sub, err := a.store.Neighbourhood(c.Request().Context(), graph.NeighbourhoodQuery{Project: projectOf(c), ID: c.Param("id"),
		Depth: depth, Limit: limit, EdgeLimit: edgesPerNode * limit, Property: property, Direction: d})
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, sub)
}

// paths is GET /paths?from=&to=&maxHops=&property=.
func (a *api) paths(c echo.Context) error {
	from, to := c.QueryParam("from"), c.QueryParam("to")
	for _, end := range [][2]string{{"from", from}, {"to", to}} {
		if end[1] == "" {
			return badRequest("invalid_parameter", end[0]+" is required: a record id", map[string]string{"field": end[0]})
		}
	}
	hops, err := intParam(c, "maxHops", defaultMaxHops, 1, graph.MaxHops)
	if err != nil {
		return err
	}
	property, err := propertyParam(c)
	if err != nil {
		return err
	}
	paths, err := a.store.Paths(c.Request().Context(), graph.PathQuery{Project: projectOf(c), From: from, To: to,
		MaxHops: hops, Limit: maxPaths, Property: property})
	if err != nil {
		return err
	}
	return list(c, paths, len(paths))
}

// propertyParam reads ?property=, a relation property name or nothing.
func propertyParam(c echo.Context) (string, error) {
	property := c.QueryParam("property")
	if property == "" {
		return "", nil
	}
	return property, schema.CheckRelation("property", property)
}
