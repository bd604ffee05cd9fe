package handlers

import (
	"encoding/json"
	"sort"

	"github.com/relgraph/relgraph/schema"
)

// edgeReserved are names an edge's properties bag may not use: in a
// relationship search, "type" and "direction" name the edge's relation
// property and direction.
var edgeReserved = map[string]bool{"type": true, "direction": true}

// edgeProperties reads an attach's properties bag (RushDB's edge
// properties): an object whose names pass schema.CheckProperty and whose
// values are strings, numbers, booleans, lists of one of them, or null
// (which removes the name from a stored edge). An ISO datetime string stays
// a string. Absent or null: nil.
func edgeProperties(raw json.RawMessage) (map[string]any, error) {
	if isNull(raw) {
		return nil, nil
	}
	v, err := decodeValue(raw, "/properties")
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest("invalid_properties", "properties must be an object of edge property values", map[string]string{"field": "/properties"})
	}
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	sort.Strings(names) // the first bad name is the same on every try
	bag := make(map[string]any, len(obj))
	for _, name := range names {
		at := schema.Pointer("/properties", name)
		if err := schema.CheckProperty(at, name); err != nil {
			return nil, err
		}
		if edgeReserved[name] {
			return nil, &schema.Error{Code: "reserved_property", Field: at,
				Message: `"type" and "direction" are the edge's own; an edge property cannot be named so`}
		}
		x, err := edgeValue(at, obj[name])
		if err != nil {
			return nil, err
		}
		bag[name] = x
	}
	return bag, nil
}

// edgeValue checks one value of an edge's properties bag and converts it to
// the stored form (numbers as int64 or float64).
func edgeValue(at string, v any) (any, error) {
	bad := badRequest("invalid_value", "an edge property is a string, number, boolean, a list of one of them, or null",
		map[string]string{"field": at})
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return nil, bad
	case []any:
		for _, item := range x {
			switch item.(type) {
			case nil, map[string]any, []any:
				return nil, bad
			}
		}
	}
	stored, _, err := schema.Value(at, "", v)
	return stored, err
}
