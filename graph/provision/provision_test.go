package provision

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// repoRoot returns the module root, where .relgraph lives.
func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// returnOne runs RETURN 1 against s and checks the answer.
func returnOne(ctx context.Context, t *testing.T, s *Server) {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext(s.URI, neo4j.BasicAuth(s.User, s.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, "RETURN 1 AS one", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database))
	if err != nil {
		t.Fatalf("RETURN 1 on %s: %v", s.URI, err)
	}
	if got, _ := res.Records[0].Get("one"); got != int64(1) {
		t.Fatalf("RETURN 1 gave %v", got)
	}
}

// TestLocalServer starts a local server of the line NEO4J_LINE names (the
// one `make test` runs the suite against; the current release when unset),
// runs a query, and restarts and stops it.
func TestLocalServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	line, err := LineNamed(os.Getenv("NEO4J_LINE"))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	began := time.Now()
	dir, name := filepath.Join(repoRoot(t), ".relgraph"), fmt.Sprintf("provision-test-%d", os.Getpid())
	t.Cleanup(func() { os.RemoveAll(filepath.Join(dir, line.Name, name)) })
	s, err := startLocal(ctx, withDefaults(Options{Dir: dir, Name: name, Log: &log,
		HeapSize: "512m", PageCacheSize: "64m", JavaHome: os.Getenv("JAVA_HOME")}), line)
	t.Logf("progress:\n%s", log.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	t.Logf("started Neo4j %s in %s: %s %s", s.Version, time.Since(began), s.URI, s.BrowserURL)
	if s.Version != line.Version || s.Home != filepath.Join(dir, line.Name, name) {
		t.Errorf("started %s in %s; want %s in %s", s.Version, s.Home, line.Version, filepath.Join(dir, line.Name, name))
	}
	returnOne(ctx, t, s)
	serverVersion(ctx, t, s, line.Version)
	loadsNoURL(ctx, t, s)

	began = time.Now()
	if err := s.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("restarted a running server in %s", time.Since(began))
	returnOne(ctx, t, s)

	stopAndCheck(t, s)
	began = time.Now()
	if err := s.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("restarted a stopped server in %s", time.Since(began))
	returnOne(ctx, t, s)
	stopAndCheck(t, s)
}

// serverVersion checks that s runs Neo4j version.
func serverVersion(ctx context.Context, t *testing.T, s *Server, version string) {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext(s.URI, neo4j.BasicAuth(s.User, s.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver,
		"CALL dbms.components() YIELD name, versions RETURN versions[0] AS version", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database))
	if err != nil {
		t.Fatalf("dbms.components on %s: %v", s.URI, err)
	}
	if got, _ := res.Records[0].Get("version"); got != version {
		t.Fatalf("the server runs Neo4j %v, want %s", got, version)
	}
}

// loadsNoURL checks that s refuses LOAD CSV from a URL: the listener it
// names is never called.
func loadsNoURL(ctx context.Context, t *testing.T, s *Server) {
	t.Helper()
	var calls atomic.Int32
	listener := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		fmt.Fprintln(w, "a,b")
	}))
	defer listener.Close()
	driver, err := neo4j.NewDriverWithContext(s.URI, neo4j.BasicAuth(s.User, s.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	_, err = neo4j.ExecuteQuery(ctx, driver, "LOAD CSV FROM $url AS row RETURN count(row) AS n",
		map[string]any{"url": listener.URL + "/x.csv"}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database))
	if err == nil || calls.Load() != 0 {
		t.Fatalf("LOAD CSV from %s: error %v, %d requests; want refused, none", listener.URL, err, calls.Load())
	}
	t.Logf("LOAD CSV from a URL is refused: %v", err)
}

// stopAndCheck stops s twice (Stop is idempotent) and checks that its Bolt
// port no longer accepts connections.
func stopAndCheck(t *testing.T, s *Server) {
	t.Helper()
	began := time.Now()
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped in %s", time.Since(began))
	if err := s.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	addr := strings.TrimPrefix(s.URI, "bolt://")
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Fatalf("%s still accepts connections after Stop", addr)
	}
}

func TestStartEnv(t *testing.T) {
	began := time.Now()
	s, err := Start(context.Background(), Options{URI: "bolt://example:7687", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != SourceEnv || s.User != "neo4j" || s.Database != "neo4j" || s.Password != "pw" {
		t.Fatalf("unexpected server %+v", s)
	}
	if err := s.Restart(context.Background()); err == nil {
		t.Fatal("Restart of an env server should fail")
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > time.Second {
		t.Fatalf("env Start took %s", d)
	}
}

func TestDockerProbeIsFast(t *testing.T) {
	began := time.Now()
	home, _ := os.UserHomeDir()
	ok := dockerAvailable(context.Background(), Options{DockerHost: os.Getenv("DOCKER_HOST"), UserHome: home})
	if d := time.Since(began); !ok && d > 3*time.Second {
		t.Fatalf("probing for a missing Docker engine took %s", d)
	}
	t.Logf("docker available: %v (%s)", ok, time.Since(began))
}

func TestNeo4jConf(t *testing.T) {
	common := []string{
		"server.bolt.listen_address=127.0.0.1:1234\n",
		"server.http.listen_address=127.0.0.1:5678\n",
		"server.https.enabled=false\n",
		"server.memory.heap.max_size=1g\n",
		"server.memory.pagecache.size=512m\n",
		"server.directories.logs=/h/logs\n",
		"dbms.usage_report.enabled=false\n",
		"internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0\n",
	}
	tests := []struct {
		name    string
		line    Line
		want    []string
		wantNot []string
	}{
		{"the current release speaks Cypher 25, stays off the network, stops at once", Current,
			[]string{"db.query.default_language=CYPHER_25\n", "server.fleet_discovery.enabled=false\n",
				"dbms.fleet_manager.enabled=false\n",
				"internal.dbms.bolt.netty_server_shutdown_quiet_period_duration=0s\n"},
			[]string{"netty_server_shutdown_quiet_period=", "fleet_discovery.enabled=true"}},
		{"5.26 is given only settings it knows", LTS,
			[]string{"internal.dbms.bolt.netty_server_shutdown_quiet_period=0\n"},
			[]string{"quiet_period_duration", "fleet", "default_language"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf := neo4jConf(confSettings{Line: tt.line, Home: "/h", BoltPort: 1234, HTTPPort: 5678,
				HeapSize: "1g", PageCacheSize: "512m"})
			for _, want := range append(common, tt.want...) {
				if !strings.Contains(conf, want) {
					t.Errorf("neo4j.conf lacks %q:\n%s", want, conf)
				}
			}
			for _, not := range append(tt.wantNot, "transaction.timeout") {
				if strings.Contains(conf, not) {
					t.Errorf("neo4j.conf holds %q:\n%s", not, conf)
				}
			}
		})
	}
}

func TestEmbeddedPom(t *testing.T) {
	for _, want := range []string{
		"<artifactId>neo4j</artifactId><version>${neo4j.version}</version>",
		"<artifactId>neo4j-server</artifactId><version>${neo4j.version}</version>",
		"<artifactId>neo4j-browser</artifactId>",
		"<packaging>pom</packaging>",
	} {
		if !bytes.Contains(pomXML, []byte(want)) {
			t.Errorf("pom.xml lacks %q", want)
		}
	}
}

func TestJarFolderPerVersion(t *testing.T) {
	current, lts := jarFolder{"/s", Current.Version}, jarFolder{"/s", LTS.Version}
	if current.lib() != "/s/neo4j-lib-2026.08.1" || lts.lib() != "/s/neo4j-lib-5.26.30" {
		t.Fatalf("jar folders %s and %s", current.lib(), lts.lib())
	}
	if current.lock() == lts.lock() || current.downloadPrefix() == lts.downloadPrefix() {
		t.Fatal("two versions share a lock or download folders")
	}
	if !strings.Contains(current.marker(), "neo4j 2026.08.1\n") || current.marker() == lts.marker() {
		t.Fatalf("markers %q and %q", current.marker(), lts.marker())
	}
}

func TestHomePassword(t *testing.T) {
	home := t.TempDir()
	p1, created, err := homePassword(home)
	if err != nil || !created || len(p1) < 16 {
		t.Fatalf("first homePassword = %q, %v, %v", p1, created, err)
	}
	p2, created, err := homePassword(home)
	if err != nil || created || p2 != p1 {
		t.Fatalf("second homePassword = %q, %v, %v; want %q reused", p2, created, err, p1)
	}
	fi, err := os.Stat(filepath.Join(home, "password"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("password file mode: %v %v", fi.Mode(), err)
	}
}

func TestLastLines(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	got := lastLines(b.String(), 3)
	if got != "line 98\nline 99\nline 100" {
		t.Fatalf("lastLines = %q", got)
	}
}
