#!/usr/bin/env bash
# Builds the npm package into pkg/: Rust → wasm → wasm-bindgen glue → wasm-opt → pkg-template.
# Assumes the tools are installed (`make build` installs them first).
set -euo pipefail
cd "$(dirname "$0")/.."

name=social_crm_bridge
cargo build --release --target wasm32-unknown-unknown
rm -rf pkg
mkdir -p pkg
# The reset function lets the adapter re-instantiate the module after a trap.
wasm-bindgen --target web --no-typescript --experimental-reset-state-function \
  --out-dir pkg --out-name "$name" "target/wasm32-unknown-unknown/release/$name.wasm"
scripts/node_modules/.bin/wasm-opt -Oz "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
cp -R pkg-template/. pkg/
node scripts/finish-pkg.mjs
