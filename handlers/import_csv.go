package handlers

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/schema"
)

// csvFields are the members of a POST /records/import/csv body, as the
// RushDB Python SDK's import_csv sends it.
var csvFields = []string{"label", "data", "options", "parseConfig"}

// csvConfig is the parseConfig relgraph honours: a subset of PapaParse's.
type csvConfig struct {
	delimiter rune
	typed     bool // dynamicTyping (default true, unless suggestTypes is false)
}

// importCSV is POST /records/import/csv: {label, data: CSV text, options?,
// parseConfig?}. The first row names the properties; every other row
// becomes a record of type label, on the path of POST
// /records/import/json (one transaction, declared types enforced, upserts
// with options.mergeBy).
func (a *api) importCSV(c echo.Context) error {
	body, err := importBody(c)
	if err != nil {
		return err
	}
	if err := onlyFields(body.raw, csvFields...); err != nil {
		return err
	}
	label, opts, err := importHead(body.raw)
	if err != nil {
		return err
	}
	if label == nil {
		return badRequest("invalid_type", "label is required", map[string]string{"field": "/label"})
	}
	if err := schema.CheckType("/label", *label); err != nil {
		return err
	}
	text, ok := body.data.(string)
	if !ok {
		return badRequest("invalid_import", "data is required: the CSV text", map[string]string{"field": "/data"})
	}
	cfg, err := readCSVConfig(body.raw["parseConfig"])
	if err != nil {
		return err
	}
	rows, err := csvRows(text, cfg)
	if err != nil {
		return err
	}
	imp := newImport(*label, opts)
	if err := addItems(imp, rows, "/data"); err != nil {
		return err
	}
	return a.runImport(c, imp, opts)
}

// readCSVConfig reads parseConfig. Keys relgraph cannot honour, and values
// it does not carry out, are refused by name.
func readCSVConfig(raw json.RawMessage) (csvConfig, error) {
	cfg := csvConfig{delimiter: ',', typed: true}
	if isNull(raw) {
		return cfg, nil
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return cfg, badRequest("invalid_json", "parseConfig must be an object", map[string]string{"field": "/parseConfig"})
	}
	for _, key := range sortedKeys(m) {
		at := schema.Pointer("/parseConfig", key)
		v := m[key]
		bad := func(want string) error {
			return badRequest("unsupported_option", fmt.Sprintf("parseConfig.%s: relgraph reads %s", key, want), map[string]string{"field": at})
		}
		switch key {
		case "delimiter":
			s, _ := v.(string)
			r, size := utf8.DecodeRuneInString(s)
			if size == 0 || size != len(s) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
				return cfg, bad("one character (not a quote or a line break)")
			}
			cfg.delimiter = r
		case "header":
			if v != true {
				return cfg, bad("true only: the first row names the properties")
			}
		case "dynamicTyping":
			on, ok := v.(bool)
			if !ok {
				return cfg, bad("true or false")
			}
			cfg.typed = on
		case "skipEmptyLines":
			if v != true && v != "greedy" && v != false {
				return cfg, bad(`true, false or "greedy" (empty lines are always skipped)`)
			}
		case "quoteChar", "escapeChar":
			if v != `"` {
				return cfg, bad(`"\"" only`)
			}
		case "newline":
			if v != "\n" && v != "\r\n" && v != "" {
				return cfg, bad(`"\n" or "\r\n" (either is read)`)
			}
		default:
			return cfg, badRequest("unknown_option", fmt.Sprintf("unknown parseConfig key %q (delimiter, header, skipEmptyLines, dynamicTyping, quoteChar, escapeChar, newline)", clip(key, 64)), map[string]string{"field": at})
		}
	}
	return cfg, nil
}

// csvRows reads CSV text into one object per row after the header. A
// header is a property name, checked as in POST /records; with typed, a
// cell that reads as a number or a boolean becomes one.
func csvRows(text string, cfg csvConfig) ([]any, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = cfg.delimiter
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, badRequest("invalid_csv", "the CSV has no header row", map[string]string{"field": "/data"})
	}
	if err != nil {
		return nil, csvError(err)
	}
	seen := make(map[string]bool, len(header))
	for i, name := range header {
		at := "/data/header/" + strconv.Itoa(i)
		if err := schema.CheckProperty(at, name); err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, badRequest("duplicate_property", fmt.Sprintf("column %q is named twice", name), map[string]string{"field": at})
		}
		seen[name] = true
	}
	var rows []any
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		row := make(map[string]any, len(header))
		for i, cell := range cells {
			row[header[i]] = csvValue(cell, cfg.typed)
		}
		rows = append(rows, row)
	}
}

func csvValue(cell string, typed bool) any {
	switch {
	case !typed:
		return cell
	case isNumber(cell):
		return json.Number(cell)
	case cell == "true", cell == "false":
		return cell == "true"
	}
	return cell
}

// isNumber reports whether cell reads as a number: JSON's form of one,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, matched by hand (a
// regexp costs more than the rest of a cell's reading).
func isNumber(cell string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(cell) && cell[i] >= '0' && cell[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(cell) && cell[i] == '-' {
		i++
	}
	if n := digits(); n == 0 || (n > 1 && cell[i-n] == '0') {
		return false
	}
	if i < len(cell) && cell[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(cell) && (cell[i] == 'e' || cell[i] == 'E') {
		i++
		if i < len(cell) && (cell[i] == '+' || cell[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(cell)
}

// csvError is the answer to CSV encoding/csv cannot read.
func csvError(err error) error {
	var parse *csv.ParseError
	if errors.As(err, &parse) {
		return badRequest("invalid_csv", fmt.Sprintf("CSV line %d: %v", parse.Line, parse.Err), map[string]any{"field": "/data", "line": parse.Line})
	}
	return badRequest("invalid_csv", "the CSV cannot be read", map[string]string{"field": "/data"})
}

// sortedKeys lists the keys of m in order.
func sortedKeys(m map[string]any) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
