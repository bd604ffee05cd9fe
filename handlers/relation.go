package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

func (a *api) relationRoutes(g *echo.Group) {
	g.POST("/records/:id/relations", a.attach, a.require(graph.RoleWrite))
	g.PUT("/records/:id/relations", a.detach, a.require(graph.RoleWrite))
	g.GET("/records/:id/relations", a.relations, a.require(graph.RoleRead))
	// The same attach and detach under RushDB's paths.
	g.POST("/relationships/:id", a.attach, a.require(graph.RoleWrite))
	g.PUT("/relationships/:id", a.detach, a.require(graph.RoleWrite))
}

// maxTargets is the most targets one attach or detach may name.
const maxTargets = 1000

// attachBody is the body of an attach; detachBody of a detach.
type (
	attachBody struct {
		TargetIDs   json.RawMessage `json:"targetIds"`
		Type        *string         `json:"type"`
		Direction   *string         `json:"direction"`
		Description *string         `json:"description"`
		Properties  json.RawMessage `json:"properties"`
	}
	detachBody struct {
		TargetIDs   json.RawMessage `json:"targetIds"`
		TypeOrTypes json.RawMessage `json:"typeOrTypes"`
		Direction   *string         `json:"direction"`
	}
)

// targetIDs reads targetIds: an id, a record object with __id, or a list of
// either. Duplicates are dropped.
func targetIDs(raw json.RawMessage) ([]string, error) {
	bad := badRequest("invalid_targets", "targetIds must be an id, a record with __id, or a list of them", map[string]string{"field": "/targetIds"})
	var items []json.RawMessage
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		if json.Unmarshal(raw, &items) != nil {
			return nil, bad
		}
	} else if len(raw) > 0 {
		items = []json.RawMessage{raw}
	}
	if len(items) == 0 {
		return nil, badRequest("invalid_targets", "targetIds is required and cannot be empty", map[string]string{"field": "/targetIds"})
	}
	if len(items) > maxTargets {
		return nil, badRequest("too_many_targets", fmt.Sprintf("at most %d targets at once", maxTargets), map[string]string{"field": "/targetIds"})
	}
	seen := map[string]bool{}
	ids := make([]string, 0, len(items))
	for _, item := range items {
		var id string
		var rec struct {
			ID string `json:"__id"`
		}
		if json.Unmarshal(item, &id) != nil {
			if json.Unmarshal(item, &rec) != nil {
				return nil, bad
			}
			id = rec.ID
		}
		if id == "" {
			return nil, bad
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// direction reads "in" or "out"; empty gives def.
func direction(s *string, def query.Direction) (query.Direction, error) {
	switch {
	case s == nil || *s == "":
		return def, nil
	case *s == "in":
		return query.In, nil
	case *s == "out":
		return query.Out, nil
	}
	return "", badRequest("invalid_direction", `direction must be "in" or "out"`, map[string]string{"field": "/direction"})
}

func (a *api) attach(c echo.Context) error {
	var req attachBody
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	targets, err := targetIDs(req.TargetIDs)
	if err != nil {
		return err
	}
	property := schema.LinksProperty
	if req.Type != nil && *req.Type != "" {
		property = *req.Type
	}
	if err := schema.CheckRelation("/type", property); err != nil {
		return err
	}
	d, err := direction(req.Direction, query.Out)
	if err != nil {
		return err
	}
	if req.Description != nil && len(*req.Description) > 1000 {
		return badRequest("invalid_description", "description is at most 1000 bytes", map[string]string{"field": "/description"})
	}
	bag, err := edgeProperties(req.Properties)
	if err != nil {
		return err
	}
	id := c.Param("id")
	err = a.store.Attach(c.Request().Context(), graph.Link{Project: projectOf(c), Source: id, Targets: targets,
		Property: property, Direction: d, Description: req.Description, Properties: bag})
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, message{Message: "Relations to Record " + id + " have been successfully created"})
}

// relationNames reads typeOrTypes: a name or a list of names.
func relationNames(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var names []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		names = []string{one}
	} else if json.Unmarshal(raw, &names) != nil {
		return nil, badRequest("invalid_relation", "typeOrTypes must be a name or a list of names", map[string]string{"field": "/typeOrTypes"})
	}
	for i, n := range names {
		if err := schema.CheckRelation(fmt.Sprintf("/typeOrTypes/%d", i), n); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func (a *api) detach(c echo.Context) error {
	var req detachBody
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	targets, err := targetIDs(req.TargetIDs)
	if err != nil {
		return err
	}
	names, err := relationNames(req.TypeOrTypes)
	if err != nil {
		return err
	}
	d, err := direction(req.Direction, query.Both)
	if err != nil {
		return err
	}
	id := c.Param("id")
	_, err = a.store.Detach(c.Request().Context(), graph.Unlink{Project: projectOf(c), Source: id, Targets: targets,
		Properties: names, Direction: d})
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, message{Message: "Relations to Record " + id + " have been successfully deleted"})
}

func (a *api) relations(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	property := c.QueryParam("property")
	if property != "" {
		if err := schema.CheckRelation("property", property); err != nil {
			return err
		}
	}
	dir := c.QueryParam("direction")
	d, err := direction(&dir, query.Both)
	if err != nil {
		return err
	}
	counts, err := boolParam(c, "counts")
	if err != nil {
		return err
	}
	edges, total, err := a.store.Relations(c.Request().Context(), graph.RelationQuery{Project: projectOf(c), ID: c.Param("id"),
		Property: property, Direction: d, Page: pg})
	if err != nil {
		return err
	}
	if !counts {
		return list(c, edges, total)
	}
	byProperty, err := a.store.RelationCounts(c.Request().Context(), projectOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return answerJSON(c, http.StatusOK, countedList{envelope: envelope{Success: true, Data: edges, Total: &total}, Counts: byProperty})
}

// countedList is a list envelope with the record's links counted by
// property (?counts=true).
type countedList struct {
	envelope
	Counts map[string]int `json:"counts"`
}
