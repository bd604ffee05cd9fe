package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
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

// valuesOp is the values scenario: the first page of valuesKey's values,
// most frequent first.
func valuesOp(ctx context.Context, s side, _ *world) error {
	v, err := as[valuesSide](s)
	if err != nil {
		return err
	}
	return v.values(ctx, valuesKey)
}

// orderedValuesOp is the ordered-values scenario: the first page of
// valuesKey's values in value order.
func orderedValuesOp(ctx context.Context, s side, _ *world) error {
	v, err := as[valuesSide](s)
	if err != nil {
		return err
	}
	return v.valuesInOrder(ctx, valuesKey)
}

// valuesSide lists one page of a property's values.
type valuesSide interface {
	values(ctx context.Context, k graph.PropertyKey) error
	valuesInOrder(ctx context.Context, k graph.PropertyKey) error
}

// valuesPage is the page size of the values scenarios: what a value picker
// shows.
const valuesPage = 20

// valuesInOrder is GET /api/v1/properties/{id}/values?orderBy=asc.
func (h *httpSide) valuesInOrder(ctx context.Context, k graph.PropertyKey) error {
	return h.do(ctx, http.MethodGet, h.api+"properties/"+k.ID()+"/values?orderBy=asc&limit="+strconv.Itoa(valuesPage), nil)
}

// valuesInOrder runs cypher.PropertyValuesInOrder (and the bounds, for a
// number or datetime) as graph.Store.PropertyValuesInOrder does.
func (r *rawSide) valuesInOrder(ctx context.Context, k graph.PropertyKey) error {
	res, err := r.read(ctx, cypher.PropertyValuesInOrder(r.project, k.Type, k.Name, k.ValueType, "", true, false, 0, valuesPage))
	if err != nil {
		return err
	}
	return orderedPage(res.Records, "raw")
}

// values runs the best statement for the most frequent values.
func (b bestSide) values(ctx context.Context, k graph.PropertyKey) error {
	res, err := b.read(ctx, cypher.BestValues(b.project, pageSize))
	if err != nil {
		return err
	}
	if len(res.Records) == 0 {
		return fmt.Errorf("best: values answered no row")
	}
	vs, _ := res.Records[0].Get("vs")
	if len(vs.([]any)) == 0 {
		return fmt.Errorf("best: %s.%s has no values", k.Type, k.Name)
	}
	return nil
}

// valuesInOrder runs the best statement for values in value order.
func (b bestSide) valuesInOrder(ctx context.Context, _ graph.PropertyKey) error {
	res, err := b.read(ctx, cypher.BestValuesInOrder(b.project, valuesPage))
	if err != nil {
		return err
	}
	return orderedPage(res.Records, "best")
}

// orderedPage decodes a page of (v, n) rows, as graph does, and checks it
// is not empty.
func orderedPage(rows []*neo4j.Record, side string) error {
	if len(rows) == 0 {
		return fmt.Errorf("%s: values in order answered no row", side)
	}
	values, counts := make([]any, 0, len(rows)), make([]int64, 0, len(rows))
	for _, row := range rows {
		v, _ := row.Get("v")
		n, _ := row.Get("n")
		values, counts = append(values, graph.WireValue(v)), append(counts, n.(int64))
	}
	return nil
}

// values is GET /api/v1/properties/{id}/values (first page, default limit).
func (h *httpSide) values(ctx context.Context, k graph.PropertyKey) error {
	return h.do(ctx, http.MethodGet, h.api+"properties/"+k.ID()+"/values", nil)
}

// values runs cypher.PropertyValues routed to readers, as
// graph.Store.PropertyValues does for a property that has values, and
// decodes the page.
func (r *rawSide) values(ctx context.Context, k graph.PropertyKey) error {
	res, err := r.read(ctx, cypher.PropertyValues(r.project, k.Type, k.Name, k.ValueType, "", true, 0, pageSize))
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
