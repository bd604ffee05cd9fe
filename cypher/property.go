package cypher

// The property statements derive a project's property catalogue from the
// stored records at read time: a property is one (record type, property
// name, value type) that at least one record carries. Nothing is stored
// beside the records, so the catalogue never lists a property no record has
// and stays in step with concurrent writers.
//
// The value type of a stored value is its Collect type: string, number,
// boolean or datetime (a list has the type of its first value; an empty
// list is a string list); a name listed in __nulls has type null.

// valueTypeOf renders the Collect value type of property p (a parameter
// reference or variable) of record node or property map n, or null when n
// has no such property.
func valueTypeOf(n, p string) string {
	v := "(CASE WHEN " + n + "[" + p + "] IS :: LIST<ANY> THEN head(" + n + "[" + p + "]) ELSE " + n + "[" + p + "] END)"
	return `CASE
    WHEN ` + n + `[` + p + `] IS NULL THEN CASE WHEN ` + p + ` IN coalesce(` + n + `.__nulls, []) THEN 'null' END
    WHEN ` + v + ` IS :: STRING THEN 'string'
    WHEN ` + v + ` IS :: INTEGER OR ` + v + ` IS :: FLOAT THEN 'number'
    WHEN ` + v + ` IS :: BOOLEAN THEN 'boolean'
    WHEN ` + v + ` IS :: ZONED DATETIME OR ` + v + ` IS :: LOCAL DATETIME OR ` + v + ` IS :: DATE THEN 'datetime'
    ELSE 'string' END`
}

// Properties lists the properties of the project's records matching s
// (paging does not apply), each with how many of them carry it. Each row is
// (type, name, valueType, count), by type, name and value type.
func Properties(project string, s Search) Query {
	s.RelatedTo = ""
	c := newCompiler(project)
	return c.query(c.match(s) + `
WITH r, properties(r) AS m
UNWIND [k IN keys(m) WHERE NOT k IN ['__id', '__project', '__nulls']] + coalesce(m.__nulls, []) AS name
WITH ` + typeOf("r") + ` AS type, name, ` + valueTypeOf("m", "name") + ` AS valueType
RETURN type, name, valueType, count(*) AS count ORDER BY type, name, valueType`)
}

// propertyHolders binds r to the project's records of type typ that carry
// property name with a value of valueType.
func propertyHolders(project, typ, name, valueType string) (string, map[string]any) {
	params := map[string]any{"project": project, "type": typ, "name": name, "valueType": valueType}
	return `MATCH (r:Record&$($type)) USING INDEX SEEK r:Record(__project)
WHERE r.__project = $project AND (r[$name] IS NOT NULL OR $name IN coalesce(r.__nulls, []))
  AND ` + valueTypeOf("r", "$name") + ` = $valueType`, params
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
// (empty past the last page).
func PropertyValues(project, typ, name, valueType, contains string, skip, limit int) Query {
	text, params := propertyHolders(project, typ, name, valueType)
	params["contains"], params["skip"], params["limit"] = contains, skip, limit
	return Query{Text: text + `
UNWIND (CASE WHEN r[$name] IS :: LIST<ANY> THEN r[$name] ELSE [r[$name]] END) AS x
WITH x WHERE x IS NOT NULL AND ($contains = '' OR toLower(toString(x)) CONTAINS toLower($contains))
WITH x, count(*) AS n
WITH collect({v: x, n: n}) AS vals, min(x) AS lo, max(x) AS hi
CALL (vals) {
  UNWIND vals AS e
  WITH e ORDER BY e.n DESC, e.v SKIP $skip LIMIT $limit
  RETURN collect(e) AS page
}
RETURN size(vals) AS total, lo, hi, page`, Params: params}
}

// DeleteProperty removes property name from every record of the project of
// type typ whose value has valueType (a null property leaves __nulls) and
// counts the records changed. One row: (changed).
//
// Each candidate is write-locked before its value type is checked (the
// documented set-and-remove idiom), so a concurrent write that changes the
// value's type first is seen, and the property it leaves is kept.
func DeleteProperty(project, typ, name, valueType string) Query {
	return Query{Text: `MATCH (r:Record&$($type)) USING INDEX SEEK r:Record(__project)
WHERE r.__project = $project AND (r[$name] IS NOT NULL OR $name IN coalesce(r.__nulls, []))
SET r.__lock = true REMOVE r.__lock
WITH r WHERE ` + valueTypeOf("r", "$name") + ` = $valueType
WITH r, [k IN coalesce(r.__nulls, []) WHERE k <> $name] AS nulls
SET r += $unset, r.__nulls = CASE WHEN size(nulls) > 0 THEN nulls END
RETURN count(r) AS changed`, Params: map[string]any{"project": project, "type": typ, "name": name,
		"valueType": valueType, "unset": map[string]any{name: nil}}}
}
