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
	"github.com/relgraph/relgraph/graph/provision"
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
	db, err := startNeo4j(ctx, cfg, "run")
	if err != nil {
		return err
	}
	defer db.Stop()
	store, err := openStore(ctx, db)
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
		if err := printWelcome(ctx, cfg, store, db, ln.Addr().String(), *envFile); err != nil {
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

// startNeo4j finds the database: NEO4J_URI when set, else a container when a
// Docker engine answers, else a local server the project provisions itself.
func startNeo4j(ctx context.Context, cfg Config, name string) (*provision.Server, error) {
	return provision.Start(ctx, provision.Options{
		URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword, Database: cfg.Neo4jDatabase,
		Dir: cfg.StateDir, Name: name, Log: os.Stderr,
	})
}

// openStore connects and migrates, waiting up to a minute for the database.
func openStore(ctx context.Context, db *provision.Server) (*graph.Store, error) {
	return graph.OpenMigrated(ctx, graph.Options{URI: db.URI, User: db.User, Password: db.Password, Database: db.Database,
		Observe: handlers.ObserveQuery}, time.Minute)
}

func migrate(ctx context.Context, cfg Config) error {
	return withStore(ctx, cfg, func(store *graph.Store, _ *provision.Server) error {
		versions, err := store.AppliedMigrations(ctx)
		fmt.Printf("migrations applied: %v\n", versions)
		return err
	})
}

// withStore runs use with the migrated store of the "run" database (the
// provisioned one unless NEO4J_URI is set), and closes and stops both after.
func withStore(ctx context.Context, cfg Config, use func(*graph.Store, *provision.Server) error) error {
	db, err := startNeo4j(ctx, cfg, "run")
	if err != nil {
		return err
	}
	defer db.Stop()
	store, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	return use(store, db)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: l}))
}
