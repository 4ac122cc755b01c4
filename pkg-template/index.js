// The adapter: the package's public API over the wasm core. Options are validated and
// normalised here once (headers flattened, bodies turned into bytes) so the core only ever
// sees exact bytes and plain strings.
import * as core from "./social_crm_bridge.js";
import { guard, invalid, SocialCrmError } from "./runtime.js";

export { SocialCrmError };

/** The version of the loaded wasm core (the crate version). */
export function version() {
  return guard(() => core.version());
}

/**
 * Verifies a webhook delivery over the exact bytes received. Returns
 * `{ valid: true, scheme, matched }`; throws `SocialCrmError` otherwise.
 */
export function verifyWebhook(options) {
  if (options === null || typeof options !== "object") {
    throw invalid("", "expected an options object { scheme, secret, headers, body }");
  }
  const { scheme } = options;
  if (typeof scheme !== "string") throw invalid("/scheme", "expected a scheme name such as \"meta\"");
  const { secrets, fromSingle } = secretList(options);
  const headers = flattenHeaders(options.headers);
  const body = bodyBytes(options.body);
  try {
    return guard(() => core.verifyWebhook(scheme, secrets, headers, body));
  } catch (err) {
    // The core numbers secrets; a caller who passed a single `secret` should see that name.
    if (fromSingle && err.path === "/secrets/0") err.path = "/secret";
    throw err;
  }
}

function secretList({ secret, secrets }) {
  if (secret !== undefined && secrets !== undefined) {
    throw invalid("/secrets", "pass either `secret` or `secrets`, not both");
  }
  if (secrets !== undefined) {
    if (!Array.isArray(secrets)) throw invalid("/secrets", "expected an array of strings");
    secrets.forEach((s, i) => {
      if (typeof s !== "string") throw invalid(`/secrets/${i}`, "expected a string");
    });
    return { secrets, fromSingle: false };
  }
  if (secret === undefined) return { secrets: [], fromSingle: false };
  if (typeof secret !== "string") throw invalid("/secret", "expected a string");
  return { secrets: [secret], fromSingle: true };
}

/**
 * Headers as a flat [name, value, …] list. Accepts a `Headers`, a `Map`, an iterable of
 * pairs, or a plain object such as Node's `req.headers` (array values are joined with ", ",
 * as HTTP combines repeated fields).
 */
function flattenHeaders(headers) {
  if (headers === null || typeof headers !== "object") {
    throw invalid("/headers", "expected a Headers object or a plain object of header names to values");
  }
  const flat = [];
  const add = (name, value) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) value = value.join(", ");
    flat.push(String(name), String(value));
  };
  if (typeof headers.forEach === "function" && !Array.isArray(headers)) {
    headers.forEach((value, name) => add(name, value));
  } else if (typeof headers[Symbol.iterator] === "function") {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw invalid("/headers", "an iterable of headers must yield [name, value] pairs");
      }
      add(pair[0], pair[1]);
    }
  } else {
    for (const name of Object.keys(headers)) add(name, headers[name]);
  }
  return flat;
}

const utf8 = new TextEncoder();

/** The body as bytes: strings are taken as the UTF-8 text of the body exactly as received. */
function bodyBytes(body) {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return utf8.encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw invalid(
    "/body",
    "expected the raw body as a Uint8Array, ArrayBuffer or string; a parsed JSON object cannot be verified, read the body as bytes (e.g. `await request.arrayBuffer()`)",
  );
}
