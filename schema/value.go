package schema

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"
)

// The property value types of the Collect API.
const (
	TypeString   = "string"
	TypeNumber   = "number"
	TypeBoolean  = "boolean"
	TypeDatetime = "datetime"
	TypeNull     = "null"
)

// The years of the datetimes Neo4j stores; a datetime outside them is
// refused before it reaches the database.
const (
	MinYear = -999_999_999
	MaxYear = 999_999_999
)

// Value turns a property value decoded from JSON (with json.Number for
// numbers) into the value relgraph stores, checking it against typ. An empty
// typ is inferred from the value. Arrays hold values of one type. The result
// is a string, int64, float64, bool, time.Time, nil, or a []any of one of them.
func Value(field, typ string, v any) (any, string, error) {
	if typ == "" {
		typ = inferType(v)
	}
	if err := CheckValueType(field, typ); err != nil {
		return nil, "", err
	}
	if list, ok := v.([]any); ok && typ != TypeNull {
		out := make([]any, len(list))
		for i, item := range list {
			x, err := scalar(field, typ, item)
			if err != nil {
				return nil, "", err
			}
			out[i] = x
		}
		return out, typ, nil
	}
	x, err := scalar(field, typ, v)
	return x, typ, err
}

// CheckValueType reports whether typ names a property type: string,
// number, boolean, datetime or null. field is the type's JSON pointer.
func CheckValueType(field, typ string) error {
	if !knownType(typ) {
		return invalid("invalid_type", field, "unknown property type %q (string, number, boolean, datetime, null)", clip(typ))
	}
	return nil
}

func knownType(typ string) bool {
	switch typ {
	case TypeString, TypeNumber, TypeBoolean, TypeDatetime, TypeNull:
		return true
	}
	return false
}

func inferType(v any) string {
	if list, ok := v.([]any); ok {
		if len(list) == 0 {
			return TypeString
		}
		v = list[0]
	}
	switch v.(type) {
	case json.Number, float64, int, int64:
		return TypeNumber
	case bool:
		return TypeBoolean
	case nil:
		return TypeNull
	case map[string]any:
		if isDateObject(v.(map[string]any)) {
			return TypeDatetime
		}
	}
	return TypeString
}

func scalar(field, typ string, v any) (any, error) {
	mismatch := func() error {
		return invalid("type_mismatch", field, "value does not match type %s", typ)
	}
	switch typ {
	case TypeNull:
		if v != nil {
			return nil, mismatch()
		}
		return nil, nil
	case TypeString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case TypeBoolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case TypeNumber:
		return number(v, mismatch)
	case TypeDatetime:
		t, err := datetime(v)
		switch {
		case err == nil:
			return t, nil
		case errors.Is(err, errYearRange):
			return nil, invalid("out_of_range", field, "a datetime's year runs from 0 to %d, the years Neo4j stores", MaxYear)
		}
		return nil, invalid("type_mismatch", field, "value is not an ISO 8601 datetime or a {$year, $month, …} object")
	}
	return nil, mismatch()
}

func number(v any, mismatch func() error) (any, error) {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, mismatch()
		}
		return f, nil
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), nil
		}
		return n, nil
	case int64:
		return n, nil
	case int:
		return int64(n), nil
	}
	return nil, mismatch()
}

// errNotDatetime and errYearRange say why a value is no datetime.
var (
	errNotDatetime = errors.New("schema: not a datetime")
	errYearRange   = errors.New("schema: a datetime's year out of range")
)

// datetime accepts an ISO 8601 string (date, or date and time with an
// optional zone; years 0000 to 9999) or the SDK's object form {$year,
// $month, $day, $hour, ...} ($year 0 to MaxYear).
func datetime(v any) (time.Time, error) {
	switch d := v.(type) {
	case string:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(d)); err == nil {
				// Stored as its UTC instant: the driver sends fixed-offset
				// zones in a form Neo4j 5.26 refuses.
				return t.UTC(), nil
			}
		}
	case map[string]any:
		return dateObject(d)
	}
	return time.Time{}, errNotDatetime
}

var dateFields = []string{"$year", "$month", "$day", "$hour", "$minute", "$second", "$millisecond", "$microsecond", "$nanosecond"}

func isDateObject(m map[string]any) bool {
	_, ok := m["$year"]
	return ok
}

func dateObject(m map[string]any) (time.Time, error) {
	if !isDateObject(m) {
		return time.Time{}, errNotDatetime
	}
	parts := make([]int, len(dateFields))
	parts[1], parts[2] = 1, 1
	for key := range m {
		i := indexOf(dateFields, key)
		if i < 0 {
			return time.Time{}, errNotDatetime
		}
		n, ok := m[key].(json.Number)
		if !ok {
			return time.Time{}, errNotDatetime
		}
		x, err := n.Int64()
		if i == 0 && (err != nil && isWhole(n) || err == nil && (x < 0 || x > MaxYear)) {
			return time.Time{}, errYearRange
		}
		if err != nil || x < 0 {
			return time.Time{}, errNotDatetime
		}
		parts[i] = int(x)
	}
	if parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59 ||
		parts[6] > 999 || parts[7] > 999 || parts[8] > 999 {
		return time.Time{}, errNotDatetime
	}
	nanos := parts[6]*1e6 + parts[7]*1e3 + parts[8]
	t := time.Date(parts[0], time.Month(parts[1]), parts[2], parts[3], parts[4], parts[5], nanos, time.UTC)
	if t.Day() != parts[2] {
		return time.Time{}, errNotDatetime
	}
	return t, nil
}

// isWhole says whether n is written as a whole number (too large, then,
// for an int64).
func isWhole(n json.Number) bool {
	s := strings.TrimPrefix(string(n), "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// TypeOf names the Collect type of a stored value (as read back from Neo4j).
func TypeOf(v any) string {
	if list, ok := v.([]any); ok {
		if len(list) == 0 {
			return TypeString
		}
		v = list[0]
	}
	switch v.(type) {
	case string:
		return TypeString
	case int64, float64:
		return TypeNumber
	case bool:
		return TypeBoolean
	case time.Time:
		return TypeDatetime
	case nil:
		return TypeNull
	}
	return TypeString
}
