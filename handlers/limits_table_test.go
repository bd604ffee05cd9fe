package handlers

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
)

func TestLimitsTableIsDocumented(t *testing.T) {
	raw, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	start := strings.Index(doc, "\n## Limits\n")
	if start < 0 {
		t.Fatal(`docs/api.md has no "## Limits" section`)
	}
	section := doc[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	var table strings.Builder
	for _, line := range strings.SplitAfter(section, "\n") {
		if strings.HasPrefix(line, "|") {
			table.WriteString(line)
		}
	}
	if got, want := table.String(), limitsMarkdown(); got != want {
		t.Errorf("the Limits table of docs/api.md is not the code's; it should read:\n%s", want)
	}
}

func TestLimitsAgreeWithTheirOtherReaders(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int
	}{
		// The list routes page with handlers' bounds, the searches with
		// the query package's; the table names one row for both.
		{"list page size", maxLimit, query.MaxLimit},
		{"list default page size", defaultLimit, query.DefaultLimit},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d here, %d in the table", c.name, c.got, c.want)
		}
	}
}

func TestTransactionMemoryIsA413ThatSaysToSplit(t *testing.T) {
	err := fmt.Errorf("graph: %w", graph.ErrTransactionMemory)
	got := toAPIError(err)
	if got.Status != http.StatusRequestEntityTooLarge || got.Code != "transaction_too_large" || !strings.Contains(got.Message, "split") {
		t.Errorf("ErrTransactionMemory answers %d %s %q, want 413 transaction_too_large telling to split", got.Status, got.Code, got.Message)
	}
	if errors.Is(err, graph.ErrUnavailable) {
		t.Error("ErrTransactionMemory is also ErrUnavailable")
	}
}

func TestLongRoutesAreRoutes(t *testing.T) {
	e := New(nil, Config{BodyLimit: DefaultBodyLimit}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	routes := map[string]bool{}
	for _, r := range e.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	for route := range longRoutes {
		if !routes[route] {
			t.Errorf("%s counts against its token's streams but is no route", route)
		}
	}
	for route := range importRoutes {
		if !routes[route] {
			t.Errorf("%s counts against the import budget but is no route", route)
		}
	}
}
