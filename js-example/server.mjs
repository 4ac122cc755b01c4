// The example CRM host: a plain Node HTTP server that receives platform webhooks and runs
// each through social-crm-bridge before anything else touches the body:
//   handshake? → verify the signature over the raw bytes → drop retried deliveries → store.
//
// Environment: PORT (default 8787), HOST (default 127.0.0.1), and per scheme the secret in
// SECRET_<SCHEME> (e.g. SECRET_META, SECRET_STANDARD_WEBHOOKS; META_APP_SECRET also works for
// meta) and the verify token in VERIFY_TOKEN_<SCHEME>. Unset ones default to
// "demo-<scheme>-secret" and "demo-verify-token", the values the README's examples use.
import { createServer } from "node:http";
import { deliveryKey, respondToHandshake, verifyWebhook, version, SocialCrmError } from "social-crm-bridge";

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";
const MAX_BODY = 10 * 1024 * 1024;

const envName = (scheme) => scheme.toUpperCase().replaceAll("-", "_");
const secretFor = (scheme) =>
  process.env[`SECRET_${envName(scheme)}`] ?? (scheme === "meta" ? process.env.META_APP_SECRET : undefined) ?? `demo-${scheme}-secret`;
const verifyTokenFor = (scheme) => process.env[`VERIFY_TOKEN_${envName(scheme)}`] ?? "demo-verify-token";

/** Accepted deliveries, newest last, keyed by delivery key so retries are recognised. */
const deliveries = new Map();

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
    if (deliveries.has(key)) return send(res, 200, { received: true, duplicate: true, key });
    deliveries.set(key, { scheme, receivedAt: new Date().toISOString(), bytes: body.length, body: body.toString("utf8") });
    return send(res, 200, { received: true, duplicate: false, key, bytes: body.length, ...result });
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
  if (req.method === "GET" && pathname === "/deliveries") {
    return send(res, 200, [...deliveries].map(([key, d]) => ({ key, ...d })));
  }
  if (req.method === "GET" && pathname === "/") {
    return send(res, 200, { service: "social-crm-bridge example", version: version(), webhooks: "GET|POST /webhooks/<scheme>", deliveries: "GET /deliveries" });
  }
  send(res, 404, { error: "not found" });
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
