# relgraph: the two commands a newcomer needs are `make run` and `make test`.
GO       ?= go
BIN      := bin/relgraph
# bin/relgraph-neo4j starts the Neo4j that run, test and bench use (unless NEO4J_URI names one);
# the service binary does not link it.
NEO4J    := bin/relgraph-neo4j
# The Neo4j line make run and make bench start: 2026.08 (the current release) or 5.26 (LTS).
NEO4J_LINE  ?= 2026.08
# The lines make test runs the whole suite against, one after the other.
NEO4J_LINES ?= 2026.08 5.26
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.relgraph/*')
SDK_DEPS := testdata/sdk/node_modules/.package-lock.json
EXPLORER_DEPS := handlers/explorer/node_modules/.package-lock.json
RUSHDB_JS_DEPS := testdata/rushdb-js/node_modules/.package-lock.json
RUSHDB_PY_DEPS := testdata/rushdb-py/.venv/.installed
SCHEMATHESIS_DEPS := testdata/schemathesis/.venv/.installed
PYTHON   ?= python3

.PHONY: build run test check bench clean explorer

build:
	$(GO) build -o $(BIN) ./cmd/relgraph
	$(GO) build -o $(NEO4J) ./cmd/relgraph-neo4j

## run: relgraph on 127.0.0.1:8080 with its own Neo4j (or NEO4J_URI), a default project and token; NEO4J_LINE=5.26 for the LTS.
run: build
	./$(NEO4J) --name run --line $(NEO4J_LINE) -- ./$(BIN) serve --bootstrap --env-file .relgraph/relgraph.env

## test: the whole suite, with the race detector, against a real Neo4j of each line in NEO4J_LINES (NEO4J_LINES=5.26 for one).
test: check build $(SDK_DEPS) $(EXPLORER_DEPS) $(RUSHDB_JS_DEPS) $(RUSHDB_PY_DEPS) $(SCHEMATHESIS_DEPS)
	@failed=; for line in $(NEO4J_LINES); do \
	  echo "==== make test: Neo4j $$line ===="; began=$$(date +%s); \
	  if ./$(NEO4J) --name test --line $$line -- $(GO) test -race -count=1 -timeout 30m ./...; \
	  then result=passed; else result=FAILED; failed="$$failed $$line"; fi; \
	  echo "==== make test: Neo4j $$line $$result in $$(( $$(date +%s) - began ))s ===="; \
	done; \
	if [ -n "$$failed" ]; then echo "make test: failed against Neo4j$$failed"; exit 1; fi

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

# Schemathesis, for the OpenAPI conformance test (handlers/schemathesis_test.go),
# in a virtual environment of its own (made anew when requirements.txt changes).
$(SCHEMATHESIS_DEPS): testdata/schemathesis/requirements.txt
	rm -rf testdata/schemathesis/.venv
	$(PYTHON) -m venv testdata/schemathesis/.venv
	testdata/schemathesis/.venv/bin/pip install --quiet --disable-pip-version-check -r testdata/schemathesis/requirements.txt
	touch $@

# The explorer page's packages: Cytoscape.js (built into dist/) and playwright-core (its e2e test).
$(EXPLORER_DEPS): handlers/explorer/package.json handlers/explorer/package-lock.json
	npm ci --no-audit --no-fund --prefix handlers/explorer

## explorer: refresh the vendored Cytoscape.js in handlers/explorer/dist (committed).
explorer: $(EXPLORER_DEPS)
	npm run --prefix handlers/explorer build

## bench: HTTP API vs the raw driver and the best statements on a seeded graph; BENCH_FLAGS='-records 1000000' for the big one, '-sizes 10000,100000,1000000' for growth; NEO4J_LINE=5.26 for the LTS.
bench: build
	./$(NEO4J) --name bench --line $(NEO4J_LINE) --heap 2g --pagecache 4g -- $(GO) run ./cmd/relgraph-bench $(BENCH_FLAGS)

## clean: remove the binary and every provisioned Neo4j (jars, data, passwords).
clean:
	rm -rf bin .relgraph testdata/sdk/node_modules handlers/explorer/node_modules testdata/rushdb-js/node_modules testdata/rushdb-py/.venv
