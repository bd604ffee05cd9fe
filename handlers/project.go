package handlers

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

func (a *api) projectRoutes(g *echo.Group) {
	// Middleware goes on each route: a group's middleware makes Echo answer
	// 404 where 405 is right.
	g.POST("/projects", a.createProject, a.requireAdmin)
	g.GET("/projects", a.listProjects, a.requireAdmin)
	g.DELETE("/projects/:id", a.deleteProject, a.requireAdmin)
	g.POST("/projects/:id/tokens", a.createToken, a.requireAdmin)
	g.DELETE("/projects/:id/tokens/:tokenId", a.deleteToken, a.requireAdmin)
}

func (a *api) createProject(c echo.Context) error {
	var req struct {
		Name string `json:"name"`
	}
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || utf8.RuneCountInString(req.Name) > 200 {
		return badRequest("invalid_name", "name must be 1 to 200 characters", map[string]string{"field": "/name"})
	}
	p, err := a.store.CreateProject(c.Request().Context(), req.Name)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, p)
}

func (a *api) listProjects(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	projects, total, err := a.store.Projects(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	return list(c, projects, total)
}

func (a *api) deleteProject(c echo.Context) error {
	id := c.Param("id")
	a.tokens.evict(func(t graph.Token) bool { return t.Project == id })
	if err := a.store.DeleteProject(c.Request().Context(), id); err != nil {
		return err
	}
	a.tokens.evict(func(t graph.Token) bool { return t.Project == id })
	return ok(c, http.StatusOK, message{Message: "Project " + id + " has been successfully deleted"})
}

func (a *api) createToken(c echo.Context) error {
	var req struct {
		Role graph.Role `json:"role"`
	}
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	if !req.Role.Valid() {
		return badRequest("invalid_role", `role must be "read", "write" or "admin"`, map[string]string{"field": "/role"})
	}
	t, err := a.store.CreateToken(c.Request().Context(), c.Param("id"), req.Role)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, t)
}

func (a *api) deleteToken(c echo.Context) error {
	id := c.Param("tokenId")
	if err := a.store.DeleteToken(c.Request().Context(), c.Param("id"), id); err != nil {
		return err
	}
	a.tokens.evict(func(t graph.Token) bool { return t.ID == id })
	return ok(c, http.StatusOK, message{Message: "Token " + id + " has been successfully revoked"})
}
