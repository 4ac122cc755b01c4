// The example CRM host: a plain Node HTTP server that receives platform webhooks and runs
// each through social-crm-bridge before anything else touches the body:
//   handshake? → verify the signature over the raw bytes → drop retried deliveries
//   → map to SocialEvents → resolve and merge contacts → store (pipeline.mjs, store.mjs).
// It also serves the mapping playground (GET /playground), which runs the package in the page.
//
// Environment: PORT (default 8787), HOST (default 127.0.0.1), and per scheme the secret in
// SECRET_<SCHEME> (e.g. SECRET_META, SECRET_STANDARD_WEBHOOKS; META_APP_SECRET also works for
// meta) and the verify token in VERIFY_TOKEN_<SCHEME>. Unset ones default to
// "demo-<scheme>-secret" and "demo-verify-token", the values the README's examples use.
// CRM_DB is the database file (default js-example/data/crm.sqlite; ":memory:" keeps nothing).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deliveryKey, respondToHandshake, verifyWebhook, version, SocialCrmError } from "social-crm-bridge";
import { ingest } from "./pipeline.mjs";
import { openStore } from "./store.mjs";

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";
const MAX_BODY = 10 * 1024 * 1024;

const envName = (scheme) => scheme.toUpperCase().replaceAll("-", "_");
const secretFor = (scheme) =>
  process.env[`SECRET_${envName(scheme)}`] ?? (scheme === "meta" ? process.env.META_APP_SECRET : undefined) ?? `demo-${scheme}-secret`;
const verifyTokenFor = (scheme) => process.env[`VERIFY_TOKEN_${envName(scheme)}`] ?? "demo-verify-token";

const here = dirname(fileURLToPath(import.meta.url));
const store = await openStore(process.env.CRM_DB ?? join(here, "data", "crm.sqlite"));
/** The schemes whose deliveries are social payloads the built-in mappings read. */
const SOCIAL = new Set(["meta", "x", "linkedin", "tiktok"]);

/** Reads the raw body as bytes: the signature covers exactly these, so nothing re-encodes them. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error("body too large"), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res, status, value, headers = { "content-type": "application/json" }) {
  res.writeHead(status, headers);
  res.end(typeof value === "string" ? value : JSON.stringify(value) + "\n");
}

async function onWebhook(req, res, scheme) {
  const body = await readBody(req);
  const secret = secretFor(scheme);
  try {
    const handshake = respondToHandshake({ scheme, method: req.method, url: req.url, headers: req.headers, body, secret, verifyToken: verifyTokenFor(scheme) });
    if (handshake) return send(res, handshake.status, handshake.body, handshake.headers);
    const result = verifyWebhook({ scheme, secret, headers: req.headers, body, url: `http://${req.headers.host}${req.url}`, method: req.method });
    const key = deliveryKey({ scheme, headers: req.headers, body });
    if (store.hasDelivery(key)) return send(res, 200, { received: true, duplicate: true, key, ...result });
    const receivedAt = new Date().toISOString();
    // One transaction: the events, contacts and the delivery key are stored together or not at
    // all. If this throws, the 5xx below makes the platform retry, so nothing is lost.
    const events = store.transaction(() => {
      const out = SOCIAL.has(scheme) ? ingest(store, { key, body, receivedAt }) : [];
      store.addDelivery({ key, scheme, receivedAt, bytes: body.length, events: out.length });
      return out;
    });
    return send(res, 200, { received: true, duplicate: false, key, bytes: body.length, ...result, events });
  } catch (err) {
    if (err instanceof SocialCrmError) {
      const status = err.code === "ERR_WEBHOOK_SCHEME" ? 404 : err.code === "ERR_INVALID_ARGUMENT" ? 400 : 401;
      return send(res, status, { error: err.code, message: err.message, path: err.path });
    }
    throw err;
  }
}

async function handle(req, res) {
  const { pathname } = new URL(req.url, "http://localhost");
  const webhook = /^\/webhooks\/([a-z0-9-]+)$/.exec(pathname);
  if (webhook && (req.method === "POST" || req.method === "GET")) return onWebhook(req, res, webhook[1]);
  if (req.method !== "GET") return send(res, 405, { error: "method not allowed" });
  if (pathname === "/deliveries") return send(res, 200, store.deliveries());
  if (pathname === "/contacts") return send(res, 200, store.contacts());
  const contact = /^\/contacts\/([^/]+)$/.exec(pathname);
  if (contact) {
    const found = store.contact(decodeURIComponent(contact[1]));
    if (!found) return send(res, 404, { error: "no such contact" });
    return send(res, 200, { ...found, interactions: store.interactions(found.id) });
  }
  if (pathname === "/interactions") return send(res, 200, store.interactions());
  if (pathname === "/leads") return send(res, 200, store.leads());
  if (pathname === "/") {
    return send(res, 200, {
      service: "social-crm-bridge example",
      version: version(),
      webhooks: "GET|POST /webhooks/<scheme>",
      read: ["/deliveries", "/contacts", "/contacts/<id>", "/interactions", "/leads"],
      playground: "/playground",
    });
  }
  if (pathname === "/playground") return sendFile(res, join(here, "public", "playground.html"));
  const asset = /^\/(playground\.js|samples\.js)$/.exec(pathname);
  if (asset) return sendFile(res, join(here, "public", asset[1]));
  // The package's browser entry and wasm, for the playground: only the files it ships.
  const pkgFile = /^\/pkg\/([a-z_]+\.(?:js|wasm))$/.exec(pathname);
  if (pkgFile) return sendFile(res, join(packageDir, pkgFile[1]));
  send(res, 404, { error: "not found" });
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };
const packageDir = dirname(createRequire(import.meta.url).resolve("social-crm-bridge/package.json"));

async function sendFile(res, path) {
  try {
    const data = await readFile(path);
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    res.end(data);
  } catch {
    send(res, 404, { error: "not found" });
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    // Not acknowledged: a 5xx makes the platform retry, so no delivery is lost.
    console.error(err);
    if (!res.headersSent) send(res, err.status ?? 500, { error: err.status === 413 ? "too large" : "internal" });
  });
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`social-crm-bridge ${version()} example listening on http://${host}:${actual}`);
});
