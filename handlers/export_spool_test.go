package handlers

import (
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
)

// TestExportSpool: the spool gives back its rows under the union of their
// names, refuses to grow past its limit, and leaves no file behind.
func TestExportSpool(t *testing.T) {
	rows := []graph.ExportRow{
		{ID: "1", Type: "doc", Names: []string{"b", "a"}, Values: []any{"x,y\nz", int64(3)}},
		{ID: "2", Type: "doc", Names: []string{"c", "gone"}, Values: []any{true, nil}},
		{ID: "3", Type: "note", Names: []string{"a"}, Values: []any{time.Date(2024, 2, 29, 13, 0, 0, 0, time.UTC)}},
	}
	tests := []struct {
		name       string
		limit      int64
		pageSize   int
		wantErr    error
		wantHeader []string
		wantPages  [][][]string
	}{
		{"rows come back under the sorted union of their names, a missing one empty", 1 << 20, 2, nil,
			[]string{"a", "b", "c", "gone"},
			[][][]string{
				{{"1", "doc", "3", "x,y\nz", "", ""}, {"2", "doc", "", "", "true", ""}},
				{{"3", "note", "2024-02-29T13:00:00Z", "", "", ""}},
			}},
		{"a spool past its limit is refused", 40, 2, errExportSpoolFull, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := newExportSpool(tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			name := sp.file.Name()
			defer func() {
				sp.remove()
				if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("spool file left behind: %v", err)
				}
			}()
			err = sp.add(rows)
			if err == nil {
				// The last rows may still be in the buffer: each flushes it.
				err = sp.each(sp.columns(), tc.pageSize, func([][]string) error { return nil })
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if got := sp.columns(); !reflect.DeepEqual(got, tc.wantHeader) {
				t.Errorf("columns %v, want %v", got, tc.wantHeader)
			}
			var pages [][][]string
			err = sp.each(sp.columns(), tc.pageSize, func(page [][]string) error {
				copied := make([][]string, len(page))
				for i, r := range page {
					copied[i] = append([]string(nil), r...)
				}
				pages = append(pages, copied)
				return nil
			})
			if err != nil || !reflect.DeepEqual(pages, tc.wantPages) {
				t.Errorf("pages %q, %v; want %q", pages, err, tc.wantPages)
			}
		})
	}
}
