package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
)

// OpenMigrated connects to Neo4j and brings its layout up to date, waiting
// up to wait for a database that is still starting (ErrUnavailable).
func OpenMigrated(ctx context.Context, opts Options, wait time.Duration) (*Store, error) {
	store, err := Open(opts)
	if err != nil {
		return nil, err
	}
	deadline, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for {
		err = store.Migrate(deadline)
		if err == nil || !errors.Is(err, ErrUnavailable) || deadline.Err() != nil {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		store.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return store, nil
}

// Migrate brings the database up to the newest migration, then the indexes
// of declared types in line with the declarations (ReconcileIndexes). It is
// safe to run again and from several instances at once: schema steps are
// idempotent and each data step applies in the transaction that records it.
func (s *Store) Migrate(ctx context.Context) error {
	for _, m := range cypher.Migrations {
		if err := s.migrate(ctx, m); err != nil {
			return fmt.Errorf("graph: migration %03d (%s): %w", m.Version, m.Name, err)
		}
	}
	return s.ReconcileIndexes(ctx)
}

func (s *Store) migrate(ctx context.Context, m cypher.Migration) error {
	if m.Sweep != nil {
		if err := s.sweep(ctx, m); err != nil {
			return err
		}
	}
	for _, stmt := range m.Schema {
		_, err := s.write(ctx, cypher.Query{Text: stmt})
		if err != nil && !schemaRaceLost(err) {
			return err
		}
	}
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		rows, err := run(ctx, tx, cypher.RecordMigration(m.Version, m.Name))
		if err != nil || len(rows) == 0 {
			return false, err
		}
		applied, err := column[bool](rows[0], "applied")
		if err != nil {
			return false, err
		}
		switch {
		case !applied:
		case m.Data != nil:
			_, err = run(ctx, tx, *m.Data)
		case m.Program != "":
			err = runProgram(ctx, tx, m.Program)
		}
		return applied, err
	})
	return err
}

// sweep runs migration m's sweep until a batch removes nothing, each batch
// in a transaction of its own, unless m is recorded already. Instances
// sweeping at once remove each record once: a batch is idempotent.
func (s *Store) sweep(ctx context.Context, m cypher.Migration) error {
	applied, err := s.AppliedMigrations(ctx)
	if err != nil || slices.Contains(applied, m.Version) {
		return err
	}
	for {
		res, err := s.write(ctx, *m.Sweep)
		if err != nil {
			return err
		}
		removed, err := firstCount(res.Records, "removed")
		if err != nil || removed == 0 {
			return err
		}
	}
}

// schemaRaceLost reports the errors a concurrent instance causes when it
// creates the same index or constraint a moment earlier.
func schemaRaceLost(err error) bool {
	var n4j *neo4j.Neo4jError
	if !errors.As(err, &n4j) {
		return false
	}
	switch n4j.Code {
	case "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
		"Neo.ClientError.Schema.IndexAlreadyExists",
		"Neo.ClientError.Schema.ConstraintAlreadyExists":
		return true
	}
	return false
}

// AppliedMigrations lists the migration versions recorded in the database.
func (s *Store) AppliedMigrations(ctx context.Context) ([]int, error) {
	res, err := s.read(ctx, cypher.AppliedMigrations())
	if err != nil {
		return nil, err
	}
	versions := make([]int, 0, len(res.Records))
	for _, r := range res.Records {
		v, err := count(r, "version")
		if err != nil {
			return nil, err
		}
		versions = append(versions, v)
	}
	return versions, nil
}

// runProgram runs a data migration written in Go.
func runProgram(ctx context.Context, tx neo4j.ManagedTransaction, name string) error {
	switch name {
	case cypher.ProgramLegacyTypes:
		_, err := convertLegacyTypes(ctx, tx)
		return err
	}
	return fmt.Errorf("graph: unknown migration program %q", name)
}
