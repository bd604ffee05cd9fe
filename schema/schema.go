// Package schema holds relgraph's rules about names and values: which type
// labels and property names are valid, and how a typed property value from a
// client becomes a stored value. It imports nothing internal.
package schema

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is a rule a request broke. Code is stable for clients; Field points at
// the offending part of the request (a JSON pointer or a property name).
// Violation marks schema rules (422); otherwise the request itself is invalid
// (400).
type Error struct {
	Code      string
	Field     string
	Message   string
	Violation bool
}

func (e *Error) Error() string {
	if e.Field == "" {
		return "schema: " + e.Message
	}
	return fmt.Sprintf("schema: %s: %s", e.Field, e.Message)
}

func invalid(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

var identifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)

// reservedTypes are labels relgraph itself uses in the graph.
var reservedTypes = map[string]bool{"Record": true, "Project": true, "Token": true, "Migration": true, "RecordType": true}

// CheckType reports whether name is a valid record type id: it matches
// ^[A-Za-z][A-Za-z0-9_]{0,63}$ and is not one of relgraph's own labels.
func CheckType(field, name string) error {
	if !identifier.MatchString(name) {
		return invalid("invalid_type", field, "type %q must match ^[A-Za-z][A-Za-z0-9_]{0,63}$", clip(name))
	}
	if reservedTypes[name] {
		return invalid("reserved_type", field, "type %q is reserved by relgraph", name)
	}
	return nil
}

// CheckRelation reports whether name is a valid relation property name: not
// one of relgraph's own fields, and the same identifier rule as types.
func CheckRelation(field, name string) error {
	if ownField(name) {
		return reserved(field)
	}
	if !identifier.MatchString(name) {
		return invalid("invalid_relation", field, "relation property %q must match ^[A-Za-z][A-Za-z0-9_]{0,63}$", clip(name))
	}
	return nil
}

// MaxPropertyName is the longest property name a record may carry.
const MaxPropertyName = 256

// CheckProperty reports whether name may be a record's scalar property:
// non-empty, at most MaxPropertyName bytes of printable UTF-8, and not one
// of relgraph's own fields. Every name a client gives for a property passes
// it (or CheckRelation): in a body, a path, a query, a CSV header, a
// search, select or sort key, an edge's bag, a type declaration or a
// representation template.
func CheckProperty(field, name string) error {
	switch {
	case name == "":
		return invalid("invalid_property", field, "property name is empty")
	case len(name) > MaxPropertyName:
		return invalid("invalid_property", field, "property name is longer than %d bytes", MaxPropertyName)
	case ownField(name):
		return reserved(field)
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return invalid("invalid_property", field, "property names hold printable UTF-8 only")
	}
	return nil
}

// ownField reports whether name is kept for relgraph's own fields of a
// record node (__id, __project, __label, __proptypes, __nulls, __lock, …):
// every name starting with "__" is, so a field relgraph adds later is
// never a client's. The one rule behind CheckProperty and CheckRelation.
func ownField(name string) bool { return strings.HasPrefix(name, "__") }

func reserved(field string) error {
	return invalid("reserved_property", field, "names starting with __ are reserved for relgraph's own fields")
}

// LinksProperty is the relation property a relation written without a name
// belongs to.
const LinksProperty = "links"

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
