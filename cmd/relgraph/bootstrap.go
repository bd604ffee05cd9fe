package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/relgraph/relgraph/graph"
)

const defaultProject = "default"

// devSecret reads a secret kept in the state folder, or makes and keeps one.
func devSecret(stateDir, name string) (string, error) {
	path := filepath.Join(stateDir, "run", name)
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 16 {
		return strings.TrimSpace(string(b)), nil
	}
	b := make([]byte, 24)
	rand.Read(b)
	secret := hex.EncodeToString(b)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	return secret, os.WriteFile(path, []byte(secret+"\n"), 0o600)
}

// defaultToken returns the write token of the default project, creating the
// project and the token when they do not exist. The token is kept in the
// state folder so every `make run` can print it again.
func defaultToken(ctx context.Context, stateDir string, store *graph.Store) (graph.Project, string, error) {
	p, err := store.ProjectByName(ctx, defaultProject)
	if errors.Is(err, graph.ErrNotFound) {
		p, err = store.CreateProject(ctx, defaultProject)
	}
	if err != nil {
		return p, "", err
	}
	path := filepath.Join(stateDir, "run", "default-token")
	if b, err := os.ReadFile(path); err == nil {
		project, secret, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
		if t, err := store.TokenByHash(ctx, graph.HashSecret(secret)); err == nil && project == p.ID && t.Project == p.ID {
			return p, secret, nil
		}
	}
	t, err := store.CreateToken(ctx, p.ID, graph.RoleWrite)
	if err != nil {
		return p, "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return p, "", err
	}
	return p, t.Secret, os.WriteFile(path, []byte(p.ID+" "+t.Secret+"\n"), 0o600)
}

// printWelcome makes sure the default project and its write token exist and
// prints how to reach everything. With envFile set it also writes, there,
// what a client needs (see bootstrapEnv), for a shell to source.
func printWelcome(ctx context.Context, cfg Config, store *graph.Store, addr, envFile string) error {
	p, token, err := defaultToken(ctx, cfg.StateDir, store)
	if err != nil {
		return fmt.Errorf("create the default project: %w", err)
	}
	fmt.Printf(`
relgraph is up.
  API            http://%s/api/v1   (health: http://%s/readyz)
  explorer       http://%s/explorer   (paste the write token)
  admin key      %s
  project        %s (%s)
  write token    %s
  Neo4j          %s  (user %s, password %s)
`, addr, addr, addr, cfg.AdminKey, p.Name, p.ID, token, cfg.Neo4jURI, cfg.Neo4jUser, cfg.Neo4jPassword)
	if cfg.Neo4jBrowserURL != "" {
		fmt.Printf("  Neo4j Browser  %s\n", cfg.Neo4jBrowserURL)
	}
	if envFile == "" {
		fmt.Printf(`
Try it:
  TOKEN=%s
  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"label":"companies","data":{"name":"Acme"}}' %s/api/v1/records
Stop with Ctrl-C.

`, token, clientURL(addr))
		return nil
	}
	if err := writeEnvFile(envFile, bootstrapEnv(cfg, p, token, addr)); err != nil {
		return fmt.Errorf("write the env file: %w", err)
	}
	fmt.Printf(`
Try it, in another terminal, from this directory (the README's tour goes on from there):
  . %s
  curl -s -H "Authorization: Bearer $RELGRAPH_TOKEN" -H 'Content-Type: application/json' \
    -d '{"label":"companies","data":{"name":"Acme"}}' $RELGRAPH_URL/api/v1/records
Stop with Ctrl-C.

`, envFile)
	return nil
}

// bootstrapEnv is what the env file holds: where the server answers, the
// server admin key, and the default project with its write token.
func bootstrapEnv(cfg Config, p graph.Project, token, addr string) []envVar {
	return []envVar{
		{"RELGRAPH_URL", clientURL(addr)},
		{"RELGRAPH_ADMIN_KEY", cfg.AdminKey},
		{"RELGRAPH_PROJECT", p.ID},
		{"RELGRAPH_TOKEN", token},
	}
}
