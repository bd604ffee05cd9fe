package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// measured is a result whose sides ran with the given sample latencies
// (ms); a nil list leaves the side out.
func measured(scenario string, hits [nSides]int64, latencies ...[]float64) result {
	r := result{scenario: scenario, hits: hits}
	for k, l := range latencies {
		if l == nil {
			continue
		}
		rd := round{elapsed: time.Second}
		for _, v := range l {
			rd.samples = append(rd.samples, time.Duration(v*float64(time.Millisecond)))
		}
		r.rounds[k] = []round{rd}
	}
	return r
}

func TestGrowthTable(t *testing.T) {
	runs := []sizeRun{
		{records: 10000, results: []result{
			measured("eq", [nSides]int64{9, 0, 9}, []float64{1}, []float64{2}, []float64{0.5}),
			measured("attach", [nSides]int64{}, []float64{3}, []float64{4}, nil),
		}},
		{records: 1000000, results: []result{
			measured("eq", [nSides]int64{900, 0, 9}, []float64{10}, []float64{30}, []float64{0.5}),
			measured("attach", [nSides]int64{}, []float64{3}, []float64{6}, nil),
		}},
	}
	var out strings.Builder
	if err := reportGrowth(&out, runs); err != nil {
		t.Fatal(err)
	}
	var rows []string // each line, its cells separated by one space
	for _, line := range strings.Split(out.String(), "\n") {
		rows = append(rows, strings.Join(strings.Fields(line), " "))
	}
	for _, want := range []string{
		"scenario side 10000 1000000 growth",
		"eq raw 1.00 10.00 10.00",
		"eq http 2.00 30.00 15.00",
		"eq best 0.50 0.50 1.00",
		"attach http 4.00 6.00 1.50",
		"eq raw 9 900 100.00",
		"eq best 9 9 1.00",
	} {
		if !slices.Contains(rows, want) {
			t.Errorf("growth tables lack the row %q:\n%s", want, out.String())
		}
	}
	count := func(prefix string) int {
		return len(slices.DeleteFunc(slices.Clone(rows), func(r string) bool { return !strings.HasPrefix(r, prefix) }))
	}
	// attach: no best side; no db hits, so only in the p50 table.
	if count("attach best") != 0 || count("attach raw") != 1 {
		t.Errorf("rows of a side that did not run, or was not profiled:\n%s", out.String())
	}
}

func TestDisagreement(t *testing.T) {
	tests := []struct {
		name    string
		answers []answer
		want    string // a part of the only line; "" for none
	}{
		{"equal answers agree", []answer{{2, []string{"a", "b"}}, {2, []string{"a", "b"}}}, ""},
		{"an uncounted total agrees with any", []answer{{2, []string{"a"}}, {-1, []string{"a"}}}, ""},
		{"totals differ", []answer{{2, []string{"a"}}, {3, []string{"a"}}}, "raw answers total 2 and 1 records, best total 3 and 1 records (pages equal: true)"},
		{"pages differ", []answer{{2, []string{"a", "b"}}, {2, []string{"b", "a"}}}, "pages equal: false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := disagreement([]string{"raw", "best"}, tt.answers)
			if tt.want == "" && len(got) > 0 || tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)) {
				t.Errorf("disagreement = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseSizes(t *testing.T) {
	got, err := parseSizes("10000, 100000,1000000")
	if err != nil || len(got) != 3 || got[0] != 10000 || got[2] != 1000000 {
		t.Errorf("parseSizes = %v, %v", got, err)
	}
	if got, err := parseSizes(""); err != nil || got != nil {
		t.Errorf("parseSizes(\"\") = %v, %v; want none", got, err)
	}
	if _, err := parseSizes("10k"); err == nil {
		t.Error("parseSizes(\"10k\") succeeded")
	}
}

func TestSeededPeople(t *testing.T) {
	const n = 200000
	rare := 0
	for i := 1; i < n; i += 2 {
		_, props := seedRecord(n, i)
		if a := props["age"].(int64); a < 18 || a > 90 {
			t.Fatalf("person %d is %d", i, a)
		}
		b := props["bio"].(string)
		if b != strings.ToLower(b) || b != bio(i) {
			t.Fatalf("person %d: bio %q not lower case or not deterministic", i, b)
		}
		if strings.Contains(b, rareWord) {
			rare++
		}
	}
	if want := n / 2 / 1000; rare != want {
		t.Errorf("%d bios hold %q, want %d (one in a thousand people)", rare, rareWord, want)
	}
	if typ, props := seedRecord(n, n+7); typ != len(seedTypes) || props["name"] != "tags 7" {
		t.Errorf("record n+7 = %d %v, want the open type's tags 7", typ, props)
	}
}
