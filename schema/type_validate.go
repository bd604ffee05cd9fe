package schema

import (
	"strings"
)

// A type definition is validated once, when it is declared. ParseType checks
// what the definition holds on its own; Catalog.Validate checks it against
// the project's other types. Both answer with a 400 *Error whose Field is a
// JSON pointer into the declared body.

var typeOptions = []string{"title", "description", "representation", "properties", "required", "schemaOverrides", "linksConfiguration"}

// ParseType reads the definition of type id declared in project: it refuses
// unknown options and malformed values, converts the legacy forms (a
// linksConfiguration becomes the links property in the overrides; a
// foreignId property becomes a relation property with one allowedTypeIds
// entry), and normalises descriptions keys to bare type ids.
func ParseType(project, id string, raw []byte) (Type, error) {
	if err := CheckType("type", id); err != nil {
		return Type{}, err
	}
	v, err := readJSON(raw)
	if err != nil {
		return Type{}, err
	}
	m, err := object(v, "", typeOptions...)
	if err != nil {
		return Type{}, err
	}
	t := Type{ID: id}
	for _, step := range []func(*Type, string, map[string]any) error{parseTexts, parseProperties, parseRequired, parseOverrides, parseLegacyLinks} {
		if err := step(&t, project, m); err != nil {
			return Type{}, err
		}
	}
	return t, nil
}

func parseTexts(t *Type, _ string, m map[string]any) error {
	fields := []struct {
		key string
		dst *string
	}{{"title", &t.Title}, {"description", &t.Description}, {"representation", &t.Representation}}
	for _, f := range fields {
		if v, ok := m[f.key]; ok {
			s, err := text(v, "/"+f.key)
			if err != nil {
				return err
			}
			*f.dst = s
		}
	}
	return checkRepresentation("/representation", t.Representation)
}

func parseProperties(t *Type, project string, m map[string]any) error {
	v, ok := m["properties"]
	if !ok {
		return nil
	}
	props, err := parsePropertyMap(project, v, "/properties")
	t.Properties = props
	return err
}

func parsePropertyMap(project string, v any, at string) (map[string]Property, error) {
	raw, err := mapOf(v, at)
	if err != nil {
		return nil, err
	}
	props := make(map[string]Property, len(raw))
	for _, name := range sortedKeys(raw) {
		p, err := parseProperty(project, raw[name], child(at, name))
		if err != nil {
			return nil, err
		}
		if err := checkPropertyName(p, name, child(at, name)); err != nil {
			return nil, err
		}
		props[name] = p
	}
	return props, nil
}

// checkPropertyName applies the record rules to a scalar property's name and
// the identifier rule to a relation property's.
func checkPropertyName(p Property, name, at string) error {
	if p.IsRelation() {
		return CheckRelation(at, name)
	}
	return CheckProperty(at, name)
}

func parseRequired(t *Type, _ string, m map[string]any) error {
	v, ok := m["required"]
	if !ok {
		return nil
	}
	names, err := texts(v, "/required")
	if err != nil {
		return err
	}
	for i, name := range names {
		if _, ok := t.Properties[name]; !ok {
			return invalid("undeclared_property", item("/required", i), "required names %q, which properties does not declare", clip(name))
		}
		if indexOf(names, name) < i {
			return invalid("duplicate_property", item("/required", i), "%q is required twice", clip(name))
		}
	}
	t.Required = names
	return nil
}

func parseOverrides(t *Type, project string, m map[string]any) error {
	v, ok := m["schemaOverrides"]
	if !ok {
		return nil
	}
	o, err := object(v, "/schemaOverrides", "properties")
	if err != nil {
		return err
	}
	t.Overrides = map[string]Property{}
	if props, ok := o["properties"]; ok {
		t.Overrides, err = parsePropertyMap(project, props, "/schemaOverrides/properties")
	}
	return err
}

// parseLegacyLinks converts the legacy linksConfiguration field into the
// links property of the overrides.
func parseLegacyLinks(t *Type, project string, m map[string]any) error {
	v, ok := m["linksConfiguration"]
	if !ok {
		return nil
	}
	s, err := parseLinks(project, v, "/linksConfiguration")
	if err != nil {
		return err
	}
	t.ApplyLinks(s)
	return nil
}

// LinksSettings are the type settings of the built-in links property (the
// body of PUT /types/{type}/links, and the legacy linksConfiguration).
type LinksSettings struct {
	Enabled        bool
	AllowedTypeIDs []string
	Descriptions   map[string][]Translation
}

// ParseLinks reads links settings {"enabled", "allowedTypeIds",
// "descriptions"}; enabled defaults to true.
func ParseLinks(project string, raw []byte) (LinksSettings, error) {
	v, err := readJSON(raw)
	if err != nil {
		return LinksSettings{}, err
	}
	return parseLinks(project, v, "")
}

func parseLinks(project string, v any, at string) (LinksSettings, error) {
	m, err := object(v, at, "enabled", "allowedTypeIds", "descriptions")
	if err != nil {
		return LinksSettings{}, err
	}
	s := LinksSettings{Enabled: true}
	if x, ok := m["enabled"]; ok {
		if s.Enabled, err = flag(x, at+"/enabled"); err != nil {
			return s, err
		}
	}
	p := Property{Widgets: relationWidgets(), Type: TypeArray}
	for _, key := range []string{"allowedTypeIds", "descriptions"} {
		if x, ok := m[key]; ok {
			if err := propertyOptions[key](&p, project, x, child(at, key)); err != nil {
				return s, err
			}
		}
	}
	if err := checkDescriptionKeys(p, at); err != nil {
		return s, err
	}
	s.AllowedTypeIDs, s.Descriptions = p.AllowedTypeIDs, p.Descriptions
	return s, nil
}

// ApplyLinks writes links settings into the type's overrides: the links
// property when enabled, none when not.
func (t *Type) ApplyLinks(s LinksSettings) {
	if t.Overrides == nil {
		t.Overrides = map[string]Property{}
	}
	if !s.Enabled {
		delete(t.Overrides, LinksProperty)
		return
	}
	t.Overrides[LinksProperty] = LinksRelationProperty(s.AllowedTypeIDs, s.Descriptions)
}

// tenantPrefix is how a full collection name starts: tenant-<projectId>-.
const tenantPrefix = "tenant-"

// bareTypeID turns a full tenant-<projectId>-<typeId> name of project into
// its bare type id; a bare id is returned as it is.
func bareTypeID(project, key, at string) (string, error) {
	if !strings.HasPrefix(key, tenantPrefix) {
		return key, CheckType(at, key)
	}
	own := tenantPrefix + project + "-"
	if !strings.HasPrefix(key, own) {
		return "", invalid("foreign_tenant", at, "%q names a type of another project", clip(key))
	}
	bare := strings.TrimPrefix(key, own)
	return bare, CheckType(at, bare)
}

// checkRelation applies the rules of a relation property on its own.
func checkRelation(p Property, at string) error {
	w := p.Widgets
	for i, x := range []string{w.Input, w.View, w.Filter} {
		if x != "" && x != RelationWidget {
			return invalid("invalid_option", child(at, "x-type-schema")+"/"+[]string{"input", "view", "filter"}[i],
				"a relation property uses the relation widget for input, view and filter")
		}
	}
	if p.Type != "" && p.Type != TypeArray {
		return invalid("invalid_option", at+"/type", `a relation property's type is "array" (many links) or absent (one link)`)
	}
	scalarOnly := []struct {
		key string
		set bool
	}{{"maxLength", p.MaxLength != nil}, {"maximum", p.Maximum != nil}, {"minLength", p.MinLength != nil}, {"minimum", p.Minimum != nil}}
	for _, o := range scalarOnly {
		if o.set {
			return invalid("invalid_option", at+"/"+o.key, "%s applies to scalar properties", o.key)
		}
	}
	if err := checkBounds(p, at); err != nil {
		return err
	}
	return checkDescriptionKeys(p, at)
}

var scalarTypes = []string{"", TypeString, TypeNumber, TypeInteger, TypeBoolean, TypeDatetime, TypeArray}

// checkScalar applies the rules of a scalar property.
func checkScalar(p Property, at string) error {
	if !contains(scalarTypes, p.Type) {
		return invalid("invalid_option", at+"/type", "type is string, number, integer, boolean, datetime or array")
	}
	relationOnly := []struct {
		key string
		set bool
	}{{"allowedTypeIds", p.AllowedTypeIDs != nil}, {"descriptions", p.Descriptions != nil}, {"inverse", p.Inverse != nil}, {"onDelete", p.OnDelete != ""}}
	for _, o := range relationOnly {
		if o.set {
			return invalid("relation_option", at+"/"+o.key, `%s applies to relation properties (x-type-schema input "relation")`, o.key)
		}
	}
	if (p.MinLength != nil || p.MaxLength != nil) && p.Type != TypeString {
		return invalid("invalid_option", at+"/"+firstSet("minLength", p.MinLength != nil, "maxLength"), `minLength and maxLength apply to type "string"`)
	}
	if (p.Minimum != nil || p.Maximum != nil) && p.Type != TypeNumber && p.Type != TypeInteger {
		return invalid("invalid_option", at+"/"+firstSet("maximum", p.Maximum != nil, "minimum"), `minimum and maximum apply to type "number" or "integer"`)
	}
	if p.MinLength != nil && p.MaxLength != nil && *p.MinLength > *p.MaxLength {
		return invalid("min_exceeds_max", at+"/minLength", "minLength %d is more than maxLength %d", *p.MinLength, *p.MaxLength)
	}
	if p.Minimum != nil && p.Maximum != nil && *p.Minimum > *p.Maximum {
		return invalid("min_exceeds_max", at+"/minimum", "minimum is more than maximum")
	}
	return checkBounds(p, at)
}

func firstSet(a string, aSet bool, b string) string {
	if aSet {
		return a
	}
	return b
}

// checkBounds checks minItems and maxItems: only on arrays, min ≤ max.
func checkBounds(p Property, at string) error {
	if (p.MinItems != nil || p.MaxItems != nil) && p.Type != TypeArray {
		return invalid("invalid_option", at+"/"+firstSet("minItems", p.MinItems != nil, "maxItems"),
			`minItems and maxItems apply to type "array"; a relation property without it holds one link`)
	}
	if p.MinItems != nil && p.MaxItems != nil && *p.MinItems > *p.MaxItems {
		return invalid("min_exceeds_max", at+"/minItems", "minItems %d is more than maxItems %d", *p.MinItems, *p.MaxItems)
	}
	return nil
}

// checkDescriptionKeys refuses description presets for a type the property
// cannot link to.
func checkDescriptionKeys(p Property, at string) error {
	if p.AllowedTypeIDs == nil {
		return nil
	}
	for _, key := range sortedKeys(p.Descriptions) {
		if !contains(p.AllowedTypeIDs, key) {
			return invalid("description_type_not_allowed", child(at, "descriptions")+"/"+key, "descriptions name %q, which allowedTypeIds does not list", key)
		}
	}
	return nil
}

// Validate checks declared type id against the other types of the catalog
// (which holds id as it is being declared): every type it names is
// declared, and every inverse pairing it takes part in is unambiguous and
// agreed by both sides.
func (c *Catalog) Validate(id string) error {
	t, ok := c.types[id]
	if !ok {
		return invalid("undeclared_type", "", "type %q is not declared", id)
	}
	own := t.own()
	for _, name := range sortedKeys(own) {
		p, at := own[name], t.pointer(name)
		if !p.IsRelation() {
			continue
		}
		if err := c.checkAllowed(p.AllowedTypeIDs, at+"/allowedTypeIds"); err != nil {
			return err
		}
		if err := c.checkInverse(ref{id, name}, p, at); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(own) {
		if err := c.checkInverseTarget(ref{id, name}, own[name], t.pointer(name)); err != nil {
			return err
		}
	}
	return nil
}

// pointer is where property name sits in the type's declared body.
func (t Type) pointer(name string) string {
	if _, ok := t.Overrides[name]; ok {
		return child("/schemaOverrides/properties", name)
	}
	return child("/properties", name)
}

// CheckDeclared refuses type ids that name no declared type; at is the
// pointer of the list.
func (c *Catalog) CheckDeclared(ids []string, at string) error {
	return c.checkAllowed(ids, at)
}

func (c *Catalog) checkAllowed(ids []string, at string) error {
	for i, typ := range ids {
		if !c.Enforced(typ) {
			return invalid("undeclared_type", item(at, i), "type %q is not declared; declare it first", typ)
		}
	}
	return nil
}

// checkInverse checks the inverse r declares, from r's side.
func (c *Catalog) checkInverse(r ref, p EffectiveProperty, at string) error {
	if p.Inverse == nil {
		return nil
	}
	to := ref{p.Inverse.Type, p.Inverse.Property}
	switch {
	case to == r:
		return invalid("inverse_self", at+"/inverse", "a property cannot be its own inverse")
	case !c.Enforced(to.typ):
		return invalid("undeclared_type", at+"/inverse/type", "type %q is not declared; declare it first", to.typ)
	case p.AllowedTypeIDs != nil && !contains(p.AllowedTypeIDs, to.typ):
		return invalid("inverse_mismatch", at+"/inverse/type", "the inverse type %q is not one of allowedTypeIds", to.typ)
	}
	for _, from := range c.sortedInverses() {
		if c.inverses[from] == to && from != r {
			return invalid("inverse_conflict", at+"/inverse/property", "%s.%s is already the inverse of %s.%s", to.typ, to.name, from.typ, from.name)
		}
	}
	theirs, declared := c.types[to.typ].own()[to.name]
	if !declared {
		return nil
	}
	return pairAgrees(r, to, theirs, at+"/inverse/property")
}

// checkInverseTarget checks r from the side another type's inverse names.
func (c *Catalog) checkInverseTarget(r ref, p EffectiveProperty, at string) error {
	from, ok := c.pointed[r]
	if !ok || c.inverses[r] == from {
		return nil
	}
	if !p.IsRelation() || p.Origin == OriginOverride {
		return invalid("inverse_conflict", at, "%s is the inverse of %s.%s; declare it as a relation property or leave it out", r.name, from.typ, from.name)
	}
	if p.Inverse != nil {
		return invalid("inverse_mismatch", at+"/inverse", "%s is the inverse of %s.%s, not of %s.%s", r.name, from.typ, from.name, p.Inverse.Type, p.Inverse.Property)
	}
	if p.AllowedTypeIDs != nil && !contains(p.AllowedTypeIDs, from.typ) {
		return invalid("inverse_mismatch", at+"/allowedTypeIds", "%s is the inverse of %s.%s, so it must allow %q", r.name, from.typ, from.name, from.typ)
	}
	return nil
}

// pairAgrees checks that theirs, the property to that r names as its
// inverse, can be that inverse.
func pairAgrees(r, to ref, theirs EffectiveProperty, at string) error {
	switch {
	case !theirs.IsRelation() || theirs.Origin == OriginOverride:
		return invalid("inverse_conflict", at, "%s.%s is already used for something else", to.typ, to.name)
	case theirs.Inverse != nil && (theirs.Inverse.Type != r.typ || theirs.Inverse.Property != r.name):
		return invalid("inverse_conflict", at, "%s.%s is already paired with %s.%s", to.typ, to.name, theirs.Inverse.Type, theirs.Inverse.Property)
	case theirs.AllowedTypeIDs != nil && !contains(theirs.AllowedTypeIDs, r.typ):
		return invalid("inverse_mismatch", at, "%s.%s does not allow links to %q", to.typ, to.name, r.typ)
	}
	return nil
}
