package provision

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// confSettings holds what neo4j.conf of a local home depends on.
type confSettings struct {
	Line                    Line
	Home                    string
	BoltPort, HTTPPort      int
	HeapSize, PageCacheSize string
}

// neo4jConf renders conf/neo4j.conf for a local home.
func neo4jConf(c confSettings) string {
	settings := [][2]string{
		{"server.default_listen_address", "127.0.0.1"},
		{"server.default_advertised_address", "127.0.0.1"},
		{"server.bolt.listen_address", fmt.Sprintf("127.0.0.1:%d", c.BoltPort)},
		{"server.bolt.advertised_address", fmt.Sprintf("127.0.0.1:%d", c.BoltPort)},
		{"server.http.listen_address", fmt.Sprintf("127.0.0.1:%d", c.HTTPPort)},
		{"server.http.advertised_address", fmt.Sprintf("127.0.0.1:%d", c.HTTPPort)},
		{"server.https.enabled", "false"},
		{"server.directories.data", filepath.Join(c.Home, "data")},
		{"server.directories.logs", filepath.Join(c.Home, "logs")},
		{"server.directories.run", filepath.Join(c.Home, "run")},
		{"server.directories.import", filepath.Join(c.Home, "import")},
		{"server.memory.heap.initial_size", c.HeapSize},
		{"server.memory.heap.max_size", c.HeapSize},
		{"server.memory.pagecache.size", c.PageCacheSize},
		{"dbms.security.auth_enabled", "true"},
		{"dbms.usage_report.enabled", "false"},
		{"dbms.security.allow_csv_import_from_file_urls", "false"},
		// No outbound URL loading: LOAD CSV (and any plugin loading URLs)
		// may reach no address at all, so a statement that slips past
		// POST /cypher's checks still cannot call a service or this host.
		{"internal.dbms.cypher_ip_blocklist", "0.0.0.0/0,::/0"},
	}
	// The line's own settings include Bolt's shutdown quiet period, set to
	// 0: its two Netty event loops each waited 5 s, so every stop took 10 s.
	settings = append(settings, c.Line.conf...)
	var b strings.Builder
	b.WriteString("# Written by relgraph graph/provision on every start; edits are lost.\n")
	for _, s := range settings {
		fmt.Fprintf(&b, "%s=%s\n", s[0], s[1])
	}
	return b.String()
}

// writeConf writes conf/neo4j.conf into the home.
func writeConf(c confSettings) error {
	conf := filepath.Join(c.Home, "conf", "neo4j.conf")
	if err := os.WriteFile(conf, []byte(neo4jConf(c)), 0o644); err != nil {
		return fmt.Errorf("provision: write %s: %w", conf, err)
	}
	return nil
}

// newPassword returns 32 random hex characters.
func newPassword() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("provision: password: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// homePassword returns the password kept in <home>/password, creating it
// when missing. created tells whether it is new.
func homePassword(home string) (password string, created bool, err error) {
	path := filepath.Join(home, "password")
	b, err := os.ReadFile(path)
	if err == nil && strings.TrimSpace(string(b)) != "" {
		return strings.TrimSpace(string(b)), false, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("provision: %w", err)
	}
	if password, err = newPassword(); err != nil {
		return "", false, err
	}
	if err := os.WriteFile(path, []byte(password+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("provision: %w", err)
	}
	return password, true, nil
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("provision: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
