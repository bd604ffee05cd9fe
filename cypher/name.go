package cypher

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Names in statement text. A type label or a property key that an index
// can serve must appear in the statement literally: Neo4j plans no index
// for a dynamic label ($(…)) or a dynamic key (n[$key]). Name is the one
// function that writes such a name into text; every name it is given has
// passed schema's checks first.

// Name renders name as a backtick-quoted Cypher identifier, a backtick
// inside it doubled. ok is false for a name it cannot quote safely: an
// empty name, one that is not valid UTF-8 or holds a NUL, and one that
// holds a backslash, since Cypher reads \u0060 inside backticks as a
// backtick that would end the identifier. A caller given !ok falls back to
// a parameter (n[$key]), which no index serves but which is always safe.
func Name(name string) (quoted string, ok bool) {
	if name == "" || !utf8.ValidString(name) || strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`", true
}

// mustName is Name for names relgraph's own checks admit only when Name can
// quote them (type labels): it panics otherwise, a bug in the caller.
func mustName(name string) string {
	q, ok := Name(name)
	if !ok {
		panic("cypher: unquotable name " + strconv.Quote(name))
	}
	return q
}
