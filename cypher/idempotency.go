package cypher

// IdempotencyKeyLabel is the label of the nodes that hold the outcome of a
// write sent with an Idempotency-Key: one per project and key, unique on
// (project, key) (migration 8), never a Record, so no client route reaches
// them.
const IdempotencyKeyLabel = "IdempotencyKey"

// IdempotentOutcome reads the stored outcome of a project's key, unless it
// has expired.
func IdempotentOutcome(project, key string) Query {
	return Query{
		Text: `MATCH (k:IdempotencyKey {project: $project, key: $key})
WHERE k.expiresAt > datetime()
RETURN k.hash AS hash, k.status AS status, k.headers AS headers, k.body AS body, k.bodyKept AS bodyKept`,
		Params: map[string]any{"project": project, "key": key},
	}
}

// ClaimIdempotencyKey creates the node of a project's key in the write's
// own transaction, after removing an expired node of the same key. The
// uniqueness constraint on (project, key) decides between concurrent
// claims: a second one waits until the first transaction ends, then fails
// (the first committed) or goes on (it rolled back).
func ClaimIdempotencyKey(project, key, hash string) Query {
	return Query{
		Text: `OPTIONAL MATCH (old:IdempotencyKey {project: $project, key: $key})
WHERE old.expiresAt <= datetime()
DELETE old
WITH count(old) AS replaced
CREATE (k:IdempotencyKey {project: $project, key: $key, hash: $hash, createdAt: datetime()})
RETURN replaced`,
		Params: map[string]any{"project": project, "key": key, "hash": hash},
	}
}

// RecordIdempotentOutcome stores a write's outcome on the key it claimed,
// in the same transaction, kept for ttlMillis from now.
func RecordIdempotentOutcome(project, key string, status int, headers string, body []byte, bodyKept bool, ttlMillis int64) Query {
	return Query{
		Text: `MATCH (k:IdempotencyKey {project: $project, key: $key})
SET k.status = $status, k.headers = $headers, k.body = $body, k.bodyKept = $bodyKept,
    k.expiresAt = datetime() + duration({milliseconds: $ttl})
RETURN count(k) AS recorded`,
		Params: map[string]any{"project": project, "key": key, "status": status, "headers": headers,
			"body": body, "bodyKept": bodyKept, "ttl": ttlMillis},
	}
}

// SweepIdempotencyKeys removes up to limit expired keys of any project.
func SweepIdempotencyKeys(limit int) Query {
	return Query{
		Text: `MATCH (k:IdempotencyKey)
WHERE k.expiresAt <= datetime()
WITH k LIMIT $limit
DELETE k
RETURN count(*) AS removed`,
		Params: map[string]any{"limit": limit},
	}
}

// idempotencyKeysMigration creates the constraint that makes a project's
// key unique, which concurrent claims meet, and the index the sweep of
// expired keys reads.
var idempotencyKeysMigration = []string{
	"CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE (k.project, k.key) IS UNIQUE",
	"CREATE INDEX idempotency_key_expiry IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expiresAt)",
}
