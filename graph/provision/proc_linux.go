package provision

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
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
	if !bytes.Contains(b, []byte("--home-dir="+home+"\x00")) {
		return false
	}
	for _, l := range Lines() {
		if bytes.Contains(b, []byte(l.EntryPoint+"\x00")) {
			return true
		}
	}
	return false
}

// parentPID returns the parent of pid, 0 when unknown.
func parentPID(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')') // The command name may hold spaces.
	if i < 0 {
		return 0
	}
	fields := bytes.Fields(b[i+1:]) // state, ppid, ...
	if len(fields) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(string(fields[1]))
	return ppid
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
