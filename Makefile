# relgraph: the two commands a newcomer needs are `make run` and `make test`.
GO       ?= go
BIN      := bin/relgraph
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.relgraph/*')
SDK_DEPS := testdata/sdk/node_modules/.package-lock.json
EXPLORER_DEPS := handlers/explorer/node_modules/.package-lock.json

.PHONY: build run test check bench clean explorer

build:
	$(GO) build -o $(BIN) ./cmd/relgraph

## run: relgraph on 127.0.0.1:8080 with its own Neo4j (or NEO4J_URI), a default project and token.
run: build
	./$(BIN) serve --bootstrap

## test: the whole suite, with the race detector, against a real Neo4j.
test: check build $(SDK_DEPS) $(EXPLORER_DEPS)
	./$(BIN) neo4j --name test -- $(GO) test -race -count=1 -timeout 30m ./...

## check: formatting and vet.
check:
	@unformatted="$$(gofmt -l $(GOFILES))"; if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# The Collect JavaScript SDK, for its end-to-end test.
$(SDK_DEPS): testdata/sdk/package.json testdata/sdk/package-lock.json
	npm ci --no-audit --no-fund --prefix testdata/sdk

# The explorer page's packages: Cytoscape.js (built into dist/) and playwright-core (its e2e test).
$(EXPLORER_DEPS): handlers/explorer/package.json handlers/explorer/package-lock.json
	npm ci --no-audit --no-fund --prefix handlers/explorer

## explorer: refresh the vendored Cytoscape.js in handlers/explorer/dist (committed).
explorer: $(EXPLORER_DEPS)
	npm run --prefix handlers/explorer build

## bench: HTTP API vs the raw driver and the best statements on a seeded graph; BENCH_FLAGS='-records 1000000' for the big one, '-sizes 10000,100000,1000000' for growth.
bench: build
	./$(BIN) neo4j --name bench --heap 2g --pagecache 4g -- $(GO) run ./cmd/relgraph-bench $(BENCH_FLAGS)

## clean: remove the binary and every provisioned Neo4j (jars, data, passwords).
clean:
	rm -rf bin .relgraph testdata/sdk/node_modules handlers/explorer/node_modules
