// The example CRM host: a plain Node HTTP server that receives platform webhooks and checks
// them with social-crm-bridge before anything else touches the body.
//
//   PORT (default 8787), HOST (default 127.0.0.1), META_APP_SECRET (default "demo-app-secret")
import { createServer } from "node:http";
import { verifyWebhook, version, SocialCrmError } from "social-crm-bridge";

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";
const metaAppSecret = process.env.META_APP_SECRET ?? "demo-app-secret";
const MAX_BODY = 10 * 1024 * 1024;

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

function send(res, status, value) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value) + "\n");
}

async function handle(req, res) {
  const { pathname } = new URL(req.url, "http://localhost");
  if (req.method === "POST" && pathname === "/webhooks/meta") {
    const body = await readBody(req);
    try {
      const result = verifyWebhook({ scheme: "meta", secret: metaAppSecret, headers: req.headers, body });
      return send(res, 200, { received: true, bytes: body.length, ...result });
    } catch (err) {
      if (err instanceof SocialCrmError) {
        return send(res, 401, { error: err.code, message: err.message, path: err.path });
      }
      throw err;
    }
  }
  if (req.method === "GET" && pathname === "/") {
    return send(res, 200, { service: "social-crm-bridge example", version: version(), webhooks: ["POST /webhooks/meta"] });
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
