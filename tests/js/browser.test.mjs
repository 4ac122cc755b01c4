// Layer 5: the built package in headless Chromium. A loopback static server serves pkg/ and
// the test page; the page records what it observed and each case is asserted here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = new URL("../../", import.meta.url); // the repo root
const rootDir = fileURLToPath(root);
const SERVED = ["pkg/", "tests/js/browser/"]; // the only folders the server exposes
const TYPES = {
  ".js": "text/javascript",
  ".wasm": "application/wasm", // instantiateStreaming requires it
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
};
const WASM_PATH = "/pkg/social_crm_bridge_bg.wasm";
const TIMEOUT = 15_000;

let server, browser, results;
const problems = []; // console errors and uncaught page errors
const responses = new Map(); // path → { status, type }

// Read-only, GET/HEAD only, and nothing outside SERVED (normalised first, so `..` cannot escape).
async function serve(req, res) {
  const refuse = (status) => res.writeHead(status).end();
  if (req.method !== "GET" && req.method !== "HEAD") return refuse(405);
  let rel;
  try {
    rel = posix.normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).slice(1);
  } catch {
    return refuse(400);
  }
  const type = TYPES[extname(rel)];
  if (!type || rel.includes("\0") || rel.split("/").includes("..") || !SERVED.some((d) => rel.startsWith(d))) {
    return refuse(404);
  }
  try {
    const data = await readFile(join(rootDir, rel));
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : data);
  } catch {
    refuse(404);
  }
}

before(async () => {
  if (!existsSync(new URL("pkg/browser.js", root)) || !existsSync(new URL(`.${WASM_PATH}`, root))) {
    throw new Error("pkg/ is missing or incomplete: run `make build` first");
  }
  server = createServer(serve);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  // Debian's Chromium, never a downloaded one. Root needs --no-sandbox; the network is closed
  // except loopback, so background services are switched off rather than left to fail.
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    timeout: TIMEOUT,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
  page.on("response", (r) => {
    responses.set(new URL(r.url()).pathname, { status: r.status(), type: r.headers()["content-type"] });
  });

  await page.goto(`${origin}/tests/js/browser/index.html`);
  await page.waitForFunction(() => window.__results !== undefined);
  results = await page.evaluate(() => window.__results);
  assert.equal(results.fatal, undefined, `the page failed: ${results.fatal}`);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

const VALID = { valid: true, scheme: "meta", matched: { secretIndex: 0, signatureIndex: 0, header: "x-hub-signature-256", algorithm: "hmac-sha256" } };

function assertOk(name) {
  const r = results[name];
  assert.equal(r.error, undefined, `${name}: expected a value, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function assertError(name, code) {
  const e = results[name].error;
  assert.ok(e, `${name}: expected ${code} to be thrown, got ${JSON.stringify(results[name].value)}`);
  assert.equal(e.code, code, `${name}: wrong code (message: ${e.message})`);
  assert.ok(e.isSocialCrmError, `${name}: not an instance of SocialCrmError`);
  assert.ok(e.isError, `${name}: not an instance of Error`);
  assert.equal(e.name, "SocialCrmError", `${name}: wrong name`);
  assert.ok(e.message, `${name}: empty message`);
  return e;
}

test("version() before init() throws ERR_NOT_INITIALIZED", () => {
  assertError("versionBeforeInit", "ERR_NOT_INITIALIZED");
});

test("verifyWebhook() before init() throws ERR_NOT_INITIALIZED", () => {
  assertError("verifyBeforeInit", "ERR_NOT_INITIALIZED");
});

test("init() fetched the .wasm next to browser.js, served as application/wasm", () => {
  assert.deepEqual(responses.get(WASM_PATH), { status: 200, type: "application/wasm" });
});

test("version() after init() is the package version", () => {
  const { version } = JSON.parse(readFileSync(new URL("pkg/package.json", root), "utf8"));
  assert.equal(assertOk("version"), version);
});

test("ASCII JSON body signed with WebCrypto verifies", () => {
  assert.deepEqual(assertOk("asciiJson"), VALID);
});

test("non-ASCII UTF-8 body given as a string verifies", () => {
  assert.deepEqual(assertOk("utf8String"), VALID);
});

test("non-ASCII UTF-8 body given as a Uint8Array verifies", () => {
  assert.deepEqual(assertOk("utf8Bytes"), VALID);
});

test("a Headers object with mixed-case names verifies", () => {
  assert.deepEqual(assertOk("headersObject"), VALID);
});

test("a tampered body throws ERR_WEBHOOK_SIGNATURE", () => {
  assertError("tampered", "ERR_WEBHOOK_SIGNATURE");
});

test("a missing signature header throws ERR_WEBHOOK_HEADER at /headers/x-hub-signature-256", () => {
  const e = assertError("missingHeader", "ERR_WEBHOOK_HEADER");
  assert.equal(e.path, "/headers/x-hub-signature-256");
});

test("the page logged no console errors and threw no uncaught errors", () => {
  assert.deepEqual(problems, []);
});
