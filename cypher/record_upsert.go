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
	inline := []string{"__project: $project"}
	var where []string
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
	text := "MATCH (r:" + mustName(typ) + " {" + strings.Join(inline, ", ") + "})"
	if len(where) > 0 {
		text += "\nWHERE " + strings.Join(where, " AND ")
	}
	return Query{Text: text + "\nRETURN r.__id AS id\nLIMIT 2", Params: params}
}
