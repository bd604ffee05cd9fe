package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"
)

func decodeJSON(t testing.TB, raw []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	return v, true
}

func TestValue(t *testing.T) {
	tests := []struct {
		name     string
		typ      string
		value    string
		want     any
		wantType string
		wantErr  string
	}{
		{"an integer stays exact", "number", `9007199254740993`, int64(9007199254740993), "number", ""},
		{"a fraction is a float", "number", `1.25`, 1.25, "number", ""},
		{"a numeric string is not a number", "number", `"12"`, nil, "", "type_mismatch"},
		{"an inferred boolean", "", `true`, true, "boolean", ""},
		{"an ISO date", "datetime", `"2024-05-06"`, time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), "datetime", ""},
		{"an ISO datetime with offset", "datetime", `"2024-05-06T07:08:09+02:00"`, time.Date(2024, 5, 6, 5, 8, 9, 0, time.UTC), "datetime", ""},
		{"the SDK object form", "datetime", `{"$year":2024,"$month":5,"$day":6,"$millisecond":7}`, time.Date(2024, 5, 6, 0, 0, 0, 7e6, time.UTC), "datetime", ""},
		{"an impossible day", "datetime", `{"$year":2023,"$month":2,"$day":29}`, nil, "", "type_mismatch"},
		{"the last year Neo4j stores", "datetime", `{"$year":999999999,"$month":12,"$day":31}`, time.Date(999999999, 12, 31, 0, 0, 0, 0, time.UTC), "datetime", ""},
		{"a year past what Neo4j stores", "datetime", `{"$year":1000000000}`, nil, "", "out_of_range"},
		{"an inferred datetime past what Neo4j stores", "", `{"$year":1000000000}`, nil, "", "out_of_range"},
		{"a year past a 64-bit integer", "datetime", `{"$year":100000000000000000000}`, nil, "", "out_of_range"},
		{"a negative year", "datetime", `{"$year":-1}`, nil, "", "out_of_range"},
		{"a fractional year", "datetime", `{"$year":2024.5}`, nil, "", "type_mismatch"},
		{"a year past what Neo4j stores in a list", "datetime", `[{"$year":2024},{"$year":1000000000}]`, nil, "", "out_of_range"},
		{"an unknown date field", "datetime", `{"$year":2023,"$week":2}`, nil, "", "type_mismatch"},
		{"a list of strings", "string", `["a","b"]`, []any{"a", "b"}, "string", ""},
		{"a list of lists", "string", `[["a"]]`, nil, "", "type_mismatch"},
		{"null must be null", "null", `0`, nil, "", "type_mismatch"},
		{"an unknown type", "money", `1`, nil, "", "invalid_type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := decodeJSON(t, []byte(tc.value))
			got, typ, err := Value("/v", tc.typ, v)
			if tc.wantErr != "" {
				if e, ok := err.(*Error); !ok || e.Code != tc.wantErr || e.Field != "/v" {
					t.Fatalf("got %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || typ != tc.wantType {
				t.Fatalf("got %v %s %v", got, typ, err)
			}
			if gt, ok := got.(time.Time); ok {
				if !gt.Equal(tc.want.(time.Time)) {
					t.Fatalf("got %v, want %v", gt, tc.want)
				}
				return
			}
			if b, _ := json.Marshal(got); string(b) != mustJSON(tc.want) {
				t.Fatalf("got %s, want %s", b, mustJSON(tc.want))
			}
		})
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// FuzzValue: no input panics; every refusal is a *Error with a code; every
// accepted value reads back with the type it was accepted as.
func FuzzValue(f *testing.F) {
	raw, err := os.ReadFile("../testdata/values/seeds.json")
	if err != nil {
		f.Fatal(err)
	}
	var seeds []struct {
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &seeds); err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s.Type, []byte(s.Value))
	}
	f.Fuzz(func(t *testing.T, typ string, value []byte) {
		v, ok := decodeJSON(t, value)
		if !ok {
			return
		}
		got, gotType, err := Value("/v", typ, v)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Code == "" {
				t.Fatalf("refusal %v is not a coded *Error", err)
			}
			return
		}
		list, isList := got.([]any)
		if gotType == TypeNull || (isList && len(list) == 0) {
			return
		}
		if TypeOf(got) != gotType {
			t.Fatalf("accepted %#v as %s, but it reads back as %s", got, gotType, TypeOf(got))
		}
	})
}
