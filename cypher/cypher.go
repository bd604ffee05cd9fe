// Package cypher holds every Cypher statement relgraph runs, as named builders
// that return a Query: the statement text and its parameters.
//
// User values always travel as parameters. Labels and property names reach a
// statement only as parameters too (dynamic labels `$(...)` and map access
// `n[$key]`), so no request input is ever spliced into Cypher text.
package cypher

// Query is one Cypher statement and its parameters.
type Query struct {
	Text   string
	Params map[string]any
}

// RecordLabel is the label every record node carries, beside its type label.
const RecordLabel = "Record"

// LinkType is the one relationship type every edge has. The relation property
// an edge satisfies is the edge's `property` value, never its type.
const LinkType = "LINK"

// Ping is the cheapest statement the database must answer.
func Ping() Query {
	return Query{Text: "RETURN 1"}
}
