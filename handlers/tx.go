package handlers

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// txHeader names the client transaction a request runs in (Collect SDK).
const txHeader = "x-transaction-id"

func (a *api) txRoutes(g *echo.Group) {
	read := a.require(graph.RoleRead)
	g.POST("/tx", a.beginTx, read)
	g.GET("/tx/:id", a.getTx, read)
	g.POST("/tx/:id/commit", a.commitTx, read)
	g.POST("/tx/:id/rollback", a.rollbackTx, read)
}

// beginTx opens a transaction: {"ttl": milliseconds} (default 5000, at most
// 60000); it rolls back by itself when its ttl passes. The RushDB Python
// SDK's {"autocommit": false} is the same; autocommit true is refused.
func (a *api) beginTx(c echo.Context) error {
	var req struct {
		TTL        *number `json:"ttl"`
		Autocommit *bool   `json:"autocommit"`
	}
	if c.Request().ContentLength != 0 {
		if err := decodeStrict(c, &req, "ttl", "autocommit"); err != nil {
			return err
		}
	}
	if req.Autocommit != nil && *req.Autocommit {
		return badRequest("unsupported_option", "autocommit is not supported: a transaction rolls back when its ttl passes", map[string]string{"field": "/autocommit"})
	}
	var ttl time.Duration
	if req.TTL != nil {
		ms, err := req.TTL.Int64()
		if err != nil || ms < 1 || ms > graph.MaxTxTTL.Milliseconds() {
			return badRequest("invalid_ttl", fmt.Sprintf("ttl is a whole number of milliseconds from 1 to %d", graph.MaxTxTTL.Milliseconds()), map[string]string{"field": "/ttl"})
		}
		ttl = time.Duration(ms) * time.Millisecond
	}
	info, err := a.store.BeginTx(c.Request().Context(), projectOf(c), ttl)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, info)
}

func (a *api) getTx(c echo.Context) error {
	info, err := a.store.Tx(projectOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, info)
}

func (a *api) commitTx(c echo.Context) error {
	id := c.Param("id")
	if err := a.store.CommitTx(c.Request().Context(), projectOf(c), id); err != nil {
		return err
	}
	return ok(c, http.StatusOK, message{Message: "Transaction (" + id + ") has been successfully committed"})
}

func (a *api) rollbackTx(c echo.Context) error {
	id := c.Param("id")
	if err := a.store.RollbackTx(c.Request().Context(), projectOf(c), id); err != nil {
		return err
	}
	return ok(c, http.StatusOK, message{Message: "Transaction (" + id + ") has been rolled back"})
}
