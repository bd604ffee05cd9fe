//go:build unix

package provision

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// javaFlags are the JVM options of the Neo4j launcher worth keeping.
var javaFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Dlog4j2.disable.jmx=true",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
}

// javaArgs is the command line of the Neo4j server JVM.
func (l *local) javaArgs() []string {
	args := []string{"-Xms" + l.opts.HeapSize, "-Xmx" + l.opts.HeapSize}
	args = append(args, javaFlags...)
	if l.jdk.version >= 23 {
		// Newer JVMs warn when a library uses sun.misc.Unsafe's memory
		// access (Neo4j does; its own launcher allows it) or loads native
		// code (JNA does).
		args = append(args, "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED")
	}
	return append(args, "-cp", filepath.Join(l.lib, "*"), l.line.EntryPoint,
		"--home-dir="+l.home, "--config-dir="+l.path("conf"),
		"--console-mode") // Also print the user log (neo4j.log) to console.log.
}

// launch starts the JVM and waits until Bolt answers.
func (l *local) launch(ctx context.Context) error {
	began := time.Now()
	logf(l.opts.Log, "starting Neo4j %s on %s (%s)...", l.line.Version, l.jdk, l.home)
	if err := l.spawn(); err != nil {
		return err
	}
	if err := l.waitBolt(ctx); err != nil {
		return err
	}
	logf(l.opts.Log, "Neo4j started in %.1fs: %s, browser %s", time.Since(began).Seconds(), l.uri(), l.browserURL())
	return nil
}

// spawn starts the JVM with its output appended to logs/console.log and
// records its pid in run/relgraph.pid.
func (l *local) spawn() error {
	console, err := os.OpenFile(l.path("logs", "console.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	defer console.Close() // The child keeps its own descriptor.
	fmt.Fprintf(console, "==== relgraph: starting Neo4j at %s ====\n", time.Now().Format(time.RFC3339))
	cmd := exec.Command(l.jdk.java(), l.javaArgs()...)
	cmd.Dir, cmd.Env = l.home, l.env()
	cmd.Stdout, cmd.Stderr = console, console
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("provision: start java: %w", err)
	}
	l.cmd, l.done = cmd, make(chan struct{})
	go func(done chan struct{}) {
		l.waitErr = cmd.Wait()
		close(done)
	}(l.done)
	pid := []byte(strconv.Itoa(cmd.Process.Pid) + "\n")
	if err := os.WriteFile(l.path("run", "relgraph.pid"), pid, 0o644); err != nil {
		_ = l.stop()
		return fmt.Errorf("provision: %w", err)
	}
	return nil
}

// waitBolt waits for Bolt; when the JVM exits first or the wait fails, it
// returns an error with the tail of console.log.
func (l *local) waitBolt(ctx context.Context) error {
	waitCtx, cancel := context.WithTimeout(ctx, localBoltTimeout)
	defer cancel()
	go func(done chan struct{}) {
		select {
		case <-done:
			cancel()
		case <-waitCtx.Done():
		}
	}(l.done)
	err := Wait(waitCtx, l.uri(), DefaultUser, l.password)
	if err == nil {
		return nil
	}
	select {
	case <-l.done:
		err = fmt.Errorf("provision: Neo4j exited before Bolt answered (%v)", l.waitErr)
	default:
		err = fmt.Errorf("provision: Neo4j did not become ready: %w", err)
	}
	_ = l.stop()
	return fmt.Errorf("%w\nlast lines of %s:\n%s", err, l.path("logs", "console.log"), l.consoleTail())
}

// consoleTail returns the last lines of logs/console.log.
func (l *local) consoleTail() string {
	b, err := os.ReadFile(l.path("logs", "console.log"))
	if err != nil {
		return fmt.Sprintf("(cannot read: %v)", err)
	}
	return lastLines(string(b), tailLines)
}

// stop ends the JVM gracefully: SIGTERM, then SIGKILL after stopGrace.
func (l *local) stop() error {
	if l.cmd == nil {
		return nil
	}
	defer func() { l.cmd = nil }()
	defer os.Remove(l.path("run", "relgraph.pid"))
	select {
	case <-l.done:
		return nil
	default:
	}
	if err := l.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("provision: stop Neo4j: %w", err)
	}
	select {
	case <-l.done:
		return nil
	case <-time.After(stopGrace):
	}
	logf(l.opts.Log, "Neo4j ignored SIGTERM for %s; killing it", stopGrace)
	_ = l.cmd.Process.Kill()
	<-l.done
	return nil
}

// restart stops the JVM and launches it again with the same ports and
// password.
func (l *local) restart(ctx context.Context) error {
	if err := l.stop(); err != nil {
		return err
	}
	if err := l.writeConf(); err != nil {
		return err
	}
	return l.launch(ctx)
}

// stopStale stops the Neo4j JVM recorded in pidFile by an earlier process
// (e.g. one killed with SIGKILL), if it still runs. A JVM whose parent
// still runs belongs to a live process: it is left alone and the home is
// refused as in use.
func stopStale(pidFile string, opts Options) error {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	home := filepath.Dir(filepath.Dir(pidFile))
	if err != nil || pid <= 0 || !isNeo4jOf(pid, home) {
		_ = os.Remove(pidFile)
		return nil
	}
	if parent := parentPID(pid); parent > 1 {
		return fmt.Errorf("provision: %s is in use: its Neo4j (pid %d) runs for process %d; stop that first, or choose another --name", home, pid, parent)
	}
	logf(opts.Log, "stopping a Neo4j left running in %s (pid %d)...", home, pid)
	_ = syscall.Kill(pid, syscall.SIGTERM)
	if !waitGone(pid, stopGrace) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		if !waitGone(pid, 5*time.Second) {
			return fmt.Errorf("provision: cannot stop the Neo4j left running in %s (pid %d)", home, pid)
		}
	}
	_ = os.Remove(pidFile)
	return nil
}

// waitGone polls until pid has exited or d has passed.
func waitGone(pid int, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		if processGone(pid) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return processGone(pid)
}
