package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// TestExplorerEndToEnd drives the page in headless Chromium with Playwright
// (handlers/explorer/e2e.test.cjs) against relgraph on loopback: paste a
// token, search, open a record, expand a neighbour, filter by property. It
// leaves a screenshot in .relgraph/screenshots/explorer.png.
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
	ring(ev)
	srv := httptest.NewServer(ev.e)
	defer srv.Close()
	shot, err := filepath.Abs(filepath.Join(graphtest.StateDir(), "screenshots", "explorer.png"))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(shot)
	expect, _ := json.Marshal(map[string]any{"search": "Ada", "root": "Ada", "neighbours": []string{"Bo", "Acme", "Dee"},
		"descriptions": []string{"CEO", "since 2020"}, "far": "Cy", "property": "knows"})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "explorer/e2e.test.cjs")
	cmd.Env = append(os.Environ(), "EXPLORER_URL="+srv.URL, "EXPLORER_TOKEN="+ev.read, "EXPLORER_EXPECT="+string(expect),
		"EXPLORER_SCREENSHOT="+shot, "CHROMIUM="+browser)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("explorer e2e failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("no screenshot at %s: %v", shot, err)
	}
}
