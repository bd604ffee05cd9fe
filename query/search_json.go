package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/relgraph/relgraph/schema"
)

// A search body is decoded into a tree that keeps the order of object keys
// (orderBy fields apply in the order written, and conditions compile in the
// order written) and refuses duplicate keys. Values are object, []any,
// string, json.Number, bool or nil.

// object is a JSON object with its members in document order.
type object []member

type member struct {
	Key   string
	Value any
}

// get returns the value of key and whether the object has it.
func (o object) get(key string) (any, bool) {
	for _, m := range o {
		if m.Key == key {
			return m.Value, true
		}
	}
	return nil, false
}

// maxJSONDepth bounds the nesting of a search body.
const maxJSONDepth = 64

// decodeJSON reads exactly one JSON value from raw. Field prefixes the
// pointers of its errors.
func decodeJSON(raw []byte, field string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeValue(dec, field, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &schema.Error{Code: "invalid_json", Field: orRoot(field), Message: "the body holds more than one JSON value"}
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, field string, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, malformed(field, err)
	}
	delim, isDelim := tok.(json.Delim)
	if !isDelim {
		return tok, nil
	}
	if depth >= maxJSONDepth {
		return nil, &schema.Error{Code: "too_complex", Field: orRoot(field), Message: "the body is nested too deeply"}
	}
	switch delim {
	case '{':
		return decodeObject(dec, field, depth)
	case '[':
		return decodeArray(dec, field, depth)
	}
	return nil, malformed(field, errors.New("unexpected "+delim.String()))
}

func decodeObject(dec *json.Decoder, field string, depth int) (object, error) {
	obj := object{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, malformed(field, err)
		}
		key, _ := tok.(string)
		at := pointer(field, key)
		if _, dup := obj.get(key); dup {
			return nil, &schema.Error{Code: "duplicate_key", Field: at, Message: "the key " + quote(key) + " is given twice"}
		}
		v, err := decodeValue(dec, at, depth+1)
		if err != nil {
			return nil, err
		}
		obj = append(obj, member{Key: key, Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, malformed(field, err)
	}
	return obj, nil
}

func decodeArray(dec *json.Decoder, field string, depth int) ([]any, error) {
	list := []any{}
	for dec.More() {
		v, err := decodeValue(dec, index(field, len(list)), depth+1)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, malformed(field, err)
	}
	return list, nil
}

func malformed(field string, err error) error {
	msg := "malformed JSON"
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		msg = "malformed JSON: " + syntax.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		msg = "malformed JSON: unexpected end of the body"
	}
	return &schema.Error{Code: "invalid_json", Field: orRoot(field), Message: msg}
}

// pointer appends key to the JSON pointer field, escaped as RFC 6901 says.
func pointer(field, key string) string { return schema.Pointer(field, key) }

// index appends an array index to the JSON pointer field.
func index(field string, i int) string {
	return field + "/" + strconv.Itoa(i)
}

func orRoot(field string) string {
	if field == "" {
		return "/"
	}
	return field
}

// quote renders a request string for an error message, clipped.
func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
