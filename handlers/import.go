package handlers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// importRoutes are the bulk routes: POST /records/import/json is what the
// Collect SDK's records.createMany sends, and the RushDB SDKs' createMany,
// create_many and import_json; POST /records/import/csv is the RushDB
// Python SDK's import_csv.
func (a *api) importRoutes(g *echo.Group) {
	g.POST("/records/import/json", a.importJSON, a.require(graph.RoleWrite))
	g.POST("/records/import/csv", a.importCSV, a.require(graph.RoleWrite))
}

// maxImportRecords is the most records one import request creates,
// children included. Larger loads go through `relgraph import`.
const maxImportRecords = 100_000

// importFields are the members of a POST /records/import/json body:
// Collect sends payload, RushDB data (and format, when data is text).
var importFields = []string{"label", "payload", "data", "format", "options"}

// importJSON is POST /records/import/json: it creates the records the
// payload describes, children included, in one transaction, and answers
// with them (each record before its children) and their count in total,
// or, with returnResult false, only the count. With options.mergeBy or
// mergeStrategy it upserts flat records instead.
func (a *api) importJSON(c echo.Context) error {
	body, err := bodyObject(c)
	if err != nil {
		return err
	}
	if err := onlyFields(body, importFields...); err != nil {
		return err
	}
	label, opts, err := importHead(body)
	if err != nil {
		return err
	}
	items, at, err := importItems(body)
	if err != nil {
		return err
	}
	if label == nil {
		// RushDB's container form: {"LABEL": [objects…]} with no label.
		if label, items, at, err = container(items, at); err != nil {
			return err
		}
	}
	if err := schema.CheckType("/label", *label); err != nil {
		return err
	}
	imp := newImport(*label, opts)
	if err := addItems(imp, items, at); err != nil {
		return err
	}
	return a.runImport(c, imp, opts)
}

// importHead reads an import body's label (nil when absent) and options.
func importHead(body map[string]json.RawMessage) (*string, writeOptions, error) {
	label, err := readLabel(body["label"])
	if err != nil {
		return nil, writeOptions{}, err
	}
	opts, err := readWriteOptions(body["options"], true)
	return label, opts, err
}

func newImport(label string, opts writeOptions) *graph.Import {
	return graph.NewImport(label, graph.ImportOptions{
		AllStrings:       opts.allStrings,
		SkipEmpty:        opts.skipEmpty,
		ReturnRecords:    opts.returnResult,
		Merge:            opts.merge,
		RelationshipType: opts.relationshipType,
	})
}

// runImport writes imp and answers 201 with the records written (or none,
// when returnResult is false) and their count in total.
func (a *api) runImport(c echo.Context, imp *graph.Import, opts writeOptions) error {
	res, err := a.store.Import(c.Request().Context(), projectOf(c), imp)
	if err != nil {
		return err
	}
	data := res.Records
	if !opts.returnResult || data == nil {
		data = []graph.Record{}
	}
	total := res.Created + res.Updated
	return c.JSON(http.StatusCreated, envelope{Success: true, Data: data, Total: &total})
}

// importItems reads the objects of payload or data: a JSON value (format
// json, the default), or with format jsonl or ndjson a text of one JSON
// object per line. at is the JSON pointer of the member read.
func importItems(body map[string]json.RawMessage) (any, string, error) {
	raw, at := body["payload"], "/payload"
	if _, ok := body["data"]; ok {
		if _, both := body["payload"]; both {
			return nil, "", badRequest("conflicting_fields", "give the objects as data or as payload, not both", map[string]string{"field": "/data"})
		}
		raw, at = body["data"], "/data"
	}
	if isNull(raw) {
		return nil, "", badRequest("invalid_import", "data (or payload) is required: an object or an array of objects", map[string]string{"field": at})
	}
	format := "json"
	if !isNull(body["format"]) {
		if err := json.Unmarshal(body["format"], &format); err != nil {
			format = "?"
		}
	}
	switch format {
	case "json":
		v, err := decodeValue(raw, at)
		return v, at, err
	case "jsonl", "ndjson":
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, "", badRequest("invalid_import", "with format "+format+", "+at[1:]+" is a string of JSON objects, one per line", map[string]string{"field": at})
		}
		items, err := jsonLines(text, at)
		return items, at, err
	}
	return nil, "", badRequest("invalid_format", `format is "json", "jsonl" or "ndjson"`, map[string]string{"field": "/format"})
}

// jsonLines decodes one JSON value per non-blank line of text; a bad line
// is refused with the pointer at/N, N its line number counted from 0.
func jsonLines(text, at string) ([]any, error) {
	var items []any
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), len(text)+1)
	for n := 0; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		v, err := decodeValue(line, at+"/"+strconv.Itoa(n))
		if err != nil {
			return nil, badRequest("invalid_json", fmt.Sprintf("line %d is not one JSON value", n+1), map[string]string{"field": at + "/" + strconv.Itoa(n)})
		}
		items = append(items, v)
	}
	return items, nil
}

// container reads RushDB's {"LABEL": objectOrArray} form, which names the
// label when the body does not.
func container(items any, at string) (*string, any, string, error) {
	m, ok := items.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, nil, "", badRequest("invalid_type", `label is required, unless the data is {"LABEL": [objects…]}`, map[string]string{"field": "/label"})
	}
	var label string
	for key := range m {
		label = key // the only one
	}
	field := schema.Pointer(at, label)
	if err := schema.CheckType(field, label); err != nil {
		return nil, nil, "", err
	}
	return &label, m[label], field, nil
}

// addItems adds the objects of items (one object or an array of them),
// found at JSON pointer at, to imp, refusing more than maxImportRecords
// records.
func addItems(imp *graph.Import, items any, at string) error {
	list, isList := items.([]any)
	if !isList {
		list = []any{items}
	}
	for i, item := range list {
		field := at
		if isList {
			field += "/" + strconv.Itoa(i)
		}
		if err := imp.Add(item, field); err != nil {
			return err
		}
		if imp.Len() > maxImportRecords {
			return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_many_records",
				Message: fmt.Sprintf("one import creates at most %d records, children included; split the data, or load it with `relgraph import`", maxImportRecords),
				Details: map[string]any{"field": field, "max": maxImportRecords}}
		}
	}
	return nil
}
