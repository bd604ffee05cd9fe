package main

import (
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		c, err := loadConfig(envOf(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:8080" || c.Neo4jUser != "neo4j" || c.Neo4jDatabase != "neo4j" || c.BodyLimit != 32<<20 ||
			c.RequestTimeout != 30*time.Second || c.CypherRowCap != 10000 || c.CypherTimeout != 10*time.Second || c.StateDir != ".relgraph" || c.Neo4jURI != "" {
			t.Fatalf("defaults: %+v", c)
		}
	})
	t.Run("values are read", func(t *testing.T) {
		c, err := loadConfig(envOf(map[string]string{"NEO4J_URI": "neo4j://db:7687", "RELGRAPH_BODY_LIMIT": "2048",
			"RELGRAPH_REQUEST_TIMEOUT": "5s", "RELGRAPH_ADMIN_KEY": "0123456789abcdef", "RELGRAPH_ADDR": "0.0.0.0:9000"}))
		if err != nil || c.Neo4jURI != "neo4j://db:7687" || c.BodyLimit != 2048 || c.RequestTimeout != 5*time.Second || c.Addr != "0.0.0.0:9000" {
			t.Fatalf("%+v %v", c, err)
		}
	})
	t.Run("every bad value is named at once", func(t *testing.T) {
		_, err := loadConfig(envOf(map[string]string{
			"NEO4J_URI": "http://db", "RELGRAPH_ADDR": "8080", "RELGRAPH_ADMIN_KEY": "short",
			"RELGRAPH_BODY_LIMIT": "lots", "RELGRAPH_REQUEST_TIMEOUT": "-1s", "RELGRAPH_CYPHER_ROW_CAP": "0", "RELGRAPH_CYPHER_TIMEOUT": "never", "RELGRAPH_LOG_LEVEL": "loud",
		}))
		if err == nil {
			t.Fatal("bad configuration accepted")
		}
		for _, name := range []string{"NEO4J_URI", "RELGRAPH_ADDR", "RELGRAPH_ADMIN_KEY", "RELGRAPH_BODY_LIMIT", "RELGRAPH_REQUEST_TIMEOUT", "RELGRAPH_CYPHER_ROW_CAP", "RELGRAPH_CYPHER_TIMEOUT", "RELGRAPH_LOG_LEVEL"} {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("the error does not name %s: %v", name, err)
			}
		}
	})
}
