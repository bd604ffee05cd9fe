// Package provision gives relgraph's development tool (cmd/relgraph-neo4j),
// its test helper and its benchmark a real Neo4j server of a supported line
// (see Line): the current calendar release by default, or 5.26 LTS.
//
// Start resolves a server in this order:
//
//  1. Options.URI is set: that server is used as-is and no process is
//     started.
//  2. A Docker engine answers: the line's community image is run with
//     testcontainers-go and a generated password.
//  3. Otherwise the "local" server: the line's community server is run with
//     a fitting local JDK from its Maven Central jars, which are fetched once
//     per version with mvn into Options.Dir/neo4j-lib-<version> and shared
//     by every instance. Each instance (Options.Name) has its own home,
//     ports and password in Options.Dir/<line>/<Name>, so several instances
//     and both lines can run side by side, and a store is only ever opened
//     by the line that made it.
//
// The package reads no environment variable: the caller passes what it
// found there in Options.
package provision

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

// Sources reported in Server.Source.
const (
	// SourceEnv means the server was given by the caller (NEO4J_URI).
	SourceEnv = "env"
	// SourceTestcontainers means the server runs in a Docker container.
	SourceTestcontainers = "testcontainers"
	// SourceLocal means the server runs as a local java process.
	SourceLocal = "local"
)

// Defaults applied by Start when the corresponding option is empty.
const (
	DefaultUser          = "neo4j"
	DefaultDatabase      = "neo4j"
	DefaultHeapSize      = "1g"
	DefaultPageCacheSize = "512m"
	DefaultName          = "default"
)

const (
	// localBoltTimeout bounds the wait for Bolt after launching Neo4j.
	localBoltTimeout = 120 * time.Second
	// tailLines is how many log lines an error shows.
	tailLines = 40
)

// Options tells Start which server to use or how to provision one.
type Options struct {
	// URI, User, Password and Database usually come from NEO4J_*; a
	// non-empty URI means "use this server" and nothing is started.
	// User and Password only matter with URI (a provisioned server uses
	// user "neo4j" and a generated password); Database defaults to "neo4j".
	URI, User, Password, Database string
	// Line names the Neo4j line to provision, "2026.08" or "5.26";
	// default DefaultLine.
	Line string
	// Dir is the state folder, e.g. "<repo>/.relgraph". The jars are
	// cached in Dir/neo4j-lib-<version> (shared by every instance) and
	// each instance's home is Dir/<line>/<Name>. Required for the local
	// server.
	Dir string
	// Name is the instance name, e.g. "run" or "test"; instances have
	// separate homes so they can run side by side. Default "default".
	Name string
	// JavaHome is the caller's JAVA_HOME: the local server runs on it
	// when its Java version fits the line, else on the newest fitting JDK
	// installed (under /usr/lib/jvm, or java on PATH).
	JavaHome string
	// DockerHost is the caller's DOCKER_HOST (or
	// TESTCONTAINERS_HOST_OVERRIDE); RuntimeDir its XDG_RUNTIME_DIR and
	// UserHome its home folder. They only tell where a Docker engine's
	// socket may be: without any sign of an engine, Start does not ask
	// for one.
	DockerHost, RuntimeDir, UserHome string
	// Log receives progress lines for humans; nil discards them.
	Log io.Writer
	// HeapSize and PageCacheSize size the local or container server
	// (Neo4j size syntax); defaults "1g" and "512m".
	HeapSize, PageCacheSize string
}

// Server is a Neo4j server ready to accept Bolt connections.
type Server struct {
	// URI is the Bolt URI, e.g. "bolt://127.0.0.1:7687".
	URI string
	// User and Password authenticate against the server.
	User, Password string
	// Database is the database to use, "neo4j" by default.
	Database string
	// BrowserURL is the Neo4j Browser address, e.g.
	// "http://127.0.0.1:7474/browser/"; "" when unknown.
	BrowserURL string
	// Source tells where the server comes from: "env",
	// "testcontainers" or "local".
	Source string
	// PID is the local server's process id; 0 for other sources.
	PID int
	// Version is the Neo4j version started, e.g. "2026.08.1"; "" for
	// "env".
	Version string
	// Home is the local server's home folder; "" for other sources.
	Home string

	mu      sync.Mutex
	stopped bool
	backend backend
}

// backend is what Start started; nil for SourceEnv.
type backend interface {
	stop() error
	restart(ctx context.Context) error
}

// Start returns a running server following the resolution order described
// in the package documentation. The caller must call Stop when done.
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts = withDefaults(opts)
	if opts.URI != "" {
		return &Server{URI: opts.URI, User: opts.User, Password: opts.Password,
			Database: opts.Database, Source: SourceEnv}, nil
	}
	line, err := LineNamed(opts.Line)
	if err != nil {
		return nil, err
	}
	if dockerAvailable(ctx, opts) {
		s, err := startContainer(ctx, opts, line)
		if err == nil {
			return s, nil
		}
		logf(opts.Log, "Docker answers but the Neo4j container failed (%v); using the local server", err)
	}
	return startLocal(ctx, opts, line)
}

func withDefaults(o Options) Options {
	if o.User == "" {
		o.User = DefaultUser
	}
	if o.Database == "" {
		o.Database = DefaultDatabase
	}
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.HeapSize == "" {
		o.HeapSize = DefaultHeapSize
	}
	if o.PageCacheSize == "" {
		o.PageCacheSize = DefaultPageCacheSize
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// Stop stops what Start started: nothing for "env", the container for
// "testcontainers", the java process for "local" (SIGTERM, up to 30 s of
// grace, then SIGKILL). Stop is idempotent.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || s.backend == nil {
		s.stopped = true
		return nil
	}
	s.stopped = true
	return s.backend.stop()
}

// Restart (re)starts the local server on the same ports with the same
// password and waits until Bolt answers. It stops the server first when it
// runs, and it also works after Stop, so a test can stop the database,
// observe the outage, then bring it back at the same URI. It returns an
// error for the other sources.
func (s *Server) Restart(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Source != SourceLocal || s.backend == nil {
		return fmt.Errorf("provision: Restart is only supported for the local server, not %q", s.Source)
	}
	s.stopped = false // Stop must stop what Restart starts, even if Restart fails midway.
	return s.backend.restart(ctx)
}

// String describes the server without its password.
func (s *Server) String() string {
	version := ""
	if s.Version != "" {
		version = " " + s.Version
	}
	return fmt.Sprintf("Neo4j%s (%s) at %s as %s, database %s", version, s.Source, s.URI, s.User, s.Database)
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
