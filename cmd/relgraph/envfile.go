package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// envVar is one line of an env file: NAME=value.
type envVar struct{ name, value string }

// writeEnvFile writes vars to path as lines a shell sources (`. path`). The
// file holds secrets, so it is readable by its owner only (0600, also when
// an older file had another mode), and it is replaced whole: a reader sees
// the old file or the new one, never half of either.
func writeEnvFile(path string, vars []envVar) error {
	var b strings.Builder
	b.WriteString("# Written by relgraph serve --bootstrap at each start; source it: . " + path + "\n")
	for _, v := range vars {
		fmt.Fprintf(&b, "%s=%s\n", v.name, shellQuote(v.value))
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".env-*") // created 0600
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// shellQuote leaves a value of safe characters (ids, hex secrets, URLs) as
// it is, so the file also reads as a plain NAME=value list, and puts any
// other value in single quotes, which a shell takes literally.
func shellQuote(v string) string {
	safe := v != ""
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.,:/@%+", r)) {
			safe = false
			break
		}
	}
	if safe {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// clientURL is the base URL a client on this machine uses to reach a server
// listening on addr: a wildcard address (0.0.0.0, ::) is reached on loopback.
func clientURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}
