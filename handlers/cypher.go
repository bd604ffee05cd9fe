package handlers

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
)

// cypherRoutes is the analysts' read-only Cypher. It needs the server admin
// key: Neo4j community has one user database, so a free statement cannot be
// confined to a project.
func (a *api) cypherRoutes(g *echo.Group) {
	g.POST("/cypher", a.runCypher, a.requireAdmin)
}

// Defaults of the Cypher route when Config leaves them zero.
const (
	defaultCypherRowCap  = 10000
	defaultCypherTimeout = 10 * time.Second
	maxCypherText        = 64 << 10
)

type cypherBody struct {
	Query  string         `json:"query"`
	Params map[string]any `json:"params"`
}

// runCypher is POST /cypher {query, params}: the statement's columns and
// rows, `truncated` when it had more rows than the cap.
func (a *api) runCypher(c echo.Context) error {
	var req cypherBody
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Query) == "" {
		return badRequest(graph.CypherInvalid, "query is required: a Cypher statement", map[string]string{"field": "/query"})
	}
	if len(req.Query) > maxCypherText {
		return badRequest(graph.CypherInvalid, "query is longer than 64 KiB", map[string]string{"field": "/query"})
	}
	q := graph.AnalystQuery{Text: req.Query, Params: cypherParams(req.Params),
		Timeout: a.cfg.CypherTimeout, RowCap: a.cfg.CypherRowCap}
	if q.Timeout <= 0 {
		q.Timeout = defaultCypherTimeout
	}
	if q.RowCap <= 0 {
		q.RowCap = defaultCypherRowCap
	}
	res, err := a.store.ReadCypher(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, res)
}

// cypherParams turns JSON parameter values into driver values: whole
// numbers become integers, other numbers floats.
func cypherParams(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cypherParam(v)
	}
	return out
}

func cypherParam(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = cypherParam(x[i])
		}
		return out
	case map[string]any:
		return cypherParams(x)
	}
	return v
}
