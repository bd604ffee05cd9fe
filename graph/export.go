package graph

import (
	"context"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
	"github.com/relgraph/relgraph/schema"
)

// ExportRecords finds the records a bounded export writes: the page of q
// when q.Paged, else every record matching q, in q's order, but at most
// limit of them. A caller that passes its cap plus one learns whether the
// cap was exceeded.
func (s *Store) ExportRecords(ctx context.Context, project string, q query.Search, limit int) ([]Record, error) {
	if err := s.resolve(ctx, project, &q); err != nil {
		return nil, err
	}
	res, err := s.read(ctx, cypher.ExportSlice(project, q, limit))
	if err != nil {
		return nil, err
	}
	out := make([]Record, len(res.Records))
	for i, row := range res.Records {
		out[i] = recordFrom(row.Values[0])
	}
	return out, nil
}

// ExportRow is one record as a streamed export writes it.
type ExportRow struct {
	ID, Type string
	// Names are the properties Values holds, in order: the columns
	// ExportEach was given, or else the record's own properties (null ones
	// included), in no particular order.
	Names  []string
	Values []any // as stored (see Record.Props); nil for null or absent
}

// ExportColumns says which columns a streamed export of q has before any
// record is read. When q names exactly one type and that type is declared,
// they are its declared scalar properties (declared or overridden; relation
// properties, whose values are links, are not columns), sorted, and ok is
// true; records' properties the declaration does not name are not among
// them. Otherwise ok is false: only the records tell the columns. Errors of
// q (a condition the declared types refuse) come from here, before any
// record is read.
func (s *Store) ExportColumns(ctx context.Context, project string, q query.Search) (columns []string, ok bool, err error) {
	if err := s.resolve(ctx, project, &q); err != nil {
		return nil, false, err
	}
	if len(q.Labels) != 1 {
		return nil, false, nil
	}
	// resolve read the project's declared types into q: it names a type.
	columns, ok = declaredColumns(q.Types, q.Labels[0])
	return columns, ok, nil
}

// declaredColumns are the scalar properties of declared type typ, sorted;
// ok is false when typ is not declared.
func declaredColumns(cat *schema.Catalog, typ string) ([]string, bool) {
	if cat == nil {
		return nil, false
	}
	t, ok := cat.Type(typ)
	if !ok {
		return nil, false
	}
	props := make(map[string]schema.Property, len(t.Properties)+len(t.Overrides))
	for name, p := range t.Properties {
		props[name] = p
	}
	for name, p := range t.Overrides {
		props[name] = p
	}
	columns := []string{}
	for name, p := range props {
		if !p.IsRelation() {
			columns = append(columns, name)
		}
	}
	sort.Strings(columns)
	return columns, true
}

// ExportEach hands every record matching q (paging and order of q do not
// apply; no particular order) to each, pageSize rows at a time, as the
// database sends them. With columns not nil (see ExportColumns) each row
// holds the values of columns; with nil, the record's own properties. One
// statement, in one pass over the records its conditions select, returning
// only those fields; the driver pulls its rows pageSize at a time, so
// memory stays bounded however many records match, and no record is handed
// twice. It is not retried (each may already have written what it was
// handed); it stops at the first error of each or of the database, ctx's
// deadline included. Inside a client transaction the statement runs there,
// read whole.
func (s *Store) ExportEach(ctx context.Context, project string, q query.Search, columns []string, pageSize int, each func([]ExportRow) error) error {
	if err := s.resolve(ctx, project, &q); err != nil {
		return err
	}
	stmt := cypher.ExportRows(project, q, columns)
	if t := txFrom(ctx); t != nil {
		res, err := eager(ctx, s, t, stmt)
		if err != nil {
			return err
		}
		return eachPage(res.Records, columns, pageSize, each)
	}
	done := s.track("read")
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead, FetchSize: pageSize})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, stmt.Text, stmt.Params)
	if err != nil {
		return done(classify(ctx, err))
	}
	page := make([]ExportRow, 0, pageSize)
	for res.Next(ctx) {
		page = append(page, exportRowFrom(res.Record(), columns))
		if len(page) == pageSize {
			if err := each(page); err != nil {
				return done(err)
			}
			page = page[:0]
		}
	}
	if err := res.Err(); err != nil {
		return done(classify(ctx, err))
	}
	if len(page) > 0 {
		return done(each(page))
	}
	return done(nil)
}

// eachPage hands rows to each, pageSize at a time.
func eachPage(rows []*neo4j.Record, columns []string, pageSize int, each func([]ExportRow) error) error {
	for start := 0; start < len(rows); start += pageSize {
		end := min(start+pageSize, len(rows))
		page := make([]ExportRow, 0, end-start)
		for _, row := range rows[start:end] {
			page = append(page, exportRowFrom(row, columns))
		}
		if err := each(page); err != nil {
			return err
		}
	}
	return nil
}

// exportRowFrom reads a row of cypher.ExportRows, by column name; columns
// are the ones the statement was built with.
func exportRowFrom(row *neo4j.Record, columns []string) ExportRow {
	id, _ := row.Get("id")
	typ, _ := row.Get("type")
	values, _ := row.Get("values")
	r := ExportRow{Names: columns, Values: values.([]any)}
	r.ID, _ = id.(string)
	r.Type, _ = typ.(string)
	if columns == nil {
		names, _ := row.Get("names")
		r.Names = make([]string, 0, len(r.Values))
		for _, n := range names.([]any) {
			r.Names = append(r.Names, n.(string))
		}
	}
	return r
}
