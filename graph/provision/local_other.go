//go:build !unix

package provision

import (
	"context"
	"errors"
)

// startLocal is unavailable off unix; set NEO4J_URI or run Docker.
func startLocal(context.Context, Options, Line) (*Server, error) {
	return nil, errors.New("provision: the local Neo4j server needs a unix system; set NEO4J_URI or run a Docker engine")
}
