package schema

import (
	"sort"
)

// Catalog is every declared type of one project, with each type's relation
// properties resolved into slots: where their links are stored and which
// rules they obey. A type absent from the catalog is open.
type Catalog struct {
	types    map[string]Type
	slots    map[string]map[string]Slot // type → property name → slot
	incoming map[string]map[tagFrom]string
	inverses map[ref]ref // a declared inverse: (type, property) → its pair
	pointed  map[ref]ref // the reverse: the first property declaring it as its inverse
}

// ref names a property of a type.
type ref struct{ typ, name string }

func (r ref) less(o ref) bool {
	return r.typ < o.typ || r.typ == o.typ && r.name < o.name
}

// tagFrom keys an incoming slot: the edges' property and the source type.
type tagFrom struct{ tag, from string }

// Slot is a relation property of a type, resolved: the edges that hold its
// links and the rules they obey.
type Slot struct {
	Type, Name string
	// Tag is the `property` value of the edges holding the links. Incoming
	// edges point at the record (the mirrored side of an inverse pair, whose
	// links are stored once, from the declaring side); otherwise they start
	// at it.
	Tag      string
	Incoming bool
	// Allowed lists the types a linked record may have; nil allows any.
	Allowed []string
	// Others restricts which linked records count for this slot (the
	// declaring type of a mirrored pair); nil counts every edge with Tag.
	Others []string
	Many   bool
	Min    int
	Max    int // -1: no limit
	// OnDelete says what deleting a record does to the records linked here.
	OnDelete string
	// Pair is the other side of an inverse pair.
	Pair *Inverse
}

// NewCatalog builds the catalog of a project's declared types.
func NewCatalog(types ...Type) *Catalog {
	c := &Catalog{types: make(map[string]Type, len(types))}
	for _, t := range types {
		c.types[t.ID] = t
	}
	c.index()
	return c
}

// With is a copy of the catalog where t is declared (replacing any type of
// the same id).
func (c *Catalog) With(t Type) *Catalog {
	return NewCatalog(append(c.without(t.ID), t)...)
}

// Without is a copy of the catalog where type id is not declared.
func (c *Catalog) Without(id string) *Catalog {
	return NewCatalog(c.without(id)...)
}

func (c *Catalog) without(id string) []Type {
	out := make([]Type, 0, len(c.types))
	for _, tid := range c.IDs() {
		if tid != id {
			out = append(out, c.types[tid])
		}
	}
	return out
}

// IDs lists the declared types, sorted.
func (c *Catalog) IDs() []string { return sortedKeys(c.types) }

// Type is a declared type.
func (c *Catalog) Type(id string) (Type, bool) {
	t, ok := c.types[id]
	return t, ok
}

// Scalar returns property name of declared type typ (declared, or
// overridden) when it is a scalar of one value: string, number, integer,
// boolean or datetime. Writes hold each record of the type to at most one
// such value, so searches compare it plainly and its indexes serve them. A
// nil catalog declares nothing.
func (c *Catalog) Scalar(typ, name string) (Property, bool) {
	if c == nil {
		return Property{}, false
	}
	t, ok := c.types[typ]
	if !ok {
		return Property{}, false
	}
	p, ok := t.Overrides[name]
	if !ok {
		p, ok = t.Properties[name]
	}
	if !ok || p.IsRelation() || !contains(indexedTypes, p.Type) {
		return Property{}, false
	}
	return p, true
}

// Enforced reports whether records of typ obey a declared schema.
func (c *Catalog) Enforced(typ string) bool {
	_, ok := c.types[typ]
	return ok
}

// Slot resolves relation property name of type typ.
func (c *Catalog) Slot(typ, name string) (Slot, bool) {
	s, ok := c.slots[typ][name]
	return s, ok
}

// Slots lists the relation properties of typ, by name.
func (c *Catalog) Slots(typ string) []Slot {
	out := make([]Slot, 0, len(c.slots[typ]))
	for _, name := range sortedKeys(c.slots[typ]) {
		out = append(out, c.slots[typ][name])
	}
	return out
}

// index resolves every relation property into its slot.
func (c *Catalog) index() {
	c.slots, c.incoming = map[string]map[string]Slot{}, map[string]map[tagFrom]string{}
	c.inverses, c.pointed = map[ref]ref{}, map[ref]ref{}
	for _, id := range c.IDs() {
		own := c.types[id].own()
		for _, name := range sortedKeys(own) {
			if p := own[name]; p.IsRelation() && p.Inverse != nil {
				from, to := ref{id, name}, ref{p.Inverse.Type, p.Inverse.Property}
				c.inverses[from] = to
				if _, taken := c.pointed[to]; !taken && from != to {
					c.pointed[to] = from
				}
			}
		}
	}
	for _, id := range c.IDs() {
		own := c.types[id].own()
		for _, name := range sortedKeys(own) {
			if own[name].IsRelation() {
				c.add(c.ownSlot(ref{id, name}, own[name].Property))
			}
		}
	}
	for _, r := range c.sortedInverses() {
		c.addMirror(r, c.inverses[r])
	}
}

func (c *Catalog) sortedInverses() []ref {
	out := make([]ref, 0, len(c.inverses))
	for r := range c.inverses {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].less(out[j]) })
	return out
}

func (c *Catalog) add(s Slot) {
	if c.slots[s.Type] == nil {
		c.slots[s.Type] = map[string]Slot{}
	}
	c.slots[s.Type][s.Name] = s
	if s.Incoming {
		if c.incoming[s.Type] == nil {
			c.incoming[s.Type] = map[tagFrom]string{}
		}
		c.incoming[s.Type][tagFrom{s.Tag, s.Others[0]}] = s.Name
	}
}

// ownSlot resolves a declared (or overridden) relation property.
func (c *Catalog) ownSlot(r ref, p Property) Slot {
	s := Slot{Type: r.typ, Name: r.name, Tag: r.name, Allowed: p.AllowedTypeIDs, Many: p.Many(), Min: 0, Max: -1, OnDelete: p.OnDelete}
	if s.OnDelete == "" {
		s.OnDelete = OnDeleteUnlink
	}
	if p.MinItems != nil {
		s.Min = *p.MinItems
	}
	if p.MaxItems != nil {
		s.Max = *p.MaxItems
	}
	if !s.Many {
		s.Max = 1
	}
	if contains(c.types[r.typ].Required, r.name) && s.Min == 0 {
		s.Min = 1
	}
	pair, paired := c.pairOf(r)
	if !paired {
		return s
	}
	s.Pair = &Inverse{Type: pair.typ, Property: pair.name}
	if !c.canonical(r, pair) {
		s.Tag, s.Incoming, s.Allowed, s.Others = pair.name, true, []string{pair.typ}, []string{pair.typ}
	}
	return s
}

// addMirror gives the target of a declared inverse its paired property,
// unless the target type declares that property itself.
func (c *Catalog) addMirror(from, to ref) {
	if _, declared := c.types[to.typ]; !declared || from == to {
		return
	}
	if _, taken := c.types[to.typ].own()[to.name]; taken {
		return
	}
	if _, taken := c.slots[to.typ][to.name]; taken {
		return
	}
	c.add(Slot{Type: to.typ, Name: to.name, Tag: from.name, Incoming: true, Allowed: []string{from.typ}, Others: []string{from.typ},
		Many: true, Max: -1, OnDelete: OnDeleteUnlink, Pair: &Inverse{Type: from.typ, Property: from.name}})
}

// pairOf is the other side of r's inverse pair: the property r declares as
// its inverse, or the property that declares r as its inverse.
func (c *Catalog) pairOf(r ref) (ref, bool) {
	if to, ok := c.inverses[r]; ok && to != r {
		return to, true
	}
	from, ok := c.pointed[r]
	return from, ok
}

// canonical reports whether the links of the pair (r, pair) are stored from
// r's side: the side that declares the inverse, or, when both sides declare
// it, the one whose type and property sort first.
func (c *Catalog) canonical(r, pair ref) bool {
	mine, theirs := c.inverses[r] == pair, c.inverses[pair] == r
	if mine && theirs {
		return r.less(pair)
	}
	return mine
}

// held is the property name of the slot of typ that holds incoming edges
// tagged tag from records of type from.
func (c *Catalog) held(typ, tag, from string) (Slot, bool) {
	name, ok := c.incoming[typ][tagFrom{tag, from}]
	if !ok {
		return Slot{}, false
	}
	return c.slots[typ][name], true
}

// Referrers lists the properties of other types that name type id, as
// "type.property": in allowedTypeIds or as their inverse's type.
func (c *Catalog) Referrers(id string) []string {
	var out []string
	for _, tid := range c.IDs() {
		own := c.types[tid].own()
		for _, name := range sortedKeys(own) {
			p := own[name]
			if tid != id && (contains(p.AllowedTypeIDs, id) || p.Inverse != nil && p.Inverse.Type == id) {
				out = append(out, tid+"."+name)
			}
		}
	}
	return out
}

// DeleteRuleTags lists the edge tags of every slot whose onDelete is not
// unlink: the only edges a record deletion must look at before deleting.
func (c *Catalog) DeleteRuleTags() []string {
	var out []string
	for _, tid := range c.IDs() {
		for _, s := range c.Slots(tid) {
			if s.OnDelete != OnDeleteUnlink && !contains(out, s.Tag) {
				out = append(out, s.Tag)
			}
		}
	}
	return out
}
