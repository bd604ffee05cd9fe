package cypher

import (
	"fmt"
	"testing"
)

func TestTitleParts(t *testing.T) {
	tests := []struct {
		name, template string
		want           []string
	}{
		{"no template is no representation", "", nil},
		{"one property", "{name}", []string{"", "name", ""}},
		{"literals around properties", "{name} ({city})", []string{"", "name", " (", "city", ")"}},
		{"adjacent properties", "{a}{b}", []string{"", "a", "", "b", ""}},
		{"plain text", "Company", []string{"Company"}},
		{"an unclosed brace is literal", "x {name", []string{"x {name"}},
		{"text before and after", "#{n}!", []string{"#", "n", "!"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TitleParts(tc.template); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) || (got == nil) != (tc.want == nil) {
				t.Fatalf("TitleParts(%q) = %q, want %q", tc.template, got, tc.want)
			}
		})
	}
}
