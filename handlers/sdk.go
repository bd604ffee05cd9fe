package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// sdkRoutes are the routes the RushDB SDKs call for themselves.
func (a *api) sdkRoutes(g *echo.Group) {
	g.GET("/sdk/settings", a.sdkSettings)
}

// sdkSettings is what GET /sdk/settings answers: the server settings the
// RushDB JavaScript SDK reads in its constructor.
type sdkSettings struct {
	SelfHosted         bool   `json:"selfHosted"`
	DashboardURL       string `json:"dashboardUrl"`
	GoogleOAuthEnabled bool   `json:"googleOAuthEnabled"`
	GithubOAuthEnabled bool   `json:"githubOAuthEnabled"`
	CustomDB           bool   `json:"customDB"`
}

// sdkSettings is GET /sdk/settings. The RushDB JavaScript SDK calls it from
// its constructor, and any answer but a 2xx crashes the client's process
// (an unhandled rejection), so it needs no token: a bad token shows up as
// a 401 on the client's first real call instead. It tells nothing about any
// project. The Python SDK's ping() calls it too.
func (a *api) sdkSettings(c echo.Context) error {
	return ok(c, http.StatusOK, sdkSettings{SelfHosted: true})
}
