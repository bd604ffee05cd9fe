package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// The tour is the README's shell blocks between these two markers.
const (
	tourStart = "<!-- tour: TestTour runs these blocks -->"
	tourEnd   = "<!-- /tour -->"
)

// tourBlocks are the README's tour blocks, as written.
func tourBlocks(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), tourStart)
	tour, _, ok2 := strings.Cut(rest, tourEnd)
	if !ok || !ok2 {
		t.Fatalf("README.md has no %q … %q around its tour", tourStart, tourEnd)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(tour, -1) {
		blocks = append(blocks, m[1])
	}
	if len(blocks) == 0 {
		t.Fatal("the README's tour has no sh blocks")
	}
	return blocks
}

// recordCurl goes before the tour: each curl the tour runs answers as
// before, and also leaves its status, method and URL in $TOUR_CALLS/<n>.meta
// and its answer in $TOUR_CALLS/<n>.body.
const recordCurl = `set -euo pipefail
curl() {
  local n
  n=$(cat "$TOUR_CALLS/count")
  echo $((n + 1)) >"$TOUR_CALLS/count"
  command curl "$@" -o "$TOUR_CALLS/$n.body" -w '%{http_code}\n%{method}\n%{url_effective}\n' >"$TOUR_CALLS/$n.meta"
  cat "$TOUR_CALLS/$n.body"
}
`

// tourCall is one curl of the tour, as the server answered it.
type tourCall struct {
	status       int
	method, path string
	body         map[string]any
	raw          string
}

// tourServer is relgraph serve --bootstrap --env-file, in this process.
type tourServer struct {
	stop func() error
	env  map[string]string // the env file it wrote
}

// startTourServer runs serve --bootstrap with its state in state and its
// env file at envFile, on a free port, and waits until the env file is
// (re)written, which serve does once it listens.
func startTourServer(t *testing.T, state, envFile string) tourServer {
	t.Helper()
	before, _ := os.ReadFile(envFile)
	db := graphtest.Server()
	cfg, err := loadConfig(envOf(map[string]string{"NEO4J_URI": db.URI, "NEO4J_USER": db.User,
		"NEO4J_PASSWORD": db.Password, "NEO4J_DATABASE": db.Database,
		"RELGRAPH_ADDR": "127.0.0.1:0", "RELGRAPH_STATE_DIR": state, "RELGRAPH_LOG_LEVEL": "warn"}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, []string{"--bootstrap", "--env-file", envFile}) }()
	stop := func() error { cancel(); return <-done }
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended before writing %s: %v", envFile, err)
		case <-deadline:
			stop()
			t.Fatalf("serve wrote no %s in two minutes", envFile)
		case <-time.After(50 * time.Millisecond):
		}
		if now, err := os.ReadFile(envFile); err == nil && !bytes.Equal(now, before) {
			return tourServer{stop: stop, env: sourceEnvFile(t, envFile)}
		}
	}
}

// sourceEnvFile is what a shell that sources path holds in its RELGRAPH_
// variables.
func sourceEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	cmd := exec.Command("bash", "-c", `set -eu; . "$1"; for v in ${!RELGRAPH_@}; do printf '%s\0%s\0' "$v" "${!v}"; done`,
		"bash", path)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("source %s: %v", path, err)
	}
	parts := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	env := map[string]string{}
	for i := 0; i+1 < len(parts); i += 2 {
		env[parts[i]] = parts[i+1]
	}
	return env
}

// TestTour runs the README's tour as a reader does: relgraph serve
// --bootstrap --env-file .relgraph/relgraph.env (what make run starts) on a
// database where the bootstrap project exists already, then the tour's
// blocks as written, in bash with set -euo pipefail, from the directory
// holding .relgraph. It checks what every command answered and that the
// closing search finds the records the tour linked.
func TestTour(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the tour needs %s: %v", tool, err)
		}
	}
	blocks := tourBlocks(t)
	tour := strings.Join(blocks, "\n")

	dir := t.TempDir()
	state := filepath.Join(dir, ".relgraph")
	envFile := filepath.Join(state, "relgraph.env")

	// An earlier make run: it made the bootstrap project and its token.
	first := startTourServer(t, state, envFile)
	if err := first.stop(); err != nil {
		t.Fatalf("first serve: %v", err)
	}
	// A file of an older start, readable by all, is replaced.
	if err := os.WriteFile(envFile, []byte("RELGRAPH_URL=http://stale.invalid\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(envFile, 0o644); err != nil {
		t.Fatal(err)
	}
	second := startTourServer(t, state, envFile)
	t.Cleanup(func() {
		if err := second.stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	env := second.env

	t.Run("env file", func(t *testing.T) {
		info, err := os.Stat(envFile)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("mode %o, want 600", mode)
		}
		keys := []string{}
		for k, v := range env {
			keys = append(keys, k)
			if v == "" {
				t.Errorf("%s is empty", k)
			}
		}
		slices.Sort(keys)
		if want := []string{"RELGRAPH_ADMIN_KEY", "RELGRAPH_PROJECT", "RELGRAPH_TOKEN", "RELGRAPH_URL"}; !slices.Equal(keys, want) {
			t.Errorf("variables %v, want %v", keys, want)
		}
		if !strings.HasPrefix(env["RELGRAPH_URL"], "http://127.0.0.1:") || env["RELGRAPH_URL"] == "http://127.0.0.1:0" {
			t.Errorf("RELGRAPH_URL %q is not where the server listens", env["RELGRAPH_URL"])
		}
		for _, k := range []string{"RELGRAPH_PROJECT", "RELGRAPH_TOKEN", "RELGRAPH_ADMIN_KEY"} {
			if env[k] != first.env[k] {
				t.Errorf("%s changed from one start to the next: %q, then %q", k, first.env[k], env[k])
			}
		}
	})

	t.Run("the tour never reassigns a variable", func(t *testing.T) {
		seen := map[string]bool{}
		for k := range env {
			seen[k] = true
		}
		for _, m := range regexp.MustCompile(`(?m)^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=`).FindAllStringSubmatch(tour, -1) {
			if seen[m[1]] {
				t.Errorf("%s is assigned again", m[1])
			}
			seen[m[1]] = true
		}
		if strings.Contains(tour, "token:") {
			t.Error("the tour sends token: beside Authorization: Bearer")
		}
	})

	calls, err := runTour(t, dir, tour)
	t.Cleanup(func() { cleanUpTour(t, env, calls) })
	if err != nil {
		t.Fatal(err)
	}

	type step struct {
		method, path string // path: {project}, {acme}, {ann} stand for their ids
		status       []int
		check        func(t *testing.T, c tourCall, ids map[string]string)
	}
	data := func(c tourCall) map[string]any { m, _ := c.body["data"].(map[string]any); return m }
	list := func(c tourCall) []map[string]any {
		var out []map[string]any
		items, _ := c.body["data"].([]any)
		for _, item := range items {
			m, _ := item.(map[string]any)
			out = append(out, m)
		}
		return out
	}
	record := func(label, name, key string) func(*testing.T, tourCall, map[string]string) {
		return func(t *testing.T, c tourCall, ids map[string]string) {
			r := data(c)
			if r["__label"] != label || r["name"] != name {
				t.Errorf("want a %s named %s: %s", label, name, c.raw)
			}
			ids[key], _ = r["__id"].(string)
		}
	}
	oneEdge := func(direction, title string) func(*testing.T, tourCall, map[string]string) {
		return func(t *testing.T, c tourCall, ids map[string]string) {
			edges := list(c)
			if len(edges) != 1 || c.body["total"] != 1.0 {
				t.Fatalf("want one edge: %s", c.raw)
			}
			e := edges[0]
			if e["sourceId"] != ids["acme"] || e["targetId"] != ids["ann"] || e["property"] != "employees" ||
				e["description"] != "Founder" || e["direction"] != direction || e["title"] != title {
				t.Errorf("want Acme -employees-> Ann (Founder), %s, titled %s: %s", direction, title, c.raw)
			}
		}
	}
	steps := []step{
		{"POST", "/api/v1/projects/{project}/tokens", []int{201}, func(t *testing.T, c tourCall, _ map[string]string) {
			if d := data(c); d["role"] != "admin" || d["token"] == "" || d["token"] == nil {
				t.Errorf("want an admin token: %s", c.raw)
			}
		}},
		{"PUT", "/api/v1/types/employees", []int{200, 201}, func(t *testing.T, c tourCall, _ map[string]string) {
			if data(c)["id"] != "employees" {
				t.Errorf("want the employees type: %s", c.raw)
			}
		}},
		{"PUT", "/api/v1/types/companies", []int{200, 201}, func(t *testing.T, c tourCall, _ map[string]string) {
			p, _ := data(c)["properties"].(map[string]any)
			e, _ := p["employees"].(map[string]any)
			if fmt.Sprint(e["allowedTypeIds"]) != "[employees]" {
				t.Errorf("want companies.employees to allow employees only: %s", c.raw)
			}
		}},
		{"POST", "/api/v1/records", []int{201}, record("companies", "Acme", "acme")},
		{"POST", "/api/v1/records", []int{201}, record("employees", "Ann", "ann")},
		{"POST", "/api/v1/records/{acme}/relations", []int{201}, nil},
		{"POST", "/api/v1/records/{acme}/relations", []int{422}, func(t *testing.T, c tourCall, _ map[string]string) {
			if e, _ := c.body["error"].(map[string]any); e["code"] != "type_not_allowed" {
				t.Errorf("want type_not_allowed: %s", c.raw)
			}
		}},
		{"GET", "/api/v1/records/{acme}/relations", []int{200}, oneEdge("out", "Ann")},
		{"GET", "/api/v1/records/{ann}/relations?direction=in", []int{200}, oneEdge("in", "Acme")},
		{"POST", "/api/v1/records/search", []int{200}, func(t *testing.T, c tourCall, ids map[string]string) {
			found := false
			for _, r := range list(c) {
				if r["__label"] != "employees" || r["name"] != "Ann" {
					t.Errorf("the search found %v", r)
				}
				found = found || r["__id"] == ids["ann"]
			}
			if !found {
				t.Errorf("the closing search does not find Ann (%s): %s", ids["ann"], c.raw)
			}
		}},
	}
	if len(calls) != len(steps) {
		for _, c := range calls {
			t.Logf("%d %s %s", c.status, c.method, c.path)
		}
		t.Fatalf("the tour ran %d requests, want %d", len(calls), len(steps))
	}
	ids := map[string]string{"project": env["RELGRAPH_PROJECT"]}
	for i, s := range steps {
		c := calls[i]
		path := s.path
		for k, v := range ids {
			path = strings.ReplaceAll(path, "{"+k+"}", v)
		}
		if c.method != s.method || c.path != path || !slices.Contains(s.status, c.status) {
			t.Fatalf("request %d: %d %s %s, want %v %s %s: %s", i+1, c.status, c.method, c.path, s.status, s.method, path, c.raw)
		}
		if s.check != nil {
			s.check(t, c, ids)
		}
	}
}

// runTour runs the tour in bash from dir and returns its requests in
// order: all of them, also when the tour fails.
func runTour(t *testing.T, dir, tour string) ([]tourCall, error) {
	t.Helper()
	calls := t.TempDir()
	if err := os.WriteFile(filepath.Join(calls, "count"), []byte("0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", recordCurl+tour)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TOUR_CALLS=" + calls}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	raw, err := os.ReadFile(filepath.Join(calls, "count"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(raw)))
	var out []tourCall
	for i := range n {
		var c tourCall
		meta, err := os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.meta", i)))
		if err != nil {
			break // the request did not finish
		}
		lines := strings.Split(strings.TrimSpace(string(meta)), "\n")
		if len(lines) != 3 {
			return out, fmt.Errorf("request %d: %q", i+1, meta)
		}
		c.status, _ = strconv.Atoi(lines[0])
		c.method = lines[1]
		c.path = lines[2]
		if j := strings.Index(c.path, "/api/"); j >= 0 {
			c.path = c.path[j:]
		}
		body, err := os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.body", i)))
		if err != nil {
			return out, err
		}
		c.raw = string(body)
		if err := json.Unmarshal(body, &c.body); err != nil {
			return out, fmt.Errorf("request %d (%s %s) answered no JSON: %q", i+1, c.method, c.path, body)
		}
		out = append(out, c)
	}
	if runErr != nil {
		return out, fmt.Errorf("the tour failed: %v\nstdout:\n%s\nstderr:\n%s", runErr, stdout.String(), stderr.String())
	}
	return out, nil
}

// cleanUpTour removes what the tour wrote into the bootstrap project, which
// outlives the test: its records and the tokens it and the bootstrap made.
// The declared types stay, as a second tour would declare them again.
func cleanUpTour(t *testing.T, env map[string]string, calls []tourCall) {
	send := func(method, path, secret string) {
		req, _ := http.NewRequest(method, env["RELGRAPH_URL"]+path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("clean up: %s %s: %v", method, path, err)
			return
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("clean up: %s %s: %s", method, path, res.Status)
		}
	}
	project := env["RELGRAPH_PROJECT"]
	for _, c := range calls {
		d, _ := c.body["data"].(map[string]any)
		record, _ := d["__id"].(string)
		token, _ := d["id"].(string)
		switch {
		case c.method == "POST" && c.path == "/api/v1/records" && record != "":
			send("DELETE", "/api/v1/records/"+record, env["RELGRAPH_TOKEN"])
		case c.method == "POST" && strings.HasSuffix(c.path, "/tokens") && token != "":
			send("DELETE", "/api/v1/projects/"+project+"/tokens/"+token, env["RELGRAPH_ADMIN_KEY"])
		}
	}
	store := graphtest.Store()
	tok, err := store.TokenByHash(context.Background(), graph.HashSecret(env["RELGRAPH_TOKEN"]))
	if err == nil {
		err = store.DeleteToken(context.Background(), project, tok.ID)
	}
	if err != nil {
		t.Errorf("clean up: revoke the bootstrap token: %v", err)
	}
}

func TestTourEnvFileQuoting(t *testing.T) {
	values := []string{
		"http://127.0.0.1:8080",
		"rg_98TbAq_AvmsYbamhOQ-9dfIc-sCZr7yAsohAupi4M58",
		"an admin key with spaces",
		`it's "quoted" $HOME ` + "`date` \\ ; & | * ?",
		"two\nlines",
	}
	path := filepath.Join(t.TempDir(), "sub", "relgraph.env")
	for _, v := range values {
		t.Run(v, func(t *testing.T) {
			if err := writeEnvFile(path, []envVar{{"RELGRAPH_URL", "http://x"}, {"RELGRAPH_ADMIN_KEY", v}}); err != nil {
				t.Fatal(err)
			}
			got := sourceEnvFile(t, path)
			if got["RELGRAPH_ADMIN_KEY"] != v || got["RELGRAPH_URL"] != "http://x" {
				t.Errorf("sourced %q, want %q", got, v)
			}
		})
	}
}
