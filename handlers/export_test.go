package handlers_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// parseCSV reads CSV text as rows keyed by the header's columns.
func parseCSV(t *testing.T, text string) ([]string, []map[string]string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, text)
	}
	if len(rows) == 0 {
		t.Fatalf("CSV without a header")
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = row[i]
		}
		out = append(out, m)
	}
	return rows[0], out
}

// exportCSV runs POST /records/export/csv and parses the file it answers.
func (ev *env) exportCSV(body any) ([]string, []map[string]string) {
	ev.t.Helper()
	r := ev.do("POST", "/api/v1/records/export/csv", body, ev.read)
	if r.Status != http.StatusOK {
		ev.t.Fatalf("export: %d %.500s", r.Status, r.Raw)
	}
	if _, err := time.Parse(time.RFC3339Nano, r.data()["dateTime"].(string)); err != nil {
		ev.t.Errorf("dateTime: %v", err)
	}
	return parseCSV(ev.t, r.data()["fileContent"].(string))
}

// sameValue reports whether CSV cell text holds the stored value v.
func sameValue(cell string, v any) bool {
	switch x := v.(type) {
	case nil:
		return cell == ""
	case string:
		// encoding/csv's Reader reads a quoted \r\n as \n (the file holds
		// the \r\n as stored).
		x = strings.ReplaceAll(x, "\r\n", "\n")
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return cell == "'"+x
		}
		return cell == x
	case int64:
		n, err := strconv.ParseInt(cell, 10, 64)
		return err == nil && n == x
	case float64:
		f, err := strconv.ParseFloat(cell, 64)
		return err == nil && f == x
	case bool:
		b, err := strconv.ParseBool(cell)
		return err == nil && b == x
	case time.Time:
		t, err := time.Parse(time.RFC3339Nano, cell)
		return err == nil && t.Equal(x)
	case []any:
		var got []any
		if strings.HasPrefix(cell, "'") {
			cell = cell[1:]
		}
		if err := json.Unmarshal([]byte(cell), &got); err != nil || len(got) != len(x) {
			return false
		}
		for i := range x {
			raw, _ := json.Marshal(got[i])
			if !sameValue(strings.Trim(string(raw), `"`), x[i]) && fmt.Sprint(got[i]) != fmt.Sprint(x[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// checkRoundTrip compares parsed CSV rows with the project's stored records
// of label: one row per record, every cell its value.
func checkRoundTrip(t *testing.T, ev *env, label string, header []string, rows []map[string]string) {
	t.Helper()
	stored := query(t, `MATCH (r:Record) WHERE r.__project = $p AND $l IN labels(r) RETURN r`, map[string]any{"p": ev.project.ID, "l": label})
	if len(rows) != len(stored) {
		t.Fatalf("%d rows, %d records", len(rows), len(stored))
	}
	if header[0] != "__id" || header[1] != "__label" {
		t.Errorf("header %v", header)
	}
	byID := map[string]map[string]string{}
	for _, row := range rows {
		byID[row["__id"]] = row
	}
	for _, s := range stored {
		rec := recordOf(s["r"])
		row, ok := byID[rec.ID]
		if !ok {
			t.Errorf("record %s has no row", rec.ID)
			continue
		}
		if row["__label"] != label {
			t.Errorf("%s: __label %q", rec.ID, row["__label"])
		}
		for _, col := range header[2:] {
			if !sameValue(row[col], rec.Props[col]) {
				t.Errorf("%s.%s: cell %q, stored %#v", rec.ID, col, row[col], rec.Props[col])
			}
		}
		for name := range rec.Props {
			if _, ok := row[name]; !ok {
				t.Errorf("%s: property %s has no column", rec.ID, name)
			}
		}
	}
}

func TestExportCSVRoundTrip(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	ev.create("doc", map[string]any{"title": `a "quoted", comma title`, "n": 1.5, "ok": true, "tags": []any{"x", "y,z"}})
	ev.create("doc", map[string]any{"title": "line one\nline two\r\nthree", "n": -7, "ok": false, "notes": "ünïcødé ✓"})
	ev.createTyped("doc", propValue("title", "string", ""), propValue("when", "datetime", map[string]any{"$year": 2024, "$month": 2, "$day": 29, "$hour": 13}),
		propValue("gone", "null", nil))
	ev.create("other", map[string]any{"title": "not exported"})

	header, rows := ev.exportCSV(map[string]any{"labels": []string{"doc"}})
	want := []string{"__id", "__label", "gone", "n", "notes", "ok", "tags", "title", "when"}
	if !reflect.DeepEqual(header, want) {
		t.Errorf("header %v, want %v", header, want)
	}
	checkRoundTrip(t, ev, "doc", header, rows)

	t.Run("where and paging apply", func(t *testing.T) {
		_, rows := ev.exportCSV(map[string]any{"labels": []string{"doc"}, "where": map[string]any{"ok": true}})
		if len(rows) != 1 || rows[0]["n"] != "1.5" {
			t.Errorf("rows %v", rows)
		}
		_, rows = ev.exportCSV(map[string]any{"labels": []string{"doc"}, "limit": 2})
		if len(rows) != 2 {
			t.Errorf("limit 2: %d rows", len(rows))
		}
	})
	t.Run("the streaming route writes the same file", func(t *testing.T) {
		r := ev.do("GET", "/api/v1/records/export.csv?labels=doc", nil, ev.read)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="records-`) ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %v %.300s", r.Status, r.Header, r.Raw)
		}
		h, rows := parseCSV(t, r.Raw)
		if !reflect.DeepEqual(h, want) {
			t.Errorf("header %v", h)
		}
		checkRoundTrip(t, ev, "doc", h, rows)
		where := url.QueryEscape(`{"ok": false}`)
		r = ev.do("GET", "/api/v1/records/export.csv?labels=doc&where="+where, nil, ev.read)
		if _, rows := parseCSV(t, r.Raw); r.Status != http.StatusOK || len(rows) != 1 || rows[0]["n"] != "-7" {
			t.Errorf("where: %d %s", r.Status, r.Raw)
		}
	})
	for _, tc := range []struct {
		name, path string
		wantStatus int
	}{
		{"bad where JSON", "/api/v1/records/export.csv?where=" + url.QueryEscape("{nope"), http.StatusBadRequest},
		{"bad where operator", "/api/v1/records/export.csv?where=" + url.QueryEscape(`{"a": {"$bad": 1}}`), http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := ev.do("GET", tc.path, nil, ev.read); r.Status != tc.wantStatus {
				t.Errorf("%d %s", r.Status, r.Raw)
			}
		})
	}
	if r := ev.do("POST", "/api/v1/records/export/csv", map[string]any{}, ""); r.Status != http.StatusUnauthorized {
		t.Errorf("no token: %d", r.Status)
	}
}

func TestExportFormulaInjection(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	cases := []struct{ value, cell string }{
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\t=1", "'\t=1"},
		// A lone CR is dropped by the CRLF writer; the cell still starts with '.
		{"\r=1", "'=1"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
	}
	for i, c := range cases {
		ev.create("cell", map[string]any{"i": i, "v": c.value})
	}
	ev.create("cell", map[string]any{"i": len(cases), "v": -5})
	_, rows := ev.exportCSV(map[string]any{"labels": []string{"cell"}})
	got := map[string]string{}
	for _, row := range rows {
		got[row["i"]] = row["v"]
	}
	for i, c := range cases {
		if got[strconv.Itoa(i)] != c.cell {
			t.Errorf("%q: cell %q, want %q", c.value, got[strconv.Itoa(i)], c.cell)
		}
	}
	if got[strconv.Itoa(len(cases))] != "-5" {
		t.Errorf("the number -5 is written as %q, want -5", got[strconv.Itoa(len(cases))])
	}
	// __id and __label go through the same rule.
	if rows[0]["__label"] != "cell" {
		t.Errorf("__label %q", rows[0]["__label"])
	}
}

// A property name is a client's text too: in the header row of both CSV
// routes, a name a spreadsheet would run as a formula is written as text.
func TestExportFormulaInjectionInColumnNames(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	names := map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+cmd":                       "'+cmd",
		"-2+3":                       "'-2+3",
		"@SUM(1)":                    "'@SUM(1)",
		"plain":                      "plain",
	}
	props := map[string]any{}
	for name := range names {
		props[name] = "v"
	}
	ev.create("sheet", props)
	want := []string{"__id", "__label"}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		want = append(want, names[name])
	}
	if header, _ := ev.exportCSV(map[string]any{"labels": []string{"sheet"}}); !reflect.DeepEqual(header, want) {
		t.Errorf("POST /records/export/csv header %q, want %q", header, want)
	}
	r := ev.do("GET", "/api/v1/records/export.csv?labels=sheet", nil, ev.read)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /records/export.csv: %d %.300s", r.Status, r.Raw)
	}
	if header, _ := parseCSV(t, r.Raw); !reflect.DeepEqual(header, want) {
		t.Errorf("GET /records/export.csv header %q, want %q", header, want)
	}
}

// TestExportLarge seeds more records than the bounded export's cap through
// the raw driver: the bounded route refuses with export_too_large, a page of
// it works, and the streaming route writes them all. It logs throughput.
func TestExportLarge(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("seeds 20,000 records")
	}
	ev := newEnv(t)
	const n = 20_000
	query(t, `UNWIND range(1, $n) AS i
CREATE (:Record:row {__id: $p + '-' + toString(100000 + i), __project: $p, i: i, name: 'row ' + toString(i), even: i % 2 = 0})`,
		map[string]any{"n": n, "p": ev.project.ID})

	r := ev.do("POST", "/api/v1/records/export/csv", map[string]any{"labels": []string{"row"}}, ev.read)
	if r.Status != http.StatusRequestEntityTooLarge || r.code() != "export_too_large" || !strings.Contains(r.Raw, "export.csv") {
		t.Fatalf("over the cap: %d %.300s", r.Status, r.Raw)
	}
	// Best of 3, the machine being shared.
	var took time.Duration
	var rows []map[string]string
	for i := range 3 {
		start := time.Now()
		_, rows = ev.exportCSV(map[string]any{"labels": []string{"row"}, "where": map[string]any{"even": true}})
		if d := time.Since(start); i == 0 || d < took {
			took = d
		}
	}
	if len(rows) != n/2 {
		t.Fatalf("even rows: %d", len(rows))
	}
	t.Logf("POST /records/export/csv: %d rows in %s (%.0f rows/s, best of 3)", len(rows), took, float64(len(rows))/took.Seconds())

	var header []string
	for i := range 3 {
		start := time.Now()
		r = ev.do("GET", "/api/v1/records/export.csv?labels=row", nil, ev.read)
		d := time.Since(start)
		if r.Status != http.StatusOK {
			t.Fatalf("stream: %d %.300s", r.Status, r.Raw)
		}
		if i == 0 || d < took {
			took = d
		}
	}
	header, rows = parseCSV(t, r.Raw)
	if len(rows) != n {
		t.Fatalf("streamed %d rows, want %d", len(rows), n)
	}
	seen := map[string]bool{}
	for _, row := range rows {
		if seen[row["__id"]] {
			t.Fatalf("row %s twice", row["__id"])
		}
		seen[row["__id"]] = true
	}
	t.Logf("GET /records/export.csv: %d rows (%d columns, %d bytes) in %s (%.0f rows/s, best of 3)", len(rows), len(header), len(r.Raw), took, float64(len(rows))/took.Seconds())
}

// TestExportAndCatalogueByRelationProperty: the exports and the property
// catalogue take a relation-property condition like the search does (the
// condition is resolved against the declared types first).
func TestExportAndCatalogueByRelationProperty(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	suffix := strings.ReplaceAll(ev.project.ID[len(ev.project.ID)-12:], "-", "")
	staff, firms := "st"+suffix, "fi"+suffix
	for _, typ := range []struct {
		id   string
		body map[string]any
	}{
		{firms, map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"}}}},
		{staff, map[string]any{"properties": map[string]any{"name": map[string]any{"type": "string"},
			"employer": map[string]any{"x-type-schema": map[string]any{"input": "relation"}, "allowedTypeIds": []string{firms}}}}},
	} {
		if r := ev.do("PUT", "/api/v1/types/"+typ.id, typ.body, ev.admin); r.Status/100 != 2 {
			t.Fatalf("declare %s: %d %s", typ.id, r.Status, r.Raw)
		}
	}
	acme := ev.create(firms, map[string]any{"name": "Acme"})
	ada := ev.create(staff, map[string]any{"name": "Ada"})
	ev.create(staff, map[string]any{"name": "Bo"})
	ev.attach(ada, "employer", acme)
	where := `{"employer": {"$some": {"name": "Acme"}}}`
	body := `{"labels": ["` + staff + `"], "where": ` + where + `}`

	r := ev.do("POST", "/api/v1/records/export/csv", body, ev.read)
	if r.Status != 200 || !strings.Contains(r.data()["fileContent"].(string), "Ada") || strings.Contains(r.data()["fileContent"].(string), "Bo") {
		t.Errorf("POST export: %d %s", r.Status, r.Raw)
	}
	r = ev.do("GET", "/api/v1/records/export.csv?labels="+staff+"&where="+url.QueryEscape(where), nil, ev.read)
	if r.Status != 200 || !strings.Contains(string(r.Raw), "Ada") || strings.Contains(string(r.Raw), "Bo") {
		t.Errorf("streamed export: %d %s", r.Status, r.Raw)
	}
	r = ev.do("POST", "/api/v1/properties", body, ev.read)
	if r.Status != 200 {
		t.Errorf("catalogue: %d %s", r.Status, r.Raw)
	}
}

// TestStreamedExport: GET /records/export.csv writes the union of the
// matching records' properties, sorted, for a declared type as for any
// other (its undeclared properties included, never a silently dropped
// field); __id and __label first, CRLF line ends, values formatted as the
// bounded export does them.
func TestStreamedExport(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	suffix := strings.ReplaceAll(ev.project.ID[len(ev.project.ID)-12:], "-", "")
	declared, open := "sd"+suffix, "so"+suffix
	if r := ev.do("PUT", "/api/v1/types/"+declared, map[string]any{"properties": map[string]any{
		"name": map[string]any{"type": "string"}, "n": map[string]any{"type": "number"}, "note": map[string]any{"type": "string"},
		"owner": map[string]any{"x-type-schema": map[string]any{"input": "relation"}}}}, ev.admin); r.Status/100 != 2 {
		t.Fatalf("declare: %d %s", r.Status, r.Raw)
	}
	tricky := "a, \"quoted\" value\nover two lines"
	ada := ev.create(declared, map[string]any{"name": tricky, "n": 1.5})
	bo := ev.create(declared, map[string]any{"name": "Bo", "nick": "undeclared"})
	cy := ev.createTyped(open, propValue("title", "string", tricky), propValue("gone", "null", nil))
	dee := ev.create(open, map[string]any{"colour": "red", "n": -7})
	// A relation property's values are links, not a column.
	ev.attach(ada, "owner", dee)
	tx := ev.begin(10000)
	eve := ""
	if r := ev.inTx(tx, "POST", "/api/v1/records", map[string]any{"label": open, "properties": map[string]any{"title": "in tx"}}, ev.write); r.Status == http.StatusCreated {
		eve = r.data()["__id"].(string)
	} else {
		t.Fatalf("create in tx: %d %s", r.Status, r.Raw)
	}

	type row = map[string]string
	tests := []struct {
		name       string
		tx         string
		labels     string
		where      string
		wantHeader []string
		wantRows   map[string]row // by __id: the cells of the header's columns after __id
	}{
		{"a declared type's columns are its records' properties, an undeclared one included, a missing value an empty cell", "", declared, "",
			[]string{"__id", "__label", "n", "name", "nick"},
			map[string]row{ada: {"__label": declared, "n": "1.5", "name": tricky, "nick": ""}, bo: {"__label": declared, "n": "", "name": "Bo", "nick": "undeclared"}}},
		{"a selective condition on a declared type applies", "", declared, `{"name": "Bo"}`,
			[]string{"__id", "__label", "name", "nick"},
			map[string]row{bo: {"__label": declared, "name": "Bo", "nick": "undeclared"}}},
		{"a declared type without a match writes __id and __label", "", declared, `{"name": "nobody"}`,
			[]string{"__id", "__label"}, map[string]row{}},
		{"an open type's columns are its records' properties, null ones included, sorted", "", open, "",
			[]string{"__id", "__label", "colour", "gone", "n", "title"},
			map[string]row{cy: {"__label": open, "colour": "", "gone": "", "n": "", "title": tricky}, dee: {"__label": open, "colour": "red", "gone": "", "n": "-7", "title": ""}}},
		{"an open type without a match writes __id and __label", "", open, `{"colour": "blue"}`,
			[]string{"__id", "__label"}, map[string]row{}},
		{"several types' columns are their records' properties", "", declared + "," + open, `{"n": {"$lt": 0}}`,
			[]string{"__id", "__label", "colour", "n"}, map[string]row{dee: {"__label": open, "colour": "red", "n": "-7"}}},
		{"several types' columns include a declared type's undeclared property", "", declared + "," + open, `{"name": "Bo"}`,
			[]string{"__id", "__label", "name", "nick"}, map[string]row{bo: {"__label": declared, "name": "Bo", "nick": "undeclared"}}},
		{"inside a client transaction its writes are exported", tx, open, `{"title": "in tx"}`,
			[]string{"__id", "__label", "title"}, map[string]row{eve: {"__label": open, "title": "in tx"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := "/api/v1/records/export.csv?labels=" + tc.labels
			if tc.where != "" {
				path += "&where=" + url.QueryEscape(tc.where)
			}
			r := ev.do("GET", path, nil, ev.read)
			if tc.tx != "" {
				r = ev.inTx(tc.tx, "GET", path, nil, ev.read)
			}
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="records-`) {
				t.Fatalf("%d %v %.300s", r.Status, r.Header, r.Raw)
			}
			if want := strings.Join(tc.wantHeader, ",") + "\r\n"; !strings.HasPrefix(r.Raw, want) || !strings.HasSuffix(r.Raw, "\r\n") {
				t.Errorf("file does not start with %q and end with CRLF:\n%q", want, r.Raw)
			}
			if strings.Count(r.Raw, "\n") != strings.Count(r.Raw, "\r\n") {
				t.Errorf("a line ends without CR:\n%q", r.Raw)
			}
			header, rows := parseCSV(t, r.Raw)
			if !reflect.DeepEqual(header, tc.wantHeader) {
				t.Errorf("header %v, want %v", header, tc.wantHeader)
			}
			got := map[string]row{}
			for _, rw := range rows {
				id := rw["__id"]
				delete(rw, "__id")
				got[id] = rw
			}
			// encoding/csv's Reader reads a quoted CRLF as LF.
			for _, rw := range tc.wantRows {
				for k, v := range rw {
					rw[k] = strings.ReplaceAll(v, "\r\n", "\n")
				}
			}
			if !reflect.DeepEqual(got, tc.wantRows) {
				t.Errorf("rows\n%v\nwant\n%v", got, tc.wantRows)
			}
		})
	}
	t.Run("an error of a declared type's query is answered before any CSV", func(t *testing.T) {
		r := ev.do("GET", "/api/v1/records/export.csv?labels="+declared+"&where="+url.QueryEscape(`{"name": {"$bad": 1}}`), nil, ev.read)
		if r.Status != http.StatusBadRequest || strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("%d %v %.300s", r.Status, r.Header, r.Raw)
		}
	})
	t.Run("a value's line break is written as CRLF inside its quotes", func(t *testing.T) {
		r := ev.do("GET", "/api/v1/records/export.csv?labels="+declared, nil, ev.read)
		if want := `"a, ""quoted"" value` + "\r\n" + `over two lines"`; !strings.Contains(r.Raw, want) {
			t.Errorf("file lacks %q:\n%q", want, r.Raw)
		}
	})
}
