package schema

import "strings"

// TitleParts splits a representation template such as "{name} ({city})"
// into alternating literal and property segments, literal first:
// ["", "name", " (", "city", ")"]. An unclosed brace is literal text. An
// empty template gives nil: the type has no representation.
func TitleParts(template string) []string {
	if template == "" {
		return nil
	}
	parts, literal := []string{}, ""
	for rest := template; rest != ""; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			literal += rest
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			literal += rest
			break
		}
		literal += rest[:open]
		parts = append(parts, literal, rest[open+1:open+end])
		literal, rest = "", rest[open+end+1:]
	}
	return append(parts, literal)
}

// checkRepresentation applies the property name rules to the properties a
// representation template reads: a title never shows relgraph's own
// fields ({__project}, {__id}).
func checkRepresentation(at, template string) error {
	parts := TitleParts(template)
	for i := 1; i < len(parts); i += 2 {
		if err := CheckProperty(at, parts[i]); err != nil {
			return err
		}
	}
	return nil
}
