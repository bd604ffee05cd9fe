package query

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

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
// pointers of its errors. It reads tokens with jsontext, which allocates
// little: a search body is parsed on every request.
func decodeJSON(raw []byte, field string) (any, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true))
	v, err := decodeValue(dec, field, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, &schema.Error{Code: "invalid_json", Field: orRoot(field), Message: "the body holds more than one JSON value"}
	}
	return v, nil
}

func decodeValue(dec *jsontext.Decoder, field string, depth int) (any, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, malformed(field, err)
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
	}
	if depth >= maxJSONDepth {
		return nil, &schema.Error{Code: "too_complex", Field: orRoot(field), Message: "the body is nested too deeply"}
	}
	if tok.Kind() == '{' {
		return decodeObject(dec, field, depth)
	}
	return decodeArray(dec, field, depth) // '[': the decoder admits no other token here
}

func decodeObject(dec *jsontext.Decoder, field string, depth int) (object, error) {
	obj := object{}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, malformed(field, err)
		}
		key := tok.String()
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
	if _, err := dec.ReadToken(); err != nil {
		return nil, malformed(field, err)
	}
	return obj, nil
}

func decodeArray(dec *jsontext.Decoder, field string, depth int) ([]any, error) {
	list := []any{}
	for dec.PeekKind() != ']' {
		v, err := decodeValue(dec, index(field, len(list)), depth+1)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, malformed(field, err)
	}
	return list, nil
}

func malformed(field string, err error) error {
	msg := "malformed JSON"
	var syntax *jsontext.SyntacticError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		msg = "malformed JSON: unexpected end of the body"
	case errors.As(err, &syntax):
		msg = "malformed JSON: " + syntax.Err.Error()
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
