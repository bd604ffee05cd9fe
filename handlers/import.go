package handlers

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// importRoutes are the bulk routes: POST /records/import/json is what the
// Collect SDK's records.createMany sends.
func (a *api) importRoutes(g *echo.Group) {
	g.POST("/records/import/json", a.importJSON, a.require(graph.RoleWrite))
}

// maxImportRecords is the most records one import request creates,
// children included. Larger loads go through `relgraph import`.
const maxImportRecords = 100_000

// importBody is the body of POST /records/import/json.
type importBody struct {
	Label   *string `json:"label"`
	Options struct {
		ReturnResult *bool `json:"returnResult"` // default true
		SuggestTypes *bool `json:"suggestTypes"` // default true
	} `json:"options"`
	Payload any `json:"payload"` // an object or an array of objects
}

// importJSON is POST /records/import/json: it creates the records the
// payload describes, children included, in one transaction, and answers
// with them (each record before its children) and their count in total,
// or, with returnResult false, only the count.
func (a *api) importJSON(c echo.Context) error {
	var req importBody
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Label == nil {
		return badRequest("invalid_type", "label is required", map[string]string{"field": "/label"})
	}
	if err := schema.CheckType("/label", *req.Label); err != nil {
		return err
	}
	returnResult := req.Options.ReturnResult == nil || *req.Options.ReturnResult
	imp := graph.NewImport(*req.Label, graph.ImportOptions{
		AllStrings:    req.Options.SuggestTypes != nil && !*req.Options.SuggestTypes,
		ReturnRecords: returnResult,
	})
	if err := addPayload(imp, req.Payload); err != nil {
		return err
	}
	res, err := a.store.Import(c.Request().Context(), projectOf(c), imp)
	if err != nil {
		return err
	}
	data := res.Records
	if !returnResult || data == nil {
		data = []graph.Record{}
	}
	return c.JSON(http.StatusCreated, envelope{Success: true, Data: data, Total: &res.Created})
}

// addPayload adds the payload's objects to imp, refusing more than
// maxImportRecords records.
func addPayload(imp *graph.Import, payload any) error {
	items, isList := payload.([]any)
	if !isList {
		if payload == nil {
			return badRequest("invalid_import", "payload is required: an object or an array of objects", map[string]string{"field": "/payload"})
		}
		items = []any{payload}
	}
	for i, item := range items {
		at := "/payload"
		if isList {
			at += "/" + strconv.Itoa(i)
		}
		if err := imp.Add(item, at); err != nil {
			return err
		}
		if imp.Len() > maxImportRecords {
			return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_many_records",
				Message: fmt.Sprintf("one import creates at most %d records, children included; split the payload, or load it with `relgraph import`", maxImportRecords),
				Details: map[string]any{"field": at, "max": maxImportRecords}}
		}
	}
	return nil
}
