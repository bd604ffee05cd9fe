package graph

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Rows are read by column name: a statement whose RETURN lists its columns
// in another order gives the same answer, and one that renames or retypes a
// column fails with an error naming it, never a wrong answer or a panic.
func TestRowsAreReadByColumnName(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	row := func(kv ...any) *neo4j.Record {
		r := &neo4j.Record{}
		for i := 0; i < len(kv); i += 2 {
			r.Keys = append(r.Keys, kv[i].(string))
			r.Values = append(r.Values, kv[i+1])
		}
		return r
	}
	tests := []struct {
		name    string
		read    func() (any, error)
		want    any
		wantErr string
	}{
		{name: "project in another column order",
			read: func() (any, error) {
				return projectFrom(row("createdAt", at, "name", "acme", "id", "p1"))
			},
			want: Project{ID: "p1", Name: "acme", CreatedAt: at}},
		{name: "project with a renamed column",
			read: func() (any, error) {
				return projectFrom(row("projectId", "p1", "name", "acme", "createdAt", at))
			},
			wantErr: `column "id"`},
		{name: "project with a retyped column",
			read: func() (any, error) {
				return projectFrom(row("id", int64(1), "name", "acme", "createdAt", at))
			},
			wantErr: `column "id"`},
		{name: "a count in another column order",
			read: func() (any, error) {
				return firstCount([]*neo4j.Record{row("other", int64(7), "deleted", int64(2))}, "deleted")
			},
			want: 2},
		{name: "a count that is null",
			read: func() (any, error) {
				return firstCount([]*neo4j.Record{row("deleted", nil)}, "deleted")
			},
			wantErr: `column "deleted" is null`},
		{name: "no row for a count",
			read: func() (any, error) {
				return firstCount(nil, "deleted")
			},
			wantErr: `no row for column "deleted"`},
		{name: "a record column holding no node",
			read: func() (any, error) {
				return firstRecord([]*neo4j.Record{row("r", "not a node")}, "r")
			},
			wantErr: `column "r"`},
		{name: "found ends that are not pairs",
			read: func() (any, error) {
				return endsFound([]any{[]any{"id-only"}}, []string{"id-only"})
			},
			wantErr: "not [id, type]"},
		{name: "a declared type that is not a map",
			read: func() (any, error) {
				return catalogFrom("p1", []any{[]any{"people", "{}", ""}})
			},
			wantErr: "not a map"},
		{name: "slot counts that are not pairs",
			read: func() (any, error) {
				return nil, checkAll(nil, []any{[]any{"key"}})
			},
			wantErr: "not [key, count]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.read()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}
