// Stamps the crate version into <out>/package.json (default pkg/) and prints the wasm size raw, gzip and brotli.
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const root = new URL("../", import.meta.url);
const cargo = readFileSync(new URL("Cargo.toml", root), "utf8");
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");

const out = new URL(`${process.argv[2] ?? "pkg"}/`, root);
const pkgFile = new URL("package.json", out);
const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
pkg.version = version;
writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + "\n");

const wasm = readFileSync(new URL("social_crm_bridge_bg.wasm", out));
const gzip = gzipSync(wasm, { level: 9 }).length;
const brotli = brotliCompressSync(wasm, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`social-crm-bridge ${version}: wasm ${kib(wasm.length)} raw, ${kib(gzip)} gzip, ${kib(brotli)} brotli`);

// The README's size budget: a build over it fails rather than shipping quietly.
// scripts/opt-levels.sh measures variants that are never shipped and sets SIZE_BUDGET=report.
const BUDGET_GZIP = 512 * 1024;
if (gzip > BUDGET_GZIP) {
  console.error(`wasm is ${kib(gzip)} gzip, over the ${kib(BUDGET_GZIP)} budget in README.md`);
  if (process.env.SIZE_BUDGET !== "report") process.exit(1);
}
