//go:build !unix

package provision

import "context"

// lockFile is a no-op where flock is unavailable.
func lockFile(context.Context, string, func()) (func(), error) {
	return func() {}, nil
}
