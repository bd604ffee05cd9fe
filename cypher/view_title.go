package cypher

import "github.com/relgraph/relgraph/schema"

// TitleParts splits a representation template into alternating literal
// and property segments, literal first (schema.TitleParts).
func TitleParts(template string) []string { return schema.TitleParts(template) }

// SetTitleParts stores the parsed representation of declared type id (nil:
// none), which titles of its records are rendered from on every read.
func SetTitleParts(project, id string, parts []string) Query {
	var p any
	if parts != nil {
		p = parts
	}
	return Query{
		Text:   "MATCH (t:RecordType {key: $key}) SET t.titleParts = $titleParts RETURN count(t) AS set",
		Params: map[string]any{"key": typeKey(project, id), "titleParts": p},
	}
}

// titleOf renders the display title of record node n of project $project:
// its type's representation filled from n's properties (a missing one
// renders empty) when the type declares one, else its `title` or `name`
// when it is a string, else its id. Read live, never stored on edges.
func titleOf(n string) string {
	return `coalesce(head(COLLECT { MATCH (rt:RecordType {key: $project + '/' + [l IN labels(` + n + `) WHERE l <> 'Record'][0]})
    WHERE rt.titleParts IS NOT NULL
    RETURN reduce(s = '', i IN range(0, size(rt.titleParts) - 1) | s + CASE WHEN i % 2 = 0 THEN rt.titleParts[i]
      ELSE coalesce(toStringOrNull(` + n + `[rt.titleParts[i]]), '') END) }),
  CASE WHEN ` + n + `.title IS :: STRING NOT NULL THEN ` + n + `.title END, CASE WHEN ` + n + `.name IS :: STRING NOT NULL THEN ` + n + `.name END, ` + n + `.__id)`
}

// titlePartsMigration stores the parsed representation of every declared
// type that has one, read from its stored JSON definition: the string after
// `"representation":"` up to the next quote, split at braces as TitleParts
// does (templates with escaped quotes are re-parsed on their next
// declaration).
var titlePartsMigration = Query{Text: `MATCH (t:RecordType)
WHERE t.titleParts IS NULL AND t.definition CONTAINS '"representation":"'
WITH t, split(split(t.definition, '"representation":"')[1], '"')[0] AS template
WHERE template <> ''
WITH t, split(template, '{') AS chunks
WITH t, chunks[0] AS first, [c IN chunks[1..] |
  CASE WHEN c CONTAINS '}' THEN [split(c, '}')[0], substring(c, size(split(c, '}')[0]) + 1)] ELSE [null, '{' + c] END] AS pairs
WITH t, reduce(acc = [first], p IN pairs |
  CASE WHEN p[0] IS NULL THEN acc[..-1] + [acc[-1] + p[1]] ELSE acc + [p[0], p[1]] END) AS parts
SET t.titleParts = parts`}
