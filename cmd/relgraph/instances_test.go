package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph/graphtest"
)

// The many-instances test: two relgraph processes, built from this
// package, serve the test database side by side, as two instances behind a
// load balancer would. One of them reaches Neo4j through the routing
// scheme (neo4j://), reads routed to readers and writes to the leader,
// which a single community server plays both of.

const instancesAdminKey = "instances-test-admin-key-0123456789"

// relgraphInstance is one running `relgraph serve`.
type relgraphInstance struct {
	t          *testing.T
	bin, name  string
	addr, uri  string
	state      string
	cmd        *exec.Cmd
	exited     chan struct{}
	logs       *lockedBuffer
	httpClient *http.Client
}

// lockedBuffer is a process's output, written by its pipes and read by the
// test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// buildRelgraph builds this command into a folder of the test's.
func buildRelgraph(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "relgraph")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./cmd/relgraph: %v\n%s", err, out)
	}
	return bin
}

// freeAddr is a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// routingURI is uri with the routing scheme: neo4j:// for bolt://, keeping
// +s and +ssc.
func routingURI(uri string) string {
	if rest, ok := strings.CutPrefix(uri, "bolt"); ok {
		return "neo4j" + rest
	}
	return uri
}

// startInstance runs `relgraph serve` on addr against uri, named name (the
// default when empty), and waits until it is ready.
func startInstance(t *testing.T, bin, name, addr, uri string) *relgraphInstance {
	t.Helper()
	in := &relgraphInstance{t: t, bin: bin, name: name, addr: addr, uri: uri, state: t.TempDir(),
		httpClient: &http.Client{Timeout: 30 * time.Second}}
	in.start()
	t.Cleanup(in.stop)
	return in
}

func (in *relgraphInstance) start() {
	t := in.t
	t.Helper()
	db := graphtest.Server()
	in.cmd = exec.Command(in.bin, "serve")
	in.cmd.Env = append(os.Environ(), "NEO4J_URI="+in.uri, "NEO4J_USER="+db.User, "NEO4J_PASSWORD="+db.Password,
		"NEO4J_DATABASE="+db.Database, "RELGRAPH_ADDR="+in.addr, "RELGRAPH_ADMIN_KEY="+instancesAdminKey,
		"RELGRAPH_STATE_DIR="+in.state, "RELGRAPH_LOG_LEVEL=warn", "RELGRAPH_INSTANCE="+in.name)
	in.logs = &lockedBuffer{}
	in.cmd.Stdout, in.cmd.Stderr = in.logs, in.logs
	if err := in.cmd.Start(); err != nil {
		t.Fatalf("start relgraph serve: %v", err)
	}
	in.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) {
		cmd.Wait()
		close(exited)
	}(in.cmd, in.exited)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case <-in.exited:
			t.Fatalf("relgraph serve (%s) ended before it was ready:\n%s", in.addr, in.logs)
		case <-time.After(100 * time.Millisecond):
		}
		if r, err := in.httpClient.Get("http://" + in.addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			in.stop()
			t.Fatalf("relgraph serve (%s) was not ready in two minutes:\n%s", in.addr, in.logs)
		}
	}
}

// stop ends the process as an orchestrator does: SIGTERM, then SIGKILL.
func (in *relgraphInstance) stop() {
	if in.cmd == nil || in.cmd.Process == nil {
		return
	}
	select {
	case <-in.exited:
		return
	default:
	}
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.exited:
	case <-time.After(15 * time.Second):
		in.cmd.Process.Kill()
		<-in.exited
	}
}

// restart stops the process and starts it again, same name and address.
func (in *relgraphInstance) restart() {
	in.t.Helper()
	in.stop()
	in.start()
}

// instanceAnswer is a decoded answer of an instance.
type instanceAnswer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r instanceAnswer) data() map[string]any {
	m, _ := r.body["data"].(map[string]any)
	return m
}

func (r instanceAnswer) code() string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r instanceAnswer) details() map[string]any {
	e, _ := r.body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	return d
}

func (r instanceAnswer) bookmark() string { return r.header.Get("X-Relgraph-Bookmark") }

// call sends a request to the instance; header holds extra request headers.
func (in *relgraphInstance) call(t *testing.T, method, path string, body any, token string, header map[string]string) instanceAnswer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, "http://"+in.addr+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := in.httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s on %s: %v\n%s", method, path, in.addr, err, in.logs)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := instanceAnswer{status: res.StatusCode, header: res.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &out.body)
	return out
}

// TestInstances runs a scenario across two relgraph processes on one
// database: A reaches it with the direct scheme (bolt://), B with the
// routing scheme (neo4j://); A is named, B has the default name.
func TestInstances(t *testing.T) {
	t.Parallel()
	db := graphtest.Server()
	bin := buildRelgraph(t)
	aAddr, bAddr := freeAddr(t), freeAddr(t)
	a := startInstance(t, bin, "instance-a", aAddr, db.URI)
	b := startInstance(t, bin, "", bAddr, routingURI(db.URI))
	host, _ := os.Hostname()
	_, bPort, _ := net.SplitHostPort(bAddr)
	bName := host + ":" + bPort

	p := a.call(t, "POST", "/api/v1/projects", map[string]any{"name": "instances test"}, instancesAdminKey, nil)
	if p.status != http.StatusCreated {
		t.Fatalf("create a project: %d %s", p.status, p.raw)
	}
	project := p.data()["id"].(string)
	t.Cleanup(func() { graphtest.Store().DeleteProject(context.Background(), project) })
	newToken := func(role string) (id, secret string) {
		r := a.call(t, "POST", "/api/v1/projects/"+project+"/tokens", map[string]any{"role": role}, instancesAdminKey, nil)
		if r.status != http.StatusCreated {
			t.Fatalf("create a token: %d %s", r.status, r.raw)
		}
		return r.data()["id"].(string), r.data()["token"].(string)
	}
	_, admin := newToken("admin")
	with := func(bookmark string) map[string]string { return map[string]string{"X-Relgraph-Bookmark": bookmark} }

	t.Run("writes in A are read in B with their bookmark", func(t *testing.T) {
		for i := range 20 {
			name := fmt.Sprintf("person %d", i)
			w := a.call(t, "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": name}}, admin, nil)
			if w.status != http.StatusCreated || w.bookmark() == "" {
				t.Fatalf("write %d in A: %d, bookmark %q: %s", i, w.status, w.bookmark(), w.raw)
			}
			r := b.call(t, "GET", "/api/v1/records/"+w.data()["__id"].(string), nil, admin, with(w.bookmark()))
			if r.status != http.StatusOK || r.data()["name"] != name {
				t.Fatalf("read %d in B: %d %s", i, r.status, r.raw)
			}
		}
		s := b.call(t, "POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "limit": 1}, admin, nil)
		if s.status != http.StatusOK || s.body["total"] != float64(20) {
			t.Fatalf("a search in B counts %v people, want 20: %s", s.body["total"], s.raw)
		}
	})

	t.Run("a type declared in A is enforced in B", func(t *testing.T) {
		d := a.call(t, "PUT", "/api/v1/types/members", map[string]any{"required": []string{"name"},
			"properties": map[string]any{"name": map[string]any{"type": "string"}}}, admin, nil)
		if d.status != http.StatusCreated || d.bookmark() == "" {
			t.Fatalf("declare in A: %d, bookmark %q: %s", d.status, d.bookmark(), d.raw)
		}
		if r := b.call(t, "POST", "/api/v1/records", map[string]any{"label": "members", "data": map[string]any{"age": 3}}, admin, with(d.bookmark())); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a member without a name in B: %d %s", r.status, r.raw)
		}
		if r := b.call(t, "POST", "/api/v1/records", map[string]any{"label": "members", "data": map[string]any{"name": "Ada"}}, admin, with(d.bookmark())); r.status != http.StatusCreated {
			t.Fatalf("a member with a name in B: %d %s", r.status, r.raw)
		}
	})

	t.Run("a token revoked in A is refused by B within a second", func(t *testing.T) {
		id, secret := newToken("write")
		search := func(in *relgraphInstance) instanceAnswer {
			return in.call(t, "POST", "/api/v1/records/search", map[string]any{"labels": []string{"people"}, "limit": 1}, secret, nil)
		}
		if r := search(b); r.status != http.StatusOK {
			t.Fatalf("B accepts the token before: %d %s", r.status, r.raw) // and trusts it for a second
		}
		if r := a.call(t, "DELETE", "/api/v1/projects/"+project+"/tokens/"+id, nil, instancesAdminKey, nil); r.status != http.StatusOK {
			t.Fatalf("revoke in A: %d %s", r.status, r.raw)
		}
		revoked := time.Now()
		if r := search(a); r.status != http.StatusUnauthorized {
			t.Fatalf("A refuses the revoked token at once: %d %s", r.status, r.raw)
		}
		for search(b).status != http.StatusUnauthorized {
			if time.Since(revoked) > 1500*time.Millisecond {
				t.Fatal("B still accepts the revoked token 1.5 s after the revocation")
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Logf("B refused the revoked token %v after the revocation", time.Since(revoked).Round(time.Millisecond))
	})

	t.Run("a client transaction opened on A is named by B and committed on A", func(t *testing.T) {
		tx := a.call(t, "POST", "/api/v1/tx", map[string]any{"ttl": 20000}, admin, nil).data()["id"].(string)
		inTx := map[string]string{"x-transaction-id": tx}
		for _, r := range []instanceAnswer{
			b.call(t, "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": "in tx"}}, admin, inTx),
			b.call(t, "POST", "/api/v1/tx/"+tx+"/commit", nil, admin, nil),
		} {
			if r.status != http.StatusConflict || r.code() != "transaction_on_other_instance" || r.details()["instance"] != "instance-a" {
				t.Fatalf("B answers %d %s, want 409 transaction_on_other_instance naming instance-a", r.status, r.raw)
			}
		}
		w := a.call(t, "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": "in tx"}}, admin, inTx)
		if w.status != http.StatusCreated {
			t.Fatalf("write in the transaction on A: %d %s", w.status, w.raw)
		}
		c := a.call(t, "POST", "/api/v1/tx/"+tx+"/commit", nil, admin, nil)
		if c.status != http.StatusOK || c.bookmark() == "" {
			t.Fatalf("commit on A: %d, bookmark %q: %s", c.status, c.bookmark(), c.raw)
		}
		if r := b.call(t, "GET", "/api/v1/records/"+w.data()["__id"].(string), nil, admin, with(c.bookmark())); r.status != http.StatusOK {
			t.Fatalf("B reads the committed record with the commit's bookmark: %d %s", r.status, r.raw)
		}
	})

	t.Run("a client transaction opened on B is named by A with B's default name", func(t *testing.T) {
		tx := b.call(t, "POST", "/api/v1/tx", map[string]any{"ttl": 5000}, admin, nil).data()["id"].(string)
		r := a.call(t, "GET", "/api/v1/tx/"+tx, nil, admin, nil)
		if r.status != http.StatusConflict || r.details()["instance"] != bName {
			t.Fatalf("A answers %d %s, want 409 naming %s", r.status, r.raw, bName)
		}
		if r := b.call(t, "POST", "/api/v1/tx/"+tx+"/rollback", nil, admin, nil); r.status != http.StatusOK {
			t.Fatalf("rollback on B: %d %s", r.status, r.raw)
		}
	})

	t.Run("a client transaction lost to a restart of A is not found", func(t *testing.T) {
		tx := a.call(t, "POST", "/api/v1/tx", map[string]any{"ttl": 60000}, admin, nil).data()["id"].(string)
		w := a.call(t, "POST", "/api/v1/records", map[string]any{"label": "people", "data": map[string]any{"name": "lost"}}, admin, map[string]string{"x-transaction-id": tx})
		if w.status != http.StatusCreated {
			t.Fatalf("write in the transaction on A: %d %s", w.status, w.raw)
		}
		a.restart()
		if r := a.call(t, "POST", "/api/v1/tx/"+tx+"/commit", nil, admin, nil); r.status != http.StatusNotFound || r.code() != "transaction_not_found" {
			t.Fatalf("commit on the restarted A: %d %s", r.status, r.raw)
		}
		if r := b.call(t, "GET", "/api/v1/records/"+w.data()["__id"].(string), nil, admin, nil); r.status != http.StatusNotFound {
			t.Fatalf("the lost transaction's record in B: %d %s", r.status, r.raw)
		}
	})
}

// TestInstancesConfig: an instance's name comes from RELGRAPH_INSTANCE,
// else from the host name and the port of RELGRAPH_ADDR.
func TestInstancesConfig(t *testing.T) {
	t.Parallel()
	host, _ := os.Hostname()
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr bool
	}{
		{"the default is the host name and the port", map[string]string{"RELGRAPH_ADDR": "0.0.0.0:9090"}, host + ":9090", false},
		{"RELGRAPH_INSTANCE names it", map[string]string{"RELGRAPH_INSTANCE": "relgraph-0.relgraph:8080"}, "relgraph-0.relgraph:8080", false},
		{"a name with a space is refused", map[string]string{"RELGRAPH_INSTANCE": "relgraph 0"}, "", true},
		{"a name of 129 characters is refused", map[string]string{"RELGRAPH_INSTANCE": strings.Repeat("r", 129)}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := loadConfig(envOf(tc.env))
			if (err != nil) != tc.wantErr || err == nil && cfg.Instance != tc.want {
				t.Fatalf("instance %q, error %v; want %q, error %v", cfg.Instance, err, tc.want, tc.wantErr)
			}
		})
	}
}
