package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// A record write body (POST /records, PATCH and PUT /records/{id}) comes in
// one of the forms the SDKs send:
//
//	Collect: {"label"?, "properties": [{"name", "type"?, "value"}] | {name: value}}
//	RushDB:  {"label"?, "data": {name: value}, "options"?: {…}}
//	flat:    {name: value, …, "label"?}   (PATCH only: the RushDB Python SDK's update)
//
// A member the form does not know is refused, never dropped: a body that
// names data the server would not store must not create or change a record.

// recordFields are the members of a Collect or RushDB record write body.
var recordFields = []string{"label", "properties", "data", "options"}

// recordWrite is a record write body, read.
type recordWrite struct {
	Label *string // nil when the body names none
	Props []graph.Property
	Merge *graph.Merge // an upsert's options.mergeBy and mergeStrategy
}

// wireProperty is one property as a body gives it.
type wireProperty struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value any    `json:"value"`

	nameAt, typeAt, valueAt string // JSON pointers, for errors
}

// writeForm is the write a record write body is read for.
type writeForm int

const (
	createForm  writeForm = iota // POST /records: may ask for an upsert
	updateForm                   // PATCH /records/{id}: takes the flat form too
	replaceForm                  // PUT /records/{id}: needs its properties
)

// readWrite reads a record write body from its members. For an update, a
// body holding neither data nor properties is the flat form: its members,
// but label, are the properties. A replace must give its properties (as
// properties or data, an empty list or object removing them all): a
// replace without them would silently empty the record.
func readWrite(body map[string]json.RawMessage, form writeForm) (recordWrite, error) {
	var w recordWrite
	_, hasData := body["data"]
	_, hasProps := body["properties"]
	if form == updateForm && !hasData && !hasProps {
		return readFlatBody(body)
	}
	if err := onlyFields(body, recordFields...); err != nil {
		return w, err
	}
	if hasData && hasProps {
		return w, badRequest("conflicting_fields", "give the properties as data (an object) or as properties, not both", map[string]string{"field": "/data"})
	}
	if form == replaceForm && isNull(body["data"]) && isNull(body["properties"]) {
		return w, badRequest("missing_properties", "a replace needs the record's new properties (as properties or data); an empty list or object removes them all", map[string]string{"field": "/properties"})
	}
	var err error
	if w.Label, err = readLabel(body["label"]); err != nil {
		return w, err
	}
	opts, err := readWriteOptions(body["options"], form == createForm)
	if err != nil {
		return w, err
	}
	w.Merge = opts.merge
	if opts.relationshipType != "" {
		return w, badRequest("unsupported_option", "options.relationshipType applies to the imports, whose nested objects become linked records", map[string]string{"field": "/options/relationshipType"})
	}
	var list []wireProperty
	if hasData {
		list, err = objectProperties(body["data"], "/data")
	} else {
		list, err = properties(body["properties"])
	}
	if err != nil {
		return w, err
	}
	if list, err = opts.apply(list); err != nil {
		return w, err
	}
	w.Props, err = typed(list)
	return w, err
}

// readFlatBody reads the flat form: every member but label is a property.
func readFlatBody(body map[string]json.RawMessage) (recordWrite, error) {
	var w recordWrite
	var err error
	if w.Label, err = readLabel(body["label"]); err != nil {
		return w, err
	}
	list := make([]wireProperty, 0, len(body))
	for _, name := range sortedNames(body) {
		if name == "label" {
			continue
		}
		v, err := decodeValue(body[name], schema.Pointer("", name))
		if err != nil {
			return w, err
		}
		at := schema.Pointer("", name)
		list = append(list, wireProperty{Name: name, Value: v, nameAt: at, valueAt: at})
	}
	w.Props, err = typed(list)
	return w, err
}

// readLabel reads label: a string, or absent (null is absent).
func readLabel(raw json.RawMessage) (*string, error) {
	if isNull(raw) {
		return nil, nil
	}
	var label string
	if err := json.Unmarshal(raw, &label); err != nil {
		return nil, badRequest("invalid_json", "/label must be string", map[string]string{"field": "/label"})
	}
	return &label, nil
}

// properties reads `properties`, either the Collect list
// [{name, type, value}] or a flat object {name: value} with inferred types.
func properties(raw json.RawMessage) ([]wireProperty, error) {
	raw = bytes.TrimSpace(raw)
	if isNull(raw) {
		return nil, nil
	}
	if raw[0] == '{' {
		return objectProperties(raw, "/properties")
	}
	var list []wireProperty
	var members []map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&list) != nil || json.Unmarshal(raw, &members) != nil {
		return nil, badRequest("invalid_json", "properties must be a list of {name, type, value} or an object", map[string]string{"field": "/properties"})
	}
	for i := range list {
		at := fmt.Sprintf("/properties/%d", i)
		// Members are matched by their exact names: Go's decoder would
		// also take "NAME" for name, and drop any other member unread.
		if err := onlyFieldsAt(members[i], at, "name", "type", "value"); err != nil {
			return nil, err
		}
		list[i].nameAt, list[i].typeAt, list[i].valueAt = at+"/name", at+"/type", at+"/value"
	}
	return list, nil
}

// objectProperties reads a flat object {name: value} found at at (data,
// or properties in its object form), in name order.
func objectProperties(raw json.RawMessage, at string) ([]wireProperty, error) {
	if isNull(raw) {
		return nil, nil
	}
	var members map[string]json.RawMessage
	if bytes.TrimSpace(raw)[0] != '{' || json.Unmarshal(raw, &members) != nil {
		return nil, badRequest("invalid_json", at[1:]+" must be an object {name: value}", map[string]string{"field": at})
	}
	list := make([]wireProperty, 0, len(members))
	for _, name := range sortedNames(members) {
		field := schema.Pointer(at, name)
		v, err := decodeValue(members[name], field)
		if err != nil {
			return nil, err
		}
		list = append(list, wireProperty{Name: name, Value: v, nameAt: field, valueAt: field})
	}
	return list, nil
}

// typed checks the properties and turns their values into stored values:
// a given type is checked, a missing one inferred from the JSON value
// (string, number, boolean, null; a datetime only when the type says so,
// or for a {$year, …} object).
func typed(list []wireProperty) ([]graph.Property, error) {
	if len(list) > maxProperties {
		return nil, badRequest("too_many_properties", fmt.Sprintf("a record has at most %d properties", maxProperties), nil)
	}
	seen := make(map[string]bool, len(list))
	out := make([]graph.Property, 0, len(list))
	for _, p := range list {
		if err := schema.CheckProperty(p.nameAt, p.Name); err != nil {
			return nil, err
		}
		if seen[p.Name] {
			return nil, badRequest("duplicate_property", fmt.Sprintf("property %q is given twice", p.Name), map[string]string{"field": p.nameAt})
		}
		seen[p.Name] = true
		if m, isObj := p.Value.(map[string]any); isObj && m["$year"] == nil {
			return nil, badRequest("nested_value", "a property value cannot be an object; import nested data with POST /records/import/json", map[string]string{"field": p.valueAt})
		}
		if p.Type != "" {
			if err := schema.CheckValueType(p.typeAt, p.Type); err != nil {
				return nil, err
			}
		}
		v, typ, err := schema.Value(p.valueAt, p.Type, p.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, graph.Property{Name: p.Name, Type: typ, Value: v})
	}
	return out, nil
}

// apply carries out the options on the properties read: skipEmptyValues
// drops "" and [] values; suggestTypes: false makes every untyped value a
// string.
func (o writeOptions) apply(list []wireProperty) ([]wireProperty, error) {
	out := list[:0]
	for _, p := range list {
		if o.skipEmpty && graph.IsEmpty(p.Value) {
			continue
		}
		if o.allStrings && p.Type == "" {
			s, err := graph.AsStrings(p.Value, p.valueAt)
			if err != nil {
				return nil, err
			}
			p.Type, p.Value = schema.TypeString, s
		}
		out = append(out, p)
	}
	return out, nil
}

// decodeValue decodes one JSON value, numbers as json.Number.
func decodeValue(raw json.RawMessage, at string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, badRequest("invalid_json", "malformed value", map[string]string{"field": at})
	}
	return v, nil
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

func sortedNames(m map[string]json.RawMessage) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// labelOf checks that label, when a PATCH or PUT names one, is the type of
// record id: a record's type cannot change.
func (a *api) labelOf(c echo.Context, id string, label *string) error {
	if label == nil || *label == "" {
		return nil
	}
	r, err := a.store.Record(c.Request().Context(), projectOf(c), id)
	if err != nil {
		return err
	}
	if r.Type != *label {
		return &apiError{Status: http.StatusConflict, Code: "label_conflict",
			Message: "a record's type cannot change: this record is a " + r.Type, Details: map[string]string{"field": "/label"}}
	}
	return nil
}
