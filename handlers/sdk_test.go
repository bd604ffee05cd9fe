package handlers_test

import (
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/graphtest"
)

// sdkDir holds the Collect SDK end-to-end test; its package.json pins
// @collect.so/javascript-sdk 0.30.0, which `make test` installs with npm ci.
var sdkDir = filepath.Join("..", "testdata", "sdk")

// passed matches the summary line of node's spec reporter when a test passed.
var passed = regexp.MustCompile(`(?m)^\S* ?pass [1-9][0-9]*$`)

// TestCollectSDK runs the unmodified Collect JavaScript SDK against relgraph
// on a real loopback listener: testdata/sdk/sdk.test.cjs and
// testdata/sdk/properties.test.cjs, node:test files, drive records,
// relations, search, the properties catalogue and the CSV export through the
// SDK. It runs once per build of the SDK that Node can load with require:
// the default Node build (transport node:http) and the worker build
// (transport global fetch, picked by the package's "worker" export
// condition).
func TestCollectSDK(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node (Node.js 20+) is not on PATH, and the Collect SDK test needs it: install Node.js and run `make test`, which installs the SDK (%v)", err)
	}
	sdkPackage := filepath.Join(sdkDir, "node_modules", "@collect.so", "javascript-sdk", "package.json")
	if _, err := os.Stat(sdkPackage); err != nil {
		t.Fatalf("the Collect SDK is not installed in %s: run `make test`, which runs `npm ci --prefix testdata/sdk` first (%v)", sdkDir, err)
	}
	for _, build := range []struct{ name, nodeOptions string }{
		{"node", ""},
		{"worker", "--conditions=worker"},
	} {
		// One build at a time: the second run finds Neo4j warm, and a
		// failure of one cannot disturb the other.
		t.Run(build.name, func(t *testing.T) {
			runSDKTest(t, node, build.name, build.nodeOptions)
		})
	}
}

// runSDKTest serves the API on loopback and runs the node:test file against
// it, with the SDK build named build, tokens of a fresh project (write and
// read) and a write token of a second project.
func runSDKTest(t *testing.T, node, build, nodeOptions string) {
	ev := newEnv(t)
	other := ev.token(graphtest.Project(t).ID, graph.RoleWrite)
	srv := httptest.NewServer(ev.e)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	// sdk.test.cjs covers records, relations and search; properties.test.cjs
	// the properties API and records.export.
	files := []string{filepath.Join(sdkDir, "sdk.test.cjs"), filepath.Join(sdkDir, "properties.test.cjs")}
	env := append(os.Environ(),
		"RELGRAPH_HOST=127.0.0.1",
		"RELGRAPH_PORT="+u.Port(),
		"RELGRAPH_TOKEN="+ev.write,
		"RELGRAPH_READ_TOKEN="+ev.read,
		"RELGRAPH_OTHER_TOKEN="+other,
		"RELGRAPH_SDK_BUILD="+build,
		// NODE_OPTIONS reaches the child process node --test runs the file in.
		"NODE_OPTIONS="+strings.TrimSpace(os.Getenv("NODE_OPTIONS")+" "+nodeOptions),
		"NO_COLOR=1",
	)
	runSDKProcess(t, "node --test "+strings.Join(files, " ")+" (SDK "+build+" build)", node,
		append([]string{"--test", "--test-reporter=spec"}, files...), env, passed)
}
