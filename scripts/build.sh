#!/usr/bin/env bash
# Builds the npm package into pkg/: Rust → wasm → wasm-bindgen glue → wasm-opt → pkg-template.
# Assumes the tools are installed (`make build` installs them first).
set -euo pipefail
cd "$(dirname "$0")/.."

name=social_crm_bridge
# PKG_OUT, CARGO_TARGET_DIR and WASM_OPT_FLAG let scripts/opt-levels.sh build variants side by side.
out=${PKG_OUT:-pkg}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --target wasm32-unknown-unknown
rm -rf "$out"
mkdir -p "$out"
# The reset function lets the adapter re-instantiate the module after a trap.
wasm-bindgen --target web --no-typescript --experimental-reset-state-function \
  --out-dir "$out" --out-name "$name" "$target/wasm32-unknown-unknown/release/$name.wasm"
scripts/node_modules/.bin/wasm-opt "${WASM_OPT_FLAG:--Oz}" "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
cp -R pkg-template/. "$out/"
node scripts/finish-pkg.mjs "$out"
