package schema

// Effective is the effective schema of declared type id: its declared
// properties with the overrides laid over them, and the properties mirrored
// from other types' inverse declarations, each marked with its origin.
func (c *Catalog) Effective(id string) (Effective, bool) {
	t, ok := c.types[id]
	if !ok {
		return Effective{}, false
	}
	props := t.own()
	for name, p := range props {
		if s, ok := c.slots[id][name]; ok && s.Pair != nil && p.Inverse == nil {
			p.Inverse = s.Pair
			props[name] = p
		}
	}
	for _, s := range c.Slots(id) {
		if _, own := props[s.Name]; !own {
			props[s.Name] = mirrored(s)
		}
	}
	overrides := t.Overrides
	if overrides == nil {
		overrides = map[string]Property{}
	}
	return Effective{ID: id, Title: t.Title, Description: t.Description, Representation: t.Representation, Required: t.Required,
		Properties: props, Definition: t, Overrides: Overrides{Properties: overrides}}, true
}

// mirrored is the property a type gains from another type's inverse.
func mirrored(s Slot) EffectiveProperty {
	return EffectiveProperty{Origin: OriginInverse, Property: Property{Type: TypeArray, Widgets: relationWidgets(),
		AllowedTypeIDs: s.Allowed, Inverse: s.Pair}}
}

// Property is the effective property name of type typ: declared,
// overridden or mirrored.
func (c *Catalog) Property(typ, name string) (EffectiveProperty, bool) {
	e, ok := c.Effective(typ)
	if !ok {
		return EffectiveProperty{}, false
	}
	p, ok := e.Properties[name]
	return p, ok
}
