// Layer 3: the public API as users call it from Node, against the built pkg/, with every
// signature made independently by Node's own crypto (OpenSSL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const api = await import(new URL("node.js", pkgDir));
const { verifyWebhook, version, init, SocialCrmError } = api;

const secret = "app-secret-3f9c";
const sign = (body, key = secret) => "sha256=" + createHmac("sha256", key).update(body).digest("hex");
const codeOf = (fn) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SocialCrmError, `expected SocialCrmError, got ${err}`);
    assert.ok(err instanceof Error);
    return err;
  }
  assert.fail("expected a SocialCrmError");
};

test("version() is the crate and package version", async () => {
  await init(); // a no-op on Node, present so code is portable between entries
  const pkg = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
  const cargo = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
  assert.equal(version(), pkg.version);
  assert.equal(version(), /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1]);
});

test("a body signed by Node's crypto verifies, as bytes and as a string", () => {
  const text = JSON.stringify({ object: "page", entry: [{ id: "1", messaging: [{ message: { text: "Grüße 😀" } }] }] });
  const expected = { valid: true, scheme: "meta", matched: { secretIndex: 0, signatureIndex: 0, header: "x-hub-signature-256", algorithm: "hmac-sha256" } };
  assert.deepEqual(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(text) }, body: text }), expected);
  const bytes = Buffer.from(text);
  assert.deepEqual(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(bytes) }, body: new Uint8Array(bytes) }), expected);
  // Buffer, ArrayBuffer and a view into a larger buffer are the same bytes.
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(bytes) }, body: bytes }).valid, true);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(bytes) }, body: ab }).valid, true);
  const padded = Buffer.concat([Buffer.from("xx"), bytes, Buffer.from("yy")]);
  const view = new DataView(padded.buffer, padded.byteOffset + 2, bytes.length);
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(bytes) }, body: view }).valid, true);
});

test("bodies that are not valid UTF-8 verify byte for byte", () => {
  const body = new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7b]);
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(body) }, body }).valid, true);
});

test("header names are case-insensitive in plain objects, Headers, Maps and pair lists", () => {
  const body = '{"a":1}';
  const sig = sign(body);
  for (const headers of [
    { "X-Hub-Signature-256": sig },
    { "X-HUB-SIGNATURE-256": [sig] },
    new Headers({ "X-Hub-Signature-256": sig, "content-type": "application/json" }),
    new Map([["X-Hub-Signature-256", sig]]),
    [["x-Hub-signature-256", sig]],
  ]) {
    assert.equal(verifyWebhook({ scheme: "meta", secret, headers, body }).valid, true, String(headers));
  }
});

test("any of several secrets passes during a rotation, and the match is reported", () => {
  const body = "{}";
  const result = verifyWebhook({ scheme: "meta", secrets: ["old", "new"], headers: { "x-hub-signature-256": sign(body, "new") }, body });
  assert.equal(result.matched.secretIndex, 1);
});

test("a re-serialised or tampered body fails with ERR_WEBHOOK_SIGNATURE", () => {
  const raw = '{"entry": [{"id": "1", "text": "\\u00e4"}]}';
  const headers = { "x-hub-signature-256": sign(raw) };
  const reserialised = JSON.stringify(JSON.parse(raw));
  const err = codeOf(() => verifyWebhook({ scheme: "meta", secret, headers, body: reserialised }));
  assert.equal(err.code, "ERR_WEBHOOK_SIGNATURE");
  assert.equal(err.path, "/headers/x-hub-signature-256");
  assert.match(err.message, /exact bytes/);
  assert.deepEqual(err.details, { scheme: "meta", header: "x-hub-signature-256", secretsTried: 1 });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "meta", secret: "other", headers, body: raw })).code, "ERR_WEBHOOK_SIGNATURE");
});

test("changing any single byte of body or signature fails (randomised)", () => {
  for (let round = 0; round < 200; round++) {
    const body = randomBytes(1 + (round % 97));
    const sig = sign(body);
    const i = round % body.length;
    const tampered = Buffer.from(body);
    tampered[i] ^= 1 << (round % 8);
    assert.equal(codeOf(() => verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sig }, body: tampered })).code, "ERR_WEBHOOK_SIGNATURE");
    const digits = sig.split("");
    const j = 7 + (round % 64);
    digits[j] = digits[j] === "0" ? "1" : "0";
    assert.equal(codeOf(() => verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": digits.join("") }, body })).code, "ERR_WEBHOOK_SIGNATURE");
  }
});

test("missing or malformed headers fail with ERR_WEBHOOK_HEADER, never a crash", () => {
  const body = "{}";
  const good = sign(body);
  const err = codeOf(() => verifyWebhook({ scheme: "meta", secret, headers: {}, body }));
  assert.equal(err.code, "ERR_WEBHOOK_HEADER");
  assert.equal(err.path, "/headers/x-hub-signature-256");
  for (const value of ["", "sha256=", "sha256", good.slice(0, -1), good + "0", good.slice(0, -1) + "z", "sha1=" + "0".repeat(40), "sha256=" + "é".repeat(32), "sha256=" + "0".repeat(100000)]) {
    assert.equal(codeOf(() => verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": value }, body })).code, "ERR_WEBHOOK_HEADER", value.slice(0, 40));
  }
  // Two copies that disagree: refuse instead of picking one.
  const twice = [["X-Hub-Signature-256", good], ["x-hub-signature-256", sign("other")]];
  assert.equal(codeOf(() => verifyWebhook({ scheme: "meta", secret, headers: twice, body })).code, "ERR_WEBHOOK_HEADER");
});

test("bad options are ERR_INVALID_ARGUMENT with a path; unknown schemes and secrets have their own codes", () => {
  const headers = { "x-hub-signature-256": sign("{}") };
  const cases = [
    [() => verifyWebhook(), "ERR_INVALID_ARGUMENT", ""],
    [() => verifyWebhook({ scheme: 1, secret, headers, body: "{}" }), "ERR_INVALID_ARGUMENT", "/scheme"],
    [() => verifyWebhook({ scheme: "meta", secret, headers, body: { parsed: true } }), "ERR_INVALID_ARGUMENT", "/body"],
    [() => verifyWebhook({ scheme: "meta", secret, headers: "x", body: "{}" }), "ERR_INVALID_ARGUMENT", "/headers"],
    [() => verifyWebhook({ scheme: "meta", secret: 42, headers, body: "{}" }), "ERR_INVALID_ARGUMENT", "/secret"],
    [() => verifyWebhook({ scheme: "meta", secrets: ["a", 2], headers, body: "{}" }), "ERR_INVALID_ARGUMENT", "/secrets/1"],
    [() => verifyWebhook({ scheme: "meta", secret, secrets: [secret], headers, body: "{}" }), "ERR_INVALID_ARGUMENT", "/secrets"],
    // NUL cannot occur in HTTP headers; refusing it keeps it from shifting name/value pairs.
    [() => verifyWebhook({ scheme: "meta", secret, headers: { "X-Hub-Signature": "1\0x-hub-signature-256" }, body: "{}" }), "ERR_INVALID_ARGUMENT", "/headers/X-Hub-Signature"],
    [() => verifyWebhook({ scheme: "meta", secret: "a\0b", headers, body: "{}" }), "ERR_INVALID_ARGUMENT", "/secret"],
    [() => verifyWebhook({ scheme: "github-ish", secret, headers, body: "{}" }), "ERR_WEBHOOK_SCHEME", "/scheme"],
    [() => verifyWebhook({ scheme: "meta", headers, body: "{}" }), "ERR_WEBHOOK_SECRET", "/secrets"],
    [() => verifyWebhook({ scheme: "meta", secret: "", headers, body: "{}" }), "ERR_WEBHOOK_SECRET", "/secret"],
    [() => verifyWebhook({ scheme: "meta", secrets: ["ok", ""], headers, body: "{}" }), "ERR_WEBHOOK_SECRET", "/secrets/1"],
  ];
  for (const [fn, code, path] of cases) {
    const err = codeOf(fn);
    assert.equal(err.code, code, err.message);
    assert.equal(err.path, path, err.message);
  }
});

test("a 10 MB body verifies", () => {
  const body = randomBytes(10 * 1024 * 1024);
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(body) }, body }).valid, true);
});

test("a trap inside the wasm core becomes ERR_INTERNAL and the module recovers", async () => {
  const { guard } = await import(new URL("runtime.js", pkgDir));
  const { initSync } = await import(new URL("social_crm_bridge.js", pkgDir));
  const raw = initSync(); // already initialised: returns the live wasm exports
  // Asking the allocator for ~4 GiB aborts inside Rust: a real trap, not a simulated one.
  const err = codeOf(() => guard(() => raw.__wbindgen_malloc(0xfffffff0, 8)));
  assert.equal(err.code, "ERR_INTERNAL");
  assert.ok(err.cause instanceof WebAssembly.RuntimeError);
  assert.match(err.message, /module was reset/);
  const body = "after the trap";
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": sign(body) }, body }).valid, true);
});

const { signWebhook, respondToHandshake, deliveryKey } = api;

test("signWebhook attaches what the platform sends, and verifyWebhook accepts it", () => {
  const body = '{"zen":"Design for failure."}';
  const { headers } = signWebhook({ scheme: "github", secret: "gh", body, id: "72d3162e" });
  assert.deepEqual(Object.keys(headers).sort(), ["X-Hub-Signature", "X-Hub-Signature-256", "x-github-delivery"]);
  assert.equal(headers["X-Hub-Signature-256"], "sha256=" + createHmac("sha256", "gh").update(body).digest("hex"));
  assert.equal(headers["X-Hub-Signature"], "sha1=" + createHmac("sha1", "gh").update(body).digest("hex"));
  const result = verifyWebhook({ scheme: "github", secret: "gh", headers, body });
  assert.equal(result.deliveryId, "72d3162e");
  const x = signWebhook({ scheme: "x", secret: "cs", body });
  assert.equal(x.headers["x-twitter-webhooks-signature"], "sha256=" + createHmac("sha256", "cs").update(body).digest("base64"));
  assert.equal(codeOf(() => signWebhook({ scheme: "meta", secret: "", body })).code, "ERR_WEBHOOK_SECRET");
  assert.equal(codeOf(() => signWebhook({ scheme: "meta", body })).code, "ERR_INVALID_ARGUMENT");
});

test("respondToHandshake answers Meta's subscription check and refuses a wrong token", () => {
  const url = "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
  assert.deepEqual(respondToHandshake({ scheme: "meta", method: "GET", url, verifyToken: "meatyhamhock" }), {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: "1158201444",
  });
  const wrong = respondToHandshake({ scheme: "meta", method: "GET", url: new URL(url, "https://crm.test"), verifyToken: "nope" });
  assert.deepEqual(wrong, { status: 403, headers: {}, body: "" });
  // A delivery is not a handshake: the host goes on to verify it.
  assert.equal(respondToHandshake({ scheme: "meta", method: "POST", url: "/webhooks/meta", headers: {}, body: "{}", verifyToken: "t" }), null);
  assert.equal(codeOf(() => respondToHandshake({ scheme: "meta", method: "GET", url })).code, "ERR_INVALID_ARGUMENT");
});

test("respondToHandshake answers X's CRC with the documented response_token", () => {
  const res = respondToHandshake({ scheme: "x", method: "GET", url: "https://crm.test/webhooks/x?crc_token=abc123", secret: "consumer-secret" });
  const token = "sha256=" + createHmac("sha256", "consumer-secret").update("abc123").digest("base64");
  assert.equal(res.status, 200);
  assert.equal(res.headers["content-type"], "application/json");
  assert.equal(res.body, JSON.stringify({ response_token: token }));
});

test("deliveryKey is the delivery id where the scheme sends one, else a body hash", () => {
  assert.equal(deliveryKey({ scheme: "github", headers: { "X-GitHub-Delivery": "abc" }, body: "{}" }), "github:abc");
  const body = '{"object":"page"}';
  const key = deliveryKey({ scheme: "meta", headers: {}, body });
  assert.equal(key, "meta:sha256:" + createHash("sha256").update(body).digest("hex"));
  // A retry carries the same bytes, so it gets the same key.
  assert.equal(deliveryKey({ scheme: "meta", headers: { "x-hub-signature-256": "sha256=00" }, body: Buffer.from(body) }), key);
});

test("now and toleranceSeconds are validated", () => {
  const headers = { "x-hub-signature-256": sign("{}") };
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers, body: "{}", now: new Date() }).valid, true);
  for (const [options, path] of [
    [{ now: "yesterday" }, "/now"],
    [{ now: NaN }, "/now"],
    [{ toleranceSeconds: -1 }, "/toleranceSeconds"],
    [{ url: 42 }, "/url"],
  ]) {
    assert.equal(codeOf(() => verifyWebhook({ scheme: "meta", secret, headers, body: "{}", ...options })).path, path);
  }
});
