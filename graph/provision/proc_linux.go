package provision

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
)

// childAttr puts the JVM in its own process group, so a terminal Ctrl-C
// reaches only the parent (which then calls Stop), and asks the kernel to
// send it SIGTERM if the parent dies.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// isNeo4jOf reports whether pid is a Neo4j JVM running with home.
func isNeo4jOf(pid int, home string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	return bytes.Contains(b, []byte("org.neo4j.server.CommunityEntryPoint")) &&
		bytes.Contains(b, []byte("--home-dir="+home+"\x00"))
}

// processGone reports whether pid has exited (a zombie counts as gone).
func processGone(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] == 'Z'
	}
	return false
}
