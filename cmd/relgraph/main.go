// Command relgraph is the relgraph service: records in Neo4j linked by typed,
// queryable relations.
//
//	relgraph serve [--bootstrap [--env-file PATH]] [--instance-name NAME]
//	                               run the HTTP API
//	relgraph migrate               bring the database layout up to date and exit
//	relgraph import FILE --project ID --label TYPE [--batch N]
//	                               load a JSON or NDJSON file of objects into a project
//
// It serves the Neo4j that NEO4J_URI names and never starts one: for
// development, cmd/relgraph-neo4j (what `make run` and `make test` use)
// starts a Neo4j and runs relgraph, or the tests, with it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage:
  relgraph serve [--bootstrap [--env-file PATH]] [--instance-name NAME]
                                 run the HTTP API on the Neo4j NEO4J_URI names; --bootstrap
                                 makes a default project and token (written to PATH for the
                                 README's tour), --instance-name names this instance
  relgraph migrate               bring the database layout up to date and exit
  relgraph import FILE --project ID --label TYPE [--batch N] [--strings]
                                 load a JSON array/object or NDJSON file of objects, N per transaction
Configuration comes from the environment: see the README.
For development, "make run" starts a Neo4j (bin/relgraph-neo4j) and relgraph with it.`

// neo4jMoved answers the subcommand that started a Neo4j before it moved
// out of the service binary.
const neo4jMoved = `relgraph neo4j has moved to its own tool, so the service does not carry the provisioner:
  bin/relgraph-neo4j [--name NAME] [--line 2026.08|5.26] [--heap SIZE] [--pagecache SIZE] -- CMD [ARG...]
("make build" builds it; "make run" and "make test" use it).`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	cfg, err := loadConfig(env)
	if err != nil {
		fmt.Fprintf(os.Stderr, "relgraph: bad configuration:\n%v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, cfg, os.Args[2:])
	case "migrate":
		err = migrate(ctx, cfg)
	case "import":
		err = runImport(ctx, cfg, os.Args[2:])
	case "neo4j":
		fmt.Fprintln(os.Stderr, neo4jMoved)
		stop()
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "relgraph: %v\n", err)
		stop()
		os.Exit(1)
	}
}
