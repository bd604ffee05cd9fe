package provision

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// pomXML lists the Neo4j server jars fetched from Maven Central.
//
//go:embed pom.xml
var pomXML []byte

// Neo4jVersion is the version of the Neo4j jars run by the local server.
const Neo4jVersion = "5.26.30"

const (
	libDirName     = "neo4j-lib"
	libLockName    = "neo4j-lib.lock"
	libMarkerName  = ".complete"
	downloadPrefix = ".neo4j-lib-download-"
)

// libMarker is the content of the marker file of a complete jar folder; it
// changes whenever the embedded pom changes, which forces a new download.
func libMarker() string {
	sum := sha256.Sum256(pomXML)
	return fmt.Sprintf("neo4j %s\npom-sha256 %s\n", Neo4jVersion, hex.EncodeToString(sum[:]))
}

// libComplete reports whether lib holds a complete download of this pom.
func libComplete(lib string) bool {
	b, err := os.ReadFile(filepath.Join(lib, libMarkerName))
	return err == nil && string(b) == libMarker()
}

// ensureJars returns Dir/neo4j-lib, downloading the jars first when the
// folder is missing or incomplete. A lock file keeps concurrent processes
// from downloading at the same time.
func ensureJars(ctx context.Context, dir string, log io.Writer) (string, error) {
	lib := filepath.Join(dir, libDirName)
	if libComplete(lib) {
		return lib, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("provision: %w", err)
	}
	unlock, err := lockFile(ctx, filepath.Join(dir, libLockName), func() {
		logf(log, "waiting for another process downloading the Neo4j jars...")
	})
	if err != nil {
		return "", err
	}
	defer unlock()
	if libComplete(lib) { // Another process finished while we waited.
		return lib, nil
	}
	return lib, downloadJars(ctx, dir, lib, log)
}

// downloadJars runs mvn in a temporary folder inside dir and renames the
// result into lib once mvn succeeded. The caller holds the lock.
func downloadJars(ctx context.Context, dir, lib string, log io.Writer) error {
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return fmt.Errorf("provision: Maven (mvn) is needed to fetch the Neo4j jars: %w", err)
	}
	removeStale(dir)
	work, err := os.MkdirTemp(dir, downloadPrefix)
	if err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	defer os.RemoveAll(work)
	if err := os.WriteFile(filepath.Join(work, "pom.xml"), pomXML, 0o644); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	logf(log, "downloading Neo4j 5.26 jars from Maven Central into %s (first run, about 2 minutes)...", lib)
	began := time.Now()
	out := filepath.Join(work, "lib")
	if err := runMaven(ctx, mvn, work, out); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, libMarkerName), []byte(libMarker()), 0o644); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	if err := os.Rename(out, lib); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	logf(log, "Neo4j jars ready in %.0fs (%d jars)", time.Since(began).Seconds(), countJars(lib))
	return nil
}

// removeStale removes an incomplete jar folder and leftovers of interrupted
// downloads. The caller holds the lock.
func removeStale(dir string) {
	_ = os.RemoveAll(filepath.Join(dir, libDirName))
	leftovers, _ := filepath.Glob(filepath.Join(dir, downloadPrefix+"*"))
	for _, l := range leftovers {
		_ = os.RemoveAll(l)
	}
}

// runMaven copies the pom's dependencies into out.
func runMaven(ctx context.Context, mvn, work, out string) error {
	cmd := exec.CommandContext(ctx, mvn, "-q", "-B", "dependency:copy-dependencies",
		"-DoutputDirectory="+out)
	cmd.Dir = work
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
		return fmt.Errorf("provision: mvn dependency:copy-dependencies failed: %w\n%s",
			err, lastLines(output.String(), tailLines))
	}
	return nil
}

func countJars(lib string) int {
	jars, _ := filepath.Glob(filepath.Join(lib, "*.jar"))
	return len(jars)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
