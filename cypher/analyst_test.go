package cypher

import (
	"errors"
	"testing"
)

func TestCheckAnalyst(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		refused bool
	}{
		{"a plain match is allowed", "MATCH (r:Record {__id: $id}) RETURN r", false},
		{"writes are left to the database", "CREATE (n:X) RETURN n", false},
		{"a subquery CALL is allowed", "MATCH (a) CALL (a) { MATCH (a)--(b) RETURN b } RETURN b", false},
		{"an unscoped subquery CALL is allowed", "CALL { RETURN 1 AS x } RETURN x", false},
		{"an allowed procedure is allowed", "CALL db.labels() YIELD label RETURN label", false},
		{"an allowed procedure in any case is allowed", "call DB.Labels()", false},
		{"an allowed procedure with spaces around dots is allowed", "CALL db . schema . visualization()", false},
		{"SHOW INDEXES is allowed", "SHOW INDEXES YIELD name RETURN name", false},
		{"SHOW RANGE INDEXES is allowed", "show range indexes", false},
		{"SHOW NODE KEY CONSTRAINTS is allowed", "SHOW NODE KEY CONSTRAINTS", false},
		{"SHOW USER DEFINED FUNCTIONS is allowed", "SHOW USER DEFINED FUNCTIONS", false},
		{"keywords in strings are ignored", "RETURN 'LOAD CSV', \"CALL dbms.killConnections()\" AS s", false},
		{"keywords in comments are ignored", "// LOAD CSV FROM\nRETURN 1 /* CALL apoc.x() */", false},
		{"property keys named like keywords are allowed", "MATCH (n) RETURN n.load, n.use, n.call, n . show", false},
		{"labels named like keywords are allowed", "MATCH (n:Load)-[:USE]->(m:Call) RETURN n", false},
		{"map keys named like keywords are allowed", "RETURN {load: 1, call: 2} AS m", false},
		{"backquoted names are allowed", "MATCH (`load`) RETURN `load`", false},
		{"escaped quotes stay inside strings", `RETURN 'it\'s LOAD CSV' AS s`, false},
		{"hex and underscored numbers read as numbers", "RETURN 0x1F, 1_000, .5, 1.5e-3", false},
		{"a parameter named like a keyword is allowed", "RETURN $load", false},

		{"LOAD CSV is refused", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", true},
		{"LOAD CSV in mixed case is refused", "LoAd CsV FROM 'http://x' AS l RETURN l", true},
		{"LOAD CSV split by a comment is refused", "load/**/csv FROM 'x' AS l RETURN l", true},
		{"LOAD CSV after a line comment is refused", "// hello\nLOAD\tCSV FROM 'x' AS l RETURN l", true},
		{"LOAD CSV after a number is refused", "UNWIND [1] AS x WITH x LIMIT 1LOAD CSV FROM 'x' AS l RETURN l", true},
		{"LOAD CSV after a number and a dot is refused", "WITH 1 AS x LIMIT 1.LOAD CSV FROM 'x' AS l RETURN l", true},
		{"LOAD CSV inside a subquery is refused", "CALL { LOAD CSV FROM 'x' AS l RETURN l } RETURN l", true},
		{"a procedure outside the list is refused", "CALL dbms.killConnections(['x'])", true},
		{"a procedure outside the list in a subquery is refused", "CALL { CALL db.clearQueryCaches() YIELD value RETURN value } RETURN value", true},
		{"a procedure named like an allowed one is refused", "CALL db.labelsX()", true},
		{"a backquoted procedure name is refused", "CALL `db`.`labels`()", true},
		{"a procedure hidden by a comment is refused", "CALL/* x */dbms.listConfig()", true},
		{"OPTIONAL CALL of a procedure is refused", "OPTIONAL CALL dbms.listConfig()", true},
		{"SHOW TRANSACTIONS is refused", "SHOW TRANSACTIONS", true},
		{"SHOW USERS is refused", "show users", true},
		{"SHOW ALL ROLES is refused", "SHOW ALL ROLES", true},
		{"SHOW USER PRIVILEGES is refused", "SHOW USER PRIVILEGES", true},
		{"SHOW SETTINGS is refused", "SHOW SETTINGS", true},
		{"TERMINATE is refused", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", true},
		{"USE is refused", "USE system MATCH (n) RETURN n", true},
		{"a variable named load is refused", "MATCH (load) RETURN load", true},
		{"an unterminated string is refused", "RETURN 'abc", true},
		{"an unterminated comment is refused", "RETURN 1 /* LOAD CSV", true},
		{"an unterminated backquoted name is refused", "RETURN `abc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAnalyst(tt.text)
			var refused *RefusedError
			if got := errors.As(err, &refused); got != tt.refused {
				t.Fatalf("CheckAnalyst(%q) = %v, want refused %v", tt.text, err, tt.refused)
			}
		})
	}
}

// FuzzCheckAnalyst checks that the guard reads any text without panicking,
// and that a statement opening with LOAD CSV is refused whatever follows.
func FuzzCheckAnalyst(f *testing.F) {
	for _, s := range []string{"MATCH (n) RETURN n", "LOAD CSV", "CALL db.labels()", "RETURN '\\'' /* */ // x", "`a``b`", "0x1F.5e-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = CheckAnalyst(s)
		if CheckAnalyst("LOAD CSV FROM 'x' AS l "+s) == nil {
			t.Fatalf("LOAD CSV followed by %q was not refused", s)
		}
	})
}
