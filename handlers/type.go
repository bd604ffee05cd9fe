package handlers

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// typeRoutes are the schema routes: declaring a type and its links settings
// needs the admin role, reading needs read.
func (a *api) typeRoutes(g *echo.Group) {
	read, admin := a.require(graph.RoleRead), a.require(graph.RoleAdmin)
	g.GET("/types", a.listTypes, read)
	g.GET("/types/:type", a.getType, read)
	g.PUT("/types/:type", a.putType, admin)
	g.DELETE("/types/:type", a.deleteType, admin)
	g.PUT("/types/:type/links", a.putLinks, admin)
}

// rawBody reads the request body as it is (within the body limit).
func rawBody(c echo.Context) ([]byte, error) {
	raw, err := io.ReadAll(c.Request().Body)
	var httpErr *echo.HTTPError
	switch {
	case errors.As(err, &httpErr):
		return nil, httpErr
	case err != nil && err.Error() == "http: request body too large":
		return nil, echo.ErrStatusRequestEntityTooLarge
	case err != nil:
		return nil, badRequest("invalid_json", "the request body could not be read", nil)
	}
	return raw, nil
}

// putType is PUT /types/{type}: it declares the type (201) or replaces its
// definition (200), and answers with the effective schema.
func (a *api) putType(c echo.Context) error {
	raw, err := rawBody(c)
	if err != nil {
		return err
	}
	t, err := schema.ParseType(projectOf(c), c.Param("type"), raw)
	if err != nil {
		return err
	}
	rt, created, err := a.store.PutType(c.Request().Context(), projectOf(c), t)
	if err != nil {
		return err
	}
	if created {
		return ok(c, http.StatusCreated, rt)
	}
	return ok(c, http.StatusOK, rt)
}

// putLinks is PUT /types/{type}/links: the links settings, written into
// the type's schemaOverrides.
func (a *api) putLinks(c echo.Context) error {
	raw, err := rawBody(c)
	if err != nil {
		return err
	}
	if err := schema.CheckType("type", c.Param("type")); err != nil {
		return err
	}
	links, err := schema.ParseLinks(projectOf(c), raw)
	if err != nil {
		return err
	}
	rt, err := a.store.SetLinks(c.Request().Context(), projectOf(c), c.Param("type"), links)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, rt)
}

// getType is GET /types/{type}: the effective schema, with the indexes the
// type asks for and their states.
func (a *api) getType(c echo.Context) error {
	if err := schema.CheckType("type", c.Param("type")); err != nil {
		return err
	}
	rt, err := a.store.Type(c.Request().Context(), projectOf(c), c.Param("type"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, rt)
}

func (a *api) listTypes(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	types, total, err := a.store.Types(c.Request().Context(), projectOf(c), pg)
	if err != nil {
		return err
	}
	return list(c, types, total)
}

func (a *api) deleteType(c echo.Context) error {
	id := c.Param("type")
	if err := schema.CheckType("type", id); err != nil {
		return err
	}
	if err := a.store.DeleteType(c.Request().Context(), projectOf(c), id); err != nil {
		return err
	}
	return ok(c, http.StatusOK, message{Message: "Type " + id + " has been successfully deleted"})
}
