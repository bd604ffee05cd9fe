package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/schema"
)

// Every JSON body is read strictly: it is one JSON object (null, a list or
// a scalar is a 400 pointing at "/"), and a top-level member the route does
// not take is a 400 unknown_field naming every such member, never dropped.
// A route whose body is a fixed struct reads it with decodeBody, which
// knows the members from the struct's json names; a route whose body has
// several forms (a record write, an import) reads it with bodyObject and
// names the members of the form it reads with onlyFields.

// decodeBody reads a JSON object body into the struct v points to,
// refusing a member that is none of the struct's json names (matched
// exactly, not ignoring case as encoding/json does), and keeping numbers
// exact.
func decodeBody(c echo.Context, v any) error {
	body, err := bodyObject(c)
	if err != nil {
		return err
	}
	if err := onlyFields(body, jsonNames(v)...); err != nil {
		return err
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	return nil
}

// jsonNames are the json member names of the struct v points to.
func jsonNames(v any) []string {
	t := reflect.TypeOf(v).Elem()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case !f.IsExported() || name == "-":
		case name == "":
			names = append(names, f.Name)
		default:
			names = append(names, name)
		}
	}
	return names
}

// bodyObject reads a JSON object body into its members.
func bodyObject(c echo.Context) (map[string]json.RawMessage, error) {
	var raw json.RawMessage
	if err := decode(c, &raw); err != nil {
		return nil, err
	}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' {
		return nil, badRequest("invalid_json", "the body must be a JSON object", map[string]string{"field": "/"})
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, badRequest("invalid_json", "malformed JSON", nil)
	}
	return members, nil
}

// onlyFields refuses the members of body that are not in allowed, naming
// every one of them.
func onlyFields(body map[string]json.RawMessage, allowed ...string) error {
	var unknown []string
	for k := range body {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	quoted := make([]string, len(unknown))
	for i, k := range unknown {
		quoted[i] = fmt.Sprintf("%q", clip(k, 64))
	}
	noun := "field"
	if len(unknown) > 1 {
		noun = "fields"
	}
	return badRequest("unknown_field", fmt.Sprintf("unknown %s %s: this body takes %s", noun, strings.Join(quoted, ", "), strings.Join(allowed, ", ")),
		map[string]any{"field": schema.Pointer("", unknown[0]), "fields": unknown})
}

// decode reads one JSON value of the request body into v, keeping numbers
// exact.
func decode(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return badRequest("invalid_json", "the body holds more than one JSON value", nil)
	}
	return nil
}

// decodeError is the answer to a body JSON could not decode.
func decodeError(err error) error {
	var httpErr *echo.HTTPError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &httpErr):
		return httpErr
	case errors.Is(err, io.EOF):
		return badRequest("invalid_json", "the request body is empty; send a JSON object", nil)
	case errors.As(err, &syntax):
		return badRequest("invalid_json", fmt.Sprintf("malformed JSON at byte %d", syntax.Offset), map[string]any{"offset": syntax.Offset})
	case errors.As(err, &typeErr):
		return badRequest("invalid_json", fmt.Sprintf("%s must be %s", pointer(typeErr.Field), typeErr.Type), map[string]string{"field": pointer(typeErr.Field)})
	}
	if err.Error() == "http: request body too large" {
		return echo.ErrStatusRequestEntityTooLarge
	}
	return badRequest("invalid_json", "malformed JSON", nil)
}

func pointer(field string) string {
	if field == "" {
		return "/"
	}
	out := "/"
	for i := 0; i < len(field); i++ {
		if field[i] == '.' {
			out += "/"
		} else {
			out += string(field[i])
		}
	}
	return out
}
