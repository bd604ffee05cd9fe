package graph

import (
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ErrTransactionMemory: the database refused the request's transaction the
// memory it needed, by its own limit (db.memory.transaction.max) or because
// the transactions in flight hold all the database allows them
// (dbms.memory.transaction.total.max). The request must be split (an import
// into smaller ones) or narrowed; sent again as it is, it fails again.
var ErrTransactionMemory = errors.New("graph: the database refused the transaction more memory")

// memoryCodes are the Neo4j codes of a transaction refused memory. Neo4j
// classifies two of them as transient, which the driver retries for
// Options.MaxRetryTime, holding the memory of the retried work meanwhile:
// four concurrent 24 MB imports retried so for 9 s, then answered 503.
var memoryCodes = map[string]bool{
	"Neo.ClientError.General.TransactionOutOfMemoryError":   true, // db.memory.transaction.max
	"Neo.TransientError.General.MemoryPoolOutOfMemoryError": true, // the pools of all transactions
	"Neo.TransientError.General.TransactionMemoryLimit":     true, // off-heap transaction state
}

// outOfMemory is ErrTransactionMemory when err is the database refusing a
// transaction memory, else err. The error it returns in that case does not
// wrap the driver's, so the driver does not retry the transaction.
func outOfMemory(err error) error {
	var n4j *neo4j.Neo4jError
	if errors.As(err, &n4j) && memoryCodes[n4j.Code] {
		return fmt.Errorf("%w (%s: %s)", ErrTransactionMemory, n4j.Code, n4j.Msg)
	}
	return err
}
