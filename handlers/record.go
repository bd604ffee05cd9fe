package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

func (a *api) recordRoutes(g *echo.Group) {
	read, write := a.require(graph.RoleRead), a.require(graph.RoleWrite)
	g.POST("/records", a.createOrFindRecords, read)
	g.GET("/records/:id", a.getRecord, read)
	g.PATCH("/records/:id", a.updateRecord, write)
	g.PUT("/records/:id", a.replaceRecord, write)
	g.DELETE("/records/:id", a.deleteRecord, write)
	g.GET("/records/:id/properties", a.recordProperties, read)
}

// maxProperties is the most properties one record may carry.
const maxProperties = 1000

// recordBody is the body of POST /records (create, or find by ids) and of
// PATCH and PUT /records/{id}.
type recordBody struct {
	Label      *string         `json:"label"`
	Properties json.RawMessage `json:"properties"`
	IDs        []string        `json:"ids"`
}

// wireProperty is one property in the Collect list form.
type wireProperty struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// properties reads `properties`, either the Collect list
// [{name, type, value}] or a flat object {name: value} with inferred types.
func properties(raw json.RawMessage) ([]graph.Property, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []wireProperty
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if raw[0] == '{' {
		var flat map[string]any
		if err := dec.Decode(&flat); err != nil {
			return nil, badRequest("invalid_json", "properties must be a list of {name, type, value} or an object", map[string]string{"field": "/properties"})
		}
		for name, v := range flat {
			list = append(list, wireProperty{Name: name, Value: v})
		}
	} else if err := dec.Decode(&list); err != nil {
		return nil, badRequest("invalid_json", "properties must be a list of {name, type, value} or an object", map[string]string{"field": "/properties"})
	}
	return typed(list)
}

func typed(list []wireProperty) ([]graph.Property, error) {
	if len(list) > maxProperties {
		return nil, badRequest("too_many_properties", fmt.Sprintf("a record has at most %d properties", maxProperties), nil)
	}
	seen := make(map[string]bool, len(list))
	out := make([]graph.Property, 0, len(list))
	for i, p := range list {
		field := fmt.Sprintf("/properties/%d", i)
		if err := schema.CheckProperty(field+"/name", p.Name); err != nil {
			return nil, err
		}
		if seen[p.Name] {
			return nil, badRequest("duplicate_property", fmt.Sprintf("property %q is given twice", p.Name), map[string]string{"field": field})
		}
		seen[p.Name] = true
		if m, isObj := p.Value.(map[string]any); isObj && m["$year"] == nil {
			return nil, badRequest("nested_value", "a property value cannot be an object; import nested data with POST /records/import/json", map[string]string{"field": field + "/value"})
		}
		v, typ, err := schema.Value(field+"/value", p.Type, p.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, graph.Property{Name: p.Name, Type: typ, Value: v})
	}
	return out, nil
}

// createOrFindRecords is POST /records: {ids} finds records, {label,
// properties} creates one.
func (a *api) createOrFindRecords(c echo.Context) error {
	var req recordBody
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.IDs != nil {
		return a.findRecords(c, req.IDs)
	}
	if err := a.need(c, graph.RoleWrite); err != nil {
		return err
	}
	if req.Label == nil {
		return badRequest("invalid_type", "label is required", map[string]string{"field": "/label"})
	}
	if err := schema.CheckType("/label", *req.Label); err != nil {
		return err
	}
	props, err := properties(req.Properties)
	if err != nil {
		return err
	}
	r, err := a.store.CreateRecord(c.Request().Context(), projectOf(c), *req.Label, props)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, r)
}

func (a *api) findRecords(c echo.Context, ids []string) error {
	if len(ids) > maxLimit {
		return badRequest("too_many_ids", fmt.Sprintf("at most %d ids at once", maxLimit), map[string]string{"field": "/ids"})
	}
	records, err := a.store.Records(c.Request().Context(), projectOf(c), ids)
	if err != nil {
		return err
	}
	return list(c, records, len(records))
}

// need checks the request's token has a role that includes need.
func (a *api) need(c echo.Context, need graph.Role) error {
	if !c.Get(tokenKey).(graph.Token).Role.Allows(need) {
		return errRole(need)
	}
	return nil
}

func (a *api) getRecord(c echo.Context) error {
	r, err := a.store.Record(c.Request().Context(), projectOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, r)
}

// writeBody reads the body of PATCH and PUT: the properties, and a label
// that, when given, must be the record's own.
func (a *api) writeBody(c echo.Context) ([]graph.Property, error) {
	var req recordBody
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	props, err := properties(req.Properties)
	if err != nil || req.Label == nil || *req.Label == "" {
		return props, err
	}
	r, err := a.store.Record(c.Request().Context(), projectOf(c), c.Param("id"))
	if err != nil {
		return nil, err
	}
	if r.Type != *req.Label {
		return nil, &apiError{Status: http.StatusConflict, Code: "label_conflict",
			Message: "a record's type cannot change: this record is a " + r.Type, Details: map[string]string{"field": "/label"}}
	}
	return props, nil
}

func (a *api) updateRecord(c echo.Context) error {
	props, err := a.writeBody(c)
	if err != nil {
		return err
	}
	r, err := a.store.UpdateRecord(c.Request().Context(), projectOf(c), c.Param("id"), props)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, r)
}

func (a *api) replaceRecord(c echo.Context) error {
	props, err := a.writeBody(c)
	if err != nil {
		return err
	}
	r, err := a.store.ReplaceRecord(c.Request().Context(), projectOf(c), c.Param("id"), props)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, r)
}

// deleteRecord is DELETE /records/{id}: the record, its edges, and what
// the onDelete rules of declared types take with it. With ?dryRun=true it
// removes nothing and answers with what it would remove.
func (a *api) deleteRecord(c echo.Context) error {
	id := c.Param("id")
	dryRun, err := boolParam(c, "dryRun")
	if err != nil {
		return err
	}
	removal, err := a.store.Delete(c.Request().Context(), projectOf(c), id, dryRun)
	if err != nil {
		return err
	}
	if dryRun {
		return ok(c, http.StatusOK, removal)
	}
	return ok(c, http.StatusOK, message{Message: "Record " + id + " has been successfully deleted"})
}

// boolParam reads ?name=true|false; absent is false.
func boolParam(c echo.Context, name string) (bool, error) {
	switch c.QueryParam(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, badRequest("invalid_parameter", name+" must be true or false", map[string]string{"field": name})
}

func (a *api) recordProperties(c echo.Context) error {
	r, err := a.store.Record(c.Request().Context(), projectOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, r.PropertyTypes())
}
