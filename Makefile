# relgraph: the two commands a newcomer needs are `make run` and `make test`.
GO       ?= go
BIN      := bin/relgraph
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.relgraph/*')
SDK_DEPS := testdata/sdk/node_modules/.package-lock.json
EXPLORER_DEPS := handlers/explorer/node_modules/.package-lock.json
RUSHDB_JS_DEPS := testdata/rushdb-js/node_modules/.package-lock.json
RUSHDB_PY_DEPS := testdata/rushdb-py/.venv/.installed
PYTHON   ?= python3

.PHONY: build run test check bench clean explorer

build:
	$(GO) build -o $(BIN) ./cmd/relgraph

SCHEMATHESIS_DEPS := testdata/schemathesis/.venv/.installed
## run: relgraph on 127.0.0.1:8080 with its own Neo4j (or NEO4J_URI), a default project and token.
run: build
	./$(BIN) serve --bootstrap

## test: the whole suite, with the race detector, against a real Neo4j.
test: check build $(SDK_DEPS) $(EXPLORER_DEPS) $(RUSHDB_JS_DEPS) $(RUSHDB_PY_DEPS) $(SCHEMATHESIS_DEPS)
	./$(BIN) neo4j --name test -- $(GO) test -race -count=1 -timeout 30m ./...

## check: formatting and vet.
check:
	@unformatted="$$(gofmt -l $(GOFILES))"; if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# The Collect JavaScript SDK, for its end-to-end test.
$(SDK_DEPS): testdata/sdk/package.json testdata/sdk/package-lock.json
	npm ci --no-audit --no-fund --prefix testdata/sdk

# The RushDB JavaScript SDK, for its end-to-end test.
$(RUSHDB_JS_DEPS): testdata/rushdb-js/package.json testdata/rushdb-js/package-lock.json
	npm ci --no-audit --no-fund --prefix testdata/rushdb-js

# The RushDB Python SDK and pytest, for its end-to-end test, in a virtual
# environment of their own (made anew when requirements.txt changes).
$(RUSHDB_PY_DEPS): testdata/rushdb-py/requirements.txt
	rm -rf testdata/rushdb-py/.venv
	$(PYTHON) -m venv testdata/rushdb-py/.venv
	testdata/rushdb-py/.venv/bin/pip install --quiet --disable-pip-version-check -r testdata/rushdb-py/requirements.txt
	touch $@

# The explorer page's packages: Cytoscape.js (built into dist/) and playwright-core (its e2e test).
$(EXPLORER_DEPS): handlers/explorer/package.json handlers/explorer/package-lock.json
	npm ci --no-audit --no-fund --prefix handlers/explorer

	touch $@

# Schemathesis, for the OpenAPI conformance test (handlers/schemathesis_test.go),
# in a virtual environment of its own (made anew when requirements.txt changes).
$(SCHEMATHESIS_DEPS): testdata/schemathesis/requirements.txt
	rm -rf testdata/schemathesis/.venv
	$(PYTHON) -m venv testdata/schemathesis/.venv
	testdata/schemathesis/.venv/bin/pip install --quiet --disable-pip-version-check -r testdata/schemathesis/requirements.txt
## explorer: refresh the vendored Cytoscape.js in handlers/explorer/dist (committed).
explorer: $(EXPLORER_DEPS)
	npm run --prefix handlers/explorer build

## bench: HTTP API vs the raw driver and the best statements on a seeded graph; BENCH_FLAGS='-records 1000000' for the big one, '-sizes 10000,100000,1000000' for growth.
bench: build
	./$(BIN) neo4j --name bench --heap 2g --pagecache 4g -- $(GO) run ./cmd/relgraph-bench $(BENCH_FLAGS)

## clean: remove the binary and every provisioned Neo4j (jars, data, passwords).
clean:
	rm -rf bin .relgraph testdata/sdk/node_modules handlers/explorer/node_modules testdata/rushdb-js/node_modules testdata/rushdb-py/.venv
