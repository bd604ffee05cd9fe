package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/schema"
)

// valuesKey is the property the values scenario lists: the name of the
// seeded companies, which every company holds with a value of its own (half
// the records, as many distinct values), the costliest kind of property to
// list. Each run of it reads every company and sorts all their names in
// the database (about 140 MB of transaction memory at 1M records), so at
// that size run it at -concurrency 1 or 2: Neo4j's default transaction
// memory pool holds few such statements at once.
var valuesKey = graph.PropertyKey{Type: seedTypes[0], Name: "name", ValueType: schema.TypeString}

// valuesOp is the values scenario: the first page of valuesKey's values.
func valuesOp(ctx context.Context, s side, _ *world) error {
	v, err := as[valuesSide](s)
	if err != nil {
		return err
	}
	return v.values(ctx, valuesKey)
}

// valuesSide lists one page of a property's values.
type valuesSide interface {
	values(ctx context.Context, k graph.PropertyKey) error
}

// values is GET /api/v1/properties/{id}/values (first page, default limit).
func (h *httpSide) values(ctx context.Context, k graph.PropertyKey) error {
	return h.do(ctx, http.MethodGet, h.api+"properties/"+k.ID()+"/values", nil)
}

// values runs cypher.PropertyValues routed to readers, as
// graph.Store.PropertyValues does for a property that has values, and
// decodes the page.
func (r *rawSide) values(ctx context.Context, k graph.PropertyKey) error {
	res, err := r.read(ctx, cypher.PropertyValues(r.project, k.Type, k.Name, k.ValueType, "", 0, pageSize))
	if err != nil {
		return err
	}
	if len(res.Records) == 0 {
		return fmt.Errorf("raw: values answered no row")
	}
	row := res.Records[0].Values
	page, _ := row[3].([]any)
	values, counts := make([]any, 0, len(page)), make([]int, 0, len(page))
	for _, e := range page {
		m := e.(map[string]any)
		values = append(values, graph.WireValue(m["v"]))
		counts = append(counts, int(m["n"].(int64)))
	}
	if total, _ := row[0].(int64); total == 0 || len(values) == 0 {
		return fmt.Errorf("raw: %s.%s has no values", k.Type, k.Name)
	}
	return nil
}
