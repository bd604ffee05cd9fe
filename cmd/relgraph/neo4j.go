package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	"github.com/relgraph/relgraph/graph/provision"
)

// withNeo4j runs a command with a Neo4j in its environment: NEO4J_URI,
// NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE. The database is the one
// NEO4J_URI names, else one this command starts (and stops afterwards).
// It returns the command's exit code.
func withNeo4j(ctx context.Context, cfg Config, args []string) (int, error) {
	fs := flag.NewFlagSet("neo4j", flag.ContinueOnError)
	name := fs.String("name", "test", "instance name: its home is <state dir>/<name>")
	heap := fs.String("heap", "", "heap of a provisioned Neo4j (default 1g)")
	pageCache := fs.String("pagecache", "", "page cache of a provisioned Neo4j (default 512m)")
	if err := fs.Parse(args); err != nil {
		return 0, err
	}
	cmdArgs := fs.Args()
	if len(cmdArgs) == 0 {
		return 0, errors.New("neo4j: no command given (relgraph neo4j -- CMD ARG...)")
	}
	db, err := provision.Start(ctx, provision.Options{
		URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase,
		Dir: cfg.StateDir, Name: *name, Log: os.Stderr, HeapSize: *heap, PageCacheSize: *pageCache,
	})
	if err != nil {
		return 0, err
	}
	defer db.Stop()
	fmt.Fprintf(os.Stderr, "relgraph: Neo4j (%s) at %s\n", db.Source, db.URI)
	cmd := exec.CommandContext(ctx, cmdArgs[0], cmdArgs[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "NEO4J_URI="+db.URI, "NEO4J_USER="+db.User,
		"NEO4J_PASSWORD="+db.Password, "NEO4J_DATABASE="+db.Database)
	if db.PID > 0 {
		// For relgraph-bench, which reports the server's CPU per operation.
		cmd.Env = append(cmd.Env, "NEO4J_PID="+strconv.Itoa(db.PID))
	}
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return 0, err
	}
	return 0, nil
}
