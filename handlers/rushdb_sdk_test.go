package handlers_test

import (
	"bufio"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// The RushDB SDK end-to-end tests: testdata/rushdb-js pins
// @rushdb/javascript-sdk 1.8.0 (installed by `make test` with npm ci),
// testdata/rushdb-py pins rushdb 3.0.0 and pytest (installed by `make test`
// into testdata/rushdb-py/.venv).
var (
	rushdbJSDir = filepath.Join("..", "testdata", "rushdb-js")
	rushdbPyDir = filepath.Join("..", "testdata", "rushdb-py")
)

// pytestPassed matches pytest's summary line when tests passed and none
// failed.
var pytestPassed = regexp.MustCompile(`(?m)^=* ?[1-9][0-9]* passed(, [0-9]+ (skipped|deselected|warnings?))*( in [0-9.]+s)? ?=*$`)

// TestRushDBJavaScriptSDK runs the unmodified RushDB JavaScript SDK against
// relgraph on a real loopback listener: the node:test files of
// testdata/rushdb-js drive records in both body forms, search, attach and
// detach, relationship search, labels, properties and values, transactions,
// deletes, errors, project isolation, and createMany (plain, nested, with
// options and with mergeBy) with the Model's createMany. It runs once per build of the SDK:
// dist/index.cjs (what Node's require and import give; transport node:http)
// and dist/index.mjs (transport global fetch).
func TestRushDBJavaScriptSDK(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node (Node.js 20+) is not on PATH, and the RushDB SDK test needs it: install Node.js and run `make test` (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(rushdbJSDir, "node_modules", "@rushdb", "javascript-sdk", "package.json")); err != nil {
		t.Fatalf("the RushDB JavaScript SDK is not installed in %s: run `make test`, which runs `npm ci --prefix testdata/rushdb-js` first (%v)", rushdbJSDir, err)
	}
	files, err := filepath.Glob(filepath.Join(rushdbJSDir, "*.test.mjs"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files in %s", rushdbJSDir)
	}
	for _, build := range []string{"cjs", "esm"} {
		// One build at a time: a failure of one cannot disturb the other.
		t.Run(build, func(t *testing.T) {
			env := rushdbEnv(t)
			runSDKProcess(t, "node --test ("+build+" build)", node,
				append([]string{"--test", "--test-reporter=spec", "--test-concurrency=1"}, files...),
				append(env, "RUSHDB_BUILD="+build, "NO_COLOR=1"), passed)
		})
	}
}

// TestRushDBPythonSDK runs the unmodified RushDB Python SDK against relgraph
// on a real loopback listener: the pytest files of
// testdata/rushdb-py cover the same scenarios as the JavaScript ones, and
// that the errors' messages reach the SDK's RushDBError; and what only the
// Python SDK sends: import_json, import_csv, upsert with both merge
// strategies, and relationships.create_many and delete_many.
func TestRushDBPythonSDK(t *testing.T) {
	t.Parallel()
	python := filepath.Join(rushdbPyDir, ".venv", "bin", "python")
	if _, err := os.Stat(filepath.Join(rushdbPyDir, ".venv", ".installed")); err != nil {
		t.Fatalf("the RushDB Python SDK is not installed in %s/.venv: run `make test`, which makes the virtual environment from requirements.txt first (%v)", rushdbPyDir, err)
	}
	runSDKProcess(t, "pytest", python,
		[]string{"-m", "pytest", "-q", "-p", "no:cacheprovider", rushdbPyDir},
		append(rushdbEnv(t), "PYTHONDONTWRITEBYTECODE=1"), pytestPassed)
}

// rushdbEnv serves the API on loopback and returns the environment the SDK
// tests read: the URL, write and read tokens of a fresh project in which the
// type INVOICE is declared, and a write token of a second project.
func rushdbEnv(t *testing.T) []string {
	ev := newEnv(t)
	other := ev.token(graphtest.Project(t).ID, graph.RoleWrite)
	invoice := map[string]any{"properties": map[string]any{"ref": map[string]any{"type": "string"}, "amount": map[string]any{"type": "number"}},
		"required": []string{"ref"}}
	if r := ev.do("PUT", "/api/v1/types/INVOICE", invoice, ev.admin); r.Status/100 != 2 {
		t.Fatalf("declare INVOICE: %d %s", r.Status, r.Raw)
	}
	srv := httptest.NewServer(ev.e)
	t.Cleanup(srv.Close)
	return append(os.Environ(),
		"RELGRAPH_URL="+srv.URL,
		"RELGRAPH_TOKEN="+ev.write,
		"RELGRAPH_READ_TOKEN="+ev.read,
		"RELGRAPH_OTHER_TOKEN="+other,
	)
}

// runSDKProcess runs an SDK's test runner and fails the test unless it
// exits 0 with a summary that matches ok.
func runSDKProcess(t *testing.T, what, bin string, args, env []string, ok *regexp.Regexp) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	// node --test runs each file in a child process: do not wait forever
	// for the output pipe when the parent is killed on timeout.
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start).Round(time.Millisecond)
	output := out.String()
	if err != nil || testing.Verbose() {
		sc := bufio.NewScanner(strings.NewReader(output))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			t.Log(sc.Text())
		}
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		t.Fatalf("%s did not finish within 3 minutes (killed after %s)", what, elapsed)
	case err != nil:
		t.Fatalf("%s failed after %s: %v (its output is above)", what, elapsed, err)
	case !ok.MatchString(output):
		t.Fatalf("%s exited 0 but reported no passing test:\n%s", what, output)
	}
}
