package graph

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// AppendJSON must write what encoding/json writes for the record's wire
// form, byte for byte: clients (and golden answers) see no difference.
func TestRecordJSONMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	tests := []struct {
		name  string
		props map[string]any
		types map[string]string
	}{
		{name: "no properties"},
		{name: "scalars", props: map[string]any{"name": "Ada", "age": int64(36), "score": 0.1, "ok": true, "none": nil},
			types: map[string]string{"name": "string", "age": "number", "score": "number", "ok": "boolean", "none": "null"}},
		{name: "floats in every form", props: map[string]any{"a": 1e21, "b": 1e-7, "c": -0.0, "d": 123456789.125, "e": 1e20, "f": 5e-324, "g": -1.5e-9, "h": 3.0}},
		{name: "text needing escapes", props: map[string]any{"html": "<b>&</b>", "quote": `say "hi" \ bye`, "ctl": "tab\tnew\nline\x01",
			"seps": "a\u2028b\u2029c", "bad": "\xff\xfe", "accents": "Zoë Ω 日本 🚀", "replacement": "\ufffd"}},
		{name: "keys needing escapes", props: map[string]any{"<k>": "v", "ключ": "v", "a\"b": "v"}, types: map[string]string{"<k>": "string"}},
		{name: "keys sorting around the own fields", props: map[string]any{"Zed": int64(1), "_x": int64(2), "__a": int64(3), "__label2": int64(4), "a": int64(5)}},
		{name: "lists", props: map[string]any{"tags": []any{"x", "<y>"}, "n": []any{int64(1), 2.5, nil, true}, "empty": []any{}, "when": []any{at}}},
		{name: "datetime", props: map[string]any{"at": at, "zone": at.In(time.FixedZone("", 2*3600))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Record{ID: "0190-<id>", Type: "people&co", Props: tc.props, Types: tc.types}
			want, err := json.Marshal(r.wire())
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.AppendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("AppendJSON:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestRecordJSONRefusesWhatEncodingJSONRefuses(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := (Record{ID: "x", Props: map[string]any{"f": f}}).AppendJSON(nil); err == nil {
			t.Errorf("%v: no error", f)
		}
	}
}

func FuzzRecordJSON(f *testing.F) {
	f.Add("name", "Ada", 1.5, int64(3))
	f.Add("<k>", "a\u2028\xff", 1e-7, int64(-1))
	f.Fuzz(func(t *testing.T, key, text string, x float64, n int64) {
		if math.IsNaN(x) || math.IsInf(x, 0) || len(key) > 0 && key[0] == '_' {
			return
		}
		r := Record{ID: text, Type: key, Props: map[string]any{key: text, key + "f": x, key + "n": n, key + "l": []any{text, x}},
			Types: map[string]string{key: text}}
		want, err := json.Marshal(r.wire())
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil || string(got) != string(want) {
			t.Fatalf("AppendJSON: %s, %v; want %s", got, err, want)
		}
	})
}
