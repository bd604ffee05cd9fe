package main

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/graph/provision"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    provision.Options
		wantCmd []string
		wantErr string
	}{
		{"defaults: instance test of the current release in .relgraph",
			[]string{"--", "go", "test"}, nil,
			provision.Options{Name: "test", Line: "2026.08", Dir: ".relgraph"}, []string{"go", "test"}, ""},
		{"flags choose the instance, the line and its size",
			[]string{"--name", "bench", "--line", "5.26", "--heap", "2g", "--pagecache", "4g", "--", "true"}, nil,
			provision.Options{Name: "bench", Line: "5.26", Dir: ".relgraph", HeapSize: "2g", PageCacheSize: "4g"}, []string{"true"}, ""},
		{"NEO4J_LINE sets the default line",
			[]string{"--", "true"}, map[string]string{"NEO4J_LINE": "5.26"},
			provision.Options{Name: "test", Line: "5.26", Dir: ".relgraph"}, []string{"true"}, ""},
		{"NEO4J_URI and the rest of the environment are passed on",
			[]string{"--", "true"}, map[string]string{"NEO4J_URI": "bolt://db:7687", "NEO4J_PASSWORD": "pw",
				"RELGRAPH_STATE_DIR": "/state", "JAVA_HOME": "/jdk", "TESTCONTAINERS_HOST_OVERRIDE": "dockerhost", "XDG_RUNTIME_DIR": "/run/user/7"},
			provision.Options{URI: "bolt://db:7687", Password: "pw", Name: "test", Line: "2026.08", Dir: "/state",
				JavaHome: "/jdk", DockerHost: "dockerhost", RuntimeDir: "/run/user/7"}, []string{"true"}, ""},
		{"an unknown line is refused", []string{"--line", "4.4", "--", "true"}, nil, provision.Options{}, nil, `unknown Neo4j line "4.4"`},
		{"a missing command is refused with the usage", []string{"--name", "x"}, nil, provision.Options{}, nil, "no command given"},
		{"an unknown flag is refused with the usage", []string{"--lines", "5.26", "--", "true"}, nil, provision.Options{}, nil, "-name string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := parse(tt.args, envOf(tt.env))
			if tt.wantErr != "" {
				if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parse = %v; want a usage error saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			req.opts.UserHome = "" // the machine's
			if req.opts != tt.want || !slices.Equal(req.cmd, tt.wantCmd) {
				t.Fatalf("parse = %+v %q; want %+v %q", req.opts, req.cmd, tt.want, tt.wantCmd)
			}
		})
	}
}

func TestChildEnv(t *testing.T) {
	environ := []string{"PATH=/bin", "NEO4J_URI=bolt://stale:1", "NEO4J_PID=99", "NEO4J_BROWSER_URL=http://stale/", "HOME=/root"}
	t.Run("a started server replaces every NEO4J_ variable", func(t *testing.T) {
		db := &provision.Server{URI: "bolt://127.0.0.1:7687", User: "neo4j", Password: "pw", Database: "neo4j",
			BrowserURL: "http://127.0.0.1:7474/browser/", Source: provision.SourceLocal, PID: 42}
		got := childEnv(environ, db, "5.26")
		want := []string{"PATH=/bin", "HOME=/root", "NEO4J_URI=bolt://127.0.0.1:7687", "NEO4J_USER=neo4j",
			"NEO4J_PASSWORD=pw", "NEO4J_DATABASE=neo4j", "NEO4J_BROWSER_URL=http://127.0.0.1:7474/browser/",
			"NEO4J_LINE=5.26", "NEO4J_PID=42"}
		if !slices.Equal(got, want) {
			t.Fatalf("env %q\nwant %q", got, want)
		}
	})
	t.Run("a container has no pid and may have no browser", func(t *testing.T) {
		db := &provision.Server{URI: "bolt://127.0.0.1:7687", User: "neo4j", Password: "pw", Database: "neo4j",
			Source: provision.SourceTestcontainers}
		got := strings.Join(childEnv(environ, db, "2026.08"), " ")
		if strings.Contains(got, "NEO4J_PID") || strings.Contains(got, "NEO4J_BROWSER_URL") || strings.Contains(got, "stale") {
			t.Fatalf("env %s keeps a stale or empty variable", got)
		}
	})
	t.Run("a server NEO4J_URI names leaves the environment as it is", func(t *testing.T) {
		db := &provision.Server{URI: "bolt://stale:1", Source: provision.SourceEnv}
		if got := childEnv(environ, db, "2026.08"); !slices.Equal(got, environ) {
			t.Fatalf("env %q; want %q", got, environ)
		}
	})
}

func TestRunExitsWithTheCommandsCode(t *testing.T) {
	env := envOf(map[string]string{"NEO4J_URI": "bolt://db:7687"}) // nothing is started
	for _, tt := range []struct {
		script string
		want   int
	}{{"exit 0", 0}, {"exit 3", 3}, {"kill -TERM $$", 128 + 15}} {
		code, err := run([]string{"--", "sh", "-c", tt.script}, env, &strings.Builder{})
		if err != nil || code != tt.want {
			t.Errorf("%s: code %d, %v; want %d", tt.script, code, err, tt.want)
		}
	}
}
