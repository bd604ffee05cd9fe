package cypher

import (
	"fmt"
	"strings"
)

// An analyst's statement (POST /api/v1/cypher) is the one Cypher text
// relgraph runs that it did not write. relgraph does not read that text to
// decide whether to run it: comments, escapes and spellings are Neo4j's to
// read, and a reading of its own would disagree with Neo4j's somewhere.
// It asks Neo4j instead. In the read transaction that then runs the
// statement, it first runs ExplainAnalyst, which makes Neo4j plan the
// statement without running it, and CheckAnalystPlan decides on that plan:
// the operators Neo4j would execute, with the database each runs against.

// ExplainAnalyst is the statement that makes Neo4j plan text, with the same
// parameters, without running it.
func ExplainAnalyst(text string) string { return "EXPLAIN " + text }

// UserFunctions lists, in column name, the functions plugins added to the
// database: CheckAnalystPlan refuses them, since relgraph cannot know what
// they do.
func UserFunctions() Query {
	return Query{Text: "SHOW FUNCTIONS YIELD name, isBuiltIn WHERE NOT isBuiltIn RETURN name"}
}

// Plan is one operator of the plan Neo4j made for a statement, with the
// operators it reads from.
type Plan struct {
	Operator  string         // as Neo4j names it, with its database: "NodeByLabelScan@neo4j"
	Arguments map[string]any // Neo4j's; "Details" describes what the operator does
	Children  []Plan
}

// AnalystPlan is what Neo4j said of an analyst's statement without
// running it.
type AnalystPlan struct {
	Root Plan
	// ReadOnly is Neo4j's statement type: the statement only reads.
	ReadOnly bool
	// Database is relgraph's database, the only one a statement may use.
	Database string
	// UserFunctions are the functions plugins added (UserFunctions).
	UserFunctions []string
}

// RefusedError says why an analyst's statement is refused; nothing of it
// ran.
type RefusedError struct {
	Reason string
}

func (e *RefusedError) Error() string { return "cypher: refused: " + e.Reason }

// analystShows are the SHOW commands an analyst may run: they list the
// schema. SHOW SETTINGS (the server's configuration), SHOW TRANSACTIONS
// (every running statement, another tenant's parameters included) and the
// others are refused.
var analystShows = map[string]bool{
	"ShowIndexes": true, "ShowConstraints": true, "ShowProcedures": true, "ShowFunctions": true,
}

// writeOperators are the beginnings of the names of the operators that
// change the graph or its schema.
var writeOperators = []string{
	"Create", "Merge", "LockingMerge", "Set", "Remove", "Delete", "DetachDelete", "Foreach",
	"Drop", "DoNothingIfExists",
}

// CheckAnalystPlan admits a plan that only reads relgraph's database. It
// refuses, naming what it found: an operator that runs against another
// database (USE, administration commands); LOAD CSV, which reads files
// and URLs; a procedure call, whatever the procedure (analysts call none:
// db.labels and its kin list the names of every project, the dbms ones
// the server's configuration and connections, and plain Cypher and SHOW
// INDEXES answer what a schema question needs); a function a plugin added;
// a write, a schema command or CALL { } IN TRANSACTIONS; SHOW commands
// other than SHOW INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS;
// TERMINATE. Last, a statement Neo4j does not type as read-only is
// refused, whatever its operators.
func CheckAnalystPlan(p AnalystPlan) error {
	if err := checkOperator(p.Root, p); err != nil {
		return err
	}
	if !p.ReadOnly {
		return &RefusedError{Reason: "the statement does not only read: analyst statements read"}
	}
	return nil
}

// checkOperator checks op and the operators under it.
func checkOperator(op Plan, p AnalystPlan) error {
	name, db, _ := strings.Cut(op.Operator, "@")
	details, _ := op.Arguments["Details"].(string)
	switch {
	case db != p.Database:
		return &RefusedError{Reason: fmt.Sprintf("%s runs against database %q: analyst statements read relgraph's database only", name, db)}
	case name == "LoadCSV":
		return &RefusedError{Reason: "LOAD CSV is refused: it reads files and URLs"}
	case strings.Contains(name, "ProcedureCall"):
		proc, _, _ := strings.Cut(details, "(")
		return &RefusedError{Reason: fmt.Sprintf("procedure %s is refused: analyst statements call no procedure", strings.TrimSpace(proc))}
	case strings.HasPrefix(name, "Transaction"):
		return &RefusedError{Reason: "CALL { } IN TRANSACTIONS is refused: analyst statements read in one transaction"}
	case strings.HasPrefix(name, "Terminate"):
		return &RefusedError{Reason: "TERMINATE is refused"}
	case strings.HasPrefix(name, "Show") && !analystShows[name]:
		return &RefusedError{Reason: "only SHOW INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS are allowed"}
	case writes(name):
		return &RefusedError{Reason: fmt.Sprintf("the statement writes (%s): analyst statements read", name)}
	}
	for _, fn := range p.UserFunctions {
		if strings.Contains(strings.ToLower(details), strings.ToLower(fn)+"(") {
			return &RefusedError{Reason: fmt.Sprintf("function %s is refused: analyst statements call built-in functions only", fn)}
		}
	}
	for _, child := range op.Children {
		if err := checkOperator(child, p); err != nil {
			return err
		}
	}
	return nil
}

// writes says whether operator name changes the graph or its schema.
func writes(name string) bool {
	for _, w := range writeOperators {
		if strings.HasPrefix(name, w) {
			return true
		}
	}
	return false
}
