package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph/graphtest"
)

func TestExplorerFiles(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	tests := []struct {
		name, path string
		wantStatus int
		wantType   string
		wantText   string
	}{
		{"the page", "/explorer", 200, "text/html", `<script src="/explorer/explorer.js">`},
		{"the page with a slash", "/explorer/", 200, "text/html", `<title>relgraph explorer</title>`},
		{"its script", "/explorer/explorer.js", 200, "text/javascript", "/records/${encodeURIComponent(id)}/graph"},
		{"Cytoscape.js, built in", "/explorer/cytoscape.min.js", 200, "text/javascript", "cytoscape"},
		{"its style", "/explorer/style.css", 200, "text/css", "#graph"},
		{"an unknown file is a 404", "/explorer/nope.js", 404, "application/json", "not_found"},
		{"no way out of the folder", "/explorer/..%2fopenapi.yaml", 404, "application/json", "not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ev.do("GET", tc.path, nil, "")
			if r.Status != tc.wantStatus || !strings.HasPrefix(r.Header.Get("Content-Type"), tc.wantType) || !strings.Contains(r.Raw, tc.wantText) {
				t.Fatalf("%d %s: %.200s", r.Status, r.Header.Get("Content-Type"), r.Raw)
			}
			if tc.wantStatus == 200 && !strings.Contains(r.Header.Get("Content-Security-Policy"), "connect-src 'self'") {
				t.Fatalf("no content security policy: %v", r.Header)
			}
		})
	}
}

// A file of the page is revalidated, not downloaded again: the second
// request, with the ETag of the first, answers 304 without a body.
func TestExplorerFilesAreRevalidated(t *testing.T) {
	t.Parallel()
	ev := newEnv(t)
	for _, path := range []string{"/explorer", "/explorer/cytoscape.min.js"} {
		first := ev.do("GET", path, nil, "")
		tag := first.Header.Get("ETag")
		if first.Status != 200 || tag == "" {
			t.Fatalf("%s: %d, ETag %q", path, first.Status, tag)
		}
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("If-None-Match", tag)
		rec := httptest.NewRecorder()
		ev.e.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("%s with If-None-Match %s: %d, %d bytes; want 304 and none", path, tag, rec.Code, rec.Body.Len())
		}
	}
}

// TestExplorerDistIsBuilt checks that the committed dist/ holds the
// Cytoscape.js that package-lock.json locks (what `make explorer` copies).
func TestExplorerDistIsBuilt(t *testing.T) {
	t.Parallel()
	src, dist := "explorer/node_modules/cytoscape/dist/cytoscape.min.js", "explorer/dist/cytoscape.min.js"
	want, err := os.ReadFile(src)
	if err != nil {
		t.Fatalf("%v: run make test (it installs handlers/explorer's npm packages)", err)
	}
	got, err := os.ReadFile(dist)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("handlers/%s is not the Cytoscape.js of package-lock.json: run make explorer and commit handlers/explorer/dist", dist)
	}
}

// explorerInteractions are the interactions TestExplorerEndToEnd tests, by
// the name of their screenshot (steps of handlers/explorer/e2e.test.cjs).
var explorerInteractions = []string{
	"connect", "search-title", "open-record", "type-colours", "untitled-record", "node-details",
	"double-click", "stale-answer", "expand-by-property", "expand-neighbour", "property-filter",
	"edge-hover", "search-property", "record-json",
}

// springfield seeds the explorer's project: a company, three people and a
// project without a title. companies.employees is declared with its
// inverse people.employer, so Homer's relations have a mirrored side.
//
//	Globex -employees("safety inspector", since 1996, badge 7G-01)-> Homer
//	Globex -employees("CEO")-> Hank
//	Hank -knows-> Homer -knows-> Marge
//	Homer -assigned-> sector 7G (projects, no title or name)
func springfield(ev *env) map[string]string {
	ev.t.Helper()
	ev.declare("people", map[string]any{"properties": map[string]any{
		"knows":    map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"people"}},
		"assigned": map[string]any{"type": "array", "x-type-schema": rel},
	}})
	ev.declare("companies", map[string]any{"properties": map[string]any{
		"employees": map[string]any{"type": "array", "x-type-schema": rel, "allowedTypeIds": []string{"people"},
			"inverse": map[string]any{"type": "people", "property": "employer"}},
	}})
	ids := map[string]string{
		"globex": ev.create("companies", map[string]any{"name": "Globex", "city": "Cypress Creek", "founded": 1989}),
		"homer":  ev.create("people", map[string]any{"name": "Homer", "role": "safety inspector", "age": 39}),
		"hank":   ev.create("people", map[string]any{"name": "Hank", "role": "CEO", "age": 50}),
		"marge":  ev.create("people", map[string]any{"name": "Marge", "role": "homemaker", "age": 36}),
		"plant":  ev.create("projects", map[string]any{"code": "sector 7G"}),
	}
	for _, l := range []struct {
		from, property, to string
		extra              map[string]any
	}{
		{"globex", "employees", "homer", map[string]any{"description": "safety inspector", "properties": map[string]any{"since": 1996, "badge": "7G-01"}}},
		{"globex", "employees", "hank", map[string]any{"description": "CEO"}},
		{"hank", "knows", "homer", nil},
		{"homer", "knows", "marge", nil},
		{"homer", "assigned", "plant", nil},
	} {
		body := map[string]any{"targetIds": ids[l.to], "type": l.property}
		for k, v := range l.extra {
			body[k] = v
		}
		if r := ev.do("POST", "/api/v1/records/"+ids[l.from]+"/relations", body, ev.write); r.Status != http.StatusCreated {
			ev.t.Fatalf("attach %s %s %s: %d %s", l.from, l.property, l.to, r.Status, r.Raw)
		}
	}
	return ids
}

// TestExplorerEndToEnd drives the page in headless Chromium with Playwright
// (handlers/explorer/e2e.test.cjs) against relgraph on loopback, one
// subtest per interaction. Each leaves its screenshot,
// .relgraph/screenshots/explorer/<interaction>.png.
func TestExplorerEndToEnd(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: run make test on a machine with Node.js (.ci/run installs it)")
	}
	browser := os.Getenv("CHROMIUM")
	if browser == "" {
		browser = "/usr/bin/chromium"
	}
	if _, err := os.Stat(browser); err != nil {
		t.Fatalf("no Chromium at %s: run make test via .ci/run, or apt-get install -y chromium", browser)
	}
	if _, err := os.Stat("explorer/node_modules/playwright-core/package.json"); err != nil {
		t.Fatal("handlers/explorer/node_modules is missing: run make test (it runs npm ci in handlers/explorer)")
	}
	ev := newEnv(t)
	fixture, _ := json.Marshal(map[string]any{"ids": springfield(ev)})
	srv := httptest.NewServer(ev.e)
	defer srv.Close()
	dir, err := filepath.Abs(filepath.Join(graphtest.StateDir(), "screenshots", "explorer"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "explorer/e2e.test.cjs")
	cmd.Env = append(os.Environ(), "EXPLORER_URL="+srv.URL, "EXPLORER_TOKEN="+ev.read, "EXPLORER_FIXTURE="+string(fixture),
		"EXPLORER_STEPS="+strings.Join(explorerInteractions, ","), "EXPLORER_SCREENSHOTS="+dir, "CHROMIUM="+browser)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	results := map[string]explorerResult{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r explorerResult
		if json.Unmarshal([]byte(line), &r) == nil && r.Step != "" {
			results[r.Step] = r
		}
	}
	if err != nil && len(results) == 0 {
		t.Fatalf("explorer e2e did not run: %v\n%s%s", err, out, stderr.String())
	}
	for _, name := range explorerInteractions {
		t.Run(name, func(t *testing.T) {
			r, ok := results[name]
			switch {
			case !ok:
				t.Fatalf("not run: %s", stderr.String())
			case !r.OK:
				t.Fatalf("%s\nscreenshot: %s", r.Error, r.Screenshot)
			}
			png, err := os.ReadFile(filepath.Join(dir, name+".png"))
			if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
				t.Fatalf("no screenshot of %s: %v", name, err)
			}
			t.Logf("%d ms, %s", r.Ms, r.Screenshot)
		})
	}
}

// explorerResult is one line of e2e.test.cjs's output.
type explorerResult struct {
	Step       string `json:"step"`
	OK         bool   `json:"ok"`
	Error      string `json:"error"`
	Screenshot string `json:"screenshot"`
	Ms         int    `json:"ms"`
}
