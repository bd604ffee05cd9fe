package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The database's memory limits are server settings, shared by every test
// that uses the server; these tests build the errors Neo4j answers with
// when they are reached rather than exhaust them.

func TestTransactionMemoryIsNotUnavailable(t *testing.T) {
	for _, code := range []string{
		"Neo.TransientError.General.MemoryPoolOutOfMemoryError",
		"Neo.TransientError.General.TransactionMemoryLimit",
		"Neo.ClientError.General.TransactionOutOfMemoryError",
	} {
		refused := &neo4j.Neo4jError{Code: code, Msg: "dbms.memory.transaction.total.max threshold reached"}
		if err := classify(context.Background(), refused); errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrTransactionMemory) {
			t.Errorf("%s is %v, want ErrTransactionMemory: not a 503 that sends the client to retry what will fail again", code, err)
		}
		if err := outOfMemory(refused); neo4j.IsRetryable(err) || !errors.Is(err, ErrTransactionMemory) {
			t.Errorf("inside a transaction, %s is %v (retryable: %v), want ErrTransactionMemory, which the driver does not retry",
				code, err, neo4j.IsRetryable(err))
		}
	}
	for _, other := range []error{
		&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"},
		&neo4j.Neo4jError{Code: "Neo.TransientError.General.OutOfMemoryError"}, // the server's heap: it is unwell
	} {
		if err := outOfMemory(other); err != other {
			t.Errorf("%v became %v", other, err)
		}
	}
}
