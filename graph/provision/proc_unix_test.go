//go:build unix

package provision

import (
	"os"
	"testing"
)

// A Neo4j whose parent still runs is in use: stopStale tells by its parent.
func TestParentPIDOfALiveProcess(t *testing.T) {
	if got, want := parentPID(os.Getpid()), os.Getppid(); got != want {
		t.Fatalf("parentPID = %d; want %d", got, want)
	}
	if got := parentPID(1 << 30); got != 0 {
		t.Fatalf("parentPID of no process = %d; want 0", got)
	}
}
