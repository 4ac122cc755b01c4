// The adapter: the package's public API over the wasm core. Options are validated and
// normalised here once (headers flattened, bodies turned into bytes) so the core only ever
// sees exact bytes and plain strings.
import * as core from "./social_crm_bridge.js";
import { guard, invalid, resetCount, SocialCrmError } from "./runtime.js";
import { readTape } from "./tape.js";

export { SocialCrmError };
export { createConnector } from "./connector.js";

/** The version of the loaded wasm core (the crate version). */
export function version() {
  return guard(() => core.version());
}

/**
 * Verifies a webhook delivery over the exact bytes received. Returns
 * `{ valid: true, scheme, deliveryId?, timestamp?, matched }`; throws `SocialCrmError` otherwise.
 */
export function verifyWebhook(options) {
  const o = optionsBag(options, "{ scheme, secret, headers, body }");
  const scheme = schemeName(o.scheme);
  const { secrets, fromSingle } = secretList(o);
  const headers = joinHeaders(o.headers, isSchemeHeader);
  const body = bodyBytes(o.body);
  const url = optionalString(o.url, "/url");
  const method = optionalString(o.method, "/method");
  const now = nowSeconds(o.now);
  const tolerance = optionalNumber(o.toleranceSeconds, "/toleranceSeconds");
  try {
    return guard(() => core.verifyWebhook(scheme, secrets, headers, body, url, method, now, tolerance));
  } catch (err) {
    // The core numbers secrets; a caller who passed a single `secret` should see that name.
    if (fromSingle && err.path === "/secrets/0") err.path = "/secret";
    throw err;
  }
}

/**
 * The headers a sender attaches to `body` for `scheme`: `{ headers: { name: value } }`.
 * Used by tests and simulators, and by CRMs that send webhooks of their own.
 */
export function signWebhook(options) {
  const o = optionsBag(options, "{ scheme, secret, body }");
  const scheme = schemeName(o.scheme);
  if (typeof o.secret !== "string") throw invalid("/secret", "expected the secret (or private key) as a string");
  const body = bodyBytes(o.body);
  const now = nowSeconds(o.now);
  const id = optionalString(o.id, "/id");
  const url = optionalString(o.url, "/url");
  const method = optionalString(o.method, "/method");
  return guard(() => core.signWebhook(scheme, o.secret, body, now, id, url, method));
}

/**
 * Answers a subscription check (Meta `hub.challenge`, X CRC, LinkedIn `challengeCode`, WebSub,
 * Slack `url_verification`, Discord PING): `{ status, headers, body }`, or `null` when the
 * request is not a handshake, so the host goes on to `verifyWebhook`.
 */
export function respondToHandshake(options) {
  const o = optionsBag(options, "{ scheme, method, url, headers }");
  const scheme = schemeName(o.scheme);
  if (typeof o.method !== "string") throw invalid("/method", "expected the HTTP method, e.g. \"GET\"");
  const url = optionalString(o.url, "/url");
  if (url === undefined) throw invalid("/url", "expected the request URL (absolute, or path and query)");
  const headers = joinHeaders(o.headers ?? {}, isSchemeHeader);
  const body = o.body === undefined ? new Uint8Array() : bodyBytes(o.body);
  const secret = optionalString(o.secret, "/secret");
  const verifyToken = optionalString(o.verifyToken, "/verifyToken");
  const now = nowSeconds(o.now);
  return guard(() => core.respondToHandshake(scheme, o.method, url, headers, body, secret, verifyToken, now));
}

/**
 * A stable idempotency key for a delivery: `<scheme>:<delivery id>` where the scheme sends a
 * delivery id header, else `<scheme>:sha256:<hex of the body>`. Store it and drop repeats.
 */
export function deliveryKey(options) {
  const o = optionsBag(options, "{ scheme, headers, body }");
  const scheme = schemeName(o.scheme);
  const headers = joinHeaders(o.headers, isSchemeHeader);
  const body = bodyBytes(o.body);
  return guard(() => core.deliveryKey(scheme, headers, body));
}

// Mapping --------------------------------------------------------------------------------
// A spec is compiled once in the core (paths parsed, targets and transforms checked) and the
// handle maps every delivery. Results cross as JSON text parsed here: measured faster than
// building the objects field by field across the boundary.

/**
 * Compiles a mapping spec (MAPPING.md) once: a {@link Mapping} whose `map(body)` runs it on
 * every delivery. Throws `SocialCrmError` with the first problem (`validateMapping` lists all).
 */
export function compileMapping(spec) {
  const json = specText(spec);
  return new Mapping(guard(() => core.compileMapping(json)), json);
}

/** Every problem of a spec: `[{ code, message, path, offset?, valueType? }]`, empty when valid. */
export function validateMapping(spec) {
  const json = specText(spec);
  return JSON.parse(guard(() => core.validateMapping(json)));
}

/** A compiled mapping. Call `free()` when done to release its memory at once (it is also released when garbage collected). */
class Mapping {
  #core;
  #spec;
  #compiledAt;
  /** The member names the core's tapes number (fetched on first use). */
  #keys;

  constructor(handle, spec) {
    this.#core = handle;
    this.#spec = spec;
    this.#compiledAt = resetCount();
  }

  /** The spec's name. */
  get name() {
    return guard(() => this.#live().name);
  }

  /** The spec's platform, or undefined. */
  get platform() {
    return guard(() => this.#live().platform);
  }

  /** Maps a body (raw text or bytes: the fast path; or a parsed object): `{ records, warnings }`. */
  map(body) {
    const handle = this.#live();
    return guard(() => {
      const at = handle.mapBody(writeBody(body));
      return readTape(memoryBytes(), at, (this.#keys ??= JSON.parse(handle.tapeKeys())));
    });
  }

  /** Maps a body and explains every field: `{ records, trace, warnings, errors }`; never throws for a bad body. */
  preview(body) {
    const handle = this.#live();
    return JSON.parse(guard(() => handle.previewBody(writeBody(body))));
  }

  /** Releases the compiled mapping; later calls throw `ERR_INVALID_ARGUMENT`. */
  free() {
    const handle = this.#core;
    this.#core = undefined;
    handle?.free();
  }

  #live() {
    if (this.#core === undefined) throw invalid("", "this mapping was freed; compile the spec again");
    if (this.#compiledAt !== resetCount()) {
      // A trap re-instantiated the core: the handle points into the old instance's memory.
      // Drop it unfreed and compile the same spec again in the new instance.
      this.#core = guard(() => core.compileMapping(this.#spec));
      this.#keys = undefined;
      this.#compiledAt = resetCount();
    }
    return this.#core;
  }
}

/** The spec as JSON text; its shape is checked by the core, which locates every problem. */
function specText(spec) {
  let json;
  try {
    json = JSON.stringify(spec);
  } catch {
    throw invalid("", "the mapping spec must be plain JSON (no BigInt, no cycles)");
  }
  if (json === undefined) throw invalid("", "expected a mapping spec object { version, name, records }");
  return json;
}

function isBytes(body) {
  return body instanceof Uint8Array || body instanceof ArrayBuffer || ArrayBuffer.isView(body);
}

function asBytes(body) {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

// A body crosses into the core through a buffer the core keeps in its memory: text as UTF-8
// that `encodeInto` writes straight there (the generated glue would copy a string character
// by character, then again into wasm memory), bytes with one copy. Texts too long to keep a
// buffer of three bytes a character for are encoded first. Lone surrogates become U+FFFD
// either way, as TextEncoder writes them.
const textEncoder = new TextEncoder();
const DIRECT_MAX_CHARS = 1 << 16;

/** Writes a body (text, bytes or a parsed object) into the core's body buffer: its length in bytes. */
function writeBody(body) {
  if (typeof body === "string" && body.length <= DIRECT_MAX_CHARS) {
    // UTF-16 to UTF-8 is at most 3 bytes per code unit, so the whole text always fits.
    const room = body.length * 3;
    const at = core.bodyBuffer(room);
    return textEncoder.encodeInto(body, memoryBytes().subarray(at, at + room)).written;
  }
  const bytes = typeof body === "string" ? textEncoder.encode(body) : isBytes(body) ? asBytes(body) : textEncoder.encode(objectText(body));
  const at = core.bodyBuffer(bytes.length);
  memoryBytes().set(bytes, at);
  return bytes.length;
}

// A view of the core's memory, made again when the memory grew (the old view is then
// detached) or the core was re-instantiated after a trap.
let memoryView = new Uint8Array(0);
let memoryOf = -1;

function memoryBytes() {
  if (memoryView.byteLength === 0 || memoryOf !== resetCount()) {
    memoryView = new Uint8Array(core.wasmMemory().buffer);
    memoryOf = resetCount();
  }
  return memoryView;
}

/** A parsed body back to JSON text (ids beyond 2^53 it held as numbers are already rounded). */
function objectText(body) {
  if (body === undefined || typeof body === "function" || typeof body === "symbol") {
    throw invalid("/body", "expected the body as text, bytes or a JSON value");
  }
  try {
    return JSON.stringify(body);
  } catch {
    throw invalid("/body", "the body must be plain JSON (no BigInt, no cycles)");
  }
}

// OAuth and platform calls --------------------------------------------------------------
// The core builds request descriptors and reads answers; the host's fetch sends them. Every
// function sends its option bag to the core as one JSON string (with `now` filled in), where
// it is validated once; errors name the option with a JSON Pointer.

/** The built-in OAuth providers (`facebook`, `instagram`, …) as provider objects. */
export function providers() {
  return oauth("providers", {});
}

/** One provider, resolved: a name, or a provider object that extends or defines one. */
export function provider(spec) {
  return oauth("provider", { provider: spec });
}

/**
 * Starts an authorization: `{ url, state, codeVerifier? }`. Send the user to `url`; keep
 * `codeVerifier` for the code exchange. The state is signed with `stateSecret` and carries
 * `data`, so no server-side session is needed.
 */
export function createAuthorization(options) {
  const o = optionsBag(options, "{ provider, clientId, redirectUri, stateSecret }");
  return oauth("createAuthorization", { ...o, now: nowSeconds(o.now) });
}

/**
 * Verifies a callback's `state`: its content `{ provider, nonce, issuedAt, data? }`, or
 * `SocialCrmError` `ERR_OAUTH_STATE` (tampered, another secret, expired, or made for another
 * provider when `provider` is given).
 */
export function verifyState(state, stateSecret, options = {}) {
  if (typeof state !== "string") throw invalid("/state", "expected the state parameter of the callback");
  if (typeof stateSecret !== "string") throw invalid("/stateSecret", "expected the state secret as a string");
  const o = optionsBag(options, "{ now?, maxAgeSeconds?, provider? }");
  return oauth("verifyState", { state, stateSecret, now: nowSeconds(o.now), maxAgeSeconds: o.maxAgeSeconds, provider: o.provider });
}

/** The PKCE code challenge of `verifier` (RFC 7636 S256; `"S256-hex"` for TikTok desktop apps). */
export function pkceChallenge(verifier, method) {
  if (typeof verifier !== "string") throw invalid("/verifier", "expected the code verifier as a string");
  return oauth("pkceChallenge", { verifier, method });
}

/** The code exchange request: `{ url, method, headers, body }` for `fetch(request.url, request)`. */
export function tokenRequest(options) {
  return oauth("tokenRequest", optionsBag(options, "{ provider, clientId, clientSecret?, code, redirectUri, codeVerifier? }"));
}

/** The refresh request (Instagram: the long-lived access token refreshes itself). */
export function refreshRequest(options) {
  return oauth("refreshRequest", optionsBag(options, "{ provider, clientId, clientSecret?, refreshToken | accessToken }"));
}

/** Meta's `fb_exchange_token` or Instagram's `ig_exchange_token` request; its URL carries the app secret. */
export function longLivedTokenRequest(options) {
  return oauth("longLivedTokenRequest", optionsBag(options, "{ provider, clientId, clientSecret, accessToken }"));
}

/** The revocation request, where the platform has one. */
export function revokeRequest(options) {
  return oauth("revokeRequest", optionsBag(options, "{ provider, token, clientId?, clientSecret?, tokenTypeHint? }"));
}

/**
 * A token endpoint's answer as `{ accessToken, tokenType, scopes, expiresAt?, refreshToken?,
 * refreshExpiresAt?, userId?, idToken? }` (times in unix seconds), or `SocialCrmError`
 * `ERR_OAUTH_INVALID_GRANT` / `ERR_OAUTH_TOKEN` with the platform's error in `details`.
 */
export function parseTokenResponse(options) {
  const o = optionsBag(options, "{ provider, status, body }");
  const { headers, body, ...rest } = o;
  return oauth("parseTokenResponse", { ...rest, now: nowSeconds(o.now) }, joinHeaders(headers ?? {}), responseText(body));
}

/** Whether `token` expires within `skewSeconds` (default 300) of `now`; never for a token without `expiresAt`. */
export function needsRefresh(token, options = {}) {
  if (token === null || typeof token !== "object") throw invalid("/token", "expected a token object");
  const o = optionsBag(options, "{ now?, skewSeconds? }");
  return oauth("needsRefresh", { expiresAt: token.expiresAt, now: nowSeconds(o.now), skewSeconds: o.skewSeconds });
}

/**
 * Whether and when to retry a platform response: `{ retry, delayMs, reason }`. `attempt` is
 * the number of the attempt that got this response (1 for the first); `seed` makes the jitter
 * deterministic (random when absent).
 */
export function retryPlan(options) {
  const o = optionsBag(options, "{ provider, status, headers?, body?, attempt }");
  const { headers, body, ...rest } = o;
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 32);
  return oauth("retryPlan", { ...rest, seed, now: nowSeconds(o.now) }, joinHeaders(headers ?? {}), body === undefined ? "" : responseText(body));
}

/** A platform call's request, authorised with `token`, e.g. `{ provider: "facebook", call: "lead", token, params: { leadId } }`. */
export function apiRequest(options) {
  return oauth("apiRequest", optionsBag(options, "{ provider, call, token, params? }"));
}

/**
 * A platform call's answer, read into a profile, a lead, a page of comments, …, or
 * `SocialCrmError` `ERR_API_UNAUTHORIZED` / `ERR_API_ERROR` / `ERR_API_RESPONSE`.
 */
export function parseApiResponse(options) {
  const o = optionsBag(options, "{ provider, call, status, body, params? }");
  const { headers, body, ...rest } = o;
  return oauth("parseApiResponse", rest, joinHeaders(headers ?? {}), responseText(body));
}

// JSONPath ------------------------------------------------------------------------------

/**
 * RFC 9535 JSONPath: the values `expression` selects from `document`, in document order, or
 * with `located: true` `[{ path, pointer, value }]` (normalized path and JSON Pointer).
 * `document` is JSON text (a string or UTF-8 bytes, e.g. a webhook body as received) or a JSON
 * value. Integers beyond 2^53 in JSON text keep their digits: they come back as decimal
 * strings unless `bigIntegers: "number"`. A bad expression throws `ERR_JSONPATH_SYNTAX` with
 * `details.offset`, the character where the problem is.
 */
export function jsonPathQuery(expression, document, options = {}) {
  if (typeof expression !== "string") throw invalid("/expression", "expected a JSONPath expression as a string, e.g. \"$.entry[*].id\"");
  const o = optionsBag(options, "{ located?, bigIntegers? }");
  if (o.located !== undefined && typeof o.located !== "boolean") throw invalid("/located", "expected true or false");
  if (o.bigIntegers !== undefined && o.bigIntegers !== "string" && o.bigIntegers !== "number") {
    throw invalid("/bigIntegers", "expected \"string\" (the default: exact digits) or \"number\"");
  }
  const text = documentText(document);
  let json;
  try {
    json = guard(() => core.jsonPathQuery(expression, text, o.located === true, o.bigIntegers === "number"));
  } catch (err) {
    if (err.code === "ERR_JSONPATH_SYNTAX") err.path = "/expression";
    throw err;
  }
  return JSON.parse(json);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A document as JSON text: strings and bytes are taken as JSON text, anything else is stringified. */
function documentText(document) {
  if (typeof document === "string") return document;
  if (document instanceof Uint8Array || document instanceof ArrayBuffer || ArrayBuffer.isView(document)) {
    try {
      return strictUtf8.decode(document);
    } catch {
      throw invalid("/document", "the bytes are not UTF-8 JSON text");
    }
  }
  let text;
  try {
    text = JSON.stringify(document);
  } catch {
    throw invalid("/document", "expected JSON text or a JSON value (no BigInt, no cycles)");
  }
  if (text === undefined) throw invalid("/document", "expected JSON text or a JSON value");
  return text;
}

// Identity resolution ------------------------------------------------------------------
// Rules are compiled in the core once and reused: the compiled handle is cached per rules
// object (and by its JSON, for equal rules passed as new objects), and rebuilt after a core
// reset. Contacts cross as JSON text; bulk contacts as one UTF-8 buffer (JSON array or NDJSON).

const RULES_CACHE_SIZE = 8;
const rulesJson = new WeakMap();
let compiled = new Map();
let compiledAt = -1;
let defaultHandle;

function identityRules(rules) {
  if (compiledAt !== resetCount()) {
    // Handles from before a reset point into the old instance's memory: drop them unfreed.
    compiled = new Map();
    defaultHandle = undefined;
    compiledAt = resetCount();
  }
  if (rules === undefined || rules === null) {
    defaultHandle ??= guard(() => new core.IdentityRules(undefined));
    return defaultHandle;
  }
  if (typeof rules !== "object" || Array.isArray(rules)) throw invalid("/rules", "expected a rules object (see defaultIdentityRules())");
  let key = rulesJson.get(rules);
  if (key === undefined) {
    key = json(rules, "/rules");
    rulesJson.set(rules, key);
  }
  let handle = compiled.get(key);
  if (handle) {
    compiled.delete(key);
  } else {
    handle = guard(() => new core.IdentityRules(key));
    if (compiled.size >= RULES_CACHE_SIZE) {
      const [oldest, old] = compiled.entries().next().value;
      compiled.delete(oldest);
      old.free();
    }
  }
  compiled.set(key, handle);
  return handle;
}

// Identity: normalisers and merging ------------------------------------------------------

/** The canonical form of an email address (see the README, "Merging contacts"), or `null`. */
export function normalizeEmail(value) {
  return guard(() => core.normalizeEmail(text(value, "/value"))) ?? null;
}

/**
 * A phone number in E.164 (`+442079460958`), or `null`. `region` (ISO 3166-1 alpha-2) reads
 * national formats such as `020 7946 0958`; without it only international formats parse.
 */
export function normalizePhone(value, options = {}) {
  const o = optionsBag(options, "{ region? }");
  const region = optionalString(o.region, "/region");
  return guard(() => core.normalizePhone(text(value, "/value"), region)) ?? null;
}

/** A name folded for comparison and split: `{ folded, given?, family? }`. */
export function normalizeName(value) {
  return guard(() => core.normalizeName(text(value, "/value")));
}

/** Whether a value is a placeholder on the junk block list (`n/a`, `0000000000`, `test@test.com`, …). */
export function isJunkValue(value) {
  return guard(() => core.isJunkValue(text(value, "/value")));
}

/**
 * Merges observations of one person into a golden record: `{ contact, provenance, conflicts,
 * mergedContactIds?, excluded?, observations }`. The result depends only on the set of
 * observations (any order, repeats ignored); unmerge by calling again with `policy.exclude`.
 */
export function mergeContacts(observations, policy) {
  if (!Array.isArray(observations)) {
    throw new SocialCrmError("ERR_MERGE_OBSERVATION", "/observations: expected an array of observations { source, eventId, eventTime, fields }", { path: "/observations" });
  }
  if (policy !== undefined && policy !== null && (typeof policy !== "object" || Array.isArray(policy))) {
    throw new SocialCrmError("ERR_MERGE_POLICY", "/policy: expected a policy object", { path: "/policy" });
  }
  const input = json(observations, "/observations");
  const rules = json(policy ?? null, "/policy");
  // The result crosses as JSON text: measured 10–20% faster than building the object in
  // wasm (README, "Merging contacts").
  return JSON.parse(guard(() => core.mergeContacts(input, rules)));
}

/** `value` as JSON text; Dates become ISO strings, BigInt and cycles are refused. */
function json(value, path) {
  try {
    return JSON.stringify(value);
  } catch {
    throw invalid(path, "must be plain JSON values (no BigInt, no cycles)");
  }
}

function contactJson(contact, path) {
  if (contact === null || typeof contact !== "object" || Array.isArray(contact)) {
    throw invalid(path, "expected a Contact object");
  }
  return json(contact, path);
}

/** Bulk contacts as bytes: an array of objects, a JSON (array or NDJSON) string, or its bytes. */
function contactsBytes(contacts) {
  if (Array.isArray(contacts)) return utf8.encode(json(contacts, "/contacts"));
  if (typeof contacts === "string") return utf8.encode(contacts);
  if (contacts instanceof Uint8Array) return contacts;
  if (contacts instanceof ArrayBuffer) return new Uint8Array(contacts);
  if (ArrayBuffer.isView(contacts)) return new Uint8Array(contacts.buffer, contacts.byteOffset, contacts.byteLength);
  throw invalid("/contacts", "expected an array of contacts, or a JSON array / NDJSON as a string or bytes");
}

/** The default identity rules for the canonical Contact, as an object to adjust and pass back. */
export function defaultIdentityRules() {
  return JSON.parse(guard(() => identityRules().toJson()));
}

/** Blocking keys of a contact: index them in your database to find candidates for a new contact. */
export function matchKeys(contact, rules) {
  const json = contactJson(contact, "/contact");
  const handle = identityRules(rules);
  return guard(() => handle.matchKeys(json));
}

/** `{ score, weight, decision: "match" | "possible" | "no_match", evidence }` for two contacts. */
export function compareContacts(a, b, rules) {
  const ja = contactJson(a, "/a");
  const jb = contactJson(b, "/b");
  const handle = identityRules(rules);
  return guard(() => handle.compare(ja, jb));
}

/** The rules with `m`, `u`, prior and name frequencies estimated from the contacts (no labels). */
export function trainRules(contacts, rules, options = {}) {
  const bytes = contactsBytes(contacts);
  const o = optionsBag(options, "{ randomPairs?, pairsPerRule?, iterations?, seed?, frequencies? }");
  const handle = identityRules(rules);
  return JSON.parse(guard(() => handle.train(bytes, json(o, "/options"))));
}

/** `{ clusters, oversized, stats, rules? }`: clusters of contact ids for a bulk import. */
export function dedupeContacts(contacts, rules, options = {}) {
  const bytes = contactsBytes(contacts);
  const o = optionsBag(options, "{ train? }");
  const handle = identityRules(rules);
  return JSON.parse(guard(() => handle.dedupe(bytes, json(o, "/options"))));
}

function text(value, path) {
  if (typeof value !== "string") throw invalid(path, "expected a string");
  return value;
}

function oauth(op, options, headers = "", body = "") {
  let json;
  try {
    json = JSON.stringify(options);
  } catch {
    throw invalid("", "the options must be plain JSON values (no BigInt, no cycles)");
  }
  return guard(() => core.oauth(op, json, headers, body));
}

// Built-in mappings and normalizeEvent ------------------------------------------------------
// The built-ins are mapping specs (MAPPING.md) compiled once inside the core; events come back
// as JSON text parsed here (every id is a string, so JSON.parse loses nothing).

/** The built-in mappings: `[{ name, platform, kinds, description }]`, in detection order. */
export function builtinMappings() {
  return guard(() => core.builtinMappings());
}

/** A copy of a built-in mapping's spec, to read or to start an override from. */
export function builtinMapping(name) {
  if (typeof name !== "string") throw invalid("/name", "expected a built-in mapping name such as \"whatsapp\"");
  return JSON.parse(guard(() => core.builtinMapping(name)));
}

/**
 * Detects the platform object of a delivery and maps it with the built-in mappings:
 * `SocialEvent[]`, in the order the items appear in the body. Items no rule knows come back as
 * `kind: "unknown"` with their `source` pointer. `overrides` (specs that `extends` a built-in)
 * are compiled on every call: for many deliveries use `createNormalizer({ overrides })`.
 */
export function normalizeEvent(options) {
  const o = optionsBag(options, "{ body, platform?, overrides? }");
  if (o.overrides !== undefined) return createNormalizer({ overrides: o.overrides }).normalize(o);
  const body = mappingBody(o.body);
  const platform = optionalString(o.platform, "/platform");
  return JSON.parse(guard(() => core.normalizeEvent(body, platform)));
}

/**
 * A normalizer with per-account overrides compiled once: `.normalize({ body, platform? })`.
 * Each override is a mapping spec; with `extends: "<built-in>"` it replaces that built-in
 * (its `records` keyed by rule id, MAPPING.md "Overrides"), without it it is tried first.
 */
export function createNormalizer(options = {}) {
  const o = optionsBag(options, "{ overrides? }");
  const overrides = o.overrides ?? [];
  if (!Array.isArray(overrides)) throw invalid("/overrides", "expected an array of mapping specs");
  let json;
  try {
    json = JSON.stringify(overrides);
  } catch {
    throw invalid("/overrides", "the overrides must be plain JSON values (no BigInt, no cycles)");
  }
  let handle = guard(() => new core.Normalizer(json));
  let compiledAt = resetCount();
  const live = () => {
    if (handle === undefined) throw invalid("", "this normalizer was freed; create another");
    if (compiledAt !== resetCount()) {
      // A trap re-instantiated the core: the handle points into the old instance's memory.
      // Drop it unfreed and compile the same overrides again in the new instance.
      handle = guard(() => new core.Normalizer(json));
      compiledAt = resetCount();
    }
    return handle;
  };
  return Object.freeze({
    normalize(options) {
      const n = optionsBag(options, "{ body, platform? }");
      const body = mappingBody(n.body);
      const platform = optionalString(n.platform, "/platform");
      const current = live();
      return JSON.parse(guard(() => current.normalize(body, platform)));
    },
    /** Frees the compiled mappings now instead of when the handle is collected; later calls throw. */
    free() {
      const current = handle;
      handle = undefined;
      current?.free();
    },
  });
}

/**
 * A body to map as bytes: the raw body (string or bytes, the fast path that keeps every digit
 * of large ids) or an already-parsed object (serialised again here).
 */
function mappingBody(body) {
  if (typeof body === "string" || body instanceof Uint8Array || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return bodyBytes(body);
  }
  if (body !== null && typeof body === "object") {
    let json;
    try {
      json = JSON.stringify(body);
    } catch {
      throw invalid("/body", "the body object must be plain JSON (no BigInt, no cycles)");
    }
    return utf8.encode(json);
  }
  throw invalid("/body", "expected the body as a string, bytes or a parsed JSON object");
}

const utf8Text = new TextDecoder();

/** A response body as text: what `await response.text()` gives, or its bytes. */
function responseText(body) {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return utf8Text.decode(body);
  }
  throw invalid(
    "/body",
    "expected the response body as text (`await response.text()`) or bytes; a parsed object may already have lost digits of ids beyond 2^53",
  );
}

function optionsBag(options, shape) {
  if (options === null || typeof options !== "object") throw invalid("", `expected an options object ${shape}`);
  return options;
}

function schemeName(scheme) {
  if (typeof scheme !== "string") throw invalid("/scheme", "expected a scheme name such as \"meta\"");
  return scheme;
}

/** A string option; `URL` objects are accepted where a URL is meant. */
function optionalString(value, path) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (path === "/url" && typeof value === "object" && typeof value.href === "string") return value.href;
  throw invalid(path, "expected a string");
}

function optionalNumber(value, path) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw invalid(path, "expected a number of seconds ≥ 0 (Infinity turns the check off)");
  }
  return value;
}

/** `now` in unix seconds: the caller's (number or Date), else the host clock. */
function nowSeconds(now) {
  if (now === undefined || now === null) return Math.floor(Date.now() / 1000);
  if (now instanceof Date) return Math.floor(now.getTime() / 1000);
  if (typeof now !== "number" || !Number.isFinite(now)) throw invalid("/now", "expected unix seconds or a Date");
  return now;
}

/**
 * The secrets as one NUL-joined string (one string crosses into wasm instead of one per
 * secret), or `undefined` when none were given.
 */
function secretList({ secret, secrets }) {
  if (secret !== undefined && secrets !== undefined) {
    throw invalid("/secrets", "pass either `secret` or `secrets`, not both");
  }
  if (secrets !== undefined) {
    if (!Array.isArray(secrets)) throw invalid("/secrets", "expected an array of strings");
    secrets.forEach((s, i) => {
      if (typeof s !== "string") throw invalid(`/secrets/${i}`, "expected a string");
      if (s.includes("\0")) throw invalid(`/secrets/${i}`, "contains a NUL character");
    });
    return { secrets: secrets.length ? secrets.join("\0") : undefined, fromSingle: false };
  }
  if (secret === undefined) return { secrets: undefined, fromSingle: false };
  if (typeof secret !== "string") throw invalid("/secret", "expected a string");
  if (secret.includes("\0")) throw invalid("/secret", "contains a NUL character");
  return { secrets: secret, fromSingle: true };
}

/** The header names some scheme reads (asked of the core once): only these are sent. */
let schemeHeaderNames;
function isSchemeHeader(name) {
  schemeHeaderNames ??= new Set(guard(() => core.webhookHeaderNames()).split("\0"));
  return schemeHeaderNames.has(name.toLowerCase());
}

/**
 * Headers as one `name\0value\0…` string (one string crosses into wasm). `keep(name)` drops
 * the rest: the webhook functions send only the headers some scheme reads — a request's
 * host, user-agent and forwarding headers cost about a sixth of a 2 KB verification and
 * change nothing. Accepts a `Headers`, a `Map`, an iterable of pairs,
 * or a plain object such as Node's `req.headers` (array values are joined with ", ", as HTTP
 * combines repeated fields). NUL cannot occur in HTTP headers, so one that contains it is
 * refused rather than allowed to shift the pairs.
 */
function joinHeaders(headers, keep = () => true) {
  if (headers === null || typeof headers !== "object") {
    throw invalid("/headers", "expected a Headers object or a plain object of header names to values");
  }
  const parts = [];
  const add = (name, value) => {
    if (value === undefined || value === null) return;
    name = String(name);
    if (!keep(name)) return;
    value = Array.isArray(value) ? value.join(", ") : String(value);
    if (name.includes("\0") || value.includes("\0")) throw invalid(`/headers/${name}`, "contains a NUL character");
    parts.push(name, value);
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
    for (const name in headers) if (Object.hasOwn(headers, name)) add(name, headers[name]);
  }
  return parts.join("\0");
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
