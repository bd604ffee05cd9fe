package provision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeJDK makes a JDK home of Java version (a release file and an empty
// bin/java) under root and returns it.
func fakeJDK(t *testing.T, root, name, version string) string {
	t.Helper()
	home := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Join(home, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "bin", "java"), nil, 0o755); err != nil {
		t.Fatal(err)
	}
	release := "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n"
	if err := os.WriteFile(filepath.Join(home, "release"), []byte(release), 0o644); err != nil {
		t.Fatal(err)
	}
	return home
}

func TestChooseJavaPerLine(t *testing.T) {
	root := t.TempDir()
	java17 := fakeJDK(t, root, "java-17-openjdk-amd64", "17.0.15")
	java21 := fakeJDK(t, root, "temurin-21-jdk-amd64", "21.0.7")
	java25 := fakeJDK(t, root, "temurin-25-jdk-amd64", "25.0.3")
	notAJDK := filepath.Join(root, "openjdk-17") // no bin/java, as Debian has
	if err := os.MkdirAll(notAJDK, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		line      Line
		javaHome  string
		installed []string
		want      string   // the JDK chosen, or
		wantErr   []string // what the error says
	}{
		{"the current release takes the newest JDK", Current, "", []string{java17, notAJDK, java25, java21}, java25, nil},
		{"5.26 takes the newest JDK it runs on", LTS, "", []string{java17, java25, java21}, java21, nil},
		{"5.26 runs on Java 17", LTS, "", []string{java25, java17}, java17, nil},
		{"a JAVA_HOME that fits wins over a newer JDK", Current, java21, []string{java17, java21, java25}, java21, nil},
		{"a JAVA_HOME that does not fit is passed over", Current, java17, []string{java17, java25}, java25, nil},
		{"a JAVA_HOME newer than 5.26 supports is passed over", LTS, java25, []string{java17, java25}, java17, nil},
		{"the current release without Java 21 or newer is refused", Current, java17, []string{java17},
			"", []string{"Neo4j 2026.08 needs Java 21 or newer", "found Java 17 (" + java17 + ")", "--line 5.26"}},
		{"5.26 with only Java 25 is refused", LTS, "", []string{java25},
			"", []string{"Neo4j 5.26 needs Java 17 to 21", "found Java 25 (" + java25 + ")"}},
		{"no JDK at all is refused", Current, "", nil,
			"", []string{"Neo4j 2026.08 needs Java 21 or newer; found none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := chooseJava(tt.line, tt.javaHome, tt.installed)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("chose %s; want an error", got)
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("the error does not say %q: %v", want, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.home != tt.want || got.java() != filepath.Join(tt.want, "bin", "java") {
				t.Fatalf("chose %s; want %s", got, tt.want)
			}
		})
	}
}

func TestFeatureVersion(t *testing.T) {
	for in, want := range map[string]int{
		"17.0.15": 17, "21.0.7": 21, "25": 25, "21-ea": 21, "1.8.0_392": 8, "11.0.2+9": 11, "": 0, "x": 0,
	} {
		if got := featureVersion(in); got != want {
			t.Errorf("featureVersion(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestLineNamed(t *testing.T) {
	for name, want := range map[string]string{"": "2026.08.1", "2026.08": "2026.08.1", "5.26": "5.26.30"} {
		l, err := LineNamed(name)
		if err != nil || l.Version != want {
			t.Errorf("LineNamed(%q) = %s, %v; want %s", name, l.Version, err, want)
		}
	}
	if _, err := LineNamed("4.4"); err == nil || !strings.Contains(err.Error(), "2026.08, 5.26") {
		t.Errorf("LineNamed(4.4) = %v; want an error naming the lines", err)
	}
}
