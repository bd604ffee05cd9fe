package graph

import (
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Rows cross from Cypher to Go by column name, checked: a statement whose
// RETURN is reordered, renamed or retyped makes the read fail with an error
// naming the column, never answer with another column's value or panic.

// column reads row's column name as T. A null reads as T's zero value; a
// column the row lacks, or a value of another type, is an error.
func column[T neo4j.RecordValue](row *neo4j.Record, name string) (T, error) {
	v, _, err := neo4j.GetRecordValue[T](row, name)
	if err != nil {
		return v, fmt.Errorf("graph: column %q: %w", name, err)
	}
	return v, nil
}

// required reads row's column name as T and refuses a null.
func required[T neo4j.RecordValue](row *neo4j.Record, name string) (T, error) {
	v, isNil, err := neo4j.GetRecordValue[T](row, name)
	switch {
	case err != nil:
		return v, fmt.Errorf("graph: column %q: %w", name, err)
	case isNil:
		return v, fmt.Errorf("graph: column %q is null", name)
	}
	return v, nil
}

// count reads a required integer column as an int.
func count(row *neo4j.Record, name string) (int, error) {
	n, err := required[int64](row, name)
	return int(n), err
}

// firstCount reads the integer column name of a statement's single row.
func firstCount(rows []*neo4j.Record, name string) (int, error) {
	if len(rows) == 0 {
		return 0, fmt.Errorf("graph: no row for column %q", name)
	}
	return count(rows[0], name)
}

// cell reads row's column name whatever its type; a missing column is an
// error.
func cell(row *neo4j.Record, name string) (any, error) {
	v, ok := row.Get(name)
	if !ok {
		return nil, fmt.Errorf("graph: column %q: not returned", name)
	}
	return v, nil
}

// recordColumn reads the record node in row's column name.
func recordColumn(row *neo4j.Record, name string) (Record, error) {
	n, err := required[neo4j.Node](row, name)
	if err != nil {
		return Record{}, err
	}
	return recordFrom(n), nil
}

// columns reads several columns of one row and keeps the first error, so a
// caller reading five columns checks once:
//
//	c := columns{row: row}
//	id, typ := get[string](&c, "id"), get[string](&c, "type")
//	if c.err != nil { … }
type columns struct {
	row *neo4j.Record
	err error
}

// get reads column name of c's row as T (a null as T's zero value), or
// nothing once a read has failed.
func get[T neo4j.RecordValue](c *columns, name string) T {
	if c.err != nil {
		var zero T
		return zero
	}
	v, err := column[T](c.row, name)
	if err != nil {
		c.err = err
	}
	return v
}

// firstRecord reads the record node in column name of a statement's first
// row; ErrNotFound when the statement returned no row.
func firstRecord(rows []*neo4j.Record, name string) (Record, error) {
	if len(rows) == 0 {
		return Record{}, ErrNotFound
	}
	return recordColumn(rows[0], name)
}

// nullable reads column name of c's row as T; ok is false when it is null.
func nullable[T neo4j.RecordValue](c *columns, name string) (v T, ok bool) {
	if c.err != nil {
		return v, false
	}
	v, isNil, err := neo4j.GetRecordValue[T](c.row, name)
	if err != nil {
		c.err = fmt.Errorf("graph: column %q: %w", name, err)
	}
	return v, err == nil && !isNil
}

// anyOf reads column name of c's row whatever its type.
func anyOf(c *columns, name string) any {
	if c.err != nil {
		return nil
	}
	v, err := cell(c.row, name)
	if err != nil {
		c.err = err
	}
	return v
}
