package graph

import (
	"context"
	"errors"

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
		records[i] = recordFrom(r)
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
	row := res.Records[0]
	total := -1
	if n, _ := row.Get("total"); n != nil {
		total = int(n.(int64))
	}
	page, _ := row.Get("page")
	return page.([]any), total, nil
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
			return int(rows[0].Values[0].(int64)), nil
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
		ids[i] = row.Values[0].(string)
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
		typ, _ := row.Values[0].(string)
		counts[typ] = int(row.Values[1].(int64))
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
		rows[i] = rowFrom(q, values.([]any))
	}
	return rows, total, nil
}

// rowFrom builds a row from its values, in the order SearchRows returns
// them.
func rowFrom(q query.Search, values []any) Row {
	row := Row{}
	if len(q.GroupBy) == 0 {
		row = recordFrom(values[0]).wire()
		values = values[1:]
	}
	for i, sel := range q.Select {
		if a, ok := sel.Expr.(query.Aggregate); ok && len(a.Fields) > 0 {
			row[sel.Key] = itemsFrom(a.Fields, values[i])
			continue
		}
		row[sel.Key] = rowValue(values[i])
	}
	return row
}

// itemsFrom builds the items of a $collect of records with a select of its
// own from their values, as SearchRows returns them: each a list of the
// record's type, then its fields' values in order. An item is an object of
// those keys and __label.
func itemsFrom(fields []query.Select, v any) []any {
	list, _ := v.([]any)
	items := make([]any, len(list))
	for i, x := range list {
		values, _ := x.([]any)
		item := map[string]any{"__label": values[0]}
		for j, f := range fields {
			item[f.Key] = rowValue(values[j+1])
		}
		items[i] = item
	}
	return items
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
