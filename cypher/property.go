package cypher

import (
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// The property statements derive a project's property catalogue from the
// stored records at read time: a property is one (record type, property
// name, value type) that at least one record carries. Nothing is stored
// beside the records, so the catalogue never lists a property no record has
// and stays in step with concurrent writers.
//
// The value type of a stored value is its Collect type: string, number,
// boolean or datetime (a list has the type of its first value; an empty
// list is a string list); a name listed in __nulls has type null.

// valueTypeOf renders the Collect value type of v, the value of property p
// (a parameter reference or variable) of record node or property map n, or
// null when v is null and p is not a null property of n.
func valueTypeOf(n, p, v string) string {
	h := "(CASE WHEN " + v + " IS :: LIST<ANY> THEN head(" + v + ") ELSE " + v + " END)"
	return `CASE
    WHEN ` + v + ` IS NULL THEN CASE WHEN ` + p + ` IN coalesce(` + n + `.__nulls, []) THEN 'null' END
    WHEN ` + h + ` IS :: STRING THEN 'string'
    WHEN ` + h + ` IS :: INTEGER OR ` + h + ` IS :: FLOAT THEN 'number'
    WHEN ` + h + ` IS :: BOOLEAN THEN 'boolean'
    WHEN ` + h + ` IS :: ZONED DATETIME OR ` + h + ` IS :: LOCAL DATETIME OR ` + h + ` IS :: DATE THEN 'datetime'
    ELSE 'string' END`
}

// Properties lists the properties of the project's records matching s
// (paging does not apply), each with how many of them carry it. Each row is
// (type, name, valueType, count), by type, name and value type.
func Properties(project string, s query.Search) Query {
	s.RelatedTo = ""
	c := newCompiler(project, s.Types)
	return c.query(c.match(s) + `
WITH r, properties(r) AS m
UNWIND [k IN keys(m) WHERE NOT k IN ['__id', '__project', '__nulls']] + coalesce(m.__nulls, []) AS name
WITH ` + typeOf("r") + ` AS type, name, ` + valueTypeOf("m", "name", "m[name]") + ` AS valueType
RETURN type, name, valueType, count(*) AS count ORDER BY type, name, valueType`)
}

// propertyHolders binds r to the project's records of type typ that carry
// property name with a value of valueType, and v to that value (null for a
// null property). It reads the type's records only: from its label, or the
// type's project index when the type is declared. The property is read once
// per record: the type test is the statement's main cost on a big type.
func propertyHolders(project, typ, name, valueType string) (string, map[string]any) {
	params := map[string]any{"project": project, "name": name, "valueType": valueType}
	key := propertyOf("r", name)
	present := ""
	if valueType != schema.TypeNull {
		// Lets the planner read the values from the type's (__project,
		// property) index, when it has one, instead of from each record.
		present = " AND " + key + " IS NOT NULL"
	}
	return `MATCH (r:` + mustName(typ) + `) WHERE ` + inProject("r") + present + `
WITH r, ` + key + ` AS v
WHERE ` + valueTypeOf("r", "$name", "v") + ` = $valueType`, params
}

// propertyOf renders property name of node n: its literal key when Name
// can quote it, so an index on it can serve, else the parameter $name.
func propertyOf(n, name string) string {
	if key, ok := Name(name); ok {
		return n + "." + key
	}
	return n + "[$name]"
}

// PropertyCount counts the project's records of type typ carrying property
// name with a value of valueType. One row: (count).
func PropertyCount(project, typ, name, valueType string) Query {
	text, params := propertyHolders(project, typ, name, valueType)
	return Query{Text: text + "\nRETURN count(r) AS count", Params: params}
}

// PropertyValues lists one page of the distinct values of a property among
// the project's records of type typ, most frequent first (then by value);
// each value of a list counts once per record holding it. contains, when not
// empty, keeps the values whose text contains it (any case). One row:
// (total distinct values, min, max, page), page a list of {v, n} maps
// (empty past the last page); total is 0 when no record carries the
// property (or none of its values contains contains).
//
// The distinct values are sorted once and collected as two plain lists,
// values and counts, which the page is sliced from: memory stays near the
// size of the values themselves (about 140 MB for 500,000 distinct short
// strings), where a list of maps sorted in a subquery took more than the
// database's 1.4 GiB transaction memory.
func PropertyValues(project, typ, name, valueType, contains string, scalar bool, skip, limit int) Query {
	if scalar {
		return scalarValues(project, typ, name, valueType, contains, skip, limit)
	}
	text, params := propertyHolders(project, typ, name, valueType)
	params["contains"], params["skip"], params["limit"] = contains, skip, limit
	return Query{Text: text + `
UNWIND (CASE WHEN v IS :: LIST<ANY> THEN v ELSE [v] END) AS x
WITH x WHERE x IS NOT NULL AND ($contains = '' OR toLower(toString(x)) CONTAINS toLower($contains))
` + frequencyPage(valueType), Params: params}
}

// scalarValues is PropertyValues for a declared scalar property, whose
// records hold one value each, never a list: the values come from the
// type's (__project, property) index and their type is tested plainly.
func scalarValues(project, typ, name, valueType, contains string, skip, limit int) Query {
	key := propertyOf("r", name)
	return Query{Text: `MATCH (r:` + mustName(typ) + `) WHERE ` + inProject("r") + ` AND ` + key + ` IS NOT NULL
WITH ` + key + ` AS x
WHERE ` + isValueType("x", valueType) + containing("x", contains) + `
` + frequencyPage(valueType),
		Params: map[string]any{"project": project, "name": name, "contains": contains, "skip": skip, "limit": limit}}
}

// frequencyPage counts the values x, sorts them most frequent first and
// slices the page: (total, lo, hi, page). The bounds are computed for the
// value types that have them (number, datetime); null otherwise.
func frequencyPage(valueType string) string {
	bounds := "null AS lo, null AS hi"
	if valueType == schema.TypeNumber || valueType == schema.TypeDatetime {
		bounds = "min(x) AS lo, max(x) AS hi"
	}
	return `WITH x, count(*) AS n ORDER BY n DESC, x
WITH collect(x) AS xs, collect(n) AS ns, ` + bounds + `
WITH size(xs) AS total, lo, hi, xs[$skip..$skip + $limit] AS vs, ns[$skip..$skip + $limit] AS cs
RETURN total, lo, hi, [i IN range(0, size(vs) - 1) | {v: vs[i], n: cs[i]}] AS page`
}

// containing renders the test that value v's text contains $contains (any
// case), or nothing when contains is empty: the values statements read
// every value of a type, and a test per value costs.
func containing(v, contains string) string {
	if contains == "" {
		return ""
	}
	return " AND toLower(toString(" + v + ")) CONTAINS toLower($contains)"
}

// isValueType renders whether the scalar (never a list, never null) v has
// the Collect value type valueType; valueTypeOf is the general form.
func isValueType(v, valueType string) string {
	switch valueType {
	case schema.TypeString:
		return v + " IS :: STRING"
	case schema.TypeNumber:
		return "(" + v + " IS :: INTEGER OR " + v + " IS :: FLOAT)"
	case schema.TypeBoolean:
		return v + " IS :: BOOLEAN"
	case schema.TypeDatetime:
		return "(" + v + " IS :: ZONED DATETIME OR " + v + " IS :: LOCAL DATETIME OR " + v + " IS :: DATE)"
	}
	return "false" // null and unknown types hold no value
}

// DeleteProperty removes property name from every record of the project of
// type typ whose value has valueType (a null property leaves __nulls) and
// counts the records changed. One row: (changed).
//
// Each candidate is write-locked before its value type is checked (the
// documented set-and-remove idiom), so a concurrent write that changes the
// value's type first is seen, and the property it leaves is kept.
func DeleteProperty(project, typ, name, valueType string) Query {
	return Query{Text: `MATCH (r:` + mustName(typ) + `) WHERE ` + inProject("r") + ` AND (r[$name] IS NOT NULL OR $name IN coalesce(r.__nulls, []))
SET r.__lock = true REMOVE r.__lock
WITH r WHERE ` + valueTypeOf("r", "$name", "r[$name]") + ` = $valueType
WITH r, [k IN coalesce(r.__nulls, []) WHERE k <> $name] AS nulls
SET r += $unset, r.__nulls = CASE WHEN size(nulls) > 0 THEN nulls END
RETURN count(r) AS changed`, Params: map[string]any{"project": project, "name": name,
		"valueType": valueType, "unset": map[string]any{name: nil}}}
}

// PropertyValuesInOrder lists one page of the distinct values of a
// property among the project's records of type typ in value order
// (descending when desc), each with how many records hold it; each value
// of a list counts once per record holding it. contains filters as in
// PropertyValues. Rows: (v, n), one per value of the page.
//
// When scalar says the property is a declared scalar (no record holds a
// list), the type's (__project, property) index gives the values in order,
// so the page costs what it reads: the project leads the sort keys, in the
// same direction, which keeps the order and lets the index provide it.
// Each value is then counted from the same index. Otherwise every value of
// the type is read and sorted.
func PropertyValuesInOrder(project, typ, name, valueType, contains string, scalar, desc bool, skip, limit int) Query {
	label, key := mustName(typ), propertyOf("r", name)
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	params := map[string]any{"project": project, "name": name, "valueType": valueType, "contains": contains,
		"skip": skip, "limit": limit}
	filter := `WHERE ` + isValueType("v", valueType) + containing("v", contains)
	if !scalar {
		text, _ := propertyHolders(project, typ, name, valueType)
		return Query{Text: text + `
UNWIND (CASE WHEN v IS :: LIST<ANY> THEN v ELSE [v] END) AS x
WITH x WHERE x IS NOT NULL AND ($contains = '' OR toLower(toString(x)) CONTAINS toLower($contains))
WITH x AS v, count(*) AS n ORDER BY v` + dir + `
SKIP $skip LIMIT $limit
RETURN v, n`, Params: params}
	}
	return Query{Text: `MATCH (r:` + label + `) WHERE ` + inProject("r") + ` AND ` + key + ` IS NOT NULL
WITH r.__project AS p, ` + key + ` AS v
` + filter + `
WITH p, v ORDER BY p` + dir + `, v` + dir + `
WITH DISTINCT v SKIP $skip LIMIT $limit
RETURN v, COUNT { MATCH (r:` + label + `) WHERE ` + inProject("r") + ` AND ` + key + ` = v } AS n`, Params: params}
}

// PropertyRange finds the least and greatest value of a property among the
// project's records of type typ with values of valueType, from the type's
// index when it has one. One row: (lo, hi), null when there is none.
func PropertyRange(project, typ, name, valueType string) Query {
	label, key := mustName(typ), propertyOf("r", name)
	bound := func(dir string) string {
		return `CALL () { MATCH (r:` + label + `) WHERE ` + inProject("r") + ` AND ` + key + ` IS NOT NULL
  WITH r, r.__project AS p, ` + key + ` AS v WHERE ` + valueTypeOf("r", "$name", "v") + ` = $valueType
  RETURN v ORDER BY p ` + dir + `, v ` + dir + ` LIMIT 1 }`
	}
	return Query{Text: `OPTIONAL ` + bound("ASC") + `
WITH v AS lo
OPTIONAL ` + bound("DESC") + `
RETURN lo, v AS hi`, Params: map[string]any{"project": project, "name": name, "valueType": valueType}}
}
