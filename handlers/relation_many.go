package handlers

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/cypher"
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
// target. where and manyToMany (true) are RushDB's, which relgraph does
// not carry out yet: they are refused by name, never ignored.
var (
	manyFields     = []string{"source", "target", "type", "direction", "where", "manyToMany", "properties"}
	manyEndFields  = []string{"label", "key", "where"}
	manyNotYet     = []string{"where", "manyToMany"}
	manyEndsNotYet = []string{"where"}
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
	if l.Join.Source, l.Join.SourceKey, err = keyEnd(body["source"], "/source"); err != nil {
		return l, err
	}
	if l.Join.Target, l.Join.TargetKey, err = keyEnd(body["target"], "/target"); err != nil {
		return l, err
	}
	var req struct {
		Type      *string `json:"type"`
		Direction *string `json:"direction"`
	}
	raw, _ := json.Marshal(map[string]json.RawMessage{"type": body["type"], "direction": body["direction"]})
	if err := json.Unmarshal(raw, &req); err != nil {
		return l, decodeError(err)
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
	l.Direction = cypher.Direction(d)
	return l, err
}

// keyEnd reads a source or target {label, key} at at.
func keyEnd(raw json.RawMessage, at string) (label, key string, err error) {
	var members map[string]json.RawMessage
	if isNull(raw) || json.Unmarshal(raw, &members) != nil || members == nil {
		return "", "", badRequest("invalid_json", at[1:]+` is required: {"label", "key"}`, map[string]string{"field": at})
	}
	if err := onlyFieldsAt(members, at, manyEndFields...); err != nil {
		return "", "", err
	}
	if err := notYet(members, at, manyEndsNotYet); err != nil {
		return "", "", err
	}
	if json.Unmarshal(members["label"], &label) != nil || label == "" {
		return "", "", badRequest("invalid_type", at[1:]+".label is required: a type", map[string]string{"field": at + "/label"})
	}
	if err := schema.CheckType(at+"/label", label); err != nil {
		return "", "", err
	}
	if json.Unmarshal(members["key"], &key) != nil || key == "" {
		return "", "", badRequest("invalid_property", at[1:]+".key is required: the property the records are paired by", map[string]string{"field": at + "/key"})
	}
	return label, key, schema.CheckProperty(at+"/key", key)
}

// notYet refuses the members of body (at JSON pointer at) that relgraph
// does not carry out yet.
func notYet(body map[string]json.RawMessage, at string, names []string) error {
	for _, name := range names {
		if raw, ok := body[name]; ok && !isNull(raw) && !(name == "manyToMany" && string(raw) == "false") {
			field := schema.Pointer(at, name)
			return badRequest("unsupported_field", field[1:]+" is not supported yet: pair the records by source.key and target.key", map[string]string{"field": field})
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
