package cypher

import (
	"fmt"
	"strings"
	"unicode"
)

// An analyst's statement (POST /api/v1/cypher) is the one Cypher text
// relgraph runs that it did not write. The database runs it in read access
// mode, which refuses every write; CheckAnalyst refuses, before it is sent,
// what read access mode lets through but an analyst must not do.

// analystProcedures are the procedures an analyst's statement may CALL. They
// describe the database's schema (labels, types, keys, versions) and change
// nothing. Names compare case-insensitively.
var analystProcedures = map[string]bool{
	"db.labels":                    true,
	"db.relationshiptypes":         true,
	"db.propertykeys":              true,
	"db.schema.visualization":      true,
	"db.schema.nodetypeproperties": true,
	"db.schema.reltypeproperties":  true,
	"dbms.components":              true,
}

// RefusedError says why an analyst's statement is refused before it reaches
// the database.
type RefusedError struct {
	Reason string
}

func (e *RefusedError) Error() string { return "cypher: refused: " + e.Reason }

// showable are the SHOW commands an analyst may run: they list the schema.
var showable = map[string]bool{
	"INDEX": true, "INDEXES": true, "CONSTRAINT": true, "CONSTRAINTS": true,
	"PROCEDURE": true, "PROCEDURES": true, "FUNCTION": true, "FUNCTIONS": true,
}

// showModifiers are the words that may stand between SHOW and what it shows
// (SHOW RANGE INDEXES, SHOW NODE KEY CONSTRAINTS, SHOW USER DEFINED FUNCTIONS).
var showModifiers = map[string]bool{
	"ALL": true, "RANGE": true, "TEXT": true, "POINT": true, "LOOKUP": true, "FULLTEXT": true,
	"VECTOR": true, "UNIQUE": true, "UNIQUENESS": true, "KEY": true, "EXIST": true, "EXISTENCE": true,
	"NODE": true, "RELATIONSHIP": true, "REL": true, "PROPERTY": true, "TYPE": true,
	"BUILT": true, "IN": true, "USER": true, "DEFINED": true,
}

// CheckAnalyst refuses an analyst's statement that could do more than read
// the graph: LOAD CSV (it reads files and URLs), USE, TERMINATE, a CALL of a
// procedure outside analystProcedures, and SHOW commands other than SHOW
// INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS. Comments, string literals
// and backquoted names are removed first, so neither case, whitespace nor
// comments hide a keyword; a text it cannot read (an unterminated string or
// comment) is refused. A word is read as a keyword unless it follows `.`
// (a property key) or `:` (a label or type), or precedes `:` (a map key or
// a variable with a label), so a variable named `load` is refused too:
// backquote such names. Writes are left to the database.
func CheckAnalyst(text string) error {
	toks, err := tokenize(text)
	if err != nil {
		return err
	}
	for i, t := range toks {
		if !keywordAt(toks, i) {
			continue
		}
		switch strings.ToUpper(t.text) {
		case "LOAD":
			return &RefusedError{Reason: "LOAD CSV is refused: it reads files and URLs"}
		case "USE":
			return &RefusedError{Reason: "USE is refused: statements run against relgraph's database"}
		case "TERMINATE":
			return &RefusedError{Reason: "TERMINATE is refused"}
		case "SHOW":
			if err := checkShow(toks, i+1); err != nil {
				return err
			}
		case "CALL":
			if err := checkCall(toks, i+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkShow lets SHOW through only when, after modifiers, it names a kind of
// schema object.
func checkShow(toks []token, i int) error {
	for ; i < len(toks) && toks[i].kind == word; i++ {
		w := strings.ToUpper(toks[i].text)
		if showable[w] {
			return nil
		}
		if !showModifiers[w] {
			break
		}
	}
	return &RefusedError{Reason: "only SHOW INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS are allowed"}
}

// checkCall lets a CALL through when it opens a subquery (`CALL {`,
// `CALL (x) {`) or names an allowed procedure.
func checkCall(toks []token, i int) error {
	if i < len(toks) && toks[i].kind == punct && (toks[i].text == "{" || toks[i].text == "(") {
		return nil
	}
	var name []string
	for i < len(toks) && toks[i].kind == word {
		name = append(name, toks[i].text)
		if i+1 >= len(toks) || toks[i+1].text != "." {
			break
		}
		i += 2
	}
	proc := strings.Join(name, ".")
	if proc != "" && analystProcedures[strings.ToLower(proc)] {
		return nil
	}
	if proc == "" {
		return &RefusedError{Reason: "CALL must open a subquery or name an allowed procedure"}
	}
	return &RefusedError{Reason: fmt.Sprintf("procedure %s is not allowed; allowed: %s", proc, allowedList())}
}

func allowedList() string {
	return "db.labels, db.relationshipTypes, db.propertyKeys, db.schema.visualization, " +
		"db.schema.nodeTypeProperties, db.schema.relTypeProperties, dbms.components"
}

// keywordAt says whether the word at i could be a keyword: not a property
// key (after `.` that follows a name, a parameter or a bracket), a label or
// type (after `:`), nor a map key or labelled variable (before `:`).
func keywordAt(toks []token, i int) bool {
	if toks[i].kind != word {
		return false
	}
	if i > 0 && toks[i-1].text == ":" {
		return false
	}
	if i > 1 && toks[i-1].text == "." {
		switch before := toks[i-2]; {
		case before.kind == word, before.kind == quoted, before.kind == param,
			before.kind == punct && strings.Contains(")]}", before.text):
			return false
		}
	}
	return i+1 >= len(toks) || toks[i+1].text != ":"
}

type tokenKind int

const (
	word   tokenKind = iota // an identifier or keyword
	quoted                  // a backquoted name
	param                   // $name
	number                  // a numeric literal, with any dots and letters glued to it
	str                     // a string literal
	punct                   // any other character
)

type token struct {
	kind tokenKind
	text string
}

// tokenize splits a statement into tokens, dropping whitespace and comments.
// String and backquoted contents are kept out of the token text.
func tokenize(s string) ([]token, error) {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '/' && i+1 < len(rs) && rs[i+1] == '/':
			for i < len(rs) && rs[i] != '\n' && rs[i] != '\r' {
				i++
			}
		case r == '/' && i+1 < len(rs) && rs[i+1] == '*':
			end := i + 2
			for end+1 < len(rs) && (rs[end] != '*' || rs[end+1] != '/') {
				end++
			}
			if end+1 >= len(rs) {
				return nil, &RefusedError{Reason: "unterminated comment"}
			}
			i = end + 2
		case r == '\'' || r == '"':
			end, err := skipString(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: str})
			i = end
		case r == '`':
			end, err := skipQuoted(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: quoted})
			i = end
		case r == '$':
			j := i + 1
			if j < len(rs) && rs[j] == '`' {
				end, err := skipQuoted(rs, j)
				if err != nil {
					return nil, err
				}
				j = end
			} else {
				for j < len(rs) && identRune(rs[j]) {
					j++
				}
			}
			toks = append(toks, token{kind: param, text: string(rs[i:j])})
			i = j
		case isDigit(r) || r == '.' && i+1 < len(rs) && isDigit(rs[i+1]):
			j := skipNumber(rs, i)
			toks = append(toks, token{kind: number, text: string(rs[i:j])})
			i = j
		case identRune(r):
			j := i
			for j < len(rs) && identRune(rs[j]) {
				j++
			}
			toks = append(toks, token{kind: word, text: string(rs[i:j])})
			i = j
		default:
			toks = append(toks, token{kind: punct, text: string(r)})
			i++
		}
	}
	return toks, nil
}

func identRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// skipString returns the index after the string literal opening at i.
func skipString(rs []rune, i int) (int, error) {
	q := rs[i]
	for j := i + 1; j < len(rs); j++ {
		switch rs[j] {
		case '\\':
			j++
		case q:
			return j + 1, nil
		}
	}
	return 0, &RefusedError{Reason: "unterminated string"}
}

// skipQuoted returns the index after the backquoted name opening at i (a
// doubled backquote is one backquote of the name).
func skipQuoted(rs []rune, i int) (int, error) {
	for j := i + 1; j < len(rs); j++ {
		if rs[j] == '`' {
			if j+1 < len(rs) && rs[j+1] == '`' {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	return 0, &RefusedError{Reason: "unterminated backquoted name"}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// skipNumber returns the index after the numeric literal starting at i, read
// as Cypher reads one: 0x1F, 0o17, 1_000, 1.5, .5, 1e3, 1.5E-3. What
// follows (`1RETURN`) is the next token, as it is for Cypher.
func skipNumber(rs []rune, i int) int {
	digits := func(j int, ok func(rune) bool) int {
		for j < len(rs) && (ok(rs[j]) || rs[j] == '_') {
			j++
		}
		return j
	}
	if rs[i] == '0' && i+1 < len(rs) && (rs[i+1] == 'x' || rs[i+1] == 'X') {
		return digits(i+2, func(r rune) bool { return isDigit(r) || strings.ContainsRune("abcdefABCDEF", r) })
	}
	if rs[i] == '0' && i+1 < len(rs) && rs[i+1] == 'o' {
		return digits(i+2, func(r rune) bool { return r >= '0' && r <= '7' })
	}
	j := digits(i, isDigit)
	if j+1 < len(rs) && rs[j] == '.' && isDigit(rs[j+1]) {
		j = digits(j+1, isDigit)
	}
	if j < len(rs) && (rs[j] == 'e' || rs[j] == 'E') {
		k := j + 1
		if k < len(rs) && (rs[k] == '+' || rs[k] == '-') {
			k++
		}
		if k < len(rs) && isDigit(rs[k]) {
			j = digits(k, isDigit)
		}
	}
	return j
}
