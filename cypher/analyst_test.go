package cypher

import (
	"errors"
	"strings"
	"testing"
)

// op is an operator of relgraph's database with children.
func op(name, details string, children ...Plan) Plan {
	return Plan{Operator: name + "@neo4j", Arguments: map[string]any{"Details": details}, Children: children}
}

// TestCheckAnalystPlan decides on plans shaped as Neo4j gives them: what
// only reads relgraph's database is admitted, the rest refused by what the
// plan holds, however deep.
func TestCheckAnalystPlan(t *testing.T) {
	read := func(root Plan) AnalystPlan { return AnalystPlan{Root: root, ReadOnly: true, Database: "neo4j"} }
	scan := op("NodeByLabelScan", "r:Record")
	tests := []struct {
		name       string
		plan       AnalystPlan
		wantReason string // "" admits
	}{
		{"a read is admitted", read(op("ProduceResults", "r", op("Filter", "r.name = $x", scan))), ""},
		{"SHOW INDEXES is admitted", read(op("ProduceResults", "name", op("ShowIndexes", "allIndexes"))), ""},
		{"SHOW FUNCTIONS is admitted", read(op("ShowFunctions", "allFunctions")), ""},
		{"a built-in function is admitted", read(op("Projection", "toUpper(r.name) AS n", scan)), ""},
		{"LOAD CSV under a union is refused", read(op("ProduceResults", "x", op("Union", "", op("Projection", "x"), op("LoadCSV", "x")))), "LOAD CSV"},
		{"a procedure is refused by name", read(op("ProduceResults", "name", op("ProcedureCall", "dbms.listConfig() :: (name :: STRING)"))), "procedure dbms.listConfig is refused"},
		{"db.labels is refused", read(op("ProcedureCall", "db.labels() :: (label :: STRING)")), "procedure db.labels"},
		{"a system procedure is refused", read(op("SystemProcedureCall", "dbms.killConnections()")), "procedure dbms.killConnections"},
		{"another database is refused", read(Plan{Operator: "AdministrationCommand@system"}), `database "system"`},
		{"an operator of another database deep down is refused", read(op("Apply", "", scan, Plan{Operator: "AllNodesScan@other"})), `database "other"`},
		{"a create is refused", read(op("ProduceResults", "n", op("Create", "(n)"))), "writes (Create)"},
		{"a property write is refused", read(op("EmptyResult", "", op("SetProperty", "n.x = 1", scan))), "writes (SetProperty)"},
		{"a label removal is refused", read(op("RemoveLabels", "n:X", scan)), "writes (RemoveLabels)"},
		{"a detach delete is refused", read(op("DetachDelete", "n", scan)), "writes (DetachDelete)"},
		{"a merge is refused", read(op("Merge", "(n)")), "writes (Merge)"},
		{"a schema command is refused", read(op("CreateIndex", "RANGE INDEX foo FOR (:X) ON (y)")), "writes (CreateIndex)"},
		{"a dropped constraint is refused", read(op("DropConstraint", "c")), "writes (DropConstraint)"},
		{"CALL IN TRANSACTIONS is refused", read(op("TransactionForeach", "IN TRANSACTIONS OF 1000 ROWS", scan)), "IN TRANSACTIONS"},
		{"TERMINATE is refused", read(op("TerminateTransactions", "transactions(x)")), "TERMINATE"},
		{"SHOW SETTINGS is refused", read(op("ShowSettings", "allSettings")), "only SHOW INDEXES"},
		{"SHOW TRANSACTIONS is refused", read(op("ShowTransactions", "allTransactions")), "only SHOW INDEXES"},
		{"a statement Neo4j does not type read-only is refused", AnalystPlan{Root: scan, Database: "neo4j"}, "does not only read"},
		{"a plugin's function is refused, in any case", AnalystPlan{Root: op("Projection", "APOC.text.join(r.tags, $s) AS j", scan), ReadOnly: true,
			Database: "neo4j", UserFunctions: []string{"apoc.text.join"}}, "function apoc.text.join is refused"},
		{"a built-in function named like a plugin's prefix is admitted", AnalystPlan{Root: op("Projection", "toUpper(r.name) AS n", scan), ReadOnly: true,
			Database: "neo4j", UserFunctions: []string{"apoc.text.join"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckAnalystPlan(tc.plan)
			if tc.wantReason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var refused *RefusedError
			if !errors.As(err, &refused) || !strings.Contains(refused.Reason, tc.wantReason) {
				t.Fatalf("got %v, want a refusal saying %q", err, tc.wantReason)
			}
		})
	}
}
