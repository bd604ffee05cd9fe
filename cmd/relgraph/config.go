package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/handlers"
)

// Config is the whole configuration of relgraph, read once from the
// environment and validated.
type Config struct {
	Neo4jURI, Neo4jUser, Neo4jPassword, Neo4jDatabase string
	// Neo4jBrowserURL (NEO4J_BROWSER_URL) is where the Neo4j Browser
	// answers, for the --bootstrap banner; bin/relgraph-neo4j sets it.
	Neo4jBrowserURL string

	Addr           string        // RELGRAPH_ADDR
	AdminKey       string        // RELGRAPH_ADMIN_KEY
	BodyLimit      int64         // RELGRAPH_BODY_LIMIT, bytes
	RequestTimeout time.Duration // RELGRAPH_REQUEST_TIMEOUT
	CypherRowCap   int           // RELGRAPH_CYPHER_ROW_CAP: rows POST /api/v1/cypher answers at most
	CypherTimeout  time.Duration // RELGRAPH_CYPHER_TIMEOUT: POST /api/v1/cypher's transaction timeout
	StateDir       string        // RELGRAPH_STATE_DIR: --bootstrap's admin key and default token
	LogLevel       string        // RELGRAPH_LOG_LEVEL: debug, info, warn, error
	Instance       string        // RELGRAPH_INSTANCE: this instance's name to clients (default host name:port of Addr)
}

// loadConfig reads the environment, naming every bad value at once.
func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		Neo4jURI:        getenv("NEO4J_URI"),
		Neo4jUser:       orDefault(getenv("NEO4J_USER"), "neo4j"),
		Neo4jPassword:   getenv("NEO4J_PASSWORD"),
		Neo4jDatabase:   orDefault(getenv("NEO4J_DATABASE"), "neo4j"),
		Neo4jBrowserURL: getenv("NEO4J_BROWSER_URL"),
		Addr:            orDefault(getenv("RELGRAPH_ADDR"), "127.0.0.1:8080"),
		AdminKey:        getenv("RELGRAPH_ADMIN_KEY"),
		StateDir:        orDefault(getenv("RELGRAPH_STATE_DIR"), ".relgraph"),
		LogLevel:        orDefault(getenv("RELGRAPH_LOG_LEVEL"), "info"),
	}
	var errs []error
	c.BodyLimit = int64(parseInt(getenv, "RELGRAPH_BODY_LIMIT", handlers.DefaultBodyLimit, 1024, 1<<31, &errs))
	c.CypherRowCap = parseInt(getenv, "RELGRAPH_CYPHER_ROW_CAP", handlers.DefaultCypherRowCap, 1, 1000000, &errs)
	c.RequestTimeout = parseDuration(getenv, "RELGRAPH_REQUEST_TIMEOUT", handlers.DefaultRequestTimeout, &errs)
	c.CypherTimeout = parseDuration(getenv, "RELGRAPH_CYPHER_TIMEOUT", handlers.DefaultCypherTimeout, &errs)
	if c.Neo4jURI != "" && !validScheme(c.Neo4jURI) {
		errs = append(errs, fmt.Errorf("NEO4J_URI %q: use neo4j://host:port (cluster) or bolt://host:port (one server)", c.Neo4jURI))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("RELGRAPH_ADDR %q: want host:port, such as 127.0.0.1:8080", c.Addr))
	}
	c.Instance = orDefault(getenv("RELGRAPH_INSTANCE"), defaultInstance(c.Addr))
	if !handlers.ValidInstance(c.Instance) {
		errs = append(errs, fmt.Errorf("RELGRAPH_INSTANCE %q: want 1 to 128 printable ASCII characters, no spaces", c.Instance))
	}
	if c.AdminKey != "" && len(c.AdminKey) < 16 {
		errs = append(errs, errors.New("RELGRAPH_ADMIN_KEY: use at least 16 characters"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("RELGRAPH_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel))
	}
	return c, errors.Join(errs...)
}

// defaultInstance names an instance by its host name and the port it
// listens on, which tells apart instances on one host and in containers.
func defaultInstance(addr string) string {
	host, _ := os.Hostname()
	_, port, _ := net.SplitHostPort(addr)
	return orDefault(host, "localhost") + ":" + port
}

func validScheme(uri string) bool {
	for _, s := range []string{"neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://"} {
		if strings.HasPrefix(uri, s) {
			return true
		}
	}
	return false
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func parseInt(getenv func(string) string, name string, def, min, max int, errs *[]error) int {
	raw := getenv(name)
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		*errs = append(*errs, fmt.Errorf("%s %q: want a whole number from %d to %d", name, raw, min, max))
		return def
	}
	return n
}

func parseDuration(getenv func(string) string, name string, def time.Duration, errs *[]error) time.Duration {
	raw := getenv(name)
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s %q: want a positive duration such as 30s or 2m", name, raw))
		return def
	}
	return d
}

// env is the process environment; the only place relgraph reads it.
var env = os.Getenv
