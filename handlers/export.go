package handlers

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/query"
)

// errExportTooLarge: the bounded export would exceed exportCap rows.
var errExportTooLarge = &apiError{Status: http.StatusRequestEntityTooLarge, Code: "export_too_large",
	Message: fmt.Sprintf("more than %d records match; narrow the query, page it with skip and limit, or stream it with GET /api/v1/records/export.csv", exportCap),
	Details: map[string]int{"maxRows": exportCap}}

// exported answers POST /records/export/csv.
type exported struct {
	DateTime    string `json:"dateTime"`
	FileContent string `json:"fileContent"`
}

// exportCSV is POST /records/export/csv: the records matching a search
// query (its page when skip or limit is given) as CSV text in JSON.
func (a *api) exportCSV(c echo.Context) error {
	q, err := searchBody(c)
	if err != nil {
		return err
	}
	records, err := a.store.ExportRecords(c.Request().Context(), projectOf(c), q, exportCap+1)
	if err != nil {
		return err
	}
	if len(records) > exportCap {
		return errExportTooLarge
	}
	var b strings.Builder
	w := newCSVWriter(&b)
	columns := exportColumns(records)
	if err := writeRows(w, columns, columns, records); err != nil {
		return err
	}
	return ok(c, http.StatusOK, exported{DateTime: time.Now().UTC().Format(time.RFC3339Nano), FileContent: b.String()})
}

// streamCSV is GET /records/export.csv?labels=a,b&where=<JSON>: every
// matching record as a CSV attachment, read in one pass. Its columns are
// the properties its records carry (declared or not, as in exportCSV),
// which the header needs first, so its rows are spooled (see exportSpool)
// and written once every record is read. Nothing is sent before, so an
// error of the query or of the database, or a spool over exportSpoolMax,
// is an ordinary error response.
func (a *api) streamCSV(c echo.Context) error {
	q, err := exportQuery(c)
	if err != nil {
		return err
	}
	sp, err := newExportSpool(exportSpoolMax)
	if err != nil {
		return err
	}
	defer sp.remove()
	if err = a.store.ExportEach(c.Request().Context(), projectOf(c), q, exportPage, sp.add); err != nil {
		return err
	}
	columns := sp.columns()
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="records-`+time.Now().UTC().Format("20060102T150405Z")+`.csv"`)
	res.WriteHeader(http.StatusOK)
	w := newCSVWriter(res)
	// The error, if any, is the writer's and comes back from flush.
	_ = w.Write(csvHeader(columns))
	flush := func() error {
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		res.Flush()
		return nil
	}
	err = sp.each(columns, exportPage, func(rows [][]string) error {
		if err := w.WriteAll(rows); err != nil {
			return err
		}
		return flush()
	})
	if err != nil {
		return err
	}
	return flush()
}

// exportQuery reads the streaming route's ?labels= (comma-separated) and
// ?where= (the JSON of a search's where) as a search query.
func exportQuery(c echo.Context) (query.Search, error) {
	body := map[string]any{}
	if labels := c.QueryParam("labels"); labels != "" {
		body["labels"] = strings.Split(labels, ",")
	}
	if where := c.QueryParam("where"); where != "" {
		if !json.Valid([]byte(where)) {
			return query.Search{}, badRequest("invalid_parameter", "where must be the JSON of a search condition", map[string]string{"field": "where"})
		}
		body["where"] = json.RawMessage(where)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return query.Search{}, err
	}
	return query.ParseSearch(raw)
}

// newCSVWriter writes RFC 4180 CSV: CRLF line ends (line breaks inside a
// value are written as CRLF too), fields quoted when they need it.
func newCSVWriter(out io.Writer) *csv.Writer {
	w := csv.NewWriter(out)
	w.UseCRLF = true
	return w
}

// exportColumns are the property names of records, sorted.
func exportColumns(records []graph.Record) []string {
	seen := map[string]bool{}
	columns := []string{}
	for _, r := range records {
		for name := range r.Props {
			if !seen[name] {
				seen[name] = true
				columns = append(columns, name)
			}
		}
	}
	sort.Strings(columns)
	return columns
}

// writeRows writes records as CSV rows (__id, __label, then columns) and
// flushes them; when head is not nil, the header row __id, __label, head…
// comes first.
func writeRows(w *csv.Writer, columns, head []string, records []graph.Record) error {
	if head != nil {
		if err := w.Write(csvHeader(head)); err != nil {
			return err
		}
	}
	row := make([]string, len(columns)+2)
	for _, r := range records {
		row[0], row[1] = cell(r.ID), cell(r.Type)
		for i, name := range columns {
			row[i+2] = cell(r.Props[name])
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// csvHeader is the header row of an export: __id, __label, then the column
// names, which are property names a client chose and so pass the formula
// rule of cell like any value.
func csvHeader(columns []string) []string {
	head := make([]string, 0, len(columns)+2)
	head = append(head, "__id", "__label")
	for _, name := range columns {
		head = append(head, cell(name))
	}
	return head
}

// cell renders one value as CSV text: strings as they are, numbers and
// booleans in JSON form, datetimes in RFC 3339, lists as JSON arrays, null
// and missing as empty. A text that a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or carriage return) gets a leading '.
func cell(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		s = x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	default:
		raw, err := json.Marshal(graph.WireValue(v))
		if err != nil {
			return ""
		}
		s = string(raw)
	}
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
