// `make bench`: webhook verifications per second, this package vs Node's crypto (native
// OpenSSL HMAC + timingSafeEqual), measured in one run. Not a test: it prints a table.
//   node benches/verify.mjs [--pkg DIR] [--seconds S] [--json]
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const pkgDir = resolve(opt("--pkg", new URL("../pkg", import.meta.url).pathname));
const seconds = Number(opt("--seconds", "1"));
const { verifyWebhook, version } = await import(pathToFileURL(`${pkgDir}/node.js`));

const secret = "bench-app-secret";

/** What a careful Node handler does today: parse, decode, compare lengths, compare in constant time. */
function nodeCrypto(headers, body) {
  const header = headers["x-hub-signature-256"];
  if (typeof header !== "string" || !header.startsWith("sha256=")) throw new Error("header");
  const given = Buffer.from(header.slice(7), "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("mismatch");
  return true;
}

const ours = (headers, body) => verifyWebhook({ scheme: "meta", secret, headers, body }).valid;

/** Operations per second: the median of 5 timed rounds after a warm-up. */
function measure(fn, headers, body) {
  const run = (n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(headers, body);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  let n = 1;
  while (run(n) < 0.05) n *= 2; // warm up and size a round to ~1/5 of the budget
  n = Math.max(1, Math.round((n / run(n)) * (seconds / 5)));
  const rates = Array.from({ length: 5 }, () => n / run(n)).sort((a, b) => a - b);
  return rates[2];
}

const rows = [];
for (const [label, size] of [["2 KB", 2048], ["1 MB", 1024 * 1024]]) {
  const body = randomBytes(size);
  const headers = { "x-hub-signature-256": "sha256=" + createHmac("sha256", secret).update(body).digest("hex"), "content-type": "application/json" };
  if (!ours(headers, body) || !nodeCrypto(headers, body)) throw new Error("setup: signatures do not verify");
  const native = measure(nodeCrypto, headers, body);
  const wasm = measure(ours, headers, body);
  rows.push({ body: label, wasm, native, ratio: wasm / native });
}

if (args.includes("--json")) {
  console.log(JSON.stringify(rows));
} else {
  const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1));
  console.log(`social-crm-bridge ${version()} · Node ${process.version} · meta (HMAC-SHA256) verifications/s, median of 5\n`);
  console.log("| body | social-crm-bridge | node:crypto (OpenSSL) | ratio (ours / node) |");
  console.log("|---|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.body} | ${fmt(r.wasm)} | ${fmt(r.native)} | ${r.ratio.toFixed(2)}× |`);
}
