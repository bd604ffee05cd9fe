package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

func (a *api) recordRoutes(g *echo.Group) {
	read, write := a.require(graph.RoleRead), a.require(graph.RoleWrite)
	g.POST("/records", a.createOrFindRecords, read)
	g.GET("/records/:id", a.getRecord, a.notAnAction, read)
	g.PATCH("/records/:id", a.updateRecord, a.notAnAction, write)
	g.PUT("/records/:id", a.replaceRecord, a.notAnAction, write)
	g.DELETE("/records/:id", a.deleteRecord, a.notAnAction, write)
	g.GET("/records/:id/properties", a.recordProperties, read)
}

// notAnAction answers 405, with Allow, a method sent to one of the record
// collection's own paths (/records/search, /records/delete, …) that the
// path does not take: the router would otherwise read the path's last
// segment as a record id, and answer 404 for a request that only has the
// wrong method.
func (a *api) notAnAction(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		a.actionsOnce.Do(func() {
			methods := map[string][]string{}
			for _, r := range c.Echo().Routes() {
				name, ok := strings.CutPrefix(r.Path, "/api/v1/records/")
				if ok && name != "" && !strings.ContainsAny(name, "/:*") {
					methods[name] = append(methods[name], r.Method)
				}
			}
			a.actions = map[string]string{}
			for name, m := range methods {
				slices.Sort(m)
				a.actions[name] = strings.Join(m, ", ")
			}
		})
		allow := a.actions[c.Param("id")]
		if allow == "" {
			return next(c)
		}
		c.Response().Header().Set(echo.HeaderAllow, allow)
		return &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: fmt.Sprintf("%s does not take %s: it takes %s", c.Request().URL.Path, c.Request().Method, allow)}
	}
}

// maxProperties is the most properties one record may carry.
const maxProperties = 1000

// createOrFindRecords is POST /records: {ids} finds records; {label,
// properties} or {label, data, options?} creates one.
func (a *api) createOrFindRecords(c echo.Context) error {
	body, err := bodyObject(c)
	if err != nil {
		return err
	}
	if raw, found := body["ids"]; found {
		if err := onlyFields(body, "ids"); err != nil {
			return err
		}
		var ids []string
		if err := json.Unmarshal(raw, &ids); err != nil {
			return badRequest("invalid_json", "ids must be a list of record ids", map[string]string{"field": "/ids"})
		}
		return a.findRecords(c, ids)
	}
	if err := a.need(c, graph.RoleWrite); err != nil {
		return err
	}
	w, err := readWrite(body, createForm)
	if err != nil {
		return err
	}
	if w.Label == nil {
		return badRequest("invalid_type", "label is required", map[string]string{"field": "/label"})
	}
	if err := schema.CheckType("/label", *w.Label); err != nil {
		return err
	}
	if w.Merge != nil {
		return a.upsertRecord(c, *w.Label, w)
	}
	r, err := a.store.CreateRecord(c.Request().Context(), projectOf(c), *w.Label, w.Props)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, r)
}

// upsertRecord is POST /records with options.mergeBy or mergeStrategy:
// 201 with the record it created, or 200 with the record it updated.
func (a *api) upsertRecord(c echo.Context, label string, w recordWrite) error {
	r, created, err := a.store.UpsertRecord(c.Request().Context(), projectOf(c), label, w.Props, *w.Merge)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return ok(c, status, r)
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

// writeBody reads the body of PATCH (updateForm) or PUT (replaceForm): the
// properties, and a label that, when given, must be the record's own.
func (a *api) writeBody(c echo.Context, form writeForm) ([]graph.Property, error) {
	body, err := bodyObject(c)
	if err != nil {
		return nil, err
	}
	w, err := readWrite(body, form)
	if err != nil {
		return nil, err
	}
	return w.Props, a.labelOf(c, c.Param("id"), w.Label)
}

func (a *api) updateRecord(c echo.Context) error {
	props, err := a.writeBody(c, updateForm)
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
	props, err := a.writeBody(c, replaceForm)
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

// boolParam reads ?name=true|false; absent is false, and an empty value
// is refused like any other.
func boolParam(c echo.Context, name string) (bool, error) {
	values, given := c.QueryParams()[name]
	switch {
	case !given:
		return false, nil
	case len(values) == 1 && values[0] == "false":
		return false, nil
	case len(values) == 1 && values[0] == "true":
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
