package graph

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/cypher"
	"github.com/relgraph/relgraph/query"
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
		if out[i], err = recordColumn(row, "r"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ExportRow is one record as a streamed export writes it.
type ExportRow struct {
	ID, Type string
	// Names are the record's own properties, declared or not, null ones
	// included, in no particular order; Values holds their values in the
	// same order.
	Names  []string
	Values []any // as stored (see Record.Props); nil for null
}

// ExportEach hands every record matching q (paging and order of q do not
// apply; no particular order) to each, pageSize rows at a time, as the
// database sends them, each row holding the record's own properties. One
// statement, in one pass over the records its conditions select, returning
// only those fields; the driver pulls its rows pageSize at a time, so
// memory stays bounded however many records match, and no record is handed
// twice. Errors of q (a condition the declared types refuse) come back
// before each is first called. It is not retried (each may already have
// written what it was handed); it stops at the first error of each or of
// the database, ctx's deadline included. Inside a client transaction the
// statement runs there, read whole.
func (s *Store) ExportEach(ctx context.Context, project string, q query.Search, pageSize int, each func([]ExportRow) error) error {
	if err := s.resolve(ctx, project, &q); err != nil {
		return err
	}
	stmt := cypher.ExportRows(project, q)
	if err := sendable(stmt.Params); err != nil {
		return err
	}
	if t := txFrom(ctx); t != nil {
		res, err := eager(ctx, s, t, stmt)
		if err != nil {
			return err
		}
		return eachPage(res.Records, pageSize, each)
	}
	done := s.track("read")
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead, FetchSize: pageSize,
		BookmarkManager: bookmarkManager(ctx, s.driver, false)})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, stmt.Text, stmt.Params)
	if err != nil {
		return done(classify(ctx, err))
	}
	page := make([]ExportRow, 0, pageSize)
	for res.Next(ctx) {
		page = append(page, exportRowFrom(res.Record()))
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
func eachPage(rows []*neo4j.Record, pageSize int, each func([]ExportRow) error) error {
	for start := 0; start < len(rows); start += pageSize {
		end := min(start+pageSize, len(rows))
		page := make([]ExportRow, 0, end-start)
		for _, row := range rows[start:end] {
			page = append(page, exportRowFrom(row))
		}
		if err := each(page); err != nil {
			return err
		}
	}
	return nil
}

// exportRowFrom reads a row of cypher.ExportRows, by column name.
func exportRowFrom(row *neo4j.Record) ExportRow {
	id, _ := row.Get("id")
	typ, _ := row.Get("type")
	names, _ := row.Get("names")
	values, _ := row.Get("values")
	r := ExportRow{Values: values.([]any)}
	r.ID, _ = id.(string)
	r.Type, _ = typ.(string)
	r.Names = make([]string, 0, len(r.Values))
	for _, n := range names.([]any) {
		r.Names = append(r.Names, n.(string))
	}
	return r
}
