// Package cypher holds every Cypher statement relgraph runs, as named builders
// that return a Query: the statement text and its parameters.
//
// User values always travel as parameters. Type labels and property names
// are written into the text only through Name (checked by package schema
// first, then backtick-quoted), so the planner can answer them from an index;
// a name Name cannot quote travels as a parameter (`n[$key]`).
//
// Every record node a statement matches by a label is filtered to the
// request's project by inProject (or found by recordByID, which applies it).
// Records reached through edges need no filter: an edge is only ever written
// between two records of one project. TestEveryStatementFiltersByProject
// renders every builder and checks this.
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

// inProject is the tenant filter: record node v belongs to the project of
// the request ($project).
func inProject(v string) string {
	return v + ".__project = $project"
}

// recordByID matches record node v by its id, the expression id, through
// the :Record(__id) index, in the request's project.
func recordByID(v, id string) string {
	return "MATCH (" + v + ":Record {__id: " + id + "}) USING INDEX SEEK " + v + ":Record(__id) WHERE " + inProject(v)
}

// Ping is the cheapest statement the database must answer.
func Ping() Query {
	return Query{Text: "RETURN 1"}
}
