package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// ErrEmptyWhere: a delete by query was asked without a condition, which
// would remove the whole project.
var ErrEmptyWhere = errors.New("graph: refusing to delete by a query without a condition")

// Search finds one page of a project's records matching q and counts all
// that match; paging over every page returns exactly total records. With
// q.NoTotal nothing is counted and total is -1. With q.RelatedTo set, only
// records linked to that record (either direction) are searched, and
// ErrNotFound says the project has no such record.
func (s *Store) Search(ctx context.Context, project string, q query.Search) ([]Record, int, error) {
	page, total, err := s.page(ctx, project, &q, cypher.SearchRecords)
	if err != nil {
		return nil, 0, err
	}
	records := make([]Record, len(page))
	for i, r := range page {
		n, ok := r.(neo4j.Node)
		if !ok {
			return nil, 0, fmt.Errorf("graph: search page item %d is a %T, not a record node", i, r)
		}
		records[i] = recordFrom(n)
	}
	return records, total, nil
}

// page runs a paged search statement (cypher.SearchRecords or
// cypher.SearchRows) for q, resolved first, and returns its page and total
// (-1 when q.NoTotal). ErrNotFound when q.RelatedTo names no record of the
// project.
func (s *Store) page(ctx context.Context, project string, q *query.Search, compile func(string, query.Search) cypher.Query) ([]any, int, error) {
	if err := s.resolve(ctx, project, q); err != nil {
		return nil, 0, err
	}
	res, err := s.read(ctx, compile(project, *q))
	if err != nil {
		return nil, 0, err
	}
	if len(res.Records) == 0 {
		return nil, 0, ErrNotFound
	}
	c := columns{row: res.Records[0]}
	total, page := get[int64](&c, "total"), get[[]any](&c, "page")
	if c.err != nil {
		return nil, 0, c.err
	}
	if q.NoTotal {
		total = -1
	}
	return page, int(total), nil
}

// DeleteWhere removes every record of a project matching q (only the page of
// q when q.Paged), with all their edges, in one transaction, following the
// onDelete rules of declared types (cascades included in the count), and
// says how many it removed. ErrEmptyWhere when q has no condition.
func (s *Store) DeleteWhere(ctx context.Context, project string, q query.Search) (int, error) {
	if q.Where == nil {
		return 0, ErrEmptyWhere
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		cat, err := loadCatalog(ctx, tx, project)
		if err != nil {
			return 0, err
		}
		if err := q.Resolve(cat); err != nil {
			return 0, err
		}
		if len(cat.DeleteRuleTags()) == 0 {
			rows, err := run(ctx, tx, cypher.DeleteWhere(project, q))
			if err != nil {
				return 0, err
			}
			return firstCount(rows, "deleted")
		}
		return deleteMatches(ctx, tx, project, cat, q)
	})
}

// deleteMatches removes the records matching q as DELETE /records/{id}
// removes one: following each relation property's onDelete rule.
func deleteMatches(ctx context.Context, tx neo4j.ManagedTransaction, project string, cat *schema.Catalog, q query.Search) (int, error) {
	rows, err := run(ctx, tx, cypher.SearchIDs(project, q))
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	ids := make([]string, len(rows))
	for i, row := range rows {
		if ids[i], err = required[string](row, "id"); err != nil {
			return 0, err
		}
	}
	d := &deletion{project: project, cat: cat, records: map[string]string{}, edges: map[schema.Edge]bool{}}
	if err := d.walk(ctx, tx, ids...); err != nil {
		return 0, err
	}
	if _, err := run(ctx, tx, cypher.DeleteRecords(project, d.order)); err != nil {
		return 0, err
	}
	return len(d.order), nil
}

// LabelCounts counts a project's records matching q, per type. Types without
// a match are absent.
func (s *Store) LabelCounts(ctx context.Context, project string, q query.Search) (map[string]int, error) {
	if err := s.resolve(ctx, project, &q); err != nil {
		return nil, err
	}
	res, err := s.read(ctx, cypher.LabelCounts(project, q))
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int, len(res.Records))
	for _, row := range res.Records {
		c := columns{row: row}
		typ, n := get[string](&c, "type"), get[int64](&c, "count")
		if c.err != nil {
			return nil, c.err
		}
		counts[typ] = int(n)
	}
	return counts, nil
}

// resolve reads the project's declared types into q (see
// query.Search.Resolve) when q names types, whose declared properties the
// compiler compares in the form their indexes serve, or has a
// related-record or relation-property condition, whose edges they name.
// The types come from the catalog cache, so this costs no statement most
// of the time.
func (s *Store) resolve(ctx context.Context, project string, q *query.Search) error {
	if len(q.Labels) == 0 && !query.Linking(q.Where) {
		return nil
	}
	cat, err := s.catalog(ctx, project)
	if err != nil {
		return err
	}
	return q.Resolve(cat)
}

// Row is one row of a grouped search: its output keys, and without
// groupBy the record's own fields too.
type Row map[string]any

// SearchRows answers a grouped search (q.Grouped(): select, groupBy or
// aggregate): one page of rows and how many rows there are (-1 with
// q.NoTotal). With
// q.GroupBy a row is a group: its keys and aggregates. Without, a row is a
// record in the flat Collect form with the selected keys beside its
// properties. With q.RelatedTo set, only records linked to that record are
// read, and ErrNotFound says the project has no such record.
func (s *Store) SearchRows(ctx context.Context, project string, q query.Search) ([]Row, int, error) {
	page, total, err := s.page(ctx, project, &q, cypher.SearchRows)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]Row, len(page))
	for i, values := range page {
		if rows[i], err = rowFrom(q, values); err != nil {
			return nil, 0, err
		}
	}
	return rows, total, nil
}

// rowFrom builds a row from its values, the list SearchRows returns for
// each: without groupBy the record node first, then one value per select
// key in order.
func rowFrom(q query.Search, item any) (Row, error) {
	values, _ := item.([]any)
	row := Row{}
	if len(q.GroupBy) == 0 {
		n, ok := firstNode(values)
		if !ok {
			return nil, fmt.Errorf("graph: search row %v does not start with a record node", item)
		}
		row = recordFrom(n).wire()
		values = values[1:]
	}
	if len(values) != len(q.Select) {
		return nil, fmt.Errorf("graph: search row has %d values for %d select keys", len(values), len(q.Select))
	}
	for i, sel := range q.Select {
		if a, ok := sel.Expr.(query.Aggregate); ok && len(a.Fields) > 0 {
			items, err := itemsFrom(a.Fields, values[i])
			if err != nil {
				return nil, err
			}
			row[sel.Key] = items
			continue
		}
		row[sel.Key] = rowValue(values[i])
	}
	return row, nil
}

// firstNode is the record node values start with.
func firstNode(values []any) (neo4j.Node, bool) {
	if len(values) == 0 {
		return neo4j.Node{}, false
	}
	n, ok := values[0].(neo4j.Node)
	return n, ok
}

// itemsFrom builds the items of a $collect of records with a select of its
// own from their values, as SearchRows returns them: each a list of the
// record's type, then its fields' values in order. An item is an object of
// those keys and __label.
func itemsFrom(fields []query.Select, v any) ([]any, error) {
	list, _ := v.([]any)
	items := make([]any, len(list))
	for i, x := range list {
		values, _ := x.([]any)
		if len(values) != len(fields)+1 {
			return nil, fmt.Errorf("graph: collected item has %d values for a type and %d fields", len(values), len(fields))
		}
		item := map[string]any{"__label": values[0]}
		for j, f := range fields {
			item[f.Key] = rowValue(values[j+1])
		}
		items[i] = item
	}
	return items, nil
}

// rowValue renders a value of a row for JSON: record nodes (a $collect of
// records) in the flat Collect form, datetimes as text.
func rowValue(v any) any {
	switch x := v.(type) {
	case neo4j.Node:
		return recordFrom(x).wire()
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = rowValue(x[i])
		}
		return out
	}
	return WireValue(v)
}
