//go:build unix && !linux

package provision

import (
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// childAttr puts the JVM in its own process group, so a terminal Ctrl-C
// reaches only the parent, which then calls Stop.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// isNeo4jOf reports whether pid is a Neo4j JVM running with home.
func isNeo4jOf(pid int, home string) bool {
	out, err := exec.Command("ps", "-ww", "-o", "command=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		return false
	}
	cmd := string(out)
	if !strings.Contains(cmd, "--home-dir="+home) {
		return false
	}
	for _, l := range Lines() {
		if strings.Contains(cmd, l.EntryPoint+" ") {
			return true
		}
	}
	return false
}

// parentPID returns the parent of pid, 0 when unknown.
func parentPID(pid int) int {
	out, err := exec.Command("ps", "-o", "ppid=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		return 0
	}
	ppid, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return ppid
}

// processGone reports whether pid has exited.
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
