package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
)

// limit is one row of the limits table: what is bounded, its bound, and
// what a request beyond it gets.
type limit struct {
	what, bound, beyond string
}

// limits is every bound a client can run into, each read from the
// constant the code enforces. docs/api.md's "Limits" table is this table
// rendered by limitsMarkdown (TestLimitsTableIsDocumented).
func limits() []limit {
	return []limit{
		{"request body, every route", "`RELGRAPH_BODY_LIMIT`, default " + size(DefaultBodyLimit), "413 `too_large`"},
		{"time of a request, database work included", "`RELGRAPH_REQUEST_TIMEOUT`, default " + seconds(DefaultRequestTimeout), "503 `timeout`, `Retry-After`"},
		{"arrival of a request body", "the request timeout", "408 `body_timeout`; the connection is closed"},
		{"writing of an answer (a streamed export's included)", "the request timeout + " + seconds(answerGrace), "the connection is closed, the answer cut"},
		{"long-running requests (exports, imports, searches…: listed below) one token has in flight", count(tokenStreams), "429 `too_many_streams`, `Retry-After`"},
		{"import bodies relgraph takes in at once, every token together", size(importBudget) + " (`RELGRAPH_BODY_LIMIT` when larger)", fmt.Sprintf("429 `imports_busy`, `Retry-After: %d`", importRetryAfter)},
		{"records of one import, children included", count(maxImportRecords), "413 `too_many_records`"},
		{"database memory of one request's transaction", "Neo4j's `db.memory.transaction.max` and `dbms.memory.transaction.total.max`", "413 `transaction_too_large`"},
		{"`limit` of a list or a search page", fmt.Sprintf("1–%s, default %d", count(query.MaxLimit), query.DefaultLimit), "400 `invalid_parameter`"},
		{"`limit` of a relationship search", fmt.Sprintf("1–%s, default %s", count(query.MaxLimit), count(query.DefaultRelationshipLimit)), "400 `invalid_parameter`"},
		{"`skip`", "0–" + count(query.MaxSkip), "400 `invalid_parameter`"},
		{"ids of one `POST /records` lookup", count(maxLimit), "400 `too_many_ids`"},
		{"targets of one attach or detach", count(maxTargets), "400 `too_many_targets`"},
		{"properties of one record", count(maxProperties), "400 `too_many_properties`"},
		{"rows of `POST /records/export/csv`", count(exportCap), "413 `export_too_large`"},
		{"rows held by `GET /records/export.csv` until its columns are known", size(exportSpoolMax), "413 `export_too_large`"},
		{"`ttl` of a client transaction", fmt.Sprintf("1 ms–%s, default %s", seconds(graph.MaxTxTTL), seconds(graph.DefaultTxTTL)), "400 `invalid_ttl`"},
		{"open client transactions of one project", count(graph.MaxTxsPerProject), "429 `too_many_transactions`"},
		{"`depth` and `limit` (nodes) of `GET /records/{id}/graph`", fmt.Sprintf("depth 1–%d, default 1; 1–%s nodes, default %d, and %d edges a node", graph.MaxDepth, count(maxGraphNodes), defaultGraphNodes, edgesPerNode), "400 `invalid_parameter`; `truncated`"},
		{"`maxHops` and paths of `GET /paths`", fmt.Sprintf("1–%d, default %d; %d paths", graph.MaxHops, defaultMaxHops, maxPaths), "400 `invalid_parameter`"},
		{"`limit` (candidates) of the link options", fmt.Sprintf("1–%d, default %d", maxCandidates, defaultCandidates), "400 `invalid_parameter`"},
		{"statement of `POST /cypher`", size(maxCypherText), "400 `" + graph.CypherInvalid + "`"},
		{"rows of `POST /cypher`", "`RELGRAPH_CYPHER_ROW_CAP`, default " + count(DefaultCypherRowCap), "`truncated: true`"},
		{"time of a `POST /cypher` transaction", "`RELGRAPH_CYPHER_TIMEOUT`, default " + seconds(DefaultCypherTimeout), "400 `" + graph.CypherTimeout + "`"},
	}
}

// limitsMarkdown renders the limits table as docs/api.md shows it.
func limitsMarkdown() string {
	var b strings.Builder
	b.WriteString("| limit | bound | beyond it |\n| --- | --- | --- |\n")
	for _, l := range limits() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", l.what, l.bound, l.beyond)
	}
	return b.String()
}

// size writes a number of bytes in KiB or MiB.
func size(bytes int) string {
	if bytes >= 1<<20 {
		return fmt.Sprintf("%d MiB", bytes>>20)
	}
	return fmt.Sprintf("%d KiB", bytes>>10)
}

// seconds writes a duration of whole seconds.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int(d/time.Second))
}

// count writes n with commas between groups of three digits, as the docs
// do.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
