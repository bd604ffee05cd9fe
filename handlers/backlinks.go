package handlers

import (
	"github.com/labstack/echo/v4"
)

// backlinks is GET /records/{id}/backlinks: the edges pointing at the
// record, declared inverse or not; with ?groupBy=property, their counts by
// the other end's type and the property.
func (a *api) backlinks(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	ctx, project, id := c.Request().Context(), projectOf(c), c.Param("id")
	switch c.QueryParam("groupBy") {
	case "":
		links, total, err := a.store.Backlinks(ctx, project, id, pg)
		if err != nil {
			return err
		}
		return list(c, links, total)
	case "property":
		groups, total, err := a.store.BacklinkGroups(ctx, project, id, pg)
		if err != nil {
			return err
		}
		return list(c, groups, total)
	}
	return badRequest("invalid_parameter", `groupBy must be "property"`, map[string]string{"field": "groupBy"})
}
