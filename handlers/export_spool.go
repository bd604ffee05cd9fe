package handlers

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"

	"github.com/relgraph/relgraph/graph"
)

// errExportSpoolFull: the rows of a streamed export, held until its
// columns are known, would exceed exportSpoolMax.
var errExportSpoolFull = &apiError{Status: http.StatusRequestEntityTooLarge, Code: "export_too_large",
	Message: fmt.Sprintf("the matching records hold more than %d MiB; a streamed export is held until its columns, the properties its records carry, are known: narrow the query", exportSpoolMax>>20),
	Details: map[string]int{"maxBytes": exportSpoolMax}}

// exportSpool holds the rows of a streamed export, whose header needs the
// union of the rows' property names, known only once every row is read: each row's
// written cells, as one JSON array a line ([id, type, name, cell, name,
// cell…], empty cells left out) in a temporary file, and the names seen.
// Memory holds the names and one buffer, however many rows there are; the
// file at most its limit. remove deletes the file, whatever happened.
type exportSpool struct {
	file  *os.File
	out   *bufio.Writer
	enc   *json.Encoder
	names map[string]bool
	line  []string
}

// newExportSpool opens an empty spool of at most limit bytes in the
// temporary directory.
func newExportSpool(limit int64) (*exportSpool, error) {
	f, err := os.CreateTemp("", "relgraph-export-*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("handlers: export spool: %w", err)
	}
	out := bufio.NewWriter(&limitWriter{w: f, left: limit})
	return &exportSpool{file: f, out: out, enc: json.NewEncoder(out), names: map[string]bool{}}, nil
}

// add spools a page of rows; errExportSpoolFull when they overflow it.
func (s *exportSpool) add(page []graph.ExportRow) error {
	for _, r := range page {
		s.line = append(s.line[:0], cell(r.ID), cell(r.Type))
		for i, name := range r.Names {
			s.names[name] = true
			if text := cell(r.Values[i]); text != "" {
				s.line = append(s.line, name, text)
			}
		}
		if err := s.enc.Encode(s.line); err != nil {
			return err
		}
	}
	return nil
}

// columns are the names of every spooled row's properties, sorted.
func (s *exportSpool) columns() []string {
	out := make([]string, 0, len(s.names))
	for name := range s.names {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// each hands the spooled rows to write as CSV rows (__id, __label, then
// the cells of columns, as returned by columns), pageSize rows at a time,
// in the order they were spooled. The rows handed are reused by the next
// call.
func (s *exportSpool) each(columns []string, pageSize int, write func([][]string) error) error {
	if err := s.out.Flush(); err != nil {
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("handlers: export spool: %w", err)
	}
	at := make(map[string]int, len(columns))
	for i, name := range columns {
		at[name] = i + 2
	}
	rows := make([][]string, pageSize)
	for i := range rows {
		rows[i] = make([]string, len(columns)+2)
	}
	dec := json.NewDecoder(bufio.NewReader(s.file))
	n := 0
	for {
		var line []string
		err := dec.Decode(&line)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("handlers: export spool: %w", err)
		}
		row := rows[n]
		clear(row)
		row[0], row[1] = line[0], line[1]
		for i := 2; i+1 < len(line); i += 2 {
			row[at[line[i]]] = line[i+1]
		}
		if n++; n == pageSize {
			if err := write(rows); err != nil {
				return err
			}
			n = 0
		}
	}
	if n > 0 {
		return write(rows[:n])
	}
	return nil
}

// remove closes the spool and deletes its file.
func (s *exportSpool) remove() {
	s.file.Close()
	os.Remove(s.file.Name())
}

// limitWriter writes to w until left bytes are used, then fails with
// errExportSpoolFull.
type limitWriter struct {
	w    io.Writer
	left int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		return 0, errExportSpoolFull
	}
	l.left -= int64(len(p))
	return l.w.Write(p)
}
