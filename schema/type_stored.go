package schema

import (
	"encoding/json"
	"fmt"
	"strings"
)

// StoredType reads a type as the store keeps it: its definition and its
// overrides as JSON. A definition stored in a legacy form (a
// linksConfiguration field, foreignId properties) is converted as
// ParseType converts it, and legacy is true so the caller can store the
// converted form.
func StoredType(project, id, definition, overrides string) (t Type, legacy bool, err error) {
	legacy = strings.Contains(definition, `"linksConfiguration"`) || strings.Contains(definition, `"foreignId"`)
	if legacy {
		t, err = ParseType(project, id, []byte(definition))
	} else {
		err = json.Unmarshal([]byte(definition), &t)
	}
	if err != nil {
		return Type{}, false, fmt.Errorf("schema: stored type %s: %w", id, err)
	}
	converted := t.Overrides
	var o Overrides
	if overrides != "" {
		if err := json.Unmarshal([]byte(overrides), &o); err != nil {
			return Type{}, false, fmt.Errorf("schema: stored overrides of %s: %w", id, err)
		}
	}
	t.ID, t.Overrides = id, o.Properties
	for name, p := range converted {
		if t.Overrides == nil {
			t.Overrides = map[string]Property{}
		}
		t.Overrides[name] = p
	}
	return t, legacy, nil
}

// Stored is the type as the store keeps it: its definition and its
// overrides as JSON.
func (t Type) Stored() (definition, overrides string) {
	d, _ := json.Marshal(t)
	props := t.Overrides
	if props == nil {
		props = map[string]Property{}
	}
	o, _ := json.Marshal(Overrides{Properties: props})
	return string(d), string(o)
}
