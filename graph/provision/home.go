package provision

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// lineFileName is the file in a home that names the line whose store it
// holds.
const lineFileName = "neo4j-line"

// legacyLine is the line of a home that holds a store but no line file:
// every home made before relgraph supported several lines ran Neo4j 5.26.
const legacyLine = "5.26"

// homeFor returns the home of instance name on line l in the state folder
// dir: dir/<line>/<name>. Homes made before lines existed sit at dir/<name>
// and hold 5.26 stores; the 5.26 line keeps using such a home where it is.
func homeFor(dir, name string, l Line) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	if l.Name == legacyLine {
		legacy := filepath.Join(dir, name)
		if hasStore(legacy) && homeLine(legacy) == legacyLine {
			return legacy, nil
		}
	}
	return filepath.Join(dir, l.Name, name), nil
}

// checkName refuses instance names that could reach outside the state
// folder or be taken for a line folder.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("provision: instance name %q: use letters, digits, '-' or '_'", name)
	}
	for _, l := range Lines() {
		if name == l.Name {
			return fmt.Errorf("provision: instance name %q is the name of a Neo4j line; choose another", name)
		}
	}
	return nil
}

// hasStore reports whether home holds a Neo4j store.
func hasStore(home string) bool {
	return fileExists(filepath.Join(home, "data", "databases", "system"))
}

// homeLine returns the line whose store home holds: its line file, else
// legacyLine for a store without one, else "" for a home without a store.
func homeLine(home string) string {
	if b, err := os.ReadFile(filepath.Join(home, lineFileName)); err == nil {
		return strings.TrimSpace(string(b))
	}
	if hasStore(home) {
		return legacyLine
	}
	return ""
}

// checkHome refuses a home holding another line's store: Neo4j would
// upgrade a 5.26 store in place, and cannot open a newer one.
func checkHome(home string, l Line) error {
	switch got := homeLine(home); got {
	case "", l.Name:
		return nil
	default:
		return fmt.Errorf("provision: %s holds a Neo4j %s store, not %s: use --line %s, or another --name", home, got, l.Name, got)
	}
}

// claimHome makes sure home belongs to line l (see checkHome) and marks a
// home without a line file with one.
func claimHome(home string, l Line) error {
	if err := checkHome(home, l); err != nil {
		return err
	}
	path := filepath.Join(home, lineFileName)
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("provision: %w", err)
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	if err := os.WriteFile(path, []byte(l.Name+"\n"), 0o644); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
