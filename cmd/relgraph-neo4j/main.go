// Command relgraph-neo4j runs a command with a Neo4j in its environment, for
// development, tests and benchmarks: `make run`, `make test` and
// `make bench` use it, and the relgraph service binary does not link it.
//
//	relgraph-neo4j [--name NAME] [--line 2026.08|5.26] [--heap SIZE] [--pagecache SIZE] -- CMD [ARG…]
//
// When NEO4J_URI is set, CMD runs with that server and nothing is started.
// Otherwise it starts a Neo4j of the line (a container when a Docker engine
// answers, else a local server from the Maven Central jars, see
// graph/provision), runs CMD with NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE, NEO4J_BROWSER_URL, NEO4J_LINE and, for a local server,
// NEO4J_PID set, stops the server when CMD ends and exits with CMD's exit
// code.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/relgraph/relgraph/graph/provision"
)

const usage = `usage: relgraph-neo4j [--name NAME] [--line %s] [--heap SIZE] [--pagecache SIZE] -- CMD [ARG...]
runs CMD with a Neo4j in its environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, ...):
the one NEO4J_URI names, else one it starts in <RELGRAPH_STATE_DIR>/<line>/<NAME> and stops after CMD.`

func main() {
	code, err := run(os.Args[1:], os.Getenv, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "relgraph-neo4j: %v\n", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
	os.Exit(code)
}

// errUsage marks a mistake in the command line.
var errUsage = errors.New("bad usage")

// request is what the command line and the environment ask for.
type request struct {
	opts provision.Options
	cmd  []string
}

// parse reads the flags and the environment; getenv is the only access to
// the environment.
func parse(args []string, getenv func(string) string) (request, error) {
	var lines []string
	for _, l := range provision.Lines() {
		lines = append(lines, l.Name)
	}
	fs := flag.NewFlagSet("relgraph-neo4j", flag.ContinueOnError)
	var flags strings.Builder
	fs.SetOutput(&flags)
	fs.Usage = func() {}
	name := fs.String("name", "test", "instance name: its home is <state dir>/<line>/<name>")
	line := fs.String("line", orDefault(getenv("NEO4J_LINE"), provision.DefaultLine), "Neo4j line to start: "+strings.Join(lines, " or ")+" ($NEO4J_LINE sets the default)")
	heap := fs.String("heap", "", "heap of a started Neo4j (default "+provision.DefaultHeapSize+")")
	pageCache := fs.String("pagecache", "", "page cache of a started Neo4j (default "+provision.DefaultPageCacheSize+")")
	help := func(problem string) error {
		flags.Reset()
		fs.PrintDefaults()
		return fmt.Errorf("%w: %s\n"+usage+"\n%s", errUsage, problem, strings.Join(lines, "|"), strings.TrimRight(flags.String(), "\n"))
	}
	if err := fs.Parse(args); err != nil {
		return request{}, help(err.Error())
	}
	if fs.NArg() == 0 {
		return request{}, help("no command given")
	}
	if _, err := provision.LineNamed(*line); err != nil {
		return request{}, fmt.Errorf("%w: %v", errUsage, err)
	}
	home, _ := os.UserHomeDir()
	return request{cmd: fs.Args(), opts: provision.Options{
		URI: getenv("NEO4J_URI"), User: getenv("NEO4J_USER"), Password: getenv("NEO4J_PASSWORD"), Database: getenv("NEO4J_DATABASE"),
		Line: *line, Dir: orDefault(getenv("RELGRAPH_STATE_DIR"), ".relgraph"), Name: *name,
		HeapSize: *heap, PageCacheSize: *pageCache,
		JavaHome:   getenv("JAVA_HOME"),
		DockerHost: orDefault(getenv("DOCKER_HOST"), getenv("TESTCONTAINERS_HOST_OVERRIDE")),
		RuntimeDir: getenv("XDG_RUNTIME_DIR"), UserHome: home,
	}}, nil
}

// run starts (or finds) the database, runs the command and stops what it
// started. It returns the command's exit code.
func run(args []string, getenv func(string) string, log io.Writer) (int, error) {
	req, err := parse(args, getenv)
	if err != nil {
		return 0, err
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // A signal while the server starts cancels the start.
		select {
		case <-signals:
			cancel()
		case <-ctx.Done():
		}
	}()
	req.opts.Log = log
	db, err := provision.Start(ctx, req.opts)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err := db.Stop(); err != nil {
			fmt.Fprintf(log, "relgraph-neo4j: %v\n", err)
		}
	}()
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	cancel() // From here on, signals go to the command.
	fmt.Fprintf(log, "relgraph-neo4j: %s\n", db)
	return runCommand(req.cmd, childEnv(os.Environ(), db, req.opts.Line), signals)
}

// childEnv is the command's environment: this process's, with the
// server's NEO4J_* replacing any there. A server given by NEO4J_URI leaves
// the environment as it is.
func childEnv(environ []string, db *provision.Server, line string) []string {
	if db.Source == provision.SourceEnv {
		return environ
	}
	set := map[string]string{
		"NEO4J_URI": db.URI, "NEO4J_USER": db.User, "NEO4J_PASSWORD": db.Password,
		"NEO4J_DATABASE": db.Database, "NEO4J_BROWSER_URL": db.BrowserURL, "NEO4J_LINE": line,
	}
	if db.PID > 0 {
		// For relgraph-bench, which reports the server's CPU per operation.
		set["NEO4J_PID"] = strconv.Itoa(db.PID)
	}
	env := make([]string, 0, len(environ)+len(set))
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if _, replaced := set[k]; !replaced && k != "NEO4J_PID" {
			env = append(env, kv)
		}
	}
	for _, k := range []string{"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "NEO4J_BROWSER_URL", "NEO4J_LINE", "NEO4J_PID"} {
		if v, ok := set[k]; ok && v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// runCommand runs cmd, passing on the signals this process receives so the
// command shuts down in its own way (relgraph serve drains its requests),
// and returns its exit code: 128+N when signal N ended it.
func runCommand(args []string, env []string, signals <-chan os.Signal) (int, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-signals:
				_ = cmd.Process.Signal(sig)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal()), nil
		}
		return exit.ExitCode(), nil
	}
	return 0, err
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
