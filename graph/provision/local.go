//go:build unix

package provision

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// stopGrace is how long Stop waits after SIGTERM before SIGKILL.
const stopGrace = 30 * time.Second

// local is the backend of a Neo4j server run from the Maven jars.
type local struct {
	opts               Options
	line               Line
	jdk                jdk
	lib, home          string
	password           string
	boltPort, httpPort int

	cmd     *exec.Cmd
	done    chan struct{} // closed when cmd has exited
	waitErr error         // cmd.Wait's result, set before done is closed
}

// startLocal provisions and launches the local server of opts.Name on
// line.
func startLocal(ctx context.Context, opts Options, line Line) (*Server, error) {
	if opts.Dir == "" {
		return nil, errors.New("provision: Options.Dir is required for the local Neo4j server")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("provision: %w", err)
	}
	home, err := homeFor(dir, opts.Name, line)
	if err != nil {
		return nil, err
	}
	if err := checkHome(home, line); err != nil { // before a download
		return nil, err
	}
	jdk, err := chooseJava(line, opts.JavaHome, installedJDKs())
	if err != nil {
		return nil, err
	}
	lib, err := ensureJars(ctx, dir, line.Version, opts.Log)
	if err != nil {
		return nil, err
	}
	l := &local{opts: opts, line: line, jdk: jdk, lib: lib, home: home}
	if err := l.prepare(ctx); err != nil {
		return nil, err
	}
	if err := l.launch(ctx); err != nil {
		return nil, err
	}
	return &Server{URI: l.uri(), User: DefaultUser, Password: l.password,
		Database: opts.Database, BrowserURL: l.browserURL(), Version: line.Version, Home: home,
		Source: SourceLocal, PID: l.cmd.Process.Pid, backend: l}, nil
}

func (l *local) uri() string { return fmt.Sprintf("bolt://127.0.0.1:%d", l.boltPort) }

func (l *local) browserURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d/browser/", l.httpPort)
}

func (l *local) path(elem ...string) string {
	return filepath.Join(append([]string{l.home}, elem...)...)
}

// prepare creates the home, stops a server left behind by an earlier
// process (refusing a home in use), marks the home with its line, sets up
// the password and picks the ports.
func (l *local) prepare(ctx context.Context) error {
	for _, d := range []string{"conf", "data", "logs", "run", "import"} {
		if err := os.MkdirAll(l.path(d), 0o755); err != nil {
			return fmt.Errorf("provision: %w", err)
		}
	}
	if err := stopStale(l.path("run", "relgraph.pid"), l.opts); err != nil {
		return err
	}
	if err := claimHome(l.home, l.line); err != nil {
		return err
	}
	var err error
	if l.boltPort, err = freePort(); err != nil {
		return err
	}
	if l.httpPort, err = freePort(); err != nil {
		return err
	}
	if err := l.writeConf(); err != nil {
		return err
	}
	return l.setupPassword(ctx)
}

func (l *local) writeConf() error {
	return writeConf(confSettings{Line: l.line, Home: l.home, BoltPort: l.boltPort, HTTPPort: l.httpPort,
		HeapSize: l.opts.HeapSize, PageCacheSize: l.opts.PageCacheSize})
}

// setupPassword reads <home>/password, or generates it and sets it as the
// initial password while the home has no system database yet.
func (l *local) setupPassword(ctx context.Context) error {
	hasData := fileExists(l.path("data", "databases", "system"))
	if hasData && !fileExists(l.path("password")) {
		return fmt.Errorf("provision: %s holds a database but no password file; delete that folder to start afresh", l.home)
	}
	password, _, err := homePassword(l.home)
	if err != nil {
		return err
	}
	l.password = password
	if hasData {
		return nil
	}
	return l.admin(ctx, "dbms", "set-initial-password", password)
}

// admin runs neo4j-admin with the home's configuration.
func (l *local) admin(ctx context.Context, args ...string) error {
	name := strings.Join(args[:min(2, len(args))], " ") // never the password
	args = append([]string{"-cp", filepath.Join(l.lib, "*"),
		"org.neo4j.server.startup.Neo4jAdminCommand"}, args...)
	cmd := exec.CommandContext(ctx, l.jdk.java(), args...)
	cmd.Env = l.env()
	cmd.Dir = l.home
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("provision: neo4j-admin %s: %w\n%s", name, err, lastLines(string(out), tailLines))
	}
	return nil
}

// env is the environment of the server and of neo4j-admin: this process's,
// with the home, its configuration and the chosen JDK (neo4j-admin starts
// a second JVM from JAVA_HOME).
func (l *local) env() []string {
	return append(os.Environ(), "NEO4J_HOME="+l.home, "NEO4J_CONF="+l.path("conf"), "JAVA_HOME="+l.jdk.home)
}
