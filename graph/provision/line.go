package provision

import (
	"fmt"
	"strings"
)

// Line is a Neo4j release line relgraph supports. A store written by one
// line is never opened by another: each line has homes of its own.
type Line struct {
	// Name selects the line, e.g. "2026.08" or "5.26".
	Name string
	// Version is the version of the Neo4j jars fetched from Maven Central.
	Version string
	// Image is the Docker image run when a Docker engine answers.
	Image string
	// MinJava and MaxJava bound the Java feature versions the line runs
	// on; MaxJava 0 means no upper bound.
	MinJava, MaxJava int
	// EntryPoint is the main class of the community server.
	EntryPoint string

	// conf holds the settings of neo4j.conf that differ between lines.
	conf [][2]string
}

// The supported lines: the current calendar release, the default, and the
// long-term support release.
var (
	// Current is Neo4j's current calendar release, the default line.
	Current = Line{Name: "2026.08", Version: "2026.08.1", Image: "neo4j:2026.08.1-community",
		MinJava: 21, EntryPoint: "org.neo4j.server.Neo4jCommunity",
		conf: [][2]string{
			// New databases speak Cypher 25, as with the neo4j.conf
			// Neo4j ships since 2026.02 (and its Docker image).
			{"db.query.default_language", "CYPHER_25"},
			// A development server neither announces itself on the
			// network nor reports to Neo4j's Fleet Manager.
			{"server.fleet_discovery.enabled", "false"},
			{"dbms.fleet_manager.enabled", "false"},
			{"internal.dbms.bolt.netty_server_shutdown_quiet_period_duration", "0s"},
		}}
	// LTS is Neo4j 5.26, the long-term support release.
	LTS = Line{Name: "5.26", Version: "5.26.30", Image: "neo4j:5.26-community",
		MinJava: 17, MaxJava: 21, EntryPoint: "org.neo4j.server.CommunityEntryPoint",
		conf: [][2]string{
			{"internal.dbms.bolt.netty_server_shutdown_quiet_period", "0"},
		}}
)

// Lines lists the supported lines, the default first.
func Lines() []Line { return []Line{Current, LTS} }

// DefaultLine is the name of the line Start provisions when Options.Line
// is empty.
const DefaultLine = "2026.08"

// LineNamed returns the line called name; "" is the default line.
func LineNamed(name string) (Line, error) {
	if name == "" {
		name = DefaultLine
	}
	var names []string
	for _, l := range Lines() {
		if l.Name == name {
			return l, nil
		}
		names = append(names, l.Name)
	}
	return Line{}, fmt.Errorf("provision: unknown Neo4j line %q: want one of %s", name, strings.Join(names, ", "))
}

// Java describes the Java versions the line runs on, e.g. "Java 21 or
// newer" or "Java 17 to 21".
func (l Line) Java() string {
	if l.MaxJava == 0 {
		return fmt.Sprintf("Java %d or newer", l.MinJava)
	}
	return fmt.Sprintf("Java %d to %d", l.MinJava, l.MaxJava)
}

// fits reports whether the line runs on Java feature version v.
func (l Line) fits(v int) bool {
	return v >= l.MinJava && (l.MaxJava == 0 || v <= l.MaxJava)
}
