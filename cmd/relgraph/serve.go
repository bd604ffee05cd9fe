package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/handlers"
)

// serve runs the HTTP API until ctx ends. With --bootstrap (what `make run`
// uses) it also makes sure a default project with a write token exists and
// prints how to reach everything.
func serve(ctx context.Context, cfg Config, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	bootstrap := fs.Bool("bootstrap", false, "create a default project and token, generate an admin key when unset, and print them")
	envFile := fs.String("env-file", "", "with --bootstrap: write RELGRAPH_URL, RELGRAPH_ADMIN_KEY, RELGRAPH_PROJECT and RELGRAPH_TOKEN to this file (mode 0600) once listening, for a shell to source")
	instance := fs.String("instance-name", cfg.Instance, "this instance's name to clients, which its client transaction ids carry (RELGRAPH_INSTANCE; default host name:port)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.Instance = *instance; !handlers.ValidInstance(cfg.Instance) {
		return fmt.Errorf("--instance-name %q: want 1 to 128 printable ASCII characters, no spaces", cfg.Instance)
	}
	if *envFile != "" && !*bootstrap {
		return errors.New("--env-file needs --bootstrap")
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	if cfg.AdminKey == "" && *bootstrap {
		if cfg.AdminKey, err = devSecret(cfg.StateDir, "admin-key"); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log := newLogger(cfg.LogLevel)
	srv := &http.Server{
		Handler: handlers.New(store, handlers.Config{AdminKey: cfg.AdminKey, BodyLimit: cfg.BodyLimit,
			RequestTimeout: cfg.RequestTimeout, CypherRowCap: cfg.CypherRowCap, CypherTimeout: cfg.CypherTimeout,
			Instance: cfg.Instance}, log),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	if *bootstrap {
		if err := printWelcome(ctx, cfg, store, ln.Addr().String(), *envFile); err != nil {
			ln.Close()
			return err
		}
	} else if cfg.AdminKey == "" {
		log.Warn("RELGRAPH_ADMIN_KEY is not set: projects and tokens cannot be managed")
	}
	return run(ctx, srv, ln, log)
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("relgraph listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// errNoNeo4j says what to do when NEO4J_URI is unset: relgraph never starts
// a database itself.
var errNoNeo4j = errors.New(`NEO4J_URI is not set: relgraph needs a running Neo4j.
  For development, run "make run": it starts one (bin/relgraph-neo4j) and relgraph with it.
  Otherwise set NEO4J_URI (bolt://host:7687, or neo4j://host:7687 for a cluster),
  NEO4J_USER, NEO4J_PASSWORD and, if not "neo4j", NEO4J_DATABASE`)

// openStore connects to the database NEO4J_URI names and migrates it,
// waiting up to a minute for it to answer.
func openStore(ctx context.Context, cfg Config) (*graph.Store, error) {
	if cfg.Neo4jURI == "" {
		return nil, errNoNeo4j
	}
	return graph.OpenMigrated(ctx, graph.Options{URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword,
		Database: cfg.Neo4jDatabase, Observe: handlers.ObserveQuery}, time.Minute)
}

func migrate(ctx context.Context, cfg Config) error {
	return withStore(ctx, cfg, func(store *graph.Store) error {
		versions, err := store.AppliedMigrations(ctx)
		fmt.Printf("migrations applied: %v\n", versions)
		return err
	})
}

// withStore runs use with the migrated store of the database NEO4J_URI
// names, and closes it after.
func withStore(ctx context.Context, cfg Config, use func(*graph.Store) error) error {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	return use(store)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: l}))
}
