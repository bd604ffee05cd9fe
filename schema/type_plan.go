package schema

import "fmt"

// The rules of relation properties, applied to a write: a Plan says which
// edges a write stores and which counts must hold once it is written. The
// store runs a plan inside the write's transaction, after locking the
// records involved, so the counts hold under concurrent writers too.

// End is a record at one end of a link: its id and type.
type End struct{ ID, Type string }

// Edge is one stored link, From → To, tagged Property. An empty Property in
// a detach means every property.
type Edge struct {
	From, To End
	Property string
}

// Held is the relation property Slot of one record.
type Held struct {
	Record string
	Slot   Slot
}

// Key identifies a Held.
func (h Held) Key() string { return h.Record + "\x00" + h.Slot.Type + "\x00" + h.Slot.Name }

// Counted reports whether a write touching h must count its links: it has a
// minimum, or a maximum that clearing does not already keep.
func (h Held) Counted() bool {
	return h.Slot.Min > 0 || h.Slot.Many && h.Slot.Max >= 0
}

// Check reports whether n links obey h's minItems and maxItems.
func (h Held) Check(n int) error {
	s := h.Slot
	if s.Max >= 0 && n > s.Max {
		return violation("max_items", s.Name, "%s.%s holds at most %d links; this write would give record %s %d", s.Type, s.Name, s.Max, h.Record, n)
	}
	if n < s.Min {
		return violation("min_items", s.Name, "%s.%s holds at least %d links; this write would leave record %s with %d", s.Type, s.Name, s.Min, h.Record, n)
	}
	return nil
}

// Clear removes the links of a Held, except those to the records Keep.
type Clear struct {
	Held
	Keep []string
}

// Plan is what a relation write does once the rules allow it: Clears run
// first (a single property's old link, or the links a set replaces), then
// Edges are stored, then every Check must hold.
type Plan struct {
	Edges  []Edge
	Clears []Clear
	Checks []Held
	linked map[string][]string // Held key → the records this write links it to
	edges  map[Edge]bool
}

// NewPlan is an empty plan.
func NewPlan() *Plan {
	return &Plan{linked: map[string][]string{}, edges: map[Edge]bool{}}
}

// Enforced reports whether the plan touches an enforced type at all.
func (p *Plan) Enforced() bool { return len(p.Clears) > 0 || len(p.Checks) > 0 || len(p.linked) > 0 }

func violation(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...), Violation: true}
}

// PlanAttach plans linking src to each target through relation property
// name. The property belongs to src's type, or, when incoming, to each
// target's type (the link then points target → src).
func (c *Catalog) PlanAttach(src End, targets []End, name string, incoming bool) (*Plan, error) {
	p := NewPlan()
	for _, t := range targets {
		owner, other := src, t
		if incoming {
			owner, other = t, src
		}
		e, err := c.stored(owner, name, other)
		if err == nil {
			err = p.add(c, e)
		}
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

// PlanSet adds to p making targets exactly the links of rec's relation
// property name: links to other records are removed.
func (c *Catalog) PlanSet(p *Plan, rec End, name string, targets []End) error {
	s, ok := c.slots[rec.Type][name]
	if !ok {
		return c.undeclared(rec.Type, name)
	}
	h := Held{rec.ID, s}
	keep := make([]string, len(targets))
	for i, t := range targets {
		keep[i] = t.ID
	}
	if !s.Many && len(targets) > 1 {
		return violation("single_value", s.Name, "%s.%s holds one link; %d were given", s.Type, s.Name, len(targets))
	}
	p.clear(h, keep)
	p.count(h)
	for _, t := range targets {
		e, err := c.stored(rec, name, t)
		if err == nil {
			err = p.add(c, e)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// PlanMinimums adds to p a check of every relation property of rec's type
// that needs links (minItems, or required): what a new record must satisfy.
func (c *Catalog) PlanMinimums(p *Plan, rec End) {
	for _, s := range c.Slots(rec.Type) {
		if s.Min > 0 {
			p.count(Held{rec.ID, s})
		}
	}
}

// stored is the edge holding a link from owner's property name to other,
// once the property's rules allow it.
func (c *Catalog) stored(owner End, name string, other End) (Edge, error) {
	if !c.Enforced(owner.Type) {
		return Edge{From: owner, To: other, Property: name}, nil
	}
	s, ok := c.slots[owner.Type][name]
	if !ok {
		return Edge{}, c.undeclared(owner.Type, name)
	}
	if s.Allowed != nil && !contains(s.Allowed, other.Type) {
		return Edge{}, violation("type_not_allowed", name, "%s.%s links to records of %v; record %s is a %s", s.Type, name, s.Allowed, other.ID, other.Type)
	}
	if s.Incoming {
		return Edge{From: other, To: owner, Property: s.Tag}, nil
	}
	return Edge{From: owner, To: other, Property: s.Tag}, nil
}

func (c *Catalog) undeclared(typ, name string) error {
	if p, ok := c.types[typ].own()[name]; ok && !p.IsRelation() {
		return violation("not_a_relation", name, "%s.%s is a scalar property, not a relation property", typ, name)
	}
	return violation("undeclared_relation", name, "type %s declares no relation property %q", typ, name)
}

// add stores e in the plan, with the rules of the slots it fills.
func (p *Plan) add(c *Catalog, e Edge) error {
	if p.edges[e] {
		return nil
	}
	p.edges[e] = true
	p.Edges = append(p.Edges, e)
	for _, h := range c.Holders(e) {
		other := e.To.ID
		if h.Slot.Incoming {
			other = e.From.ID
		}
		if err := p.link(h, other); err != nil {
			return err
		}
	}
	return nil
}

// link records that the write links h to other: a single property keeps
// only that link (its old one is cleared), and takes one link per write.
func (p *Plan) link(h Held, other string) error {
	k := h.Key()
	if !contains(p.linked[k], other) {
		p.linked[k] = append(p.linked[k], other)
	}
	if h.Slot.Many {
		p.count(h)
		return nil
	}
	if len(p.linked[k]) > 1 {
		return violation("single_value", h.Slot.Name, "%s.%s holds one link; this write gives record %s %d", h.Slot.Type, h.Slot.Name, h.Record, len(p.linked[k]))
	}
	p.clear(h, []string{other})
	p.count(h)
	return nil
}

func (p *Plan) clear(h Held, keep []string) {
	for _, c := range p.Clears {
		if c.Key() == h.Key() {
			return
		}
	}
	p.Clears = append(p.Clears, Clear{h, keep})
}

// count adds h to the checks when its count matters.
func (p *Plan) count(h Held) {
	if !h.Counted() {
		return
	}
	for _, c := range p.Checks {
		if c.Key() == h.Key() {
			return
		}
	}
	p.Checks = append(p.Checks, h)
}

// Holders lists the slots edge e fills: its source's relation property and,
// for a pair, the target's mirrored one. Open types hold none.
func (c *Catalog) Holders(e Edge) []Held {
	var out []Held
	if s, ok := c.slots[e.From.Type][e.Property]; ok && !s.Incoming {
		out = append(out, Held{e.From.ID, s})
	}
	if s, ok := c.held(e.To.Type, e.Property, e.From.Type); ok {
		out = append(out, Held{e.To.ID, s})
	}
	return out
}

// Unlinks lists the edges a detach from src names: for each target, in the
// directions asked, those of each relation property in names (a mirrored
// property is translated to the edge its pair stores), or of any property
// when names is empty.
func (c *Catalog) Unlinks(src End, targets []End, names []string, out, in bool) []Edge {
	var edges []Edge
	for _, t := range targets {
		for _, dir := range []struct {
			on           bool
			owner, other End
		}{{out, src, t}, {in, t, src}} {
			if !dir.on {
				continue
			}
			if len(names) == 0 {
				edges = append(edges, Edge{From: dir.owner, To: dir.other})
			}
			for _, name := range names {
				edges = append(edges, c.located(dir.owner, name, dir.other))
			}
		}
	}
	return edges
}

// located is the edge that would hold owner's link name to other, rules
// aside: links stored before a type was declared can still be removed.
func (c *Catalog) located(owner End, name string, other End) Edge {
	if s, ok := c.slots[owner.Type][name]; ok && s.Incoming {
		return Edge{From: other, To: owner, Property: s.Tag}
	}
	return Edge{From: owner, To: other, Property: name}
}

// Minimums lists the slots that removed edges leave with fewer links and
// that need some: their counts must be checked after the removal.
func (c *Catalog) Minimums(removed []Edge) []Held {
	p := NewPlan()
	for _, e := range removed {
		for _, h := range c.Holders(e) {
			if h.Slot.Min > 0 {
				p.count(h)
			}
		}
	}
	return p.Checks
}

// HeldBy is r's slot among those edge e fills, when r's type holds it.
func (c *Catalog) HeldBy(r End, e Edge) (Held, bool) {
	for _, h := range c.Holders(e) {
		if h.Record == r.ID && h.Slot.Type == r.Type {
			return h, true
		}
	}
	return Held{}, false
}

// Restricted is the error of deleting h's record while it links to other
// through a property whose onDelete is restrict.
func (h Held) Restricted(other string) error {
	return violation("delete_restricted", h.Slot.Name, "%s.%s restricts deletion: record %s still links to %s; remove the link first", h.Slot.Type, h.Slot.Name, h.Record, other)
}
