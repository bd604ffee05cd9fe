package provision

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"
)

// dockerProbeTimeout bounds the check for a Docker engine.
const dockerProbeTimeout = 2 * time.Second

// dockerAvailable reports whether a Docker engine answers. Without any hint
// of an engine (Options.DockerHost, a testcontainers config, a known
// socket) it returns false at once; otherwise it asks the engine with a
// short timeout.
func dockerAvailable(ctx context.Context, opts Options) bool {
	if !dockerHinted(opts) {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, dockerProbeTimeout)
	defer cancel()
	answer := make(chan bool, 1)
	go func() { // NewDockerProvider itself has no timeout.
		p, err := testcontainers.NewDockerProvider(testcontainers.WithLogger(tclog.NewNoopLogger()))
		answer <- err == nil && p.Health(ctx) == nil // Health closes p.
	}()
	select {
	case ok := <-answer:
		return ok
	case <-ctx.Done():
		return false
	}
}

// dockerHinted reports whether anything suggests a Docker engine.
func dockerHinted(opts Options) bool {
	if opts.DockerHost != "" {
		return true
	}
	home := opts.UserHome
	candidates := []string{"/var/run/docker.sock", "/run/docker.sock"}
	if home != "" {
		candidates = append(candidates,
			filepath.Join(home, ".testcontainers.properties"),
			filepath.Join(home, ".docker", "run", "docker.sock"),
			filepath.Join(home, ".docker", "desktop", "docker.sock"),
			filepath.Join(home, ".colima", "default", "docker.sock"))
	}
	if opts.RuntimeDir != "" {
		candidates = append(candidates, filepath.Join(opts.RuntimeDir, "docker.sock"))
	}
	candidates = append(candidates, fmt.Sprintf("/run/user/%d/docker.sock", os.Getuid()))
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return true
		}
	}
	return false
}

// container is the backend of a testcontainers server.
type container struct {
	ctr *tcneo4j.Neo4jContainer
}

// startContainer runs the line's image with a generated password.
func startContainer(ctx context.Context, opts Options, line Line) (*Server, error) {
	password, err := newPassword()
	if err != nil {
		return nil, err
	}
	logf(opts.Log, "starting Neo4j in Docker (%s)...", line.Image)
	began := time.Now()
	ctr, err := tcneo4j.Run(ctx, line.Image,
		testcontainers.WithLogger(writerLogger{opts.Log}),
		tcneo4j.WithAdminPassword(password),
		tcneo4j.WithNeo4jSettings(containerSettings(opts, line)))
	if err != nil {
		if ctr != nil {
			_ = testcontainers.TerminateContainer(ctr)
		}
		return nil, fmt.Errorf("provision: run %s: %w", line.Image, err)
	}
	s, err := containerServer(ctx, ctr, password, opts, line)
	if err != nil {
		_ = testcontainers.TerminateContainer(ctr)
		return nil, err
	}
	logf(opts.Log, "Neo4j started in %.1fs", time.Since(began).Seconds())
	return s, nil
}

// containerSettings are the settings given to the container: its size, and
// the line's own settings as the local server has them.
func containerSettings(opts Options, line Line) map[string]string {
	settings := map[string]string{
		"server.memory.heap.initial_size": opts.HeapSize,
		"server.memory.heap.max_size":     opts.HeapSize,
		"server.memory.pagecache.size":    opts.PageCacheSize,
		"dbms.usage_report.enabled":       "false",
	}
	for _, s := range line.conf {
		settings[s[0]] = s[1]
	}
	return settings
}

// containerServer describes a running container as a Server.
func containerServer(ctx context.Context, ctr *tcneo4j.Neo4jContainer, password string, opts Options, line Line) (*Server, error) {
	uri, err := ctr.PortEndpoint(ctx, "7687/tcp", "bolt")
	if err != nil {
		return nil, fmt.Errorf("provision: container bolt port: %w", err)
	}
	browser := ""
	if http, err := ctr.PortEndpoint(ctx, "7474/tcp", "http"); err == nil {
		browser = http + "/browser/"
	}
	waitCtx, cancel := context.WithTimeout(ctx, localBoltTimeout)
	defer cancel()
	if err := Wait(waitCtx, uri, DefaultUser, password); err != nil {
		return nil, err
	}
	return &Server{URI: uri, User: DefaultUser, Password: password,
		Database: opts.Database, BrowserURL: browser, Version: line.Version,
		Source: SourceTestcontainers, backend: &container{ctr: ctr}}, nil
}

func (c *container) stop() error {
	if err := testcontainers.TerminateContainer(c.ctr); err != nil {
		return fmt.Errorf("provision: terminate container: %w", err)
	}
	return nil
}

func (c *container) restart(context.Context) error {
	return fmt.Errorf("provision: Restart is only supported for the local server")
}

// writerLogger adapts an io.Writer to the testcontainers logger.
type writerLogger struct{ w io.Writer }

func (l writerLogger) Printf(format string, v ...any) {
	logf(l.w, "%s", strings.TrimRight(fmt.Sprintf(format, v...), "\n"))
}
