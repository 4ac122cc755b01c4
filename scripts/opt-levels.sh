#!/usr/bin/env bash
# Builds the release wasm at each Rust opt-level and prints size and verification speed, the
# table the README's "Build profile" section quotes. `make opt-levels` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=()
for variant in "z -Oz" "s -Oz" "3 -Oz" "3 -O3"; do
  set -- $variant
  level=$1 flag=$2
  dir="target/opt-$level$flag"
  # Variants over the size budget are still measured (SIZE_BUDGET=report): they are never shipped.
  if ! CARGO_PROFILE_RELEASE_OPT_LEVEL=$level CARGO_TARGET_DIR="$dir" PKG_OUT="$dir/pkg" WASM_OPT_FLAG=$flag \
    SIZE_BUDGET=report ./scripts/build.sh >"$dir.log" 2>&1; then
    tail -20 "$dir.log" >&2
    exit 1
  fi
  wasm="$dir/pkg/social_crm_bridge_bg.wasm"
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  speed=$(node benches/verify.mjs --pkg "$dir/pkg" --scheme meta --json)
  rows+=("$(node -e '
    const [level, flag, raw, gz, json] = process.argv.slice(1);
    const r = JSON.parse(json);
    const k = (n) => (n / 1024).toFixed(1) + " KiB";
    const f = (n) => Math.round(n).toLocaleString("en-US");
    console.log(`| "${level}" | ${flag} | ${k(+raw)} | ${k(+gz)} | ${f(r[0].wasm)} | ${f(r[1].wasm)} |`);
  ' "$level" "$flag" "$raw" "$gz" "$speed")")
done
echo "| opt-level | wasm-opt | wasm raw | wasm gzip | meta verifications/s, 2 KB | 1 MB |"
echo "|---|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
