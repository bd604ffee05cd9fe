package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
)

// waitPollInterval is the pause between two connection attempts in Wait.
const waitPollInterval = 250 * time.Millisecond

// Wait polls the server at uri with the neo4j driver until Bolt answers and
// the home database runs a trivial query, or ctx ends. Authentication
// errors end the wait at once: retrying cannot fix them.
func Wait(ctx context.Context, uri, user, password string) error {
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""))
	if err != nil {
		return fmt.Errorf("provision: driver for %s: %w", uri, err)
	}
	defer driver.Close(context.Background())
	for {
		err = ping(ctx, driver)
		if err == nil {
			return nil
		}
		if isAuthError(err) {
			return fmt.Errorf("provision: %s refused the credentials: %w", uri, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("provision: waiting for Bolt at %s: %w (last error: %v)", uri, ctx.Err(), err)
		case <-time.After(waitPollInterval):
		}
	}
}

// ping checks connectivity, then runs RETURN 1 on the home database so a
// server whose databases are still starting is not reported ready.
func ping(ctx context.Context, driver neo4j.DriverWithContext) error {
	if err := driver.VerifyConnectivity(ctx); err != nil {
		return err
	}
	session := driver.NewSession(ctx, neo4j.SessionConfig{})
	defer session.Close(context.Background())
	q := cypher.Ping()
	res, err := session.Run(ctx, q.Text, q.Params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func isAuthError(err error) bool {
	var nerr *neo4j.Neo4jError
	return errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Security.")
}
