package schema

import "testing"

// TestReservedNamesFollowOneRule: relgraph's own field names are refused
// with one code wherever a client names a property, a relation property or
// a representation's field.
func TestReservedNamesFollowOneRule(t *testing.T) {
	for _, name := range []string{"__id", "__project", "__proptypes", "__label", "__nulls", "__lock", "__links", "__later"} {
		checks := map[string]func() error{
			"CheckProperty": func() error { return CheckProperty("/x", name) },
			"CheckRelation": func() error { return CheckRelation("/x", name) },
			"representation": func() error {
				_, err := ParseType("p", "t", []byte(`{"representation": "Hi {`+name+`}!"}`))
				return err
			},
		}
		for check, run := range checks {
			err, _ := run().(*Error)
			if err == nil || err.Code != "reserved_property" {
				t.Errorf("%s(%q) = %v, want reserved_property", check, name, err)
			}
		}
	}
	if _, err := ParseType("p", "t", []byte(`{"representation": "{name} ({city}) {unclosed"}`)); err != nil {
		t.Errorf("a representation of ordinary names: %v", err)
	}
}
