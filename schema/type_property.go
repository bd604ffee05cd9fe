package schema

import (
	"strings"
)

// propertyOption reads one option of a property declaration into p.
type propertyOption func(p *Property, project string, v any, at string) error

// propertyOptions are the options a property declaration may hold (and the
// legacy foreignId, converted by parseProperty).
var propertyOptions = map[string]propertyOption{
	"type":           func(p *Property, _ string, v any, at string) (err error) { p.Type, err = text(v, at); return },
	"title":          func(p *Property, _ string, v any, at string) (err error) { p.Title, err = text(v, at); return },
	"description":    func(p *Property, _ string, v any, at string) (err error) { p.Description, err = text(v, at); return },
	"x-type-schema":  parseWidgets,
	"minLength":      func(p *Property, _ string, v any, at string) (err error) { p.MinLength, err = count(v, at); return },
	"maxLength":      func(p *Property, _ string, v any, at string) (err error) { p.MaxLength, err = count(v, at); return },
	"minItems":       func(p *Property, _ string, v any, at string) (err error) { p.MinItems, err = count(v, at); return },
	"maxItems":       func(p *Property, _ string, v any, at string) (err error) { p.MaxItems, err = count(v, at); return },
	"minimum":        func(p *Property, _ string, v any, at string) (err error) { p.Minimum, err = decimal(v, at); return },
	"maximum":        func(p *Property, _ string, v any, at string) (err error) { p.Maximum, err = decimal(v, at); return },
	"allowedTypeIds": parseAllowed,
	"inverse":        parseInverse,
	"descriptions":   parseDescriptions,
	"onDelete":       parseOnDelete,
	"index":          parseIndex,
	"text":           func(p *Property, _ string, v any, at string) (err error) { p.Text, err = flag(v, at); return },
	"foreignId":      func(*Property, string, any, string) error { return nil }, // read by parseForeignID
}

var optionNames = sortedKeys(propertyOptions)

// parseProperty reads one property declaration at pointer at.
func parseProperty(project string, v any, at string) (Property, error) {
	m, err := object(v, at, optionNames...)
	if err != nil {
		return Property{}, err
	}
	var p Property
	for _, key := range sortedKeys(m) {
		if err := propertyOptions[key](&p, project, m[key], child(at, key)); err != nil {
			return Property{}, err
		}
	}
	if fid, ok := m["foreignId"]; ok {
		if err := parseForeignID(&p, fid, at); err != nil {
			return Property{}, err
		}
	}
	check := checkScalar
	if p.IsRelation() {
		check = checkRelation
	}
	if err := check(p, at); err != nil {
		return Property{}, err
	}
	return p, checkIndexOptions(p, m, at)
}

func parseIndex(p *Property, _ string, v any, at string) error {
	b, err := flag(v, at)
	p.Index = &b
	return err
}

func parseWidgets(p *Property, _ string, v any, at string) error {
	m, err := object(v, at, "input", "view", "filter")
	if err != nil {
		return err
	}
	w := &Widgets{}
	for i, dst := range []*string{&w.Input, &w.View, &w.Filter} {
		key := []string{"input", "view", "filter"}[i]
		if x, ok := m[key]; ok {
			if *dst, err = text(x, child(at, key)); err != nil {
				return err
			}
		}
	}
	p.Widgets = w
	return nil
}

func parseAllowed(p *Property, project string, v any, at string) error {
	ids, err := texts(v, at)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if strings.HasPrefix(id, tenantPrefix) {
			return invalid("tenant_name", item(at, i), "allowedTypeIds holds bare type ids, not full names like %q", clip(id))
		}
		if err := CheckType(item(at, i), id); err != nil {
			return err
		}
		if indexOf(ids, id) < i {
			return invalid("duplicate_type", item(at, i), "%q is listed twice", id)
		}
	}
	if len(ids) > 0 {
		p.AllowedTypeIDs = ids
	}
	return nil
}

func parseInverse(p *Property, _ string, v any, at string) error {
	m, err := object(v, at, "type", "property")
	if err != nil {
		return err
	}
	var inv Inverse
	for i, dst := range []*string{&inv.Type, &inv.Property} {
		key, check := []string{"type", "property"}[i], []func(string, string) error{CheckType, CheckRelation}[i]
		x, ok := m[key]
		if !ok {
			return invalid("invalid_option", child(at, key), "inverse needs %s", key)
		}
		if *dst, err = text(x, child(at, key)); err != nil {
			return err
		}
		if err := check(child(at, key), *dst); err != nil {
			return err
		}
	}
	p.Inverse = &inv
	return nil
}

func parseOnDelete(p *Property, _ string, v any, at string) error {
	s, err := text(v, at)
	if err != nil {
		return err
	}
	switch s {
	case OnDeleteUnlink, OnDeleteRestrict, OnDeleteCascade:
		p.OnDelete = s
		return nil
	}
	return invalid("invalid_option", at, `onDelete is "unlink", "restrict" or "cascade"`)
}

// parseDescriptions reads {typeKey: [InlineTranslation…]}, typeKey a bare
// type id or the full tenant-<projectId>-<typeId> name (stored bare).
func parseDescriptions(p *Property, project string, v any, at string) error {
	m, err := mapOf(v, at)
	if err != nil {
		return err
	}
	out := make(map[string][]Translation, len(m))
	for _, key := range sortedKeys(m) {
		bare, err := bareTypeID(project, key, child(at, key))
		if err != nil {
			return err
		}
		if _, dup := out[bare]; dup {
			return invalid("duplicate_type", child(at, key), "descriptions for %q are given twice (bare and full name)", bare)
		}
		if out[bare], err = translations(m[key], child(at, key)); err != nil {
			return err
		}
	}
	if len(out) > 0 {
		p.Descriptions = out
	}
	return nil
}

// translations reads a list of InlineTranslations, kept whole.
func translations(v any, at string) ([]Translation, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, invalid("invalid_option", at, "must be a list of {locale: text} objects")
	}
	out := make([]Translation, len(list))
	for i, x := range list {
		m, err := mapOf(x, item(at, i))
		if err != nil {
			return nil, err
		}
		if len(m) == 0 {
			return nil, invalid("invalid_option", item(at, i), "a translation needs at least one locale")
		}
		out[i] = make(Translation, len(m))
		for _, locale := range sortedKeys(m) {
			s, err := text(m[locale], child(item(at, i), locale))
			if err == nil && (locale == "" || len(locale) > 35 || len(s) > 1000) {
				err = invalid("invalid_option", child(item(at, i), locale), "a locale is 1 to 35 bytes and its text at most 1000")
			}
			if err != nil {
				return nil, err
			}
			out[i][locale] = s
		}
	}
	return out, nil
}

// parseForeignID converts a legacy foreignId reference,
// {"type": "string", "foreignId": {"typeId": "companies"}}, into a relation
// property holding one link, with one allowedTypeIds entry.
func parseForeignID(p *Property, v any, at string) error {
	at = child(at, "foreignId")
	m, err := object(v, at, "typeId")
	if err != nil {
		return err
	}
	x, ok := m["typeId"]
	if !ok {
		return invalid("invalid_option", at+"/typeId", "foreignId needs typeId")
	}
	id, err := text(x, at+"/typeId")
	if p.AllowedTypeIDs != nil {
		return invalid("invalid_option", at, "a legacy foreignId property cannot have allowedTypeIds too")
	}
	if err == nil {
		err = parseAllowed(p, "", []any{id}, at+"/typeId")
	}
	if err != nil {
		return err
	}
	if p.Type != "" && p.Type != TypeString || len(p.AllowedTypeIDs) != 1 || p.Inverse != nil {
		return invalid("invalid_option", at, "a legacy foreignId property is a string and names its type only in foreignId")
	}
	p.Type, p.Widgets = "", relationWidgets()
	return nil
}
