package query

import (
	"slices"
	"strings"

	"github.com/relgraph/relgraph/schema"
)

// What a search returns besides whole records: RushDB's select, groupBy and
// (the JavaScript SDK's older form) aggregate. A select names output keys,
// each a field of the searched record or of a related record (by its
// $alias, see search_alias.go) or an aggregate over them; with groupBy the
// answer is one row per group, without it one row per record (its fields
// and the selected keys).

// Select is one output key of a search and how it is computed.
type Select struct {
	Key  string
	Expr Expr
}

// Expr is a select expression: Field, Aggregate or TimeBucket.
type Expr interface{ isExpr() }

// Field is a property of the searched record ("$record.name") or of the
// related records of an alias ("$company.name", Alias "$company"); ID
// reads the id ("$record.__id", "$record.$id").
type Field struct {
	Alias    string // "": the searched record
	Property string
	ID       bool
}

// The aggregate functions.
const (
	FnCount   = "count"
	FnSum     = "sum"
	FnAvg     = "avg"
	FnMin     = "min"
	FnMax     = "max"
	FnCollect = "collect"
)

// Aggregate is a function over the records of a group. Of is nil for a
// $count of records ({"$count": "*"}, {"$count": "$company"}) and for a
// $collect of records: the searched ones, or the related ones of Alias.
type Aggregate struct {
	Fn        string
	Of        *Field
	Alias     string // Of nil: the records counted or collected; "" the searched ones
	Distinct  bool   // $count of a field counts distinct values, as RushDB does
	Precision *int   // $avg: round to this many decimals
	Skip      int    // $collect: leave out this many items first
	Limit     int    // $collect: at most this many items
	// Fields, for a $collect of records with a select of its own, are the
	// keys of each item, fields of the collected records.
	Fields []Select
}

// TimeBucket is the start of the time bucket a datetime field falls in, in
// epoch milliseconds (RushDB's $timeBucket): Unit is second, minute, hour,
// day, week, month, quarter or year, Size how many units a bucket spans
// (minute, hour, month and year only; 1 otherwise).
type TimeBucket struct {
	Of   Field
	Unit string
	Size int
}

func (Field) isExpr()      {}
func (Aggregate) isExpr()  {}
func (TimeBucket) isExpr() {}

// Limits of select and groupBy. A $collect gathers at most maxCollected
// items per row, and all the $collect of a page together at most
// maxCollectedPage, so one answer stays bounded in memory.
const (
	maxSelect        = 32
	defaultCollected = 100
	maxCollected     = 1000
	maxCollectedPage = 10_000
)

// Grouped reports whether s answers rows (select, groupBy or aggregate)
// rather than records.
func (s Search) Grouped() bool { return len(s.Select) > 0 || len(s.GroupBy) > 0 }

// IsAggregate reports whether e aggregates over records.
func IsAggregate(e Expr) bool {
	_, ok := e.(Aggregate)
	return ok
}

var timeUnits = map[string]bool{"second": true, "minute": true, "hour": true, "day": true, "week": true,
	"month": true, "quarter": true, "year": true}

// sizedUnits take a size; the plural is RushDB's spelling of a sized unit.
var sizedUnits = map[string]string{"minute": "minute", "minutes": "minute", "hour": "hour", "hours": "hour",
	"month": "month", "months": "month", "year": "year", "years": "year"}

// selectParser reads select, groupBy and aggregate, and lists the aliases
// they read, which ParseSearch checks against the where's.
type selectParser struct{ refs []aliasRef }

// parseSelect reads {"key": expr, …}.
func (sp *selectParser) parseSelect(v any, at string) ([]Select, error) {
	obj, ok := v.(object)
	if !ok {
		return nil, bad("invalid_select", at, "select is an object of output keys")
	}
	if len(obj) > maxSelect {
		return nil, bad("too_complex", at, "select takes at most %d keys", maxSelect)
	}
	out := make([]Select, 0, len(obj))
	for _, m := range obj {
		key := pointer(at, m.Key)
		if err := checkKey(key, m.Key); err != nil {
			return nil, err
		}
		e, err := sp.parseExpr(m.Value, key)
		if err != nil {
			return nil, err
		}
		out = append(out, Select{Key: m.Key, Expr: e})
	}
	return out, nil
}

// checkKey applies the property name rule to an output key: it stands
// beside a record's properties in the answer, so relgraph's own fields
// (__id, __label…) are refused.
func checkKey(at, key string) error {
	if err := schema.CheckProperty(at, key); err != nil {
		return bad("invalid_select", at, "output key %s: %s", quote(key), err.(*schema.Error).Message)
	}
	return nil
}

// parseExpr reads one select expression: "$alias.field", or an object
// holding one of $count $sum $avg $min $max $collect $timeBucket.
func (sp *selectParser) parseExpr(v any, at string) (Expr, error) {
	switch x := v.(type) {
	case string:
		return sp.parseField(x, at)
	case object:
		return sp.parseOperator(x, at)
	}
	return nil, bad("invalid_select", at, `a select expression is "$record.<property>" or an object such as {"$count": "*"}`)
}

// parseField reads "$record.<property>" or "$alias.<property>".
func (sp *selectParser) parseField(ref, at string) (Field, error) {
	alias, name, found := strings.Cut(ref, ".")
	if !isAliasName(alias) {
		return Field{}, bad("invalid_select", at, `a field reference is "$record.<property>" or "$alias.<property>", got %s`, quote(ref))
	}
	if !found || name == "" {
		return Field{}, bad("invalid_select", at, "%s names no property: a related record's fields are read one by one (\"%s.name\"), its records by $count or $collect", quote(ref), alias)
	}
	f := Field{Alias: sp.alias(alias, at)}
	if name == "__id" || name == "$id" {
		f.ID = true
		return f, nil
	}
	if err := schema.CheckProperty(at, name); err != nil {
		return Field{}, err
	}
	f.Property = name
	return f, nil
}

// alias notes that the expression at reads alias, and returns it as Field
// and Aggregate hold it: "" for $record.
func (sp *selectParser) alias(alias, at string) string {
	if alias == rootAlias {
		return ""
	}
	sp.refs = append(sp.refs, aliasRef{name: alias, at: at})
	return alias
}

// parseOperator reads an aggregate or a time bucket.
func (sp *selectParser) parseOperator(obj object, at string) (Expr, error) {
	var fn string
	var operand any
	var precision *int
	for _, m := range obj {
		switch m.Key {
		case "$count", "$sum", "$avg", "$min", "$max", "$collect", "$timeBucket":
			if fn != "" {
				return nil, bad("invalid_select", at, "a select expression holds one operator, got %s and %s", fn, m.Key)
			}
			fn, operand = m.Key, m.Value
		case "$precision":
			p, err := parseInt(m.Value, pointer(at, m.Key), 0, 15)
			if err != nil {
				return nil, err
			}
			precision = &p
		default:
			return nil, bad("unknown_operator", pointer(at, m.Key), "unknown select operator %s ($count $sum $avg $min $max $collect $timeBucket)", quote(m.Key))
		}
	}
	at = pointer(at, fn)
	if precision != nil && fn != "$avg" {
		return nil, bad("invalid_select", at, "$precision goes with $avg")
	}
	switch fn {
	case "":
		return nil, bad("invalid_select", at, "an empty select expression")
	case "$timeBucket":
		return sp.parseTimeBucket(operand, at)
	case "$collect":
		return sp.parseCollect(operand, at)
	case "$count":
		if operand == "*" {
			return Aggregate{Fn: FnCount}, nil
		}
		if ref, ok := operand.(string); ok && isAliasName(ref) {
			// The records of an alias ("$record": the searched ones).
			return Aggregate{Fn: FnCount, Alias: sp.alias(ref, at)}, nil
		}
	}
	ref, ok := operand.(string)
	if !ok {
		return nil, bad("invalid_select", at, `%s takes a field reference, "$record.<property>"`, fn)
	}
	f, err := sp.parseField(ref, at)
	if err != nil {
		return nil, err
	}
	return Aggregate{Fn: strings.TrimPrefix(fn, "$"), Of: &f, Distinct: fn == "$count", Precision: precision}, nil
}

// parseCollect reads {"$collect": "$alias.<property>"} (the distinct
// values) or {"$collect": {"from": "$alias", "select"?, "skip"?, "limit"?,
// "unique"?}} (the records, or with select those fields of each).
func (sp *selectParser) parseCollect(v any, at string) (Expr, error) {
	a := Aggregate{Fn: FnCollect, Limit: defaultCollected}
	if ref, ok := v.(string); ok {
		f, err := sp.parseField(ref, at)
		a.Of, a.Distinct = &f, true
		return a, err
	}
	obj, ok := v.(object)
	if !ok {
		return nil, bad("invalid_select", at, `$collect takes "$record.<property>" or {"from": "$record", "limit"?}`)
	}
	from, fields := "", object(nil)
	for _, m := range obj {
		key := pointer(at, m.Key)
		var err error
		switch m.Key {
		case "from":
			from, _ = m.Value.(string)
			if !isAliasName(from) {
				return nil, bad("invalid_select", key, `from names the records collected: "$record" or an alias`)
			}
			a.Alias = sp.alias(from, key)
		case "select":
			if fields, ok = m.Value.(object); !ok || len(fields) == 0 || len(fields) > maxSelect {
				return nil, bad("invalid_select", key, "select is an object of 1 to %d keys, each a field of the collected records", maxSelect)
			}
		case "skip":
			a.Skip, err = parseInt(m.Value, key, 0, maxCollectedPage)
		case "limit":
			a.Limit, err = parseInt(m.Value, key, 1, maxCollected)
		case "unique":
			if _, ok := m.Value.(bool); !ok {
				err = bad("invalid_select", key, "unique is true or false")
			}
		case "orderBy", "label", "where":
			err = bad("unsupported_field", key, "%s in $collect is not supported: collect from an alias of where", m.Key)
		default:
			err = bad("unknown_field", key, "unknown field %s of $collect (from, select, skip, limit, unique)", quote(m.Key))
		}
		if err != nil {
			return nil, err
		}
	}
	if from == "" {
		return nil, bad("invalid_select", at, `$collect of records needs from: "$record" or an alias`)
	}
	for _, m := range fields {
		key := pointer(pointer(at, "select"), m.Key)
		if err := checkKey(key, m.Key); err != nil {
			return nil, err
		}
		ref, _ := m.Value.(string)
		f, err := sp.parseField(ref, key)
		if err != nil {
			return nil, err
		}
		if f.Alias != a.Alias {
			return nil, bad("invalid_select", key, "select inside $collect reads the collected records, %s", quote(from))
		}
		a.Fields = append(a.Fields, Select{Key: m.Key, Expr: f})
	}
	return a, nil
}

// parseTimeBucket reads {"field": "$alias.<property>", "unit", "size"?}.
func (sp *selectParser) parseTimeBucket(v any, at string) (Expr, error) {
	obj, ok := v.(object)
	if !ok {
		return nil, bad("invalid_select", at, `$timeBucket takes {"field": "$record.<property>", "unit": "day", "size"?}`)
	}
	t := TimeBucket{Size: 1}
	var field, unit bool
	for _, m := range obj {
		key := pointer(at, m.Key)
		switch m.Key {
		case "field":
			ref, _ := m.Value.(string)
			f, err := sp.parseField(ref, key)
			if err != nil {
				return nil, err
			}
			if f.ID {
				return nil, bad("invalid_select", key, "$timeBucket needs a datetime property, not the id")
			}
			t.Of, field = f, true
		case "unit":
			u, _ := m.Value.(string)
			if base, sized := sizedUnits[u]; sized {
				u = base
			}
			if !timeUnits[u] {
				return nil, bad("invalid_select", key, "unit is one of second, minute, hour, day, week, month, quarter, year")
			}
			t.Unit, unit = u, true
		case "size":
			n, err := parseInt(m.Value, key, 1, 1000)
			if err != nil {
				return nil, err
			}
			t.Size = n
		default:
			return nil, bad("unknown_field", key, "unknown field %s of $timeBucket (field, unit, size)", quote(m.Key))
		}
	}
	if !field || !unit {
		return nil, bad("invalid_select", at, "$timeBucket needs field and unit")
	}
	if _, sized := sizedUnits[t.Unit]; t.Size > 1 && !sized {
		return nil, bad("invalid_select", at, "size goes with minute, hour, month and year buckets")
	}
	return t, nil
}

// parseGroupBy reads ["key or $alias.<property>", …]. A name of a select
// key groups by that key (it must not aggregate); a field reference adds a
// key named after the property.
func (sp *selectParser) parseGroupBy(v any, at string) ([]string, []Select, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, nil, bad("invalid_group_by", at, "groupBy is a list of select keys or field references")
	}
	if len(list) > maxSelect {
		return nil, nil, bad("too_complex", at, "groupBy takes at most %d keys", maxSelect)
	}
	var keys []string
	var added []Select
	for i, x := range list {
		item := index(at, i)
		name, ok := x.(string)
		if !ok || name == "" {
			return nil, nil, bad("invalid_group_by", item, "a groupBy entry is a select key or a field reference")
		}
		if strings.HasPrefix(name, "$") {
			f, err := sp.parseField(name, item)
			if err != nil {
				return nil, nil, err
			}
			key := f.Property
			if f.ID {
				key = "id"
			}
			added = append(added, Select{Key: key, Expr: f})
			name = key
		}
		if slices.Contains(keys, name) {
			return nil, nil, bad("invalid_group_by", item, "%s is grouped by twice", quote(name))
		}
		keys = append(keys, name)
	}
	return keys, added, nil
}

// parseAggregate reads the JavaScript SDK's aggregate:
// {"key": "$alias.<property>" | {"fn", "field"?, "alias"?, "uniq"?, "precision"?, "limit"?}}.
func (sp *selectParser) parseAggregate(v any, at string) ([]Select, error) {
	obj, ok := v.(object)
	if !ok {
		return nil, bad("invalid_aggregate", at, "aggregate is an object of output keys")
	}
	if len(obj) > maxSelect {
		return nil, bad("too_complex", at, "aggregate takes at most %d keys", maxSelect)
	}
	out := make([]Select, 0, len(obj))
	for _, m := range obj {
		key := pointer(at, m.Key)
		if err := checkKey(key, m.Key); err != nil {
			return nil, err
		}
		if ref, ok := m.Value.(string); ok {
			f, err := sp.parseField(ref, key)
			if err != nil {
				return nil, err
			}
			out = append(out, Select{Key: m.Key, Expr: f})
			continue
		}
		e, err := sp.parseAggregateFn(m.Value, key)
		if err != nil {
			return nil, err
		}
		out = append(out, Select{Key: m.Key, Expr: e})
	}
	return out, nil
}

// parseAggregateFn reads one {"fn", "field"?, "alias"?, …} of aggregate.
func (sp *selectParser) parseAggregateFn(v any, at string) (Expr, error) {
	obj, ok := v.(object)
	if !ok {
		return nil, bad("invalid_aggregate", at, `an aggregate is "$record.<property>" or {"fn": "count", "alias": "$record", "field"?}`)
	}
	a := Aggregate{Limit: defaultCollected}
	var field string
	alias, aliasAt := rootAlias, at
	for _, m := range obj {
		key := pointer(at, m.Key)
		var err error
		switch m.Key {
		case "fn":
			fn, _ := m.Value.(string)
			switch fn {
			case FnCount, FnSum, FnAvg, FnMin, FnMax, FnCollect:
				a.Fn = fn
			default:
				err = bad("invalid_aggregate", key, "fn is one of count, sum, avg, min, max, collect")
			}
		case "field":
			field, _ = m.Value.(string)
			if field == "" {
				err = bad("invalid_aggregate", key, "field is a property name")
			}
		case "alias":
			alias, aliasAt = "", key
			if s, _ := m.Value.(string); isAliasName(s) {
				alias = s
			} else {
				err = bad("invalid_aggregate", key, `alias names the records aggregated: "$record" or an alias of where`)
			}
		case "uniq":
			var ok bool
			if a.Distinct, ok = m.Value.(bool); !ok && m.Value != nil {
				err = bad("invalid_aggregate", key, "uniq is true or false")
			}
		case "precision":
			var p int
			p, err = parseInt(m.Value, key, 0, 15)
			a.Precision = &p
		case "limit":
			a.Limit, err = parseInt(m.Value, key, 1, maxCollected)
		case "skip", "orderBy":
			err = bad("invalid_aggregate", key, "%s is not supported in an aggregate", m.Key)
		case "aggregate":
			err = bad("unsupported_field", key, "a nested aggregate is not supported: collect from each alias with its own key")
		default:
			err = bad("unknown_field", key, "unknown field %s of an aggregate (fn, field, alias, uniq, precision, limit)", quote(m.Key))
		}
		if err != nil {
			return nil, err
		}
	}
	if a.Fn == "" {
		return nil, bad("invalid_aggregate", at, "an aggregate needs fn")
	}
	if field != "" {
		f, err := sp.parseField(alias+"."+field, pointer(at, "field"))
		if err != nil {
			return nil, err
		}
		a.Of = &f
	} else {
		a.Alias = sp.alias(alias, aliasAt)
	}
	if a.Of == nil && a.Fn != FnCount && a.Fn != FnCollect {
		return nil, bad("invalid_aggregate", at, "%s needs a field", a.Fn)
	}
	if a.Fn == FnCollect && a.Of != nil {
		a.Distinct = true
	}
	return a, nil
}

// checkGrouping checks what the search's parts say together: every groupBy
// key is a select key that does not aggregate, and in grouped answers the
// orderBy keys name output keys.
func (s *Search) checkGrouping() error {
	keys := map[string]Expr{}
	for _, sel := range s.Select {
		if _, dup := keys[sel.Key]; dup {
			return bad("invalid_select", "/select", "%s is selected twice", quote(sel.Key))
		}
		keys[sel.Key] = sel.Expr
	}
	collected := 0
	for _, sel := range s.Select {
		if a, ok := sel.Expr.(Aggregate); ok && a.Fn == FnCollect {
			collected += a.Limit * s.Limit
		}
	}
	if collected > maxCollectedPage {
		return bad("too_complex", "/select", "the $collect of a page gather up to %d items (their limits times the page's limit); at most %d: lower limit", collected, maxCollectedPage)
	}
	for i, g := range s.GroupBy {
		e, ok := keys[g]
		if !ok {
			return bad("invalid_group_by", index("/groupBy", i), "%s is not a select key", quote(g))
		}
		if IsAggregate(e) {
			return bad("invalid_group_by", index("/groupBy", i), "%s aggregates; group by a field or a time bucket", quote(g))
		}
	}
	if len(s.GroupBy) == 0 {
		return nil
	}
	for _, sel := range s.Select {
		if !IsAggregate(sel.Expr) && !slices.Contains(s.GroupBy, sel.Key) {
			return bad("invalid_group_by", pointer("/select", sel.Key), "%s is neither grouped by nor an aggregate", quote(sel.Key))
		}
	}
	for _, o := range s.OrderBy {
		if _, ok := keys[o.Property]; !ok || o.Property == "" {
			return bad("invalid_order", "/orderBy", "a grouped search orders by its output keys (%s)", strings.Join(sortedSelectKeys(s.Select), ", "))
		}
	}
	return nil
}

func sortedSelectKeys(sels []Select) []string {
	out := make([]string, len(sels))
	for i, s := range sels {
		out[i] = s.Key
	}
	slices.Sort(out)
	return out
}
