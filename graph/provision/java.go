package provision

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// jdk is a Java installation: its home folder and feature version (17 for
// Java 17.0.15).
type jdk struct {
	home    string
	version int
}

func (j jdk) java() string { return filepath.Join(j.home, "bin", "java") }

func (j jdk) String() string { return fmt.Sprintf("Java %d (%s)", j.version, j.home) }

// jdkRoots are the folders where JDKs are installed side by side: Debian's
// and macOS's (whose JDKs keep their home in Contents/Home).
var jdkRoots = []string{"/usr/lib/jvm", "/Library/Java/JavaVirtualMachines"}

// chooseJava returns the JDK that runs line l: javaHome (the caller's
// JAVA_HOME) when its version fits the line, else the newest fitting one of
// installed (JDK homes), else an error naming the line and the Java it
// needs.
func chooseJava(l Line, javaHome string, installed []string) (jdk, error) {
	var seen []jdk
	if javaHome != "" {
		if j, ok := probeJDK(javaHome); ok {
			if l.fits(j.version) {
				return j, nil
			}
			seen = append(seen, j)
		}
	}
	var best jdk
	for _, home := range installed {
		j, ok := probeJDK(home)
		if !ok {
			continue
		}
		if l.fits(j.version) && j.version > best.version {
			best = j
		}
		seen = append(seen, j)
	}
	if best.home != "" {
		return best, nil
	}
	found := "none"
	if len(seen) > 0 {
		names := make([]string, len(seen))
		for i, j := range seen {
			names[i] = j.String()
		}
		found = strings.Join(names, ", ")
	}
	return jdk{}, fmt.Errorf("provision: Neo4j %s needs %s; found %s: install such a JDK under %s, or set JAVA_HOME to one (--line %s selects another line)",
		l.Name, l.Java(), found, jdkRoots[0], otherLine(l))
}

// otherLine names a supported line other than l.
func otherLine(l Line) string {
	for _, o := range Lines() {
		if o.Name != l.Name {
			return o.Name
		}
	}
	return l.Name
}

// installedJDKs lists the JDK homes of this machine: every JDK under
// jdkRoots, then the one of the java on PATH.
func installedJDKs() []string {
	var homes []string
	for _, root := range jdkRoots {
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			for _, home := range []string{filepath.Join(root, e.Name()), filepath.Join(root, e.Name(), "Contents", "Home")} {
				if fileExists(filepath.Join(home, "bin", "java")) {
					homes = append(homes, home)
					break
				}
			}
		}
	}
	if p, err := exec.LookPath("java"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			homes = append(homes, filepath.Dir(filepath.Dir(real)))
		}
	}
	return homes
}

// probeJDK reads the version of the JDK at home, from its release file or
// else from `java -version`. ok is false when home holds no java.
func probeJDK(home string) (j jdk, ok bool) {
	if real, err := filepath.EvalSymlinks(home); err == nil {
		home = real
	}
	j.home = home
	if !fileExists(j.java()) {
		return j, false
	}
	if b, err := os.ReadFile(filepath.Join(home, "release")); err == nil {
		if v := releaseVersion(b); v > 0 {
			j.version = v
			return j, true
		}
	}
	out, _ := exec.Command(j.java(), "-version").CombinedOutput()
	if m := versionLine.FindSubmatch(out); m != nil {
		j.version = featureVersion(string(m[1]))
	}
	return j, j.version > 0
}

// versionLine finds the version in `java -version` output, e.g.
// `openjdk version "17.0.15" 2025-04-15`.
var versionLine = regexp.MustCompile(`version "([^"]+)"`)

// releaseVersion reads JAVA_VERSION="17.0.15" from a JDK's release file.
func releaseVersion(release []byte) int {
	sc := bufio.NewScanner(bytes.NewReader(release))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "JAVA_VERSION="); ok {
			return featureVersion(strings.Trim(v, `"`))
		}
	}
	return 0
}

// featureVersion turns "17.0.15", "21-ea", "25" or "1.8.0_392" into 17,
// 21, 25 or 8; 0 when it cannot.
func featureVersion(v string) int {
	v = strings.TrimPrefix(v, "1.")
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		v = v[:end]
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}
