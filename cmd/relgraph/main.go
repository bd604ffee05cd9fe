// Command relgraph is the relgraph service: records in Neo4j linked by typed,
// queryable relations.
//
//	relgraph serve [--bootstrap]   run the HTTP API
//	relgraph migrate               bring the database layout up to date and exit
//	relgraph import FILE --project ID --label TYPE [--batch N]
//	                               load a JSON or NDJSON file of objects into a project
//	relgraph neo4j -- CMD [ARG…]   run CMD with a Neo4j in its environment (NEO4J_*)
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage:
  relgraph serve [--bootstrap]   run the HTTP API (provisions a local Neo4j when NEO4J_URI is unset)
  relgraph migrate               bring the database layout up to date and exit
  relgraph import FILE --project ID --label TYPE [--batch N] [--strings]
                                 load a JSON array/object or NDJSON file of objects, N per transaction
  relgraph neo4j [--name N] -- CMD [ARG...]
                                 run CMD with a Neo4j in its environment (NEO4J_URI, NEO4J_USER, ...)
Configuration comes from the environment: see the README.`

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
		var code int
		code, err = withNeo4j(ctx, cfg, os.Args[2:])
		if err == nil {
			stop()
			os.Exit(code)
		}
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
