package query

import (
	"slices"

	"github.com/relgraph/relgraph/schema"
)

// Quantifier says how many of the records linked through a relation
// property must satisfy a Via's condition.
type Quantifier string

// The quantifiers of a relation-property condition.
const (
	Some  Quantifier = "$some"  // at least one linked record satisfies Where
	None  Quantifier = "$none"  // no linked record satisfies Where
	Every Quantifier = "$every" // every linked record satisfies Where (true when none is linked)
	Count Quantifier = "$count" // the number of linked records compares with Count
)

// Via holds when the records linked through relation property Property of
// the searched type satisfy Where as Quantifier says. The parser leaves it
// unresolved; Search.Resolve fills in the edges from the declared types.
type Via struct {
	Property   string
	Quantifier Quantifier
	Count      Where // Count: comparisons of the number (Compare with Property "")
	Where      Where // nil: any linked record
	// Alias names the linked records for select, as Related.Alias does
	// (set by Resolve from the related-record condition it replaces).
	Alias string
	// Set by Resolve: the edges holding the links.
	Tag       string
	Direction Direction // Out: stored by the record; In: pointing at it (a mirrored inverse)
	Others    []string  // when set, only linked records of these types count
	// Linked are the types the linked records may have (the property's
	// allowed types); nil: any type.
	Linked   []string
	resolved bool
}

func (Via) isWhere() {}

// Resolved reports whether Search.Resolve filled in v's edges.
func (v Via) Resolved() bool { return v.resolved }

// quantifiers are the keys opening a relation-property condition.
var quantifiers = map[string]bool{string(Some): true, string(None): true, string(Every): true, string(Count): true}

// isQuantified says whether the value under a non-operator key is a
// relation-property condition: an object with $some, $none, $every or
// $count.
func isQuantified(v any) bool {
	obj, ok := v.(object)
	if !ok {
		return false
	}
	for _, m := range obj {
		if quantifiers[m.Key] {
			return true
		}
	}
	return false
}

// via reads a relation-property condition: exactly one of {"$some": cond},
// {"$none": cond}, {"$every": cond}, {"$count": number or operators}.
func (p *parser) via(name string, obj object, at string, depth int) (Where, error) {
	if err := schema.CheckRelation(at, name); err != nil {
		return nil, err
	}
	if len(obj) != 1 {
		return nil, bad("invalid_where", at, "a relation-property condition holds one of $some, $none, $every, $count")
	}
	if p.hops++; p.hops > maxHops {
		return nil, bad("too_complex", at, "related-record conditions nest at most %d deep", maxHops)
	}
	p.optional++ // a quantifier's linked records are not selected
	defer func() { p.hops--; p.optional-- }()
	m, key := obj[0], pointer(at, obj[0].Key)
	v := Via{Property: name, Quantifier: Quantifier(m.Key)}
	var err error
	if v.Quantifier == Count {
		v.Count, err = p.count(m.Value, key, depth)
		return v, err
	}
	cond, ok := m.Value.(object)
	if !ok {
		return nil, bad("invalid_where", key, "%s takes an object of conditions on the linked records", m.Key)
	}
	v.Where, err = p.record(cond, key, depth+1)
	return v, err
}

// count reads the operand of $count: a whole number or an object of
// comparison operators on it.
func (p *parser) count(v any, at string, depth int) (Where, error) {
	w, err := p.property("", false, v, at, depth+1)
	if err != nil {
		return nil, err
	}
	var check func(w Where) bool
	check = func(w Where) bool {
		switch x := w.(type) {
		case Compare:
			_, isInt := x.Value.(int64)
			return isInt && x.Op != OpContains && x.Op != OpStartsWith && x.Op != OpEndsWith && x.Op != OpExists && x.Op != OpIn && x.Op != OpNin
		case And:
			return !slices.ContainsFunc(x, func(w Where) bool { return !check(w) })
		case Or:
			return !slices.ContainsFunc(x, func(w Where) bool { return !check(w) })
		case Not:
			return check(x.Where)
		}
		return false
	}
	if !check(w) {
		return nil, bad("invalid_where", at, "$count takes a whole number or comparisons ($eq $ne $gt $gte $lt $lte) with whole numbers")
	}
	return w, nil
}

// Resolve turns the relation-property conditions of s into the edges they
// read, from the project's declared types: a Via, and a related-record
// condition whose key is a relation property (declared or mirrored) of
// every searched type declaring it (a declared property wins over a type
// of the same name). The searched types are s.Labels, then, inside a
// condition, the type of the related records (a property's allowed types
// when it allows one). A *schema.Error names a Via whose property is not a
// relation property of the searched types.
func (s *Search) Resolve(cat *schema.Catalog) error {
	w, err := resolve(cat, s.Labels, s.Where, "/where")
	s.Where, s.Types = w, cat
	return err
}

func resolve(cat *schema.Catalog, types []string, w Where, at string) (Where, error) {
	var err error
	each := func(ws []Where) []Where {
		out := make([]Where, len(ws))
		for i, x := range ws {
			if err == nil {
				out[i], err = resolve(cat, types, x, at)
			}
		}
		return out
	}
	switch x := w.(type) {
	case And:
		return And(each(x)), err
	case Or:
		return Or(each(x)), err
	case Xor:
		return Xor(each(x)), err
	case Not:
		x.Where, err = resolve(cat, types, x.Where, at)
		return x, err
	case Related:
		if slot, ok := slotOf(cat, types, x.Type); ok && x.Property == "" && x.Direction == Both && x.Hops == nil {
			return resolveVia(cat, Via{Property: x.Type, Quantifier: Some, Where: x.Where, Alias: x.Alias}, slot, at)
		}
		x.Where, err = resolve(cat, []string{x.Type}, x.Where, at)
		return x, err
	case Via:
		slot, ok := slotOf(cat, types, x.Property)
		if !ok {
			return nil, bad("unknown_relation", at, "%s is not a relation property of %v", quote(x.Property), types)
		}
		return resolveVia(cat, x, slot, at)
	}
	return w, nil
}

func resolveVia(cat *schema.Catalog, v Via, slot schema.Slot, at string) (Where, error) {
	v.Tag, v.Direction, v.Others, v.Linked, v.resolved = slot.Tag, Out, slot.Others, slot.Allowed, true
	if slot.Incoming {
		v.Direction = In
	}
	var err error
	v.Where, err = resolve(cat, slot.Allowed, v.Where, at)
	return v, err
}

// slotOf finds relation property name among types: the slot of the types
// declaring it, when they all agree on its edges.
func slotOf(cat *schema.Catalog, types []string, name string) (schema.Slot, bool) {
	var found *schema.Slot
	for _, t := range types {
		s, ok := cat.Slot(t, name)
		if !ok {
			continue
		}
		if found != nil && (found.Tag != s.Tag || found.Incoming != s.Incoming) {
			return schema.Slot{}, false
		}
		found = &s
	}
	if found == nil {
		return schema.Slot{}, false
	}
	return *found, true
}

// Linking says whether w holds a related-record or relation-property
// condition, which Search.Resolve reads the declared types for.
func Linking(w Where) bool {
	switch x := w.(type) {
	case And:
		return slices.ContainsFunc(x, Linking)
	case Or:
		return slices.ContainsFunc(x, Linking)
	case Xor:
		return slices.ContainsFunc(x, Linking)
	case Not:
		return Linking(x.Where)
	case Related, Via:
		return true
	}
	return false
}
