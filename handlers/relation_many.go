package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// relationManyRoutes are RushDB's bulk link routes (the Python SDK's
// relationships.create_many and delete_many). They are registered before
// /relationships/:id, whose id they would otherwise read as a record id.
func (a *api) relationManyRoutes(g *echo.Group) {
	g.POST("/relationships/create-many", a.createManyRelations, a.require(graph.RoleWrite))
	g.POST("/relationships/delete-many", a.deleteManyRelations, a.require(graph.RoleWrite))
}

// The members of a create-many or delete-many body, and of its source and
// target. A top-level where (RushDB's conditions on the edges) is not
// carried out yet: it is refused by name, never ignored.
var (
	manyFields    = []string{"source", "target", "type", "direction", "where", "manyToMany", "properties"}
	manyEndFields = []string{"label", "key", "where"}
	manyNotYet    = []string{"where"}
)

// createManyRelations is POST /relationships/create-many: {source: {label,
// key}, target: {label, key}, type?, direction?, properties?} links every
// source record to every target record whose target key equals its source
// key, merging properties into each edge's bag as attach does.
func (a *api) createManyRelations(c echo.Context) error {
	l, err := readKeyLink(c, true)
	if err != nil {
		return err
	}
	n, err := a.store.LinkByKeys(c.Request().Context(), l)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, countMessage{Message: strconv.Itoa(n) + " relationships have been created", Count: n})
}

// deleteManyRelations is POST /relationships/delete-many: the same body;
// it removes the edges between the pairs (of every property when type is
// not given).
func (a *api) deleteManyRelations(c echo.Context) error {
	l, err := readKeyLink(c, false)
	if err != nil {
		return err
	}
	n, err := a.store.UnlinkByKeys(c.Request().Context(), l)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, countMessage{Message: strconv.Itoa(n) + " relationships have been deleted", Count: n})
}

// countMessage is the answer of a bulk link route.
type countMessage struct {
	Message string `json:"message"`
	Count   int    `json:"count"`
}

// readKeyLink reads a create-many (create) or delete-many body.
func readKeyLink(c echo.Context, create bool) (graph.KeyLink, error) {
	l := graph.KeyLink{Project: projectOf(c)}
	body, err := bodyObject(c)
	if err != nil {
		return l, err
	}
	if err := onlyFields(body, manyFields...); err != nil {
		return l, err
	}
	if err := notYet(body, "", manyNotYet); err != nil {
		return l, err
	}
	var req struct {
		Type       *string `json:"type"`
		Direction  *string `json:"direction"`
		ManyToMany *bool   `json:"manyToMany"`
	}
	raw, _ := json.Marshal(map[string]json.RawMessage{"type": body["type"], "direction": body["direction"], "manyToMany": body["manyToMany"]})
	if err := json.Unmarshal(raw, &req); err != nil {
		return l, decodeError(err)
	}
	l.ManyToMany = req.ManyToMany != nil && *req.ManyToMany
	if l.Join.Source, l.Join.SourceKey, l.SourceWhere, err = keyEnd(body["source"], "/source", l.ManyToMany); err != nil {
		return l, err
	}
	if l.Join.Target, l.Join.TargetKey, l.TargetWhere, err = keyEnd(body["target"], "/target", l.ManyToMany); err != nil {
		return l, err
	}
	if req.Type != nil && *req.Type != "" {
		l.Property = *req.Type
	} else if create {
		l.Property = schema.LinksProperty
	}
	if l.Property != "" {
		if err := schema.CheckRelation("/type", l.Property); err != nil {
			return l, err
		}
	}
	if raw, ok := body["properties"]; ok && !isNull(raw) && !create {
		return l, badRequest("unsupported_field", "properties applies to create-many: delete-many removes whole edges", map[string]string{"field": "/properties"})
	}
	if l.Properties, err = edgeProperties(body["properties"]); err != nil {
		return l, err
	}
	d, err := direction(req.Direction, query.Out)
	l.Direction = d
	return l, err
}

// keyEnd reads a source or target {label, key, where?} at at. Pairing by
// key needs key; manyToMany pairs every match of where, which it needs,
// and takes no key.
func keyEnd(raw json.RawMessage, at string, manyToMany bool) (label, key string, where *query.Search, err error) {
	var members map[string]json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &members) != nil || members == nil {
		return "", "", nil, badRequest("invalid_json", at[1:]+` is required: {"label", "key"}`, map[string]string{"field": at})
	}
	if err := onlyFieldsAt(members, at, manyEndFields...); err != nil {
		return "", "", nil, err
	}
	if json.Unmarshal(members["label"], &label) != nil || label == "" {
		return "", "", nil, badRequest("invalid_type", at[1:]+".label is required: a type", map[string]string{"field": at + "/label"})
	}
	if err := schema.CheckType(at+"/label", label); err != nil {
		return "", "", nil, err
	}
	if where, err = endWhere(label, members["where"]); err != nil {
		return "", "", nil, err
	}
	_, hasKey := members["key"]
	switch {
	case manyToMany && hasKey:
		return "", "", nil, badRequest("invalid_field", "manyToMany pairs every match of the filters: "+at[1:]+".key does not apply", map[string]string{"field": at + "/key"})
	case manyToMany && where == nil:
		return "", "", nil, badRequest("invalid_field", "manyToMany needs a where filter on "+at[1:], map[string]string{"field": at + "/where"})
	case manyToMany:
		return label, "", where, nil
	}
	if json.Unmarshal(members["key"], &key) != nil || key == "" {
		return "", "", nil, badRequest("invalid_property", at[1:]+".key is required: the property the records are paired by", map[string]string{"field": at + "/key"})
	}
	return label, key, where, schema.CheckProperty(at+"/key", key)
}

// endWhere reads the where filter of a source or target, as a search of
// its label reads it; nil when absent or empty.
func endWhere(label string, raw json.RawMessage) (*query.Search, error) {
	if isNull(raw) || string(bytes.TrimSpace(raw)) == "{}" {
		return nil, nil
	}
	body, _ := json.Marshal(map[string]any{"labels": []string{label}, "where": raw})
	q, err := query.ParseSearch(body)
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// notYet refuses the members of body (at JSON pointer at) that relgraph
// does not carry out yet.
func notYet(body map[string]json.RawMessage, at string, names []string) error {
	for _, name := range names {
		if raw, ok := body[name]; ok && !isNull(raw) {
			field := schema.Pointer(at, name)
			return badRequest("unsupported_field", field[1:]+" is not supported yet: filter the records with source.where and target.where", map[string]string{"field": field})
		}
	}
	return nil
}

// onlyFieldsAt is onlyFields for an object at JSON pointer at.
func onlyFieldsAt(body map[string]json.RawMessage, at string, allowed ...string) error {
	err := onlyFields(body, allowed...)
	if api, ok := err.(*apiError); ok {
		if d, ok := api.Details.(map[string]any); ok {
			d["field"] = at + d["field"].(string)
		}
	}
	return err
}
