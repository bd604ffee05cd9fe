package schema

import (
	"time"
	"unicode/utf8"
)

// CheckValues checks the scalar values a write gives a record of declared
// type typ, by property name (values as Value returns them; nil is null).
// When whole, the write gives the record all its properties (create, set),
// so every required scalar property must be among them. Undeclared
// properties are accepted as they are.
func (c *Catalog) CheckValues(typ string, values map[string]any, whole bool) error {
	t, ok := c.types[typ]
	if !ok {
		return nil
	}
	own := t.own()
	for _, name := range sortedKeys(values) {
		if p, ok := own[name]; ok && !p.IsRelation() {
			if err := checkValue(p.Property, name, values[name], contains(t.Required, name)); err != nil {
				return err
			}
		}
	}
	for _, name := range t.Required {
		if _, given := values[name]; whole && !given && !own[name].IsRelation() {
			return violation("required", name, "%s.%s is required", typ, name)
		}
	}
	return nil
}

func checkValue(p Property, name string, v any, required bool) error {
	if v == nil {
		if required {
			return violation("required", name, "%s is required and cannot be null", name)
		}
		return nil
	}
	if !fits(p.Type, v) {
		return violation("value_type", name, "%s holds values of type %s", name, p.Type)
	}
	switch x := v.(type) {
	case string:
		return checkLength(p, name, utf8.RuneCountInString(x))
	case int64:
		return checkRange(p, name, float64(x))
	case float64:
		return checkRange(p, name, x)
	case []any:
		return checkItems(p, name, len(x))
	}
	return nil
}

// fits reports whether stored value v has declared type typ.
func fits(typ string, v any) bool {
	switch typ {
	case "":
		return true
	case TypeString:
		_, ok := v.(string)
		return ok
	case TypeNumber:
		_, i := v.(int64)
		_, f := v.(float64)
		return i || f
	case TypeInteger:
		_, ok := v.(int64)
		return ok
	case TypeBoolean:
		_, ok := v.(bool)
		return ok
	case TypeDatetime:
		_, ok := v.(time.Time)
		return ok
	case TypeArray:
		_, ok := v.([]any)
		return ok
	}
	return false
}

func checkLength(p Property, name string, n int) error {
	if p.MinLength != nil && n < *p.MinLength {
		return violation("min_length", name, "%s is at least %d characters long", name, *p.MinLength)
	}
	if p.MaxLength != nil && n > *p.MaxLength {
		return violation("max_length", name, "%s is at most %d characters long", name, *p.MaxLength)
	}
	return nil
}

func checkRange(p Property, name string, x float64) error {
	if p.Minimum != nil && x < *p.Minimum {
		return violation("minimum", name, "%s is at least %v", name, *p.Minimum)
	}
	if p.Maximum != nil && x > *p.Maximum {
		return violation("maximum", name, "%s is at most %v", name, *p.Maximum)
	}
	return nil
}

func checkItems(p Property, name string, n int) error {
	if p.MinItems != nil && n < *p.MinItems {
		return violation("min_items", name, "%s holds at least %d items", name, *p.MinItems)
	}
	if p.MaxItems != nil && n > *p.MaxItems {
		return violation("max_items", name, "%s holds at most %d items", name, *p.MaxItems)
	}
	return nil
}

// IsRelation reports whether name is a relation property of type typ
// (declared, overridden or mirrored): its values are links, never stored on
// the record.
func (c *Catalog) IsRelation(typ, name string) bool {
	_, ok := c.slots[typ][name]
	return ok
}
