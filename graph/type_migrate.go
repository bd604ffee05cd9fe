package graph

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/schema"
)

// MigrateLegacyTypes converts, in every project, the stored type
// definitions that still hold a legacy form: a linksConfiguration field
// becomes the links property in the type's overrides, and foreignId
// properties become relation properties with one allowedTypeIds entry. It
// runs in one transaction, is idempotent, and says how many types it
// converted. Reading a type converts a legacy form too, so a type works the
// same before and after.
// Migrate runs it once, as migration 6.
func (s *Store) MigrateLegacyTypes(ctx context.Context) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		return convertLegacyTypes(ctx, tx)
	})
}

func convertLegacyTypes(ctx context.Context, tx neo4j.ManagedTransaction) (int, error) {
	rows, err := run(ctx, tx, cypher.LegacyTypes())
	if err != nil {
		return 0, err
	}
	converted := 0
	for _, row := range rows {
		c := columns{row: row}
		project, id := get[string](&c, "project"), get[string](&c, "id")
		stored, storedOverrides := get[string](&c, "definition"), get[string](&c, "overrides")
		if c.err != nil {
			return 0, c.err
		}
		t, legacy, err := schema.StoredType(project, id, stored, storedOverrides)
		if err != nil || !legacy {
			continue // not a legacy form after all, or unreadable: left as it is
		}
		definition, overrides := t.Stored()
		if _, err := run(ctx, tx, cypher.PutType(project, id, definition, overrides)); err != nil {
			return 0, err
		}
		converted++
	}
	return converted, nil
}
