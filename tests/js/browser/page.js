// Runs the package's browser entry as a web page would and records what it observed; the
// assertions live in ../browser.test.mjs so each case fails there with its own message.
import { init, version, verifyWebhook, SocialCrmError } from "/pkg/browser.js";

const SECRET = "browser-app-secret";
const utf8 = new TextEncoder();

// The signature Meta sends: `sha256=` + lower-case hex HMAC-SHA256(secret, raw body bytes).
async function sign(secret, bytes) {
  const key = await crypto.subtle.importKey(
    "raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  return "sha256=" + Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

// An error as plain data (it has to cross to Node as JSON), with the class checks done here.
function describe(err) {
  return {
    name: err?.name,
    code: err?.code,
    path: err?.path,
    message: err?.message,
    isSocialCrmError: err instanceof SocialCrmError,
    isError: err instanceof Error,
  };
}

// { value } or { error }, so a case that throws unexpectedly is reported, not fatal.
function attempt(fn) {
  try {
    return { value: fn() };
  } catch (err) {
    return { error: describe(err) };
  }
}

async function run() {
  const r = {};
  // Before init: the module is not loaded, so calls must throw a typed error, not crash.
  r.versionBeforeInit = attempt(() => version());
  r.verifyBeforeInit = attempt(() =>
    verifyWebhook({ scheme: "meta", secret: SECRET, headers: {}, body: "{}" }));

  await init();
  r.version = attempt(() => version());

  const ascii = JSON.stringify({ object: "page", entry: [{ id: "1", time: 1700000000 }] });
  const asciiSig = await sign(SECRET, utf8.encode(ascii));
  r.asciiJson = attempt(() => verifyWebhook({
    scheme: "meta", secret: SECRET, headers: { "x-hub-signature-256": asciiSig }, body: ascii,
  }));

  // Non-ASCII text: the signature covers the UTF-8 bytes, whichever form the body arrives in.
  const text = JSON.stringify({ message: "Olá, Zoë! 日本語 👋 — ✓" });
  const textBytes = utf8.encode(text);
  const textSig = await sign(SECRET, textBytes);
  r.utf8String = attempt(() => verifyWebhook({
    scheme: "meta", secret: SECRET, headers: { "x-hub-signature-256": textSig }, body: text,
  }));
  r.utf8Bytes = attempt(() => verifyWebhook({
    scheme: "meta", secret: SECRET, headers: { "x-hub-signature-256": textSig }, body: textBytes,
  }));

  // A real Headers object built with mixed-case names, as a fetch handler would receive.
  const headers = new Headers([["Content-Type", "application/json"], ["X-Hub-Signature-256", asciiSig]]);
  r.headersObject = attempt(() => verifyWebhook({ scheme: "meta", secret: SECRET, headers, body: ascii }));

  // One byte changed after signing must not verify.
  const tampered = utf8.encode(ascii);
  tampered[tampered.length - 2] ^= 1;
  r.tampered = attempt(() => verifyWebhook({
    scheme: "meta", secret: SECRET, headers: { "X-Hub-Signature-256": asciiSig }, body: tampered,
  }));

  r.missingHeader = attempt(() => verifyWebhook({
    scheme: "meta", secret: SECRET, headers: { "Content-Type": "application/json" }, body: ascii,
  }));
  return r;
}

run().then(
  (r) => publish(r),
  (err) => publish({ fatal: String(err?.stack ?? err) }),
);

function publish(r) {
  document.getElementById("results").textContent = JSON.stringify(r, null, 2);
  window.__results = r;
}
