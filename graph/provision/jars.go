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

// pomXML lists the Neo4j server jars fetched from Maven Central; the
// version of Neo4j is the property neo4j.version, given to mvn.
//
//go:embed pom.xml
var pomXML []byte

const libMarkerName = ".complete"

// jarFolder is where the jars of one Neo4j version live in the state
// folder: dir/neo4j-lib-<version>, beside its lock file and the temporary
// folders of downloads under way.
type jarFolder struct{ dir, version string }

func (f jarFolder) lib() string  { return filepath.Join(f.dir, "neo4j-lib-"+f.version) }
func (f jarFolder) lock() string { return f.lib() + ".lock" }

// downloadPrefix starts the names of temporary download folders.
func (f jarFolder) downloadPrefix() string { return ".neo4j-lib-" + f.version + "-download-" }

// marker is the content of the marker file of a complete jar folder; it
// changes whenever the embedded pom changes, which forces a new download.
func (f jarFolder) marker() string {
	sum := sha256.Sum256(pomXML)
	return fmt.Sprintf("neo4j %s\npom-sha256 %s\n", f.version, hex.EncodeToString(sum[:]))
}

// complete reports whether the folder holds a complete download of this
// pom.
func (f jarFolder) complete() bool {
	b, err := os.ReadFile(filepath.Join(f.lib(), libMarkerName))
	return err == nil && string(b) == f.marker()
}

// ensureJars returns dir/neo4j-lib-<version>, downloading the jars first
// when the folder is missing or incomplete. A lock file keeps concurrent
// processes from downloading the same version at the same time.
func ensureJars(ctx context.Context, dir, version string, log io.Writer) (string, error) {
	f := jarFolder{dir: dir, version: version}
	if f.complete() {
		return f.lib(), nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("provision: %w", err)
	}
	unlock, err := lockFile(ctx, f.lock(), func() {
		logf(log, "waiting for another process downloading the Neo4j %s jars...", version)
	})
	if err != nil {
		return "", err
	}
	defer unlock()
	if f.complete() { // Another process finished while we waited.
		return f.lib(), nil
	}
	return f.lib(), f.download(ctx, log)
}

// download runs mvn in a temporary folder inside dir and renames the
// result into lib once mvn succeeded. The caller holds the lock.
func (f jarFolder) download(ctx context.Context, log io.Writer) error {
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return fmt.Errorf("provision: Maven (mvn) is needed to fetch the Neo4j jars: %w", err)
	}
	f.removeStale()
	work, err := os.MkdirTemp(f.dir, f.downloadPrefix())
	if err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	defer os.RemoveAll(work)
	if err := os.WriteFile(filepath.Join(work, "pom.xml"), pomXML, 0o644); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	logf(log, "downloading the Neo4j %s jars from Maven Central into %s (once per version; about a minute)...", f.version, f.lib())
	began := time.Now()
	out := filepath.Join(work, "lib")
	if err := runMaven(ctx, mvn, work, out, f.version); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, libMarkerName), []byte(f.marker()), 0o644); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	if err := os.Rename(out, f.lib()); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	logf(log, "Neo4j %s jars ready in %.0fs (%d jars)", f.version, time.Since(began).Seconds(), countJars(f.lib()))
	return nil
}

// removeStale removes an incomplete jar folder of this version and the
// leftovers of its interrupted downloads. The caller holds the lock.
func (f jarFolder) removeStale() {
	_ = os.RemoveAll(f.lib())
	leftovers, _ := filepath.Glob(filepath.Join(f.dir, f.downloadPrefix()+"*"))
	for _, l := range leftovers {
		_ = os.RemoveAll(l)
	}
}

// runMaven copies the dependencies of the pom, for Neo4j version, into
// out.
func runMaven(ctx context.Context, mvn, work, out, version string) error {
	cmd := exec.CommandContext(ctx, mvn, "-q", "-B", "dependency:copy-dependencies",
		"-Dneo4j.version="+version, "-DoutputDirectory="+out)
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
