package cypher

// Migration is one numbered step of relgraph's database layout. Schema steps
// are idempotent DDL (IF NOT EXISTS); data steps run in the same transaction
// that records them, so they apply exactly once.
type Migration struct {
	Version int
	Name    string
	// Schema statements run one per transaction (Neo4j forbids mixing schema
	// and data writes).
	Schema []string
	// Data, when set, runs in the transaction that records the migration.
	Data *Query
	// Program, when set, names a data step written in Go (package graph
	// holds it): one that Cypher alone cannot do, such as rewriting stored
	// JSON. It runs in the transaction that records the migration.
	Program string
	// Sweep, when set, is an idempotent data step that removes what it
	// matches in batches and returns the count as `removed`: it runs again
	// and again, each batch in its own transaction, until it removes
	// nothing, then the migration is recorded. An instance stopped midway
	// leaves the rest to the next start.
	Sweep *Query
}

// ProgramLegacyTypes converts stored type definitions that still hold a
// legacy form (a linksConfiguration field, foreignId properties) into
// relation properties: migration 6.
const ProgramLegacyTypes = "legacy-types"

// Migrations is the ordered list of every migration. Append only: a released
// migration is never edited or renumbered.
var Migrations = []Migration{
	{Version: 1, Name: "migration ledger", Schema: []string{
		"CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE",
	}},
	{Version: 2, Name: "record id and project", Schema: []string{
		"CREATE CONSTRAINT record_id IF NOT EXISTS FOR (r:Record) REQUIRE r.__id IS UNIQUE",
		"CREATE INDEX record_project IF NOT EXISTS FOR (r:Record) ON (r.__project)",
	}},
	{Version: 3, Name: "edge property index", Schema: []string{
		"CREATE INDEX link_property IF NOT EXISTS FOR ()-[e:LINK]-() ON (e.property)",
	}},
	{Version: 4, Name: "projects and tokens", Schema: []string{
		"CREATE CONSTRAINT project_id IF NOT EXISTS FOR (p:Project) REQUIRE p.id IS UNIQUE",
		"CREATE CONSTRAINT token_id IF NOT EXISTS FOR (t:Token) REQUIRE t.id IS UNIQUE",
		"CREATE CONSTRAINT token_hash IF NOT EXISTS FOR (t:Token) REQUIRE t.hash IS UNIQUE",
	}},
	{Version: 5, Name: "declared types", Schema: []string{
		"CREATE CONSTRAINT record_type_key IF NOT EXISTS FOR (t:RecordType) REQUIRE t.key IS UNIQUE",
		"CREATE INDEX record_type_project IF NOT EXISTS FOR (t:RecordType) ON (t.project)",
	}},
	{Version: 6, Name: "legacy type definitions to relation properties", Program: ProgramLegacyTypes},
	{Version: 7, Name: "type representations as title parts", Data: &titlePartsMigration},
	{Version: 8, Name: "idempotency keys", Schema: idempotencyKeysMigration},
	{Version: 9, Name: "records without a project removed", Sweep: &orphanRecordsSweep},
}

// RecordMigration records that a migration ran. It returns `applied` true
// only to the one transaction that created the ledger entry.
func RecordMigration(version int, name string) Query {
	return Query{
		Text: `MERGE (m:Migration {version: $version})
ON CREATE SET m.name = $name, m.appliedAt = datetime(), m.fresh = true
WITH m, coalesce(m.fresh, false) AS applied
REMOVE m.fresh
RETURN applied`,
		Params: map[string]any{"version": version, "name": name},
	}
}

// AppliedMigrations lists the versions recorded in the ledger.
func AppliedMigrations() Query {
	return Query{Text: "MATCH (m:Migration) RETURN m.version AS version ORDER BY version"}
}
