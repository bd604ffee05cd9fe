package provision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// makeStore puts a store in home, as Neo4j leaves one; with line != "" it
// also writes the line file.
func makeStore(t *testing.T, home, line string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(home, "data", "databases", "system"), 0o755); err != nil {
		t.Fatal(err)
	}
	if line != "" {
		if err := os.WriteFile(filepath.Join(home, lineFileName), []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHomeLayout(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		line  Line
		want  string // relative to the state folder
	}{
		{"the current release has homes of its own", nil, Current, "2026.08/dev"},
		{"5.26 has homes of its own", nil, LTS, "5.26/dev"},
		{"5.26 finds a home made before lines existed where it is",
			func(t *testing.T, dir string) { makeStore(t, filepath.Join(dir, "dev"), "") }, LTS, "dev"},
		{"5.26 finds such a home once it is marked",
			func(t *testing.T, dir string) { makeStore(t, filepath.Join(dir, "dev"), "5.26") }, LTS, "dev"},
		{"the current release never opens a home made before lines existed",
			func(t *testing.T, dir string) { makeStore(t, filepath.Join(dir, "dev"), "") }, Current, "2026.08/dev"},
		{"a folder without a store is no 5.26 home (make run keeps secrets in .relgraph/run)",
			func(t *testing.T, dir string) {
				if err := os.MkdirAll(filepath.Join(dir, "dev"), 0o700); err != nil {
					t.Fatal(err)
				}
			}, LTS, "5.26/dev"},
		{"5.26 passes over a store of the current release",
			func(t *testing.T, dir string) { makeStore(t, filepath.Join(dir, "dev"), "2026.08") }, LTS, "5.26/dev"},
		{"5.26 keeps its own home once the store has moved there",
			func(t *testing.T, dir string) { makeStore(t, filepath.Join(dir, "5.26", "dev"), "") }, LTS, "5.26/dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			got, err := homeFor(dir, "dev", tt.line)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, tt.want); got != want {
				t.Fatalf("home %s; want %s", got, want)
			}
		})
	}
}

func TestHomeNamesStayInTheStateFolder(t *testing.T) {
	for _, name := range []string{"", ".", "..", "../up", "a/b", `a\b`, ".hidden", "5.26", "2026.08"} {
		if home, err := homeFor(t.TempDir(), name, Current); err == nil {
			t.Errorf("name %q gave home %s; want a refusal", name, home)
		}
	}
}

func TestAHomeServesOneLine(t *testing.T) {
	tests := []struct {
		name     string
		store    string // "" no store, "legacy" a store without line file, else the line file
		line     Line
		wantErr  string
		wantFile string
	}{
		{"a new home is marked with its line", "", Current, "", "2026.08"},
		{"a store made before lines existed is marked 5.26", "legacy", LTS, "", "5.26"},
		{"the current release refuses a store made before lines existed", "legacy", Current,
			"holds a Neo4j 5.26 store, not 2026.08: use --line 5.26", ""},
		{"5.26 refuses a store of the current release", "2026.08", LTS,
			"holds a Neo4j 2026.08 store, not 5.26: use --line 2026.08", ""},
		{"a marked home of the line is taken", "2026.08", Current, "", "2026.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "h")
			switch tt.store {
			case "":
			case "legacy":
				makeStore(t, home, "")
			default:
				makeStore(t, home, tt.store)
			}
			err := claimHome(home, tt.line)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("claimHome = %v; want an error saying %q", err, tt.wantErr)
				}
				if tt.store == "legacy" && fileExists(filepath.Join(home, lineFileName)) {
					t.Fatal("a refused home was marked")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := homeLine(home); got != tt.wantFile {
				t.Fatalf("home marked %q; want %q", got, tt.wantFile)
			}
		})
	}
}
