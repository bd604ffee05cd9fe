package cypher

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestName(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"a plain name is backtick-quoted", "companies", "`companies`", true},
		{"spaces and punctuation stay inside the quotes", "first name", "`first name`", true},
		{"a backtick is doubled", "a`b", "`a``b`", true},
		{"a closing attempt stays one identifier", "x`}) RETURN 1 //", "`x``}) RETURN 1 //`", true},
		{"unicode letters pass", "näme", "`näme`", true},
		{"a backslash is refused: \\u0060 would end the identifier", `x\u0060`, "", false},
		{"a lone backslash is refused", `a\b`, "", false},
		{"empty is refused", "", "", false},
		{"NUL is refused", "a\x00b", "", false},
		{"invalid UTF-8 is refused", "a\xffb", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Name(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("Name(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// FuzzName checks that a quoted name is always exactly one identifier: it
// starts and ends with a backtick, and every backtick inside is doubled, so
// nothing a name holds can end it early. Seeds: testdata/fuzz/FuzzName.
func FuzzName(f *testing.F) {
	for _, s := range []string{"companies", "a`b", "``", "x`}) RETURN 1 //", `\u0060`, "é", "`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		q, ok := Name(name)
		if !ok {
			if name != "" && utf8.ValidString(name) && !strings.ContainsAny(name, "\\\x00") {
				t.Fatalf("Name refused a quotable name %q", name)
			}
			return
		}
		if strings.ContainsAny(q, "\\\x00") {
			t.Fatalf("quoted %q holds an escape or NUL: %q", name, q)
		}
		inner, found := strings.CutPrefix(q, "`")
		inner, found2 := strings.CutSuffix(inner, "`")
		if !found || !found2 {
			t.Fatalf("quoted %q is not backtick-delimited: %q", name, q)
		}
		if strings.ReplaceAll(strings.ReplaceAll(inner, "``", ""), "`", "!") != strings.ReplaceAll(inner, "``", "") {
			t.Fatalf("quoted %q holds an undoubled backtick: %q", name, q)
		}
		if strings.ReplaceAll(inner, "``", "`") != name {
			t.Fatalf("quoted %q does not read back: %q", name, q)
		}
	})
}
