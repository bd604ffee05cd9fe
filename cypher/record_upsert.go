package cypher

import (
	"strconv"
	"strings"
)

// MatchByKeys finds the records of type typ in a project whose properties
// keys hold values (keys[i] = values[i]); it returns their ids, at most
// two, which is enough for an upsert to tell none, one and several apart.
//
// The type label and the keys are written into the text through Name and
// the values are parameters, so the planner seeks the (typ: __project, key)
// RANGE index a declared scalar property has, never scanning the type. A
// key Name cannot quote is compared as r[$kN], which no index serves.
func MatchByKeys(project, typ string, keys []string, values []any) Query {
	params := map[string]any{"project": project}
	var inline []string
	where := []string{inProject("r")}
	for i, key := range keys {
		v := "$v" + strconv.Itoa(i)
		params[v[1:]] = values[i]
		if q, ok := Name(key); ok {
			inline = append(inline, q+": "+v)
			continue
		}
		k := "$k" + strconv.Itoa(i)
		params[k[1:]] = key
		where = append(where, "r["+k+"] = "+v)
	}
	text := "MATCH (r:" + mustName(typ) + ")"
	if len(inline) > 0 {
		text = "MATCH (r:" + mustName(typ) + " {" + strings.Join(inline, ", ") + "})"
	}
	text += "\nWHERE " + strings.Join(where, " AND ")
	return Query{Text: text + "\nRETURN r.__id AS id\nLIMIT 2", Params: params}
}

// RecordsByKeys lists the records of type typ in a project whose first key
// keys[0] is among firsts, as rows [id, [value of each key]]: an upsert
// import finds every record its objects merge into with one statement per
// chunk, and matches the key values in Go. The (typ: __project, keys[0])
// index answers it when the key is declared; otherwise the type's records
// are read once.
func RecordsByKeys(project, typ string, keys []string, firsts []any) Query {
	params := map[string]any{"project": project, "firsts": firsts}
	values := make([]string, len(keys))
	for i, key := range keys {
		values[i] = keyOf("r", key, "k"+strconv.Itoa(i), params)
	}
	return Query{Text: "MATCH (r:" + mustName(typ) + ")\nWHERE " + inProject("r") + " AND " + values[0] + " IN $firsts\n" +
		"RETURN r.__id AS id, [" + strings.Join(values, ", ") + "] AS values", Params: params}
}

// UpdateRecords merges properties into records, one per row {id, set,
// nulls}, as UpdateRecord does for one.
func UpdateRecords(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
` + recordByID("r", "row.id") + `
SET r += row.set
WITH r, [k IN coalesce(r.__nulls, []) WHERE NOT k IN keys(row.set)] + row.nulls AS nulls
SET r.__nulls = CASE WHEN size(nulls) > 0 THEN nulls END
RETURN r`,
		Params: map[string]any{"project": project, "rows": listOf(rows)},
	}
}

// ReplaceRecords replaces every property of records, one per row {id,
// props, nulls}, as ReplaceRecord does for one.
func ReplaceRecords(project string, rows []map[string]any) Query {
	return Query{
		Text: `UNWIND $rows AS row
` + recordByID("r", "row.id") + `
SET r = row.props
SET r.__id = row.id, r.__project = $project, r.__nulls = CASE WHEN size(row.nulls) > 0 THEN row.nulls END
RETURN r`,
		Params: map[string]any{"project": project, "rows": listOf(rows)},
	}
}
