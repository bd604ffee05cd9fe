package schema

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The helpers below read a decoded JSON document (json.Number for numbers)
// strictly: every value is checked for its shape, every object for unknown
// keys, and every error names the offending field as a JSON pointer.

// readJSON reads a body: one JSON object (null is none), keeping numbers
// exact.
func readJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, invalid("invalid_json", "", "the body is not valid JSON")
	}
	if dec.More() {
		return nil, invalid("invalid_json", "", "the body holds more than one JSON value")
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, invalid("invalid_json", "/", "the body must be a JSON object")
	}
	return v, nil
}

// Pointer is the JSON pointer (RFC 6901) of key inside the value at
// pointer at: "~" and "/" in the key escaped.
func Pointer(at, key string) string {
	return at + "/" + pointerEscapes.Replace(key)
}

// pointerEscapes escapes a key for a JSON pointer; built once, since a
// Replacer is costly to build and safe to share.
var pointerEscapes = strings.NewReplacer("~", "~0", "/", "~1")

// child is the JSON pointer of key inside the value at at.
func child(at, key string) string { return Pointer(at, key) }

func item(at string, i int) string {
	return at + "/" + strconv.Itoa(i)
}

// object reads an object whose keys must all be among known.
func object(v any, at string, known ...string) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("invalid_option", at, "must be an object")
	}
	for _, k := range sortedKeys(m) {
		if !contains(known, k) {
			return nil, invalid("unknown_option", child(at, k), "unknown option %q", clip(k))
		}
	}
	return m, nil
}

// mapOf reads an object with any keys.
func mapOf(v any, at string) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("invalid_option", at, "must be an object")
	}
	return m, nil
}

func text(v any, at string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", invalid("invalid_option", at, "must be a string")
	}
	return s, nil
}

func flag(v any, at string) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, invalid("invalid_option", at, "must be true or false")
	}
	return b, nil
}

// count reads a whole number from 0 to 1<<31-1.
func count(v any, at string) (*int, error) {
	n, ok := v.(json.Number)
	i, err := n.Int64()
	if !ok || err != nil || i < 0 || i > math.MaxInt32 {
		return nil, invalid("invalid_option", at, "must be a whole number from 0 to %d", math.MaxInt32)
	}
	c := int(i)
	return &c, nil
}

func decimal(v any, at string) (*float64, error) {
	n, ok := v.(json.Number)
	f, err := n.Float64()
	if !ok || err != nil || math.IsInf(f, 0) {
		return nil, invalid("invalid_option", at, "must be a number")
	}
	return &f, nil
}

func texts(v any, at string) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, invalid("invalid_option", at, "must be a list of strings")
	}
	out := make([]string, len(list))
	for i, x := range list {
		s, err := text(x, item(at, i))
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	return indexOf(list, s) >= 0
}
