# social-crm-bridge: `make demo` runs the example CRM host, `make test` runs every test layer.
# Every target installs what it needs when it is missing, so both work on a fresh machine.

WASM_BINDGEN_VERSION := 0.2.130
export PATH := $(HOME)/.cargo/bin:$(PATH)
NODE_TEST := node --test --test-reporter=spec

.PHONY: all build test demo bench opt-levels lint test-native test-wasm test-js \
        tools rust-tools chromium clean

all: build

## Tools ----------------------------------------------------------------------------------

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# npm ci from the committed lockfiles; re-run only when a lockfile changes.
scripts/node_modules/.package-lock.json: scripts/package-lock.json
	cd scripts && npm ci --no-audit --no-fund
tests/js/node_modules/.package-lock.json: tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund
js-example/node_modules/.package-lock.json: js-example/package-lock.json pkg/package.json
	cd js-example && npm ci --no-audit --no-fund
benches/node_modules/.package-lock.json: benches/package-lock.json
	cd benches && npm ci --no-audit --no-fund

chromium:
	@command -v chromium >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

tools: rust-tools scripts/node_modules/.package-lock.json

## Build ----------------------------------------------------------------------------------

build: tools
	./scripts/build.sh

pkg/package.json:
	$(MAKE) build

## Test layers (design §6) ------------------------------------------------------------------

lint:
	@echo "== layer 1: fmt, clippy"
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

test-native:
	@echo "== layer 1: native cargo test"
	cargo test

test-wasm: rust-tools
	@echo "== layer 2: wasm-bindgen-test under Node"
	cargo test --target wasm32-unknown-unknown --test wasm_boundary

test-js: build tests/js/node_modules/.package-lock.json js-example/node_modules/.package-lock.json chromium
	@echo "== layer 3: node --test against pkg/"
	cd tests/js && $(NODE_TEST) api.test.mjs vectors.test.mjs crosscheck.test.mjs oauth.test.mjs connector.test.mjs jsonpath.test.mjs mapping.test.mjs normalize.test.mjs merge.test.mjs identity.test.mjs
	@echo "== layer 4: the package inside workerd"
	cd tests/js && $(NODE_TEST) workerd.test.mjs
	@echo "== layer 5: the package in headless Chromium"
	cd tests/js && $(NODE_TEST) browser.test.mjs
	@echo "== layer 6: packaging, types and the example host"
	cd tests/js && $(NODE_TEST) packaging.test.mjs example.test.mjs

test: lint test-native test-wasm test-js

## Demo and benchmarks ----------------------------------------------------------------------

demo: build js-example/node_modules/.package-lock.json
	node js-example/server.mjs

# This package against node:crypto and the npm peers, interleaved in one run (benches/verify.mjs),
# then the mapping engine against JSONata and hand-written JS (benches/mapping.mjs).
bench: build benches/node_modules/.package-lock.json
	node benches/verify.mjs
	node benches/mapping.mjs
	node --max-old-space-size=4096 benches/identity.mjs

# Size and speed of the release build at each opt-level (the README's table).
opt-levels: tools benches/node_modules/.package-lock.json
	./scripts/opt-levels.sh

clean:
	cargo clean
	rm -rf pkg
