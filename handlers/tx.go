package handlers

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
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
		if err := decodeBody(c, &req); err != nil {
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
	info.ID = a.txID(info.ID)
	return ok(c, http.StatusCreated, info)
}

func (a *api) getTx(c echo.Context) error {
	id, err := a.storeTxID(c.Param("id"))
	if err != nil {
		return err
	}
	info, err := a.store.Tx(projectOf(c), id)
	if err != nil {
		return err
	}
	info.ID = c.Param("id")
	return ok(c, http.StatusOK, info)
}

// commitTx commits; its answer carries the commit's bookmark.
func (a *api) commitTx(c echo.Context) error {
	id, err := a.storeTxID(c.Param("id"))
	if err != nil {
		return err
	}
	if err := a.store.CommitTx(c.Request().Context(), projectOf(c), id); err != nil {
		return err
	}
	return ok(c, http.StatusOK, message{Message: "Transaction (" + c.Param("id") + ") has been successfully committed"})
}

func (a *api) rollbackTx(c echo.Context) error {
	id, err := a.storeTxID(c.Param("id"))
	if err != nil {
		return err
	}
	if err := a.store.RollbackTx(c.Request().Context(), projectOf(c), id); err != nil {
		return err
	}
	return ok(c, http.StatusOK, message{Message: "Transaction (" + c.Param("id") + ") has been rolled back"})
}

// A client transaction is an open Neo4j transaction of the instance that
// began it, which no other instance can reach. Its id names that instance:
// the store's id, a dot, and the instance's name (Config.Instance) in
// unpadded base64url. Another instance answers it with 409
// transaction_on_other_instance and the holder's name; the holder answers
// 404 transaction_not_found once it has lost it (committed, rolled back,
// expired, or gone with a restart).

// txID is the id clients see of the store's transaction storeID.
func (a *api) txID(storeID string) string {
	if a.cfg.Instance == "" {
		return storeID
	}
	return storeID + "." + base64.RawURLEncoding.EncodeToString([]byte(a.cfg.Instance))
}

// storeTxID is the store's id of the transaction a client names, or an
// error naming the instance that holds it when that is another one. An id
// that names no instance is looked up here (and is unknown).
func (a *api) storeTxID(id string) (string, error) {
	storeID, holder, found := strings.Cut(id, ".")
	if !found {
		return id, nil
	}
	name, err := base64.RawURLEncoding.DecodeString(holder)
	if err != nil || !ValidInstance(string(name)) {
		return id, nil
	}
	if string(name) == a.cfg.Instance {
		return storeID, nil
	}
	return "", &apiError{Status: http.StatusConflict, Code: "transaction_on_other_instance",
		Message: "instance " + string(name) + " holds this transaction: send its requests there",
		Details: map[string]string{"instance": string(name)}}
}

// inTx returns ctx for work inside the client transaction id of project.
func (a *api) inTx(ctx context.Context, project, id string) (context.Context, error) {
	storeID, err := a.storeTxID(id)
	if err != nil {
		return ctx, err
	}
	return a.store.InTx(ctx, project, storeID)
}

// Bounds of an instance name.
const maxInstanceName = 128

// ValidInstance reports whether name can name an instance: 1 to 128
// printable ASCII characters, no spaces.
func ValidInstance(name string) bool {
	return name != "" && len(name) <= maxInstanceName && printable(name)
}
