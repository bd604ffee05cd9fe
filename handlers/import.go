package handlers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// importRoutes are the bulk routes: POST /records/import/json is what the
// Collect SDK's records.createMany sends, and the RushDB SDKs' createMany,
// create_many and import_json; POST /records/import/csv is the RushDB
// Python SDK's import_csv. Both share one budget of bodies in flight
// (importLimit).
func (a *api) importRoutes(g *echo.Group) {
	g.POST("/records/import/json", a.importJSON, a.require(graph.RoleWrite))
	g.POST("/records/import/csv", a.importCSV, a.require(graph.RoleWrite))
}

// importFields are the members of a POST /records/import/json body:
// Collect sends payload, RushDB data (and format, when data is text).
var importFields = []string{"label", "payload", "data", "format", "options"}

// importJSON is POST /records/import/json: it creates the records the
// payload describes, children included, in one transaction, and answers
// with them (each record before its children) and their count in total,
// or, with returnResult false, only the count. With options.mergeBy or
// mergeStrategy it upserts flat records instead.
func (a *api) importJSON(c echo.Context) error {
	body, err := importBody(c)
	if err != nil {
		return err
	}
	if err := onlyFields(body.raw, importFields...); err != nil {
		return err
	}
	label, opts, err := importHead(body.raw)
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
	return answerJSON(c, http.StatusCreated, envelope{Success: true, Data: data, Total: &total})
}

// importItems reads the objects of payload or data: a JSON value (format
// json, the default), or with format jsonl or ndjson a text of one JSON
// object per line. at is the JSON pointer of the member read.
func importItems(body importMembers) (any, string, error) {
	v, at := body.payload, "/payload"
	if body.has("data") {
		if body.has("payload") {
			return nil, "", badRequest("conflicting_fields", "give the objects as data or as payload, not both", map[string]string{"field": "/data"})
		}
		v, at = body.data, "/data"
	}
	if v == nil {
		return nil, "", badRequest("invalid_import", "data (or payload) is required: an object or an array of objects", map[string]string{"field": at})
	}
	format := "json"
	if !isNull(body.raw["format"]) {
		if err := json.Unmarshal(body.raw["format"], &format); err != nil {
			format = "?"
		}
	}
	switch format {
	case "json":
		return v, at, nil
	case "jsonl", "ndjson":
		text, ok := v.(string)
		if !ok {
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
	dec := jsontext.NewDecoder(bytes.NewReader(nil))
	for n := 0; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		dec.Reset(bytes.NewReader(line), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
		v, err := readTree(dec, 0)
		if err == nil {
			err = atEnd(dec)
		}
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

// importMembers is an import body read in one pass: the members that hold
// the objects (payload, data) as decoded values, the others as they were
// sent, for the readers of options.
type importMembers struct {
	raw           map[string]json.RawMessage // every member; nil for payload and data
	payload, data any
}

func (b importMembers) has(name string) bool {
	_, ok := b.raw[name]
	return ok
}

// importBody reads an import body: a JSON object. It decodes the large
// members once, straight into values (numbers as json.Number), where
// bodyObject would read the body three times.
func importBody(c echo.Context) (importMembers, error) {
	b := importMembers{raw: map[string]json.RawMessage{}}
	text, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return b, decodeError(err)
	}
	if text = bytes.TrimSpace(text); len(text) == 0 {
		return b, decodeError(io.EOF)
	}
	if text[0] != '{' {
		return b, badRequest("invalid_json", "the body must be a JSON object", map[string]string{"field": "/"})
	}
	dec := jsontext.NewDecoder(bytes.NewReader(text), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if _, err := dec.ReadToken(); err != nil {
		return b, malformedBody(err)
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return b, malformedBody(err)
		}
		name := tok.String()
		switch name {
		case "payload", "data":
			v, err := readTree(dec, 0)
			if err != nil {
				return b, malformedBody(err)
			}
			if name == "payload" {
				b.payload = v
			} else {
				b.data = v
			}
			b.raw[name] = nil
		default:
			v, err := dec.ReadValue()
			if err != nil {
				return b, malformedBody(err)
			}
			b.raw[name] = json.RawMessage(bytes.Clone(v))
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return b, malformedBody(err)
	}
	if err := atEnd(dec); err != nil {
		return b, err
	}
	return b, nil
}

// maxTreeDepth bounds the nesting of a decoded value, as encoding/json
// does.
const maxTreeDepth = 10000

// readTree decodes the next value of dec as encoding/json decodes into
// any with UseNumber: map[string]any, []any, string, json.Number, bool or
// nil; the last of duplicate names wins.
func readTree(dec *jsontext.Decoder, depth int) (any, error) {
	if depth > maxTreeDepth {
		return nil, errTooDeep
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't', 'f':
		return tok.Bool(), nil
	case 'n':
		return nil, nil
	case '{':
		m := map[string]any{}
		for dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			if m[name.String()], err = readTree(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := dec.ReadToken()
		return m, err
	}
	list := []any{} // '[': the decoder admits no other token here
	for dec.PeekKind() != ']' {
		v, err := readTree(dec, depth+1)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	_, err = dec.ReadToken()
	return list, err
}

var errTooDeep = errors.New("handlers: JSON nested too deeply")

// atEnd refuses anything after the value dec read.
func atEnd(dec *jsontext.Decoder) error {
	if _, err := dec.ReadToken(); err != io.EOF {
		return badRequest("invalid_json", "the body holds more than one JSON value", nil)
	}
	return nil
}

// malformedBody is the answer to a body jsontext cannot read, as
// decodeError answers encoding/json's errors.
func malformedBody(err error) error {
	var syntax *jsontext.SyntacticError
	if errors.As(err, &syntax) {
		return badRequest("invalid_json", fmt.Sprintf("malformed JSON at byte %d", syntax.ByteOffset), map[string]any{"offset": syntax.ByteOffset})
	}
	return badRequest("invalid_json", "malformed JSON", nil)
}
