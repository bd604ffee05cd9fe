package query

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/relgraph/relgraph/schema"
)

// The operator keys of the where language.
var comparisons = map[string]bool{
	"$eq": true, "$ne": true, "$gt": true, "$gte": true, "$lt": true, "$lte": true, "$in": true, "$nin": true,
	"$contains": true, "$startsWith": true, "$endsWith": true, "$exists": true, "$type": true,
}

var logicals = map[string]bool{"$and": true, "$or": true, "$not": true, "$nor": true, "$xor": true}

// ParseSearch reads a search body: {"labels"?, "where"?, "orderBy"?, "skip"?,
// "limit"?, "total"?, "select"?, "groupBy"?, "aggregate"?}. An empty body is an empty query;
// null, like any body but an object, is refused. Every error is a
// *schema.Error whose Field is a JSON pointer into the body.
func ParseSearch(body []byte) (Search, error) {
	s := Search{Limit: DefaultLimit}
	if len(bytes.TrimSpace(body)) == 0 {
		return s, nil
	}
	v, err := decodeJSON(body, "")
	if err != nil {
		return s, err
	}
	obj, ok := v.(object)
	if !ok {
		return s, notAnObject()
	}
	var grouped []Select // the field references of groupBy, added to select
	sp := &selectParser{}
	var aliases []aliasDecl // the $alias of the where's related-record conditions
	for _, m := range obj {
		at := pointer("", m.Key)
		if m.Value == nil {
			continue // null is the same as absent
		}
		switch m.Key {
		case "labels":
			s.Labels, err = parseLabels(m.Value, at)
		case "where":
			s.Where, aliases, err = parseWhere(m.Value, at)
		case "orderBy":
			s.OrderBy, err = parseOrder(m.Value, at)
		case "skip":
			s.Skip, err = parseInt(m.Value, at, 0, MaxSkip)
			s.Paged = true
		case "limit":
			s.Limit, err = parseInt(m.Value, at, 1, MaxLimit)
			s.Paged = true
		case "total":
			var count bool
			if count, ok = m.Value.(bool); !ok {
				err = bad("invalid_parameter", at, "total must be true or false")
			}
			s.NoTotal = !count
		case "select":
			var sel []Select
			sel, err = sp.parseSelect(m.Value, at)
			s.Select = append(s.Select, sel...)
		case "aggregate":
			var sel []Select
			sel, err = sp.parseAggregate(m.Value, at)
			s.Select = append(s.Select, sel...)
		case "groupBy":
			var added []Select
			s.GroupBy, added, err = sp.parseGroupBy(m.Value, at)
			grouped = append(grouped, added...)
		default:
			err = bad("unknown_field", at, "unknown field %s (labels, where, orderBy, skip, limit, total, select, groupBy, aggregate)", quote(m.Key))
		}
		if err != nil {
			return s, err
		}
	}
	for _, g := range grouped {
		if !slices.ContainsFunc(s.Select, func(sel Select) bool { return sel.Key == g.Key }) {
			s.Select = append(s.Select, g)
		}
	}
	if s.Where, err = bindAliases(s.Where, aliases, sp.refs); err != nil {
		return s, err
	}
	return s, s.checkGrouping()
}

// ParseWhere reads the where part of a search body alone. Its errors point
// under /where. Its $alias have no effect: nothing selects them.
func ParseWhere(raw []byte) (Where, error) {
	v, err := decodeJSON(raw, "/where")
	if err != nil {
		return nil, err
	}
	return parseWhereValue(v, "/where")
}

// parseWhereValue reads a where object whose aliases nothing reads.
func parseWhereValue(v any, at string) (Where, error) {
	w, _, err := parseWhere(v, at)
	if err != nil {
		return nil, err
	}
	return bindAliases(w, nil, nil)
}

// parseWhere reads a where object and lists the aliases its related-record
// conditions declare.
func parseWhere(v any, at string) (Where, []aliasDecl, error) {
	if v == nil {
		return nil, nil, nil
	}
	obj, ok := v.(object)
	if !ok {
		return nil, nil, bad("invalid_where", at, "where must be an object")
	}
	p := &parser{}
	w, err := p.record(obj, at, 0)
	return w, p.aliases, err
}

func parseLabels(v any, at string) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, bad("invalid_labels", at, "labels must be a list of type names")
	}
	labels := make([]string, 0, len(list))
	for i, x := range list {
		name, ok := x.(string)
		if !ok {
			return nil, bad("invalid_labels", index(at, i), "labels must be a list of type names")
		}
		if err := schema.CheckType(index(at, i), name); err != nil {
			return nil, err
		}
		labels = append(labels, name)
	}
	return labels, nil
}

// parseOrder reads "asc" or "desc" (by id) or {field: "asc"|"desc", …}.
func parseOrder(v any, at string) ([]Order, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		desc, err := parseDirection(x, at)
		return []Order{{Desc: desc}}, err
	case object:
		if len(x) > maxOrderKeys {
			return nil, bad("too_complex", at, "orderBy takes at most %d fields", maxOrderKeys)
		}
		orders := make([]Order, 0, len(x))
		for _, m := range x {
			key := pointer(at, m.Key)
			o := Order{}
			if m.Key != "__id" && m.Key != "$id" {
				if err := schema.CheckProperty(key, m.Key); err != nil {
					return nil, err
				}
				o.Property = m.Key
			}
			s, _ := m.Value.(string)
			var err error
			if o.Desc, err = parseDirection(s, key); err != nil {
				return nil, err
			}
			orders = append(orders, o)
		}
		return orders, nil
	}
	return nil, bad("invalid_order", at, `orderBy must be "asc", "desc" or an object {field: "asc" | "desc"}`)
}

func parseDirection(s, at string) (bool, error) {
	switch strings.ToLower(s) {
	case "asc":
		return false, nil
	case "desc":
		return true, nil
	}
	return false, bad("invalid_order", at, `a sort direction is "asc" or "desc"`)
}

func parseInt(v any, at string, lo, hi int) (int, error) {
	n, ok := v.(json.Number)
	if ok {
		if i, err := n.Int64(); err == nil && i >= int64(lo) && i <= int64(hi) {
			return int(i), nil
		}
	}
	return 0, bad("invalid_parameter", at, "%s must be a whole number from %d to %d", strings.TrimPrefix(at, "/"), lo, hi)
}

// parser reads one where tree, counting its conditions and hops.
type parser struct {
	conditions int
	hops       int
	// optional counts the enclosing operators under which a condition
	// need not hold for a record to match ($or, $not, $nor, $xor, a
	// quantifier): a related record found there cannot be selected.
	optional int
	aliases  []aliasDecl
}

func (p *parser) enter(at string, depth int) error {
	p.conditions++
	switch {
	case depth > maxWhereDepth:
		return bad("too_complex", at, "where is nested more than %d levels deep", maxWhereDepth)
	case p.conditions > maxConditions:
		return bad("too_complex", at, "where holds more than %d conditions", maxConditions)
	}
	return nil
}

// record reads an object of record conditions: property conditions,
// related-record conditions, $id and logical operators, all of which must
// hold. An empty object is nil: no condition.
func (p *parser) record(obj object, at string, depth int) (Where, error) {
	if err := p.enter(at, depth); err != nil {
		return nil, err
	}
	all := make(And, 0, len(obj))
	for _, m := range obj {
		key := pointer(at, m.Key)
		var w Where
		var err error
		switch {
		case logicals[m.Key]:
			optional := m.Key != "$and"
			if optional {
				p.optional++
			}
			w, err = p.logical(m.Key, m.Value, key, func(v any, at string) (Where, error) {
				obj, ok := v.(object)
				if !ok {
					return nil, bad("invalid_where", at, "a condition must be an object")
				}
				return p.record(obj, at, depth+1)
			})
			if optional {
				p.optional--
			}
		case m.Key == "$id":
			w, err = p.property("", true, m.Value, key, depth+1)
		case m.Key == "$relation" || m.Key == "$alias":
			err = bad("misplaced_key", key, "%s belongs inside a related-record condition", m.Key)
		case strings.HasPrefix(m.Key, "$"):
			err = unknownOperator(m.Key, key)
		case isQuantified(m.Value):
			w, err = p.via(m.Key, m.Value.(object), key, depth+1)
		case isRelated(m.Value):
			w, err = p.related(m.Key, m.Value.(object), key, depth+1)
		default:
			if err = schema.CheckProperty(key, m.Key); err == nil {
				w, err = p.property(m.Key, false, m.Value, key, depth+1)
			}
		}
		if err != nil {
			return nil, err
		}
		all = append(all, w)
	}
	return join(all), nil
}

// logical reads the operand of $and, $or, $xor, $nor or $not: a list of
// conditions, or an object whose members are each one condition. $not also
// takes a single condition (a value or a datetime object, in a property).
// item reads one condition.
func (p *parser) logical(op string, v any, at string, item func(v any, at string) (Where, error)) (Where, error) {
	operands, err := split(op, v, at)
	if err != nil {
		return nil, err
	}
	items := make([]Where, 0, len(operands))
	for _, o := range operands {
		w, err := item(o.Value, o.Key)
		if err == nil && w == nil {
			err = bad("empty_condition", o.Key, "an empty condition under %s", op)
		}
		if err != nil {
			return nil, err
		}
		items = append(items, w)
	}
	switch op {
	case "$or":
		return either(items), nil
	case "$xor":
		if len(items) == 1 {
			return items[0], nil
		}
		return Xor(items), nil
	case "$nor":
		return Not{Where: either(items)}, nil
	case "$not":
		return Not{Where: join(items)}, nil
	}
	return join(items), nil
}

// split lists the conditions of a logical operand, each with its pointer
// (as Key): the items of a list, the members of an object each as an object
// of its own, or for $not one value.
func split(op string, v any, at string) ([]member, error) {
	var out []member
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			out = append(out, member{Key: index(at, i), Value: e})
		}
	case object:
		if isDatetimeObject(x) && op == "$not" {
			return []member{{Key: at, Value: x}}, nil
		}
		for _, m := range x {
			out = append(out, member{Key: at, Value: object{m}})
		}
	default:
		if op != "$not" {
			return nil, bad("invalid_where", at, "%s takes a list of conditions or an object", op)
		}
		return []member{{Key: at, Value: v}}, nil
	}
	if len(out) == 0 {
		return nil, bad("empty_condition", at, "%s needs at least one condition", op)
	}
	return out, nil
}

// isRelated says whether the value under a non-operator key opens a
// related-record condition rather than a property condition: it is an
// object that is empty, names $relation, $alias or $id, or holds anything
// but operators.
func isRelated(v any) bool {
	obj, ok := v.(object)
	if !ok {
		return false
	}
	if len(obj) == 0 {
		return true
	}
	for _, m := range obj {
		if m.Key == "$relation" || m.Key == "$alias" || m.Key == "$id" {
			return true
		}
	}
	return !isOperatorObject(obj)
}

// isOperatorObject says whether every key of obj is an operator, looking
// into logical operators: {"$gt": 1}, {"$or": [1, {"$lt": 0}]}, {"$year": 2024}.
func isOperatorObject(obj object) bool {
	for _, m := range obj {
		if !strings.HasPrefix(m.Key, "$") {
			return false
		}
		if !logicals[m.Key] {
			continue
		}
		items, isList := m.Value.([]any)
		if !isList {
			items = []any{m.Value}
		}
		for _, it := range items {
			if o, isObj := it.(object); isObj && !isOperatorObject(o) {
				return false
			}
		}
	}
	return true
}

// property reads the condition on one property (or on the id): a value
// (equality), a datetime object, or an object of operators, all of which must
// hold.
func (p *parser) property(name string, id bool, v any, at string, depth int) (Where, error) {
	if err := p.enter(at, depth); err != nil {
		return nil, err
	}
	obj, isObj := v.(object)
	switch {
	case isObj && isDatetimeObject(obj):
		return compare(name, id, OpEq, v, at)
	case isObj:
		if len(obj) == 0 {
			return nil, bad("empty_condition", at, "an empty operator object")
		}
		all := make(And, 0, len(obj))
		for _, m := range obj {
			key := pointer(at, m.Key)
			var w Where
			var err error
			switch {
			case logicals[m.Key]:
				w, err = p.logical(m.Key, m.Value, key, func(v any, at string) (Where, error) {
					return p.property(name, id, v, at, depth+1)
				})
			case comparisons[m.Key]:
				w, err = compare(name, id, Op(m.Key), m.Value, key)
			default:
				err = unknownOperator(m.Key, key)
			}
			if err != nil {
				return nil, err
			}
			all = append(all, w)
		}
		return join(all), nil
	}
	return compare(name, id, OpEq, v, at)
}

// related reads a related-record condition under the type name typ.
func (p *parser) related(typ string, obj object, at string, depth int) (Where, error) {
	if err := schema.CheckType(at, typ); err != nil {
		return nil, err
	}
	if p.hops++; p.hops > maxHops {
		return nil, bad("too_complex", at, "related-record conditions nest at most %d deep", maxHops)
	}
	defer func() { p.hops-- }()
	r := Related{Type: typ, Direction: Both}
	rest := object{}
	for _, m := range obj {
		key := pointer(at, m.Key)
		switch m.Key {
		case "$relation":
			if err := parseRelation(&r, m.Value, key); err != nil {
				return nil, err
			}
		case "$alias":
			name, ok := m.Value.(string)
			if !ok || !isAliasName(name) {
				return nil, bad("invalid_where", key, `$alias is a name starting with "$", such as "$company"`)
			}
			if name == rootAlias {
				return nil, bad("invalid_where", key, "$record names the searched record; choose another alias")
			}
			r.Alias = name
			p.aliases = append(p.aliases, aliasDecl{name: name, at: key, required: p.optional == 0})
		default:
			rest = append(rest, m)
		}
	}
	var err error
	r.Where, err = p.record(rest, at, depth)
	return r, err
}

// parseRelation reads $relation: the relation property, or {type?, direction?}.
func parseRelation(r *Related, v any, at string) error {
	switch x := v.(type) {
	case string:
		r.Property = x
		return schema.CheckRelation(at, x)
	case object:
		for _, m := range x {
			key := pointer(at, m.Key)
			s, ok := m.Value.(string)
			switch {
			case m.Key == "type" && ok:
				if err := schema.CheckRelation(key, s); err != nil {
					return err
				}
				r.Property = s
			case m.Key == "direction" && (s == "in" || s == "out"):
				r.Direction = Direction(s)
			case m.Key == "direction":
				return bad("invalid_direction", key, `direction must be "in" or "out"`)
			case m.Key == "hops":
				h, err := parseHops(m.Value, key)
				if err != nil {
					return err
				}
				r.Hops = &h
			default:
				return bad("invalid_relation", key, `$relation is a property name or {"type"?, "direction"?, "hops"?}`)
			}
		}
		return nil
	}
	return bad("invalid_relation", at, `$relation is a property name or {"type"?, "direction"?, "hops"?}`)
}

// parseHops reads $relation's hops: a number of edges, or {"min"?, "max"}
// (min 1 by default). The path is always bounded: max is required, and at
// most MaxPathHops.
func parseHops(v any, at string) (Hops, error) {
	if _, ok := v.(json.Number); ok {
		n, err := parseInt(v, at, 1, MaxPathHops)
		return Hops{Min: n, Max: n}, err
	}
	obj, ok := v.(object)
	if !ok {
		return Hops{}, bad("invalid_relation", at, `hops is a number of edges or {"min"?, "max"}`)
	}
	h := Hops{Min: 1}
	for _, m := range obj {
		key := pointer(at, m.Key)
		var err error
		switch m.Key {
		case "min":
			h.Min, err = parseInt(m.Value, key, 1, MaxPathHops)
		case "max":
			h.Max, err = parseInt(m.Value, key, 1, MaxPathHops)
		default:
			err = bad("invalid_relation", key, `hops is a number of edges or {"min"?, "max"}`)
		}
		if err != nil {
			return Hops{}, err
		}
	}
	switch {
	case h.Max == 0:
		return Hops{}, bad("invalid_relation", at, "hops needs max (1 to %d): a path is always bounded", MaxPathHops)
	case h.Min > h.Max:
		return Hops{}, bad("invalid_relation", pointer(at, "min"), "hops.min is at most hops.max")
	}
	return h, nil
}

// join is the conjunction of ws: nil when empty, the one condition alone.
func join(ws And) Where {
	switch len(ws) {
	case 0:
		return nil
	case 1:
		return ws[0]
	}
	return ws
}

// either is the disjunction of ws, the one condition alone.
func either(ws []Where) Where {
	if len(ws) == 1 {
		return ws[0]
	}
	return Or(ws)
}

func unknownOperator(op, at string) error {
	return bad("unknown_operator", at, "unknown operator %s ($eq $ne $gt $gte $lt $lte $in $nin $contains $startsWith $endsWith $exists $type, $and $or $not $nor $xor, $id)", quote(op))
}

func bad(code, at, format string, args ...any) *schema.Error {
	return &schema.Error{Code: code, Field: at, Message: fmt.Sprintf(format, args...)}
}

// notAnObject refuses a body that is not a JSON object (null included).
func notAnObject() *schema.Error {
	return bad("invalid_query", "/", "the body must be a JSON object, or empty for an empty query")
}
