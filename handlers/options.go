package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// linkOptions is GET /types/{type}/properties/{property}/options.
func (a *api) linkOptions(c echo.Context) error {
	limit, err := intParam(c, "limit", defaultCandidates, 1, maxCandidates)
	if err != nil {
		return err
	}
	q := graph.OptionsQuery{Project: projectOf(c), Type: c.Param("type"), Property: c.Param("property"),
		TargetType: c.QueryParam("targetType"), Q: c.QueryParam("q"), Locale: c.QueryParam("locale"), Limit: limit}
	if q.TargetType != "" {
		if err := schema.CheckType("targetType", q.TargetType); err != nil {
			return err
		}
	}
	if len(q.Q) > 200 || len(q.Locale) > 35 {
		return badRequest("invalid_parameter", "q is at most 200 bytes and locale at most 35", nil)
	}
	o, err := a.store.LinkOptions(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, o)
}
