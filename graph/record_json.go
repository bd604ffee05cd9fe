package graph

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Records are most of what relgraph answers, a page of a hundred at a
// time, so they are written to JSON by hand: encoding/json would build a
// map per record, sort its keys through reflection, then scan the output
// of MarshalJSON again to compact it. AppendJSON writes exactly the bytes
// json.Marshal writes for the record's wire form (keys sorted, <, > and &
// escaped), and hands the rare value it has no fast path for (text needing
// escapes, a float without a JSON form) to encoding/json itself.

// AppendJSON appends the record in the Collect flat form, {"__id",
// "__label", "__proptypes", ...properties} with the keys in sorted order,
// to b.
func (r Record) AppendJSON(b []byte) ([]byte, error) {
	keys := append(slices.Collect(maps.Keys(r.Props)), "__id", "__label", "__proptypes")
	return appendObject(b, keys, func(b []byte, k string) ([]byte, error) {
		switch k {
		case "__id":
			return appendJSONString(b, r.ID)
		case "__label":
			return appendJSONString(b, r.Type)
		case "__proptypes":
			return appendStringMap(b, r.Types)
		}
		return appendJSONValue(b, r.Props[k])
	})
}

// appendObject appends a JSON object of keys, sorted as encoding/json
// sorts a map's, each value written by value.
func appendObject(b []byte, keys []string, value func(b []byte, key string) ([]byte, error)) ([]byte, error) {
	slices.Sort(keys)
	b = append(b, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendJSONString(b, k); err != nil {
			return nil, err
		}
		if b, err = value(append(b, ':'), k); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendJSONValue appends a stored value as WireValue renders it.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, x)
	case bool:
		return strconv.AppendBool(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case float64:
		return appendJSONFloat(b, x)
	case time.Time:
		return appendJSONString(b, x.Format(time.RFC3339Nano))
	case []any:
		b = append(b, '[')
		var err error
		for i, item := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSONValue(b, item); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	return appendMarshalled(b, WireValue(v))
}

// appendStringMap appends m with its keys sorted; a nil m is null.
func appendStringMap(b []byte, m map[string]string) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	return appendObject(b, slices.Collect(maps.Keys(m)), func(b []byte, k string) ([]byte, error) {
		return appendJSONString(b, m[k])
	})
}

// appendJSONString appends s quoted; text that encoding/json would escape
// (control characters, quotes, backslashes, <, > and &, U+2028, U+2029,
// invalid UTF-8) goes through encoding/json.
func appendJSONString(b []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return appendMarshalled(b, s)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
				return appendMarshalled(b, s)
			}
			i += size - 1
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// appendJSONFloat appends f as encoding/json writes a float64: the
// shortest form that reads back the same, in exponent form below 1e-6 or
// from 1e21 on. NaN and the infinities have no JSON form: encoding/json's
// error.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendMarshalled(b, f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

func appendMarshalled(b []byte, v any) ([]byte, error) {
	out, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, out...), nil
}
