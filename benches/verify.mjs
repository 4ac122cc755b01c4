// `make bench`: webhook verifications per second, this package against the peers a Node
// handler would use instead, all measured in one run. Not a test: it prints a table.
//
//   node benches/verify.mjs [--pkg DIR] [--seconds S] [--rounds N] [--scheme meta,standard-webhooks] [--json]
//
// Rows: `meta` (X-Hub-Signature-256, HMAC-SHA256 of the body) and `standard-webhooks`
// (HMAC-SHA256 of id.timestamp.body, base64, whsec_ key), each with a 2 KB and a 1 MB body.
// Contenders per row: this package; Node's crypto as a careful handler writes it (parse,
// decode, createHmac, length check, timingSafeEqual, and the replay window where the scheme
// has one); and the scheme's npm peer (@octokit/webhooks-methods `verify` for meta, the same
// sha256=<hex> construction as GitHub's; `standardwebhooks` for standard-webhooks).
//
// Method: every contender is checked to accept the delivery, warmed up (>= 0.25 s) and sized to
// S / N seconds a round; then N rounds run with the contenders interleaved (the starting one
// rotates each round, so a noisy stretch of the machine hits them all alike), and each cell
// is the median of its N rates. S defaults to 1 (so ~1 s per cell), N to 7.
//
// `--json` prints the rows as an array; rows 0 and 1 are meta 2 KB and 1 MB, and each row's
// `wasm` and `native` are this package's and node:crypto's rates (scripts/opt-levels.sh).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const pkgDir = resolve(opt("--pkg", new URL("../pkg", import.meta.url).pathname));
const seconds = Number(opt("--seconds", "1"));
const rounds = Number(opt("--rounds", "7"));
const schemes = opt("--scheme", "meta,standard-webhooks").split(",");
if (!(seconds > 0) || !(rounds >= 1)) throw new Error("--seconds must be > 0 and --rounds >= 1");

const { verifyWebhook, version } = await import(pathToFileURL(`${pkgDir}/node.js`));

// The peers come from benches/package.json (`make bench` runs `npm ci` there).
const peerVersion = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
const octokit = await import("@octokit/webhooks-methods");
const { Webhook: StandardWebhook } = await import("standardwebhooks");

const SIZES = [
  ["2 KB", 2048],
  ["1 MB", 1024 * 1024],
];
const TOLERANCE = 300;

/** A JSON body of exactly `size` bytes of ASCII, as platforms send (valid UTF-8). */
function jsonBody(size) {
  const head = '{"object":"page","data":"';
  const tail = '"}';
  const filler = randomBytes(size).toString("base64").slice(0, size - head.length - tail.length);
  return Buffer.from(head + filler + tail);
}

/**
 * One row's contenders: [label, fn, kind]. Each fn verifies the delivery and returns true
 * (or a promise of true) or throws; `kind` is "ours", "node" or "peer".
 */
function metaContenders(body) {
  const secret = "bench-app-secret";
  const header = "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
  const headers = { "x-hub-signature-256": header, "content-type": "application/json" };
  const text = body.toString("utf8"); // @octokit/webhooks-methods takes the body as a string
  return [
    ["social-crm-bridge", () => verifyWebhook({ scheme: "meta", secret, headers, body }).valid, "ours"],
    [
      "node:crypto",
      () => {
        const given = headers["x-hub-signature-256"];
        if (typeof given !== "string" || !given.startsWith("sha256=")) throw new Error("header");
        const signature = Buffer.from(given.slice(7), "hex");
        const expected = createHmac("sha256", secret).update(body).digest();
        if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new Error("mismatch");
        return true;
      },
      "node",
    ],
    [`@octokit/webhooks-methods ${peerVersion("@octokit/webhooks-methods")}`, () => octokit.verify(secret, text, header), "peer"],
  ];
}

function standardWebhooksContenders(body) {
  const secret = "whsec_" + randomBytes(32).toString("base64");
  const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  const timestamp = String(Math.floor(Date.now() / 1000));
  const peer = new StandardWebhook(secret);
  const headers = {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": peer.sign(id, new Date(Number(timestamp) * 1000), body),
    "content-type": "application/json",
  };
  const key = Buffer.from(secret.slice("whsec_".length), "base64"); // decoded once, at startup
  return [
    ["social-crm-bridge", () => verifyWebhook({ scheme: "standard-webhooks", secret, headers, body }).valid, "ours"],
    [
      "node:crypto",
      () => {
        const msgId = headers["webhook-id"];
        const ts = headers["webhook-timestamp"];
        const list = headers["webhook-signature"];
        if (typeof msgId !== "string" || typeof list !== "string" || !/^\d+$/.test(ts ?? "")) throw new Error("headers");
        if (Math.abs(Date.now() / 1000 - Number(ts)) > TOLERANCE) throw new Error("timestamp");
        const expected = createHmac("sha256", key).update(`${msgId}.${ts}.`).update(body).digest();
        for (const entry of list.split(" ")) {
          const comma = entry.indexOf(",");
          if (entry.slice(0, comma) !== "v1") continue;
          const signature = Buffer.from(entry.slice(comma + 1), "base64");
          if (signature.length === expected.length && timingSafeEqual(signature, expected)) return true;
        }
        throw new Error("mismatch");
      },
      "node",
    ],
    // jsonParse: false so that every contender does the same work: verify, not parse.
    [`standardwebhooks ${peerVersion("standardwebhooks")}`, () => peer.verify(body, headers, { jsonParse: false }) === undefined, "peer"],
  ];
}

const ROWS = { meta: metaContenders, "standard-webhooks": standardWebhooksContenders };

/** Seconds taken by `n` calls of `fn`, awaiting each when it returns a promise. */
async function timeCalls(fn, isAsync, n) {
  let sink = 0;
  const start = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < n; i++) sink += (await fn()) ? 1 : 0;
  else for (let i = 0; i < n; i++) sink += fn() ? 1 : 0;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink !== n) throw new Error("a verification failed during the run");
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function measureRow(contenders) {
  const cells = [];
  for (const [label, fn, kind] of contenders) {
    const first = fn();
    const isAsync = typeof first?.then === "function";
    if ((await first) !== true) throw new Error(`setup: ${label} does not accept the delivery`);
    // Warm up (JIT, wasm tier-up, caches) for at least 0.25 s in batches of >= 50 ms, then
    // size a round to seconds / rounds from the last batch.
    let n = 1;
    let warm = 0;
    let elapsed;
    for (;;) {
      elapsed = await timeCalls(fn, isAsync, n);
      warm += elapsed;
      if (elapsed < 0.05) n *= 2;
      else if (warm >= 0.25) break;
    }
    const perRound = Math.max(1, Math.round((n / elapsed) * (seconds / rounds)));
    cells.push({ label, kind, fn, isAsync, perRound, rates: [] });
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[(round + k) % cells.length];
      cell.rates.push(cell.perRound / (await timeCalls(cell.fn, cell.isAsync, cell.perRound)));
    }
  }
  return cells.map(({ label, kind, rates }) => ({ label, kind, rate: median(rates), min: Math.min(...rates), max: Math.max(...rates) }));
}

const rows = [];
for (const scheme of schemes) {
  if (!ROWS[scheme]) throw new Error(`--scheme: no benchmark for ${scheme} (have ${Object.keys(ROWS).join(", ")})`);
  for (const [label, size] of SIZES) {
    const cells = await measureRow(ROWS[scheme](jsonBody(size)));
    const of = (kind) => cells.find((c) => c.kind === kind);
    rows.push({ scheme, body: label, bytes: size, wasm: of("ours").rate, native: of("node").rate, peer: of("peer").rate, peerName: of("peer").label, cells });
  }
}

const cpu = cpus();
const environment = `Node ${process.version} · social-crm-bridge ${version()} · ${cpu[0]?.model.trim() ?? "unknown CPU"} (${cpu.length} logical cores) · ${process.platform}/${process.arch}`;

if (args.includes("--json")) {
  console.log(JSON.stringify(rows.map(({ cells, ...row }) => ({ ...row, cells: cells.map(({ label, kind, rate, min, max }) => ({ label, kind, rate, min, max })) }))));
} else {
  const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toPrecision(3));
  const spread = (c) => `±${(((c.max - c.min) / 2 / c.rate) * 100).toFixed(0)}%`;
  console.log(environment);
  console.log(`verifications/s, median of ${rounds} interleaved rounds, ~${seconds} s per cell; spread = half the min–max range of the rounds\n`);
  console.log("| scheme | body | verifier | verifications/s | spread | ours / this |");
  console.log("|---|---|---|---:|---:|---:|");
  for (const row of rows) {
    const ours = row.cells.find((c) => c.kind === "ours");
    for (const c of row.cells) {
      const name = c.kind === "node" ? "node:crypto (createHmac + timingSafeEqual)" : c.label;
      const ratio = c.kind === "ours" ? "—" : `${(ours.rate / c.rate).toFixed(2)}×`;
      console.log(`| ${row.scheme} | ${row.body} | ${name} | ${fmt(c.rate)} | ${spread(c)} | ${ratio} |`);
    }
  }
}
