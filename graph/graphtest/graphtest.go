// Package graphtest gives tests a real Neo4j: the one NEO4J_URI names (what
// `make test` sets up with cmd/relgraph-neo4j), else one it provisions for
// the test binary, of the line NEO4J_LINE names (default: the current
// release). Every test works in a project of its own, so one server serves
// a whole suite in parallel.
package graphtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/graph/provision"
)

var (
	server *provision.Server
	store  *graph.Store
)

// Main starts (or finds) the database, runs the tests, and stops what it
// started. Call it from TestMain.
func Main(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "graphtest:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var err error
	opts := ProvisionOptions(fmt.Sprintf("gotest-%d", os.Getpid()))
	opts.URI, opts.User = os.Getenv("NEO4J_URI"), os.Getenv("NEO4J_USER")
	opts.Password, opts.Database = os.Getenv("NEO4J_PASSWORD"), os.Getenv("NEO4J_DATABASE")
	server, err = provision.Start(ctx, opts)
	if err != nil {
		return 0, err
	}
	defer func() {
		server.Stop()
		if server.Home != "" {
			os.RemoveAll(server.Home)
		}
	}()
	store, err = Open(ctx, server.URI, server.User, server.Password, server.Database)
	if err != nil {
		return 0, err
	}
	defer store.Close(context.Background())
	return m.Run(), nil
}

// ProvisionOptions are the options for a Neo4j of a test's own, named
// name, in the state folder: of the line NEO4J_LINE names (the one
// cmd/relgraph-neo4j runs the suite against), with what the environment
// says of Java and Docker.
func ProvisionOptions(name string) provision.Options {
	home, _ := os.UserHomeDir()
	dockerHost := os.Getenv("DOCKER_HOST")
	if dockerHost == "" {
		dockerHost = os.Getenv("TESTCONTAINERS_HOST_OVERRIDE")
	}
	return provision.Options{
		Line: os.Getenv("NEO4J_LINE"), Dir: StateDir(), Name: name, Log: os.Stderr,
		JavaHome: os.Getenv("JAVA_HOME"), DockerHost: dockerHost,
		RuntimeDir: os.Getenv("XDG_RUNTIME_DIR"), UserHome: home,
	}
}

// Open connects a store and migrates the database.
func Open(ctx context.Context, uri, user, password, database string) (*graph.Store, error) {
	s, err := graph.Open(graph.Options{URI: uri, User: user, Password: password, Database: database})
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close(ctx)
		return nil, err
	}
	return s, nil
}

// Server is the database the tests use.
func Server() *provision.Server { return server }

// Store is the shared, migrated store of the test binary.
func Store() *graph.Store { return store }

// Project creates a project of the test's own and removes it, with all it
// owns, when the test ends.
func Project(t testing.TB) graph.Project {
	t.Helper()
	p, err := store.CreateProject(context.Background(), "test "+t.Name())
	if err != nil {
		t.Fatalf("create project: %v", err)
	}
	t.Cleanup(func() {
		if err := store.DeleteProject(context.Background(), p.ID); err != nil && err != graph.ErrNotFound {
			t.Errorf("delete project: %v", err)
		}
	})
	return p
}

var stateOnce sync.Once
var stateDir string

// StateDir is the repository's ignored state folder (.relgraph), where the
// Neo4j jars are cached.
func StateDir() string {
	stateOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		stateDir = filepath.Join(filepath.Dir(file), "..", "..", ".relgraph")
	})
	return stateDir
}
