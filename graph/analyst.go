package graph

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/relgraph/relgraph/cypher"
)

// AnalystQuery is a Cypher statement an analyst wrote (POST /cypher).
type AnalystQuery struct {
	Text    string
	Params  map[string]any
	Timeout time.Duration // the database aborts the transaction after it
	RowCap  int           // at most this many rows are read
}

// AnalystResult is what an analyst's statement returned: its columns, and
// its rows as plain values (see ReadCypher).
type AnalystResult struct {
	Columns   []string         `json:"columns"`
	Rows      []map[string]any `json:"rows"`
	Truncated bool             `json:"truncated"` // more rows than RowCap; the rest were not read
}

// Codes of CypherError.
const (
	CypherRefused = "cypher_refused" // the statement does something analysts may not do
	CypherInvalid = "cypher_invalid" // the database could not run it (syntax, types, parameters)
	CypherTimeout = "cypher_timeout" // it ran longer than the timeout
)

// CypherError says why an analyst's statement was refused or failed. Its
// message is about the statement (the database's own message for a syntax
// error), never about relgraph's internals.
type CypherError struct {
	Code    string
	Message string
}

func (e *CypherError) Error() string { return "graph: " + e.Code + ": " + e.Message }

func (*CypherError) domainError() {}

// ReadCypher runs an analyst's statement in a read transaction: the session
// is opened in read access mode, so the database refuses every write, and
// before the statement runs, in the same transaction, Neo4j plans it
// without running it and cypher.CheckAnalystPlan decides on that plan
// (what read mode allows but analysts may not do: LOAD CSV, procedures,
// other databases, administration). The transaction has q.Timeout; at most
// q.RowCap rows are read, and Truncated says when there were more. Values
// come back plain, ready for JSON: nodes as {elementId, labels,
// properties}, relationships as {elementId, type, start, end, properties},
// paths as {nodes, relationships}, temporal values as ISO 8601 text
// (datetimes RFC 3339), points as {srid, x, y[, z]}, NaN and infinities as
// text. A refusal or a statement the database cannot run is a
// *CypherError.
func (s *Store) ReadCypher(ctx context.Context, q AnalystQuery) (AnalystResult, error) {
	if err := sendable(q.Params); err != nil {
		return AnalystResult{}, err
	}
	done := s.track("cypher")
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: bookmarkManager(ctx, s.driver, false)})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (AnalystResult, error) {
		if err := checkPlan(ctx, tx, q, s.db); err != nil {
			return AnalystResult{}, err
		}
		return readRows(ctx, tx, q)
	}, neo4j.WithTxTimeout(q.Timeout))
	return res, done(cypherFailure(ctx, err))
}

// checkPlan asks Neo4j for the plan of q, with q's parameters, and refuses
// q with a *CypherError unless cypher.CheckAnalystPlan admits the plan.
func checkPlan(ctx context.Context, tx neo4j.ManagedTransaction, q AnalystQuery, db string) error {
	rows, err := run(ctx, tx, cypher.UserFunctions())
	if err != nil {
		return err
	}
	p := cypher.AnalystPlan{Database: db, UserFunctions: make([]string, 0, len(rows))}
	for _, row := range rows {
		name, _ := row.Get("name")
		if n, ok := name.(string); ok {
			p.UserFunctions = append(p.UserFunctions, n)
		}
	}
	res, err := tx.Run(ctx, cypher.ExplainAnalyst(q.Text), q.Params)
	if err != nil {
		return err
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		return err
	}
	if summary.Plan() == nil {
		return &CypherError{Code: CypherRefused, Message: "the database gave no plan for the statement"}
	}
	p.Root, p.ReadOnly = planOf(summary.Plan()), summary.StatementType() == neo4j.StatementTypeReadOnly
	err = cypher.CheckAnalystPlan(p)
	var refused *cypher.RefusedError
	if errors.As(err, &refused) {
		return &CypherError{Code: CypherRefused, Message: refused.Reason}
	}
	return err
}

// planOf copies the driver's plan into the cypher package's.
func planOf(p neo4j.Plan) cypher.Plan {
	out := cypher.Plan{Operator: p.Operator(), Arguments: p.Arguments()}
	for _, c := range p.Children() {
		out.Children = append(out.Children, planOf(c))
	}
	return out
}

// readRows reads up to q.RowCap rows of q.
func readRows(ctx context.Context, tx neo4j.ManagedTransaction, q AnalystQuery) (AnalystResult, error) {
	res, err := tx.Run(ctx, q.Text, q.Params)
	if err != nil {
		return AnalystResult{}, err
	}
	keys, err := res.Keys()
	if err != nil {
		return AnalystResult{}, err
	}
	out := AnalystResult{Columns: keys, Rows: []map[string]any{}}
	for res.Next(ctx) {
		if len(out.Rows) == q.RowCap {
			out.Truncated = true
			return out, nil
		}
		rec := res.Record()
		row := make(map[string]any, len(rec.Keys))
		for i, k := range rec.Keys {
			row[k] = plain(rec.Values[i])
		}
		out.Rows = append(out.Rows, row)
	}
	return out, res.Err()
}

// cypherFailure maps the errors of an analyst's statement: what the
// database refuses or cannot run becomes a *CypherError, the rest is
// classified as any store error.
func cypherFailure(ctx context.Context, err error) error {
	var n4j *neo4j.Neo4jError
	if err == nil || !errors.As(err, &n4j) {
		return classify(ctx, err)
	}
	switch code := n4j.Code; {
	case code == "Neo.ClientError.Statement.AccessMode", code == "Neo.ClientError.Security.Forbidden":
		return &CypherError{Code: CypherRefused, Message: "writes are refused: analyst statements run in read access mode"}
	case code == "Neo.ClientError.Transaction.ForbiddenDueToTransactionType":
		return &CypherError{Code: CypherRefused, Message: "administration commands are refused: analyst statements read relgraph's database"}
	case strings.HasPrefix(code, "Neo.ClientError.Transaction.TransactionTimedOut"):
		return &CypherError{Code: CypherTimeout, Message: "the statement ran longer than the Cypher timeout"}
	case strings.HasPrefix(code, "Neo.ClientError.Statement."), strings.HasPrefix(code, "Neo.ClientError.Procedure."),
		strings.HasPrefix(code, "Neo.ClientError.Request."):
		return &CypherError{Code: CypherInvalid, Message: n4j.Msg}
	}
	return classify(ctx, err)
}

// plain converts a value read from Neo4j into one encoding/json writes as
// described on ReadCypher.
func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Node:
		return map[string]any{"elementId": x.ElementId, "labels": x.Labels, "properties": plainMap(x.Props)}
	case dbtype.Relationship:
		return map[string]any{"elementId": x.ElementId, "type": x.Type, "start": x.StartElementId,
			"end": x.EndElementId, "properties": plainMap(x.Props)}
	case dbtype.Path:
		nodes := make([]any, len(x.Nodes))
		for i, n := range x.Nodes {
			nodes[i] = plain(n)
		}
		rels := make([]any, len(x.Relationships))
		for i, r := range x.Relationships {
			rels[i] = plain(r)
		}
		return map[string]any{"nodes": nodes, "relationships": rels}
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Date, dbtype.LocalDateTime, dbtype.LocalTime, dbtype.Time, dbtype.Duration:
		return x.(interface{ String() string }).String()
	case dbtype.Point2D:
		return map[string]any{"srid": x.SpatialRefId, "x": x.X, "y": x.Y}
	case dbtype.Point3D:
		return map[string]any{"srid": x.SpatialRefId, "x": x.X, "y": x.Y, "z": x.Z}
	case float64:
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plain(x[i])
		}
		return out
	case map[string]any:
		return plainMap(x)
	}
	return v
}

func plainMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = plain(v)
	}
	return out
}
