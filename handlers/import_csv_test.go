package handlers

import (
	"regexp"
	"testing"
)

// TestCSVNumbers: isNumber reads a cell as a number exactly when JSON's
// grammar of a number does.
func TestCSVNumbers(t *testing.T) {
	grammar := regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	cells := []string{"0", "-0", "7", "42", "-42", "3.14", "-0.5", "1e9", "1E+9", "2.5e-3", "10",
		"", "-", "01", "00", "1.", ".5", "1e", "1e+", "+1", "1.2.3", "0x10", "1_000", " 1", "1 ", "NaN", "Infinity", "--1", "1e5.0", "٣"}
	for _, cell := range cells {
		if got, want := isNumber(cell), grammar.MatchString(cell); got != want {
			t.Errorf("isNumber(%q) = %t, want %t", cell, got, want)
		}
	}
}
