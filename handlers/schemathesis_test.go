package handlers_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph/graphtest"
	"github.com/relgraph/relgraph/handlers"
)

// Schemathesis (testdata/schemathesis pins it; `make test` installs it into
// testdata/schemathesis/.venv) generates requests from GET /openapi.json,
// valid and invalid ones, and checks each answer against the document.
var schemathesisDir = filepath.Join("..", "testdata", "schemathesis")

// schemathesisChecks are the checks the run applies to every answer: no
// 5xx, a status, Content-Type and body the document describes, every
// request the document allows accepted, every request it forbids refused.
var schemathesisChecks = []string{
	"not_a_server_error",
	"status_code_conformance",
	"content_type_conformance",
	"response_schema_conformance",
	"negative_data_rejection",
	"positive_data_acceptance",
}

// Bounds of one run: examples per operation and phase, the seed that makes
// it reproducible, and the time it may take.
const (
	schemathesisExamples = 10
	schemathesisSeed     = 1
	schemathesisTimeout  = 5 * time.Minute
)

// schemathesisCases matches Schemathesis' count of test cases at the end of
// its summary: "2027 generated, 2027 passed" when none failed.
var schemathesisCases = regexp.MustCompile(`(?m)^\s*([0-9]+) generated, ([0-9]+) passed\s*$`)

// schemathesisTested matches the summary's count of operations tested.
var schemathesisTested = regexp.MustCompile(`(?m)^\s*Tested: ([0-9]+)\s*$`)

// TestSchemathesis runs Schemathesis against the API on a loopback listener
// with a write token of a fresh project: every operation of the document,
// in its coverage (but withoutCoverage), fuzzing and stateful (inferred
// links) phases; the admin routes answer 403 to a write token. The project
// holds records, a property and a client transaction whose ids
// Schemathesis uses for half of the ids it sends (seedSchemathesis), so
// id-taking routes reach their code past the 404. It fails on any check Schemathesis
// reports failed, a mismatch or a 5xx, and prints how to replay it.
func TestSchemathesis(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(filepath.Join(schemathesisDir, ".venv", ".installed")); err != nil {
		t.Fatalf("Schemathesis is not installed in %s/.venv: run `make test`, which makes the virtual environment from requirements.txt first (%v)", schemathesisDir, err)
	}
	dirAbs, err := filepath.Abs(schemathesisDir)
	if err != nil {
		t.Fatal(err)
	}
	ev := newEnv(t)
	// The default body limit, as served: the test's small one would refuse
	// bodies the document allows (a 64 KiB Cypher statement) with a 413.
	cfg := testConfig
	cfg.BodyLimit = handlers.DefaultBodyLimit
	ev.e = newAPI(graphtest.Store(), cfg)
	ids := seedSchemathesis(t, ev)
	srv := httptest.NewServer(ev.e)
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	config := filepath.Join(dir, "schemathesis.toml")
	if err := os.WriteFile(config, []byte(ids.config()), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{
		"--config-file", config, "run", srv.URL + "/openapi.json",
		"--header", "Authorization: Bearer " + ev.write,
		"--checks", strings.Join(schemathesisChecks, ","),
		"--max-examples", fmt.Sprint(schemathesisExamples),
		"--seed", fmt.Sprint(schemathesisSeed),
		"--generation-database", "none",
		// The where grammar's smallest example is large, and a delete's
		// where must hold a condition: Hypothesis' generation health
		// checks would stop those operations before a request is sent.
		"--suppress-health-check", "large_base_example,filter_too_much",
		"--no-color",
	}
	ctx, cancel := context.WithTimeout(t.Context(), schemathesisTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(dirAbs, ".venv", "bin", "schemathesis"), args...)
	cmd.Dir = dir // Schemathesis' reports and caches stay out of the repository
	// testdata/schemathesis/hooks.py states what the document cannot.
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "NO_COLOR=1",
		"SCHEMATHESIS_HOOKS="+filepath.Join(dirAbs, "hooks.py"))
	cmd.WaitDelay = 5 * time.Second
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start).Round(time.Second)
	output := out.String()
	if err != nil || testing.Verbose() {
		sc := bufio.NewScanner(strings.NewReader(output))
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			t.Log(sc.Text())
		}
	}
	cases, tested := schemathesisCases.FindStringSubmatch(output), schemathesisTested.FindStringSubmatch(output)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		t.Fatalf("schemathesis did not finish within %s", schemathesisTimeout)
	case err != nil:
		t.Fatalf("schemathesis found mismatches between the API and GET /openapi.json after %s (%v): its report is above", elapsed, err)
	case cases == nil || tested == nil || cases[1] != cases[2] || cases[1] == "0" || tested[1] == "0":
		t.Fatalf("schemathesis exited 0 without a summary of passed test cases:\n%s", output)
	}
	t.Logf("schemathesis: %s operations, %s test cases, all passed, in %s", tested[1], cases[1], elapsed)
}

// withoutCoverage are the operations whose bodies hold the search
// language's where (a recursive grammar), an import's records, or a
// properties list: the coverage phase, which walks every keyword of a
// body's schema, would send thousands of requests to the first two, and
// does not apply hooks.py's rules between a body's parts (a property named
// once). They run in the fuzzing and stateful phases, which draw from the
// same schemas.
var withoutCoverage = []string{
	"/api/v1/records/search", "/api/v1/records/{id}/search", "/api/v1/records/delete",
	"/api/v1/labels", "/api/v1/labels/search", "/api/v1/records/relations/search",
	"/api/v1/properties", "/api/v1/properties/search", "/api/v1/records/export/csv",
	"/api/v1/records/export.csv", "/api/v1/relationships/search",
	"/api/v1/relationships/create-many", "/api/v1/relationships/delete-many",
	"/api/v1/records/import/json", "/api/v1/records/import/csv",
	"/api/v1/records", "/api/v1/records/{id}",
}

// schemathesisIDs are the ids Schemathesis sends where a route takes one:
// read are drawn for half of the path ids and of the record ids in query
// strings; the deletes of a record and of a property are given their own,
// so that deleting them does not leave the other routes only 404s.
type schemathesisIDs struct {
	read                         []string
	doomedRecord, doomedProperty string
}

// seedSchemathesis fills the project: two linked records, a third to
// delete, and a client transaction (ttl 60 s) to read, commit or roll back.
func seedSchemathesis(t *testing.T, ev *env) schemathesisIDs {
	t.Helper()
	acme := ev.create("companies", map[string]any{"name": "Acme", "city": "Paris"})
	ada := ev.create("people", map[string]any{"name": "Ada", "age": 36})
	ev.attach(ada, "employer", acme)
	note := ev.create("notes", map[string]any{"text": "to delete"})
	property := func(label string) string {
		r := ev.do("POST", "/api/v1/properties", map[string]any{"labels": []string{label}}, ev.read)
		if r.Status != http.StatusOK || len(r.list()) == 0 {
			t.Fatalf("property catalogue of %s: %d %s", label, r.Status, r.Raw)
		}
		return fmt.Sprint(r.list()[0]["id"])
	}
	tx := ev.do("POST", "/api/v1/tx", map[string]any{"ttl": 60000}, ev.write)
	if tx.Status != http.StatusCreated {
		t.Fatalf("begin a transaction: %d %s", tx.Status, tx.Raw)
	}
	return schemathesisIDs{read: []string{acme, ada, property("people"), fmt.Sprint(tx.data()["id"])},
		doomedRecord: note, doomedProperty: property("notes")}
}

// config is the run's configuration: the ids, and the operations without
// a coverage phase.
func (ids schemathesisIDs) config() string {
	var b strings.Builder
	b.WriteString("[dictionaries.ids]\nvalues = [")
	for i, id := range ids.read {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", id)
	}
	b.WriteString("]\n\n[parameters]\n")
	for _, p := range []string{"path.id", "query.from", "query.to", "query.linkedTo", "body.targetIds"} {
		fmt.Fprintf(&b, "%q = { dictionary = \"ids\", probability = 0.5 }\n", p)
	}
	// The entries that match an operation combine; an operation's own
	// parameters take precedence over the run's.
	fmt.Fprintf(&b, "\n[[operations]]\ninclude-path = \"/api/v1/records/{id}\"\ninclude-method = \"DELETE\"\n"+
		"parameters = { \"path.id\" = %q }\nphases.coverage.enabled = false\n", ids.doomedRecord)
	fmt.Fprintf(&b, "\n[[operations]]\ninclude-path = \"/api/v1/properties/{id}\"\ninclude-method = \"DELETE\"\n"+
		"parameters = { \"path.id\" = %q }\n", ids.doomedProperty)
	b.WriteString("\n[[operations]]\ninclude-path = [")
	for i, path := range withoutCoverage {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", path)
	}
	b.WriteString("]\nphases.coverage.enabled = false\n")
	return b.String()
}
