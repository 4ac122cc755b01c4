// Layer 3: cross-checks against the platforms' own libraries, installed from the npm registry
// at exact versions (package.json). For each: signed by theirs → verified by ours, signed by
// ours → verified by theirs, a tampered delivery refused by both, and rotation where the
// library has it. Where a library departs from its platform, the test says so and pins it.
// Handshake answers are compared byte for byte with each platform's documented form, the
// expected bodies computed independently with node:crypto.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { createHash, createHmac, generateKeyPairSync, randomBytes, randomUUID, sign as edSign } from "node:crypto";
import { existsSync } from "node:fs";

import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import * as octokit from "@octokit/webhooks-methods";
import Stripe from "stripe";
import twilio from "twilio";
import { verifyKey, verifyKeyMiddleware, verifyWebhookEventMiddleware } from "discord-interactions";
import { createEventAdapter, verifyRequestSignature } from "@slack/events-api";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const { verifyWebhook, signWebhook, respondToHandshake, SocialCrmError } = await import(new URL("node.js", pkgDir));

const errorOf = expectError(SocialCrmError);
const codeOf = (fn) => errorOf(fn).code;

const nowSeconds = () => Math.floor(Date.now() / 1000);
// A body like the platforms send: JSON with non-ASCII text, as UTF-8.
const jsonBody = (extra = {}) => JSON.stringify({ id: "evt_" + randomUUID(), text: "Grüße aus Köln 😀 — ¿qué tal? 日本語", ...extra });
const tamper = (body) => {
  const changed = body.replace("Köln", "Bonn");
  assert.notEqual(changed, body, "tamper() needs a body that mentions Köln");
  return changed;
};
const whsec = () => "whsec_" + randomBytes(24).toString("base64");

// --- Standard Webhooks: `standardwebhooks` ------------------------------------------------

test("standardwebhooks: their signature verifies with ours, and ours with theirs", () => {
  const secret = whsec();
  const wh = new StandardWebhook(secret);
  const body = jsonBody();
  const ts = nowSeconds();
  const id = "msg_" + randomUUID();
  const headers = { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": wh.sign(id, new Date(ts * 1000), body) };
  assert.deepEqual(verifyWebhook({ scheme: "standard-webhooks", secret, headers, body, now: ts }), {
    valid: true,
    scheme: "standard-webhooks",
    deliveryId: id,
    timestamp: ts,
    matched: { secretIndex: 0, signatureIndex: 0, header: "webhook-signature", algorithm: "hmac-sha256" },
  });
  // Bytes and the string are the same body.
  assert.equal(verifyWebhook({ scheme: "standard-webhooks", secret, headers, body: Buffer.from(body), now: ts }).valid, true);

  const ours = signWebhook({ scheme: "standard-webhooks", secret, body, id, now: ts }).headers;
  assert.equal(ours["webhook-signature"], headers["webhook-signature"]);
  assert.deepEqual(wh.verify(body, ours), JSON.parse(body));
  assert.deepEqual(wh.verify(Buffer.from(body), ours), JSON.parse(body));
  // The secret without its whsec_ prefix is the same key to both.
  const bare = secret.slice("whsec_".length);
  assert.deepEqual(new StandardWebhook(bare).verify(body, ours), JSON.parse(body));
  assert.equal(verifyWebhook({ scheme: "standard-webhooks", secret: bare, headers: ours, body, now: ts }).valid, true);
});

test("standardwebhooks: a tampered body, id or timestamp is refused by both", () => {
  const secret = whsec();
  const wh = new StandardWebhook(secret);
  const body = jsonBody();
  const ts = nowSeconds();
  const theirs = { "webhook-id": "msg_1", "webhook-timestamp": String(ts), "webhook-signature": wh.sign("msg_1", new Date(ts * 1000), body) };
  const ours = signWebhook({ scheme: "standard-webhooks", secret, body, id: "msg_1", now: ts }).headers;
  for (const headers of [theirs, ours]) {
    assert.throws(() => wh.verify(tamper(body), headers), { name: "WebhookVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "standard-webhooks", secret, headers, body: tamper(body), now: ts })), "ERR_WEBHOOK_SIGNATURE");
    const otherId = { ...headers, "webhook-id": "msg_2" };
    assert.throws(() => wh.verify(body, otherId), { name: "WebhookVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "standard-webhooks", secret, headers: otherId, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
    const otherTs = { ...headers, "webhook-timestamp": String(ts - 1) };
    assert.throws(() => wh.verify(body, otherTs), { name: "WebhookVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "standard-webhooks", secret, headers: otherTs, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
  }
  // Another secret.
  assert.throws(() => new StandardWebhook(whsec()).verify(body, ours), { name: "WebhookVerificationError" });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "standard-webhooks", secret: whsec(), headers: theirs, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
});

test("standardwebhooks: rotation (several signatures in the header, several secrets) agrees", () => {
  const [oldSecret, newSecret] = [whsec(), whsec()];
  const body = jsonBody();
  const ts = nowSeconds();
  const date = new Date(ts * 1000);
  // During a rotation the sender signs with both; unknown versions are skipped by both.
  const signature = ["v2,ignored", new StandardWebhook(oldSecret).sign("msg_r", date, body), new StandardWebhook(newSecret).sign("msg_r", date, body)].join(" ");
  const headers = { "webhook-id": "msg_r", "webhook-timestamp": String(ts), "webhook-signature": signature };
  for (const [secret, signatureIndex] of [[oldSecret, 1], [newSecret, 2]]) {
    assert.deepEqual(new StandardWebhook(secret).verify(body, headers), JSON.parse(body));
    assert.equal(verifyWebhook({ scheme: "standard-webhooks", secret, headers, body, now: ts }).matched.signatureIndex, signatureIndex);
  }
  // The receiver holding both secrets: ours says which one matched.
  const single = signWebhook({ scheme: "standard-webhooks", secret: newSecret, body, id: "msg_r", now: ts }).headers;
  const result = verifyWebhook({ scheme: "standard-webhooks", secrets: [oldSecret, newSecret], headers: single, body, now: ts });
  assert.deepEqual(result.matched, { secretIndex: 1, signatureIndex: 0, header: "webhook-signature", algorithm: "hmac-sha256" });
  assert.throws(() => new StandardWebhook(oldSecret).verify(body, single), { name: "WebhookVerificationError" });
});

test("standardwebhooks: both refuse a timestamp 10 minutes old or 10 minutes ahead", () => {
  const secret = whsec();
  const wh = new StandardWebhook(secret);
  const body = jsonBody();
  const now = nowSeconds();
  for (const [ts, message] of [[now - 600, /too old/], [now + 600, /too new/]]) {
    const headers = { "webhook-id": "msg_t", "webhook-timestamp": String(ts), "webhook-signature": wh.sign("msg_t", new Date(ts * 1000), body) };
    assert.throws(() => wh.verify(body, headers), { name: "WebhookVerificationError", message });
    const err = errorOf(() => verifyWebhook({ scheme: "standard-webhooks", secret, headers, body, now }));
    assert.equal(err.code, "ERR_WEBHOOK_TIMESTAMP");
    assert.equal(err.details.timestamp, ts);
    // Inside a wider window it is the same valid signature.
    assert.equal(verifyWebhook({ scheme: "standard-webhooks", secret, headers, body, now, toleranceSeconds: 900 }).valid, true);
  }
});

test("standardwebhooks: a Buffer body is signed as UTF-8 text, so non-UTF-8 bytes differ (theirs deviates from the spec)", () => {
  // The spec signs the raw body bytes. standardwebhooks' sign() turns a Buffer into a string
  // first (`payload.toString()`), so bytes that are not UTF-8 are signed as U+FFFD. Real
  // senders send JSON (always UTF-8), where both agree; this pins the difference.
  const secret = whsec();
  const wh = new StandardWebhook(secret);
  const ts = nowSeconds();
  const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
  const theirs = { "webhook-id": "msg_b", "webhook-timestamp": String(ts), "webhook-signature": wh.sign("msg_b", new Date(ts * 1000), raw) };
  assert.equal(codeOf(() => verifyWebhook({ scheme: "standard-webhooks", secret, headers: theirs, body: raw, now: ts })), "ERR_WEBHOOK_SIGNATURE");
  assert.equal(verifyWebhook({ scheme: "standard-webhooks", secret, headers: theirs, body: Buffer.from(raw.toString()), now: ts }).valid, true);
  // Ours signs the bytes, which their verify() cannot reproduce from a Buffer.
  const ours = signWebhook({ scheme: "standard-webhooks", secret, body: raw, id: "msg_b", now: ts }).headers;
  assert.throws(() => wh.verify(raw, ours, { jsonParse: false }), { name: "WebhookVerificationError" });
  assert.equal(verifyWebhook({ scheme: "standard-webhooks", secret, headers: ours, body: raw, now: ts }).valid, true);
});

// --- Svix: `svix` ---------------------------------------------------------------------------

test("svix: their signature verifies with ours, ours with theirs, under svix-* headers", () => {
  const secret = whsec();
  const wh = new SvixWebhook(secret);
  const body = jsonBody();
  const ts = nowSeconds();
  const id = "msg_" + randomUUID();
  const headers = { "svix-id": id, "svix-timestamp": String(ts), "svix-signature": wh.sign(id, new Date(ts * 1000), body) };
  const result = verifyWebhook({ scheme: "svix", secret, headers, body, now: ts });
  assert.equal(result.deliveryId, id);
  assert.equal(result.timestamp, ts);
  assert.equal(result.matched.header, "svix-signature");

  const ours = signWebhook({ scheme: "svix", secret, body, id, now: ts }).headers;
  assert.deepEqual(Object.keys(ours).sort(), ["svix-id", "svix-signature", "svix-timestamp"]);
  assert.deepEqual(wh.verify(body, ours), JSON.parse(body));
  // Header names as a framework spells them.
  const titled = Object.fromEntries(Object.entries(ours).map(([k, v]) => [k.replace(/(^|-)[a-z]/g, (m) => m.toUpperCase()), v]));
  assert.deepEqual(wh.verify(body, titled), JSON.parse(body));
  assert.equal(verifyWebhook({ scheme: "svix", secret, headers: titled, body, now: ts }).valid, true);
});

test("svix: white-labelled webhook-* headers are read by both", () => {
  const secret = whsec();
  const wh = new SvixWebhook(secret);
  const body = jsonBody();
  const ts = nowSeconds();
  const headers = { "webhook-id": "msg_w", "webhook-timestamp": String(ts), "webhook-signature": wh.sign("msg_w", new Date(ts * 1000), body) };
  assert.deepEqual(wh.verify(body, headers), JSON.parse(body));
  const result = verifyWebhook({ scheme: "svix", secret, headers, body, now: ts });
  assert.equal(result.deliveryId, "msg_w");
  assert.equal(result.matched.header, "webhook-signature");
});

test("svix: tampering, another secret and a stale timestamp are refused by both; rotation agrees", () => {
  const [oldSecret, newSecret] = [whsec(), whsec()];
  const body = jsonBody();
  const ts = nowSeconds();
  const theirs = { "svix-id": "msg_x", "svix-timestamp": String(ts), "svix-signature": new SvixWebhook(newSecret).sign("msg_x", new Date(ts * 1000), body) };
  const ours = signWebhook({ scheme: "svix", secret: newSecret, body, id: "msg_x", now: ts }).headers;
  for (const headers of [theirs, ours]) {
    assert.throws(() => new SvixWebhook(newSecret).verify(tamper(body), headers), { name: "WebhookVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "svix", secret: newSecret, headers, body: tamper(body), now: ts })), "ERR_WEBHOOK_SIGNATURE");
    assert.throws(() => new SvixWebhook(oldSecret).verify(body, headers), { name: "WebhookVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "svix", secret: oldSecret, headers, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
    assert.equal(verifyWebhook({ scheme: "svix", secrets: [oldSecret, newSecret], headers, body, now: ts }).matched.secretIndex, 1);
  }
  const both = { ...theirs, "svix-signature": `${new SvixWebhook(oldSecret).sign("msg_x", new Date(ts * 1000), body)} ${theirs["svix-signature"]}` };
  assert.deepEqual(new SvixWebhook(oldSecret).verify(body, both), JSON.parse(body));
  assert.deepEqual(new SvixWebhook(newSecret).verify(body, both), JSON.parse(body));
  assert.equal(verifyWebhook({ scheme: "svix", secret: newSecret, headers: both, body, now: ts }).matched.signatureIndex, 1);
  const stale = { ...theirs, "svix-timestamp": String(ts - 600), "svix-signature": new SvixWebhook(newSecret).sign("msg_x", new Date((ts - 600) * 1000), body) };
  assert.throws(() => new SvixWebhook(newSecret).verify(body, stale), { message: /too old/ });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "svix", secret: newSecret, headers: stale, body, now: ts })), "ERR_WEBHOOK_TIMESTAMP");
});

// --- GitHub (and Meta, the same construction): `@octokit/webhooks-methods` -----------------

test("@octokit/webhooks-methods: their signature verifies with ours (github and meta), ours with theirs", async () => {
  const secret = "gh-" + randomBytes(8).toString("hex");
  const body = jsonBody({ zen: "Design for failure." });
  const signature = await octokit.sign(secret, body);
  const headers = { "X-Hub-Signature-256": signature, "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" };
  assert.deepEqual(verifyWebhook({ scheme: "github", secret, headers, body }), {
    valid: true,
    scheme: "github",
    deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    matched: { secretIndex: 0, signatureIndex: 0, header: "x-hub-signature-256", algorithm: "hmac-sha256" },
  });
  // Meta's X-Hub-Signature-256 is the same sha256=<hex HMAC of the body>.
  assert.equal(verifyWebhook({ scheme: "meta", secret, headers: { "x-hub-signature-256": signature }, body }).valid, true);

  for (const scheme of ["github", "meta"]) {
    const ours = signWebhook({ scheme, secret, body, id: "d1" }).headers;
    assert.equal(ours["X-Hub-Signature-256"], signature);
    assert.equal(await octokit.verify(secret, body, ours["X-Hub-Signature-256"]), true);
  }
});

test("@octokit/webhooks-methods: tampering is refused by both; verifyWithFallback agrees with secrets", async () => {
  const [oldSecret, newSecret] = ["old-" + randomUUID(), "new-" + randomUUID()];
  const body = jsonBody();
  const theirs = await octokit.sign(oldSecret, body);
  const ours = signWebhook({ scheme: "github", secret: oldSecret, body }).headers["X-Hub-Signature-256"];
  for (const signature of [theirs, ours]) {
    assert.equal(await octokit.verify(oldSecret, tamper(body), signature), false);
    assert.equal(codeOf(() => verifyWebhook({ scheme: "github", secret: oldSecret, headers: { "x-hub-signature-256": signature }, body: tamper(body) })), "ERR_WEBHOOK_SIGNATURE");
    // Rotation: the new secret first, the old one as a fallback.
    assert.equal(await octokit.verify(newSecret, body, signature), false);
    assert.equal(await octokit.verifyWithFallback(newSecret, body, signature, [oldSecret]), true);
    const result = verifyWebhook({ scheme: "github", secrets: [newSecret, oldSecret], headers: { "x-hub-signature-256": signature }, body });
    assert.equal(result.matched.secretIndex, 1);
    assert.equal(await octokit.verifyWithFallback(newSecret, body, signature, ["other"]), false);
    assert.equal(codeOf(() => verifyWebhook({ scheme: "github", secrets: [newSecret, "other"], headers: { "x-hub-signature-256": signature }, body })), "ERR_WEBHOOK_SIGNATURE");
  }
});

// --- Stripe: `stripe` ----------------------------------------------------------------------

const stripeSecret = () => "whsec_" + randomBytes(16).toString("hex");

test("stripe: generateTestHeaderString verifies with ours, ours with constructEvent", () => {
  const secret = stripeSecret();
  const body = jsonBody({ object: "event", type: "payment_intent.succeeded" });
  const ts = nowSeconds();
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: ts });
  assert.deepEqual(verifyWebhook({ scheme: "stripe", secret, headers: { "Stripe-Signature": header }, body, now: ts }), {
    valid: true,
    scheme: "stripe",
    timestamp: ts,
    matched: { secretIndex: 0, signatureIndex: 0, header: "stripe-signature", algorithm: "hmac-sha256" },
  });
  const ours = signWebhook({ scheme: "stripe", secret, body, now: ts }).headers["Stripe-Signature"];
  assert.equal(ours, header);
  // The secret is used literally, whsec_ included (not base64-decoded as Standard Webhooks').
  assert.deepEqual(Stripe.webhooks.constructEvent(body, ours, secret, undefined, undefined, ts * 1000), JSON.parse(body));
  assert.deepEqual(Stripe.webhooks.constructEvent(Buffer.from(body), ours, secret, undefined, undefined, ts * 1000), JSON.parse(body));
});

test("stripe: tampering and another secret are refused by both", () => {
  const secret = stripeSecret();
  const body = jsonBody({ object: "event" });
  const ts = nowSeconds();
  const theirs = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: ts });
  const ours = signWebhook({ scheme: "stripe", secret, body, now: ts }).headers["Stripe-Signature"];
  for (const header of [theirs, ours]) {
    assert.throws(() => Stripe.webhooks.constructEvent(tamper(body), header, secret, undefined, undefined, ts * 1000), { type: "StripeSignatureVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": header }, body: tamper(body), now: ts })), "ERR_WEBHOOK_SIGNATURE");
    assert.throws(() => Stripe.webhooks.constructEvent(body, header, stripeSecret(), undefined, undefined, ts * 1000), { type: "StripeSignatureVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "stripe", secret: stripeSecret(), headers: { "stripe-signature": header }, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
    // The signed timestamp is part of the MAC.
    const shifted = header.replace(`t=${ts}`, `t=${ts + 1}`);
    assert.throws(() => Stripe.webhooks.constructEvent(body, shifted, secret, undefined, undefined, ts * 1000), { type: "StripeSignatureVerificationError" });
    assert.equal(codeOf(() => verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": shifted }, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
  }
});

test("stripe: a header with several v1 signatures (secret roll) verifies under either secret in both", () => {
  const [oldSecret, newSecret] = [stripeSecret(), stripeSecret()];
  const body = jsonBody({ object: "event" });
  const ts = nowSeconds();
  const v1 = (secret) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: ts }).split(",")[1];
  const header = `t=${ts},${v1(oldSecret)},${v1(newSecret)},v0=${"0".repeat(64)}`;
  for (const [secret, signatureIndex] of [[oldSecret, 0], [newSecret, 1]]) {
    assert.deepEqual(Stripe.webhooks.constructEvent(body, header, secret, undefined, undefined, ts * 1000), JSON.parse(body));
    assert.equal(verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": header }, body, now: ts }).matched.signatureIndex, signatureIndex);
  }
  const single = signWebhook({ scheme: "stripe", secret: newSecret, body, now: ts }).headers;
  assert.equal(verifyWebhook({ scheme: "stripe", secrets: [oldSecret, newSecret], headers: single, body, now: ts }).matched.secretIndex, 1);
  // A v0 element alone is never proof, to either.
  const v0only = `t=${ts},v0=${v1(newSecret).slice(3)}`;
  assert.throws(() => Stripe.webhooks.constructEvent(body, v0only, newSecret, undefined, undefined, ts * 1000), { message: /No signatures found with expected scheme/ });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "stripe", secret: newSecret, headers: { "stripe-signature": v0only }, body, now: ts })), "ERR_WEBHOOK_HEADER");
});

test("stripe: a 10-minute-old header fails in both; a future one passes in both (past-only window)", () => {
  const secret = stripeSecret();
  const body = jsonBody({ object: "event" });
  const ts = nowSeconds();
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: ts });
  const later = ts + 600;
  assert.throws(() => Stripe.webhooks.constructEvent(body, header, secret, undefined, undefined, later * 1000), { message: /Timestamp outside the tolerance zone/ });
  const err = errorOf(() => verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": header }, body, now: later }));
  assert.equal(err.code, "ERR_WEBHOOK_TIMESTAMP");
  assert.deepEqual([err.details.timestamp, err.details.now, err.details.toleranceSeconds], [ts, later, 300]);
  // With the default clock too (no receivedAt / now): a header signed 10 minutes ago.
  const old = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSeconds() - 600 });
  assert.throws(() => Stripe.webhooks.constructEvent(body, old, secret), { message: /Timestamp outside the tolerance zone/ });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": old }, body })), "ERR_WEBHOOK_TIMESTAMP");
  // Same tolerance, one second inside: both accept.
  assert.ok(Stripe.webhooks.constructEvent(body, header, secret, 601, undefined, later * 1000));
  assert.equal(verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": header }, body, now: later, toleranceSeconds: 601 }).valid, true);
  // Stripe checks age only: a header from 10 minutes in the future passes both.
  const earlier = ts - 600;
  assert.ok(Stripe.webhooks.constructEvent(body, header, secret, undefined, undefined, earlier * 1000));
  assert.equal(verifyWebhook({ scheme: "stripe", secret, headers: { "stripe-signature": header }, body, now: earlier }).valid, true);
});

// --- Twilio: `twilio` ----------------------------------------------------------------------

const twilioToken = () => randomBytes(16).toString("hex");
const FORM = "application/x-www-form-urlencoded";
// An inbound SMS with a non-ASCII body and a repeated name (the SDKs take repeated values as
// arrays, sorted and de-duplicated).
const smsPairs = [
  ["ToCountry", "US"],
  ["Body", "Grüße aus Köln 😀 — ¿qué tal? 日本語 & more=+1"],
  ["From", "+14155550100"],
  ["To", "+14155550199"],
  ["MessageSid", "SM" + randomBytes(16).toString("hex")],
  ["Tag", "b"],
  ["Tag", "a"],
  ["Tag", "b"],
  ["Empty", ""],
];
/** The parameters as the SDK takes them (what a form parser gives): repeated names as arrays. */
const paramsOf = (pairs) => {
  const params = {};
  for (const [name, value] of pairs) params[name] = name in params ? [].concat(params[name], value) : value;
  return params;
};
const formOf = (pairs) => new URLSearchParams(pairs).toString();

test("twilio: form parameters (repeated names, non-ASCII values) — theirs verifies with ours, ours with theirs", () => {
  const token = twilioToken();
  const url = "https://crm.test/twilio/sms?tenant=acme";
  const params = paramsOf(smsPairs);
  const body = formOf(smsPairs);
  const signature = twilio.getExpectedTwilioSignature(token, url, params);
  const headers = { "X-Twilio-Signature": signature, "Content-Type": FORM + "; charset=utf-8", "I-Twilio-Idempotency-Token": "idem-1" };
  assert.deepEqual(verifyWebhook({ scheme: "twilio", secret: token, headers, body, url }), {
    valid: true,
    scheme: "twilio",
    deliveryId: "idem-1",
    matched: { secretIndex: 0, signatureIndex: 0, header: "x-twilio-signature", algorithm: "hmac-sha1" },
  });
  assert.equal(twilio.validateRequest(token, signature, url, params), true);

  const ours = signWebhook({ scheme: "twilio", secret: token, body, url }).headers["X-Twilio-Signature"];
  assert.equal(ours, signature);
  assert.equal(twilio.validateRequest(token, ours, url, params), true);
  // Rotation is ours alone (the SDK takes one token): the matching index is reported.
  assert.equal(verifyWebhook({ scheme: "twilio", secrets: [twilioToken(), token], headers, body, url }).matched.secretIndex, 1);
});

test("twilio: a tampered parameter, URL or token is refused by both", () => {
  const token = twilioToken();
  const url = "https://crm.test/twilio/sms";
  const params = paramsOf(smsPairs);
  const body = formOf(smsPairs);
  const theirs = twilio.getExpectedTwilioSignature(token, url, params);
  const ours = signWebhook({ scheme: "twilio", secret: token, body, url }).headers["X-Twilio-Signature"];
  const changed = smsPairs.map(([k, v]) => [k, k === "Body" ? v.replace("Köln", "Bonn") : v]);
  const dropped = smsPairs.filter(([k, v]) => !(k === "Tag" && v === "a"));
  for (const signature of [theirs, ours]) {
    for (const pairs of [changed, dropped]) {
      assert.equal(twilio.validateRequest(token, signature, url, paramsOf(pairs)), false);
      assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: token, headers: { "x-twilio-signature": signature, "content-type": FORM }, body: formOf(pairs), url })), "ERR_WEBHOOK_SIGNATURE");
    }
    const otherUrl = url + "?x=1";
    assert.equal(twilio.validateRequest(token, signature, otherUrl, params), false);
    assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: token, headers: { "x-twilio-signature": signature, "content-type": FORM }, body, url: otherUrl })), "ERR_WEBHOOK_SIGNATURE");
    assert.equal(twilio.validateRequest(twilioToken(), signature, url, params), false);
    assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: twilioToken(), headers: { "x-twilio-signature": signature, "content-type": FORM }, body, url })), "ERR_WEBHOOK_SIGNATURE");
  }
});

test("twilio: a URL signed with :443 verifies without it and the other way round, in both", () => {
  const token = twilioToken();
  const params = paramsOf(smsPairs);
  const body = formOf(smsPairs);
  const plain = "https://crm.test/twilio/voice?tenant=acme";
  const ported = "https://crm.test:443/twilio/voice?tenant=acme";
  for (const [signedUrl, givenUrl] of [[ported, plain], [plain, ported], [ported, ported], [plain, plain]]) {
    const theirs = twilio.getExpectedTwilioSignature(token, signedUrl, params);
    const ours = signWebhook({ scheme: "twilio", secret: token, body, url: signedUrl }).headers["X-Twilio-Signature"];
    assert.equal(ours, theirs, `signature over ${signedUrl}`);
    assert.equal(twilio.validateRequest(token, theirs, givenUrl, params), true, `${signedUrl} given as ${givenUrl}`);
    assert.equal(verifyWebhook({ scheme: "twilio", secret: token, headers: { "x-twilio-signature": theirs, "content-type": FORM }, body, url: givenUrl }).valid, true);
  }
  // Another port is another URL to both.
  const other = twilio.getExpectedTwilioSignature(token, "https://crm.test:8443/twilio/voice?tenant=acme", params);
  assert.equal(twilio.validateRequest(token, other, plain, params), false);
  assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: token, headers: { "x-twilio-signature": other, "content-type": FORM }, body, url: plain })), "ERR_WEBHOOK_SIGNATURE");
});

test("twilio: an apostrophe in the query, signed raw, verifies from the WHATWG-normalised URL in both", () => {
  const token = twilioToken();
  const params = paramsOf(smsPairs);
  const body = formOf(smsPairs);
  const raw = "https://crm.test/twilio/sms?name=O'Brien&city=K%C3%B6ln";
  const normalised = new URL(raw).href; // what request.url holds in workerd, Deno, Bun
  assert.notEqual(normalised, raw);
  const signature = twilio.getExpectedTwilioSignature(token, raw, params);
  assert.equal(twilio.validateRequest(token, signature, normalised, params), true);
  assert.equal(verifyWebhook({ scheme: "twilio", secret: token, headers: { "x-twilio-signature": signature, "content-type": FORM }, body, url: normalised }).valid, true);
});

test("twilio: a JSON body signed through bodySHA256 in the URL — validateRequestWithBody and ours agree", () => {
  const token = twilioToken();
  const body = jsonBody({ AccountSid: "AC123", EventType: "com.twilio.messaging.message.delivered" });
  const hash = createHash("sha256").update(body).digest("hex");
  assert.equal(twilio.getExpectedBodyHash(body), hash);
  const url = `https://crm.test/twilio/events?tenant=acme&bodySHA256=${hash}`;
  const signature = twilio.getExpectedTwilioSignature(token, url, {});
  const headers = { "x-twilio-signature": signature, "content-type": "application/json" };
  assert.equal(twilio.validateRequestWithBody(token, signature, url, body), true);
  assert.equal(verifyWebhook({ scheme: "twilio", secret: token, headers, body, url }).valid, true);
  const ours = signWebhook({ scheme: "twilio", secret: token, body, url }).headers["X-Twilio-Signature"];
  assert.equal(ours, signature);
  assert.equal(twilio.validateRequestWithBody(token, ours, url, body), true);
  // Through :443 as well.
  const ported = url.replace("crm.test", "crm.test:443");
  assert.equal(twilio.validateRequestWithBody(token, signature, ported, body), true);
  assert.equal(verifyWebhook({ scheme: "twilio", secret: token, headers, body, url: ported }).valid, true);
  // The URL still verifies, but the body no longer hashes to bodySHA256: both refuse.
  assert.equal(twilio.validateRequestWithBody(token, signature, url, tamper(body)), false);
  assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: token, headers, body: tamper(body), url })), "ERR_WEBHOOK_SIGNATURE");
  // A bodySHA256 changed to match the tampered body breaks the URL signature.
  const forgedUrl = url.replace(hash, createHash("sha256").update(tamper(body)).digest("hex"));
  assert.equal(twilio.validateRequestWithBody(token, signature, forgedUrl, tamper(body)), false);
  assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: token, headers, body: tamper(body), url: forgedUrl })), "ERR_WEBHOOK_SIGNATURE");
});

test("twilio: a SharedKey signature (HMAC_SHA256 named in the settings header) verifies with ours", () => {
  const key = randomBytes(32).toString("base64");
  const url = "https://crm.test/twilio/sms";
  const params = paramsOf(smsPairs);
  const body = formOf(smsPairs);
  const settings = "key=KS" + randomBytes(16).toString("hex") + ",algorithm=HMAC_SHA256";
  const algorithm = twilio.getSignatureAlgorithm(settings);
  assert.equal(algorithm, "HMAC_SHA256");
  const signature = twilio.getExpectedTwilioSignature(key, url, params, algorithm);
  assert.equal(twilio.validateRequest(key, signature, url, params, algorithm), true);
  const headers = { "x-twilio-signature": signature, "x-twilio-webhooks-signature-settings": settings, "content-type": FORM };
  assert.equal(verifyWebhook({ scheme: "twilio", secret: key, headers, body, url }).matched.algorithm, "hmac-sha256");
  assert.equal(twilio.validateRequest(key, signature, url, paramsOf(smsPairs.slice(1)), algorithm), false);
  assert.equal(codeOf(() => verifyWebhook({ scheme: "twilio", secret: key, headers, body: formOf(smsPairs.slice(1)), url })), "ERR_WEBHOOK_SIGNATURE");
});

test("twilio: names and repeated values sorted by UTF-16 code unit (twilio-node) verify with ours", () => {
  // twilio-node sorts with Array.prototype.sort (UTF-16 code units), twilio-python with
  // sorted() (code points); they disagree when a character above U+FFFF meets one in
  // U+E000–U+FFFF: "😀" (D83D DE00) < "ｱ" (FF71) in UTF-16, > in code points. Twilio does not
  // document its sender's order, so ours accepts both and signs in code point order, which
  // twilio-node then refuses (twilio-python's order; pinned here).
  const token = twilioToken();
  const url = "https://crm.test/twilio/sms";
  const pairs = [["Body", "😀"], ["Body", "ｱ"], ["From", "+14155550100"]];
  const body = formOf(pairs);
  const params = paramsOf(pairs);
  const theirs = twilio.getExpectedTwilioSignature(token, url, params);
  const byCodeUnit = createHmac("sha1", token).update(`${url}Body😀BodyｱFrom+14155550100`).digest("base64");
  const byCodePoint = createHmac("sha1", token).update(`${url}BodyｱBody😀From+14155550100`).digest("base64");
  assert.equal(theirs, byCodeUnit);
  for (const signature of [byCodeUnit, byCodePoint]) {
    assert.equal(verifyWebhook({ scheme: "twilio", secret: token, headers: { "x-twilio-signature": signature, "content-type": FORM }, body, url }).valid, true);
  }
  const ours = signWebhook({ scheme: "twilio", secret: token, body, url }).headers["X-Twilio-Signature"];
  assert.equal(ours, byCodePoint);
  assert.equal(twilio.validateRequest(token, ours, url, params), false);
});

// --- Discord: `discord-interactions` (verify only; signing with node:crypto) ---------------

const ed25519Keys = () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const hex = (b64url) => Buffer.from(b64url, "base64url").toString("hex");
  return { publicKey, privateKey, publicHex: hex(publicKey.export({ format: "jwk" }).x), seedHex: hex(privateKey.export({ format: "jwk" }).d) };
};
const discordSign = (privateKey, timestamp, body) => edSign(null, Buffer.concat([Buffer.from(String(timestamp)), Buffer.from(body)]), privateKey).toString("hex");

test("discord-interactions: a node:crypto Ed25519 signature verifies in both; ours verifies with verifyKey", async () => {
  const keys = ed25519Keys();
  const body = JSON.stringify({ type: 2, id: "1234567890", data: { name: "crm", options: [{ name: "q", value: "Grüße 😀" }] } });
  const ts = nowSeconds();
  const signature = discordSign(keys.privateKey, ts, body);
  const headers = { "X-Signature-Ed25519": signature, "X-Signature-Timestamp": String(ts) };
  assert.equal(await verifyKey(body, signature, String(ts), keys.publicHex), true);
  assert.deepEqual(verifyWebhook({ scheme: "discord", secret: keys.publicHex, headers, body, now: ts }), {
    valid: true,
    scheme: "discord",
    timestamp: ts,
    matched: { secretIndex: 0, signatureIndex: 0, header: "x-signature-ed25519", algorithm: "ed25519" },
  });
  // Ours signs with the private seed; Ed25519 is deterministic, so the signatures are equal.
  const ours = signWebhook({ scheme: "discord", secret: keys.seedHex, body, now: ts }).headers;
  assert.deepEqual(ours, { "X-Signature-Ed25519": signature, "X-Signature-Timestamp": String(ts) });
  assert.equal(await verifyKey(Buffer.from(body), ours["X-Signature-Ed25519"], ours["X-Signature-Timestamp"], keys.publicHex), true);
  // Rotation is ours alone: the second public key matched.
  assert.equal(verifyWebhook({ scheme: "discord", secrets: [ed25519Keys().publicHex, keys.publicHex], headers: ours, body, now: ts }).matched.secretIndex, 1);
});

test("discord-interactions: a tampered body, timestamp or key is refused by both", async () => {
  const keys = ed25519Keys();
  const body = JSON.stringify({ type: 2, id: "1", data: { name: "crm", text: "Köln" } });
  const ts = nowSeconds();
  const theirs = discordSign(keys.privateKey, ts, body);
  const ours = signWebhook({ scheme: "discord", secret: keys.seedHex, body, now: ts }).headers["X-Signature-Ed25519"];
  for (const signature of [theirs, ours]) {
    const cases = [
      [tamper(body), String(ts), keys.publicHex],
      [body, String(ts + 1), keys.publicHex],
      [body, String(ts), ed25519Keys().publicHex],
    ];
    for (const [b, t, key] of cases) {
      assert.equal(await verifyKey(b, signature, t, key), false);
      const headers = { "x-signature-ed25519": signature, "x-signature-timestamp": t };
      assert.equal(codeOf(() => verifyWebhook({ scheme: "discord", secret: key, headers, body: b, now: ts })), "ERR_WEBHOOK_SIGNATURE");
    }
  }
});

test("discord-interactions: verifyKey has no replay window; ours applies the default 300 s (documented difference)", async () => {
  const keys = ed25519Keys();
  const body = '{"type":2,"id":"1"}';
  const ts = nowSeconds() - 3600;
  const signature = discordSign(keys.privateKey, ts, body);
  const headers = { "x-signature-ed25519": signature, "x-signature-timestamp": String(ts) };
  assert.equal(await verifyKey(body, signature, String(ts), keys.publicHex), true);
  assert.equal(codeOf(() => verifyWebhook({ scheme: "discord", secret: keys.publicHex, headers, body })), "ERR_WEBHOOK_TIMESTAMP");
  assert.equal(verifyWebhook({ scheme: "discord", secret: keys.publicHex, headers, body, toleranceSeconds: Infinity }).valid, true);
});

/** Runs an Express-style middleware on a fake request and returns the response it wrote. */
async function runMiddleware(middleware, headers, body) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const req = { headers: lower, header: (name) => lower[name.toLowerCase()], body: Buffer.from(body) };
  return new Promise((resolve, reject) => {
    const res = {
      statusCode: 200,
      headers: {},
      setHeader(name, value) {
        this.headers[name.toLowerCase()] = value;
      },
      end(text = "") {
        resolve({ status: this.statusCode, headers: this.headers, body: String(text), next: false });
      },
    };
    Promise.resolve(middleware(req, res, () => resolve({ status: res.statusCode, next: true }))).catch(reject);
  });
}

test("discord-interactions: PING answers match verifyKeyMiddleware / verifyWebhookEventMiddleware byte for byte", async () => {
  const keys = ed25519Keys();
  const ts = nowSeconds();
  const url = "https://crm.test/discord/interactions";
  // Interaction PING → 200 application/json {"type":1}.
  const ping = JSON.stringify({ id: "1", application_id: "2", type: 1, token: "t", version: 1 });
  const pingHeaders = { "X-Signature-Ed25519": discordSign(keys.privateKey, ts, ping), "X-Signature-Timestamp": String(ts) };
  const theirs = await runMiddleware(verifyKeyMiddleware(keys.publicHex), pingHeaders, ping);
  const ours = respondToHandshake({ scheme: "discord", method: "POST", url, headers: pingHeaders, body: ping, secret: keys.publicHex, now: ts });
  assert.deepEqual(theirs, { status: 200, headers: { "content-type": "application/json" }, body: '{"type":1}', next: false });
  assert.deepEqual({ status: ours.status, contentType: ours.headers["content-type"], body: ours.body }, { status: 200, contentType: "application/json", body: '{"type":1}' });
  assert.equal(ours.body, JSON.stringify({ type: 1 }));

  // A PING with a bad signature (Discord sends these on purpose) → 401 from both.
  const forged = { ...pingHeaders, "X-Signature-Ed25519": discordSign(ed25519Keys().privateKey, ts, ping) };
  assert.equal((await runMiddleware(verifyKeyMiddleware(keys.publicHex), forged, ping)).status, 401);
  assert.equal(respondToHandshake({ scheme: "discord", method: "POST", url, headers: forged, body: ping, secret: keys.publicHex, now: ts }).status, 401);

  // Webhook-events PING (type 0) → 204, no body.
  const eventPing = JSON.stringify({ version: 1, application_id: "2", type: 0 });
  const eventHeaders = { "X-Signature-Ed25519": discordSign(keys.privateKey, ts, eventPing), "X-Signature-Timestamp": String(ts) };
  const theirsEvent = await runMiddleware(verifyWebhookEventMiddleware(keys.publicHex), eventHeaders, eventPing);
  const oursEvent = respondToHandshake({ scheme: "discord", method: "POST", url, headers: eventHeaders, body: eventPing, secret: keys.publicHex, now: ts });
  assert.deepEqual([theirsEvent.status, theirsEvent.body], [204, ""]);
  assert.deepEqual([oursEvent.status, oursEvent.body], [204, ""]);

  // An application command is a delivery, not a handshake: their middleware passes it on.
  const command = JSON.stringify({ id: "3", type: 2, data: { name: "crm" } });
  const commandHeaders = { "X-Signature-Ed25519": discordSign(keys.privateKey, ts, command), "X-Signature-Timestamp": String(ts) };
  assert.equal((await runMiddleware(verifyKeyMiddleware(keys.publicHex), commandHeaders, command)).next, true);
  assert.equal(respondToHandshake({ scheme: "discord", method: "POST", url, headers: commandHeaders, body: command, secret: keys.publicHex, now: ts }), null);
});

// --- Slack: `@slack/events-api` (verify only; signing with node:crypto) --------------------

const slackSign = (secret, ts, body) => "v0=" + createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");

test("@slack/events-api: node:crypto and our signatures verify in verifyRequestSignature and ours", () => {
  const secret = randomBytes(16).toString("hex");
  const body = JSON.stringify({ type: "event_callback", event: { type: "message", text: "Grüße aus Köln 😀" } });
  const ts = nowSeconds();
  const signature = slackSign(secret, ts, body);
  assert.equal(verifyRequestSignature({ signingSecret: secret, requestSignature: signature, requestTimestamp: ts, body }), true);
  const headers = { "X-Slack-Signature": signature, "X-Slack-Request-Timestamp": String(ts) };
  assert.equal(verifyWebhook({ scheme: "slack", secret, headers, body, now: ts }).timestamp, ts);
  const ours = signWebhook({ scheme: "slack", secret, body, now: ts }).headers;
  assert.deepEqual(ours, headers);
  assert.equal(verifyRequestSignature({ signingSecret: secret, requestSignature: ours["X-Slack-Signature"], requestTimestamp: Number(ours["X-Slack-Request-Timestamp"]), body }), true);
  // Tampered body, another secret: both refuse.
  assert.throws(() => verifyRequestSignature({ signingSecret: secret, requestSignature: signature, requestTimestamp: ts, body: tamper(body) }), { code: "SLACKHTTPHANDLER_REQUEST_SIGNATURE_VERIFICATION_FAILURE" });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "slack", secret, headers, body: tamper(body), now: ts })), "ERR_WEBHOOK_SIGNATURE");
  assert.throws(() => verifyRequestSignature({ signingSecret: "other", requestSignature: signature, requestTimestamp: ts, body }), { code: "SLACKHTTPHANDLER_REQUEST_SIGNATURE_VERIFICATION_FAILURE" });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "slack", secret: "other", headers, body, now: ts })), "ERR_WEBHOOK_SIGNATURE");
  // Rotation is ours alone.
  assert.equal(verifyWebhook({ scheme: "slack", secrets: ["other", secret], headers, body, now: ts }).matched.secretIndex, 1);
});

test("@slack/events-api: both refuse a 10-minute-old request; only ours refuses one 10 minutes ahead", () => {
  const secret = randomBytes(16).toString("hex");
  const body = '{"type":"event_callback"}';
  const old = nowSeconds() - 600;
  const oldSig = slackSign(secret, old, body);
  assert.throws(() => verifyRequestSignature({ signingSecret: secret, requestSignature: oldSig, requestTimestamp: old, body }), { code: "SLACKHTTPHANDLER_REQUEST_TIMELIMIT_FAILURE" });
  assert.equal(codeOf(() => verifyWebhook({ scheme: "slack", secret, headers: { "x-slack-signature": oldSig, "x-slack-request-timestamp": String(old) }, body })), "ERR_WEBHOOK_TIMESTAMP");
  // The Node SDK checks only "older than 5 minutes"; Slack's Python SDK (and ours) use
  // abs(now - timestamp), so a future-dated request is refused here too.
  const ahead = nowSeconds() + 600;
  const aheadSig = slackSign(secret, ahead, body);
  assert.equal(verifyRequestSignature({ signingSecret: secret, requestSignature: aheadSig, requestTimestamp: ahead, body }), true);
  assert.equal(codeOf(() => verifyWebhook({ scheme: "slack", secret, headers: { "x-slack-signature": aheadSig, "x-slack-request-timestamp": String(ahead) }, body })), "ERR_WEBHOOK_TIMESTAMP");
});

test("@slack/events-api: url_verification is answered with the same status and body", async () => {
  const secret = randomBytes(16).toString("hex");
  const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
  const body = JSON.stringify({ token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge, type: "url_verification" });
  const ts = nowSeconds();
  const headers = { "x-slack-signature": slackSign(secret, ts, body), "x-slack-request-timestamp": String(ts), "content-type": "application/json" };
  const listener = createEventAdapter(secret).requestListener();
  const theirs = await new Promise((resolve) => {
    const res = { statusCode: 0, setHeader() {}, end: (text) => resolve({ status: res.statusCode, body: String(text) }) };
    listener({ method: "POST", url: "/slack/events", headers, rawBody: Buffer.from(body) }, res);
  });
  const ours = respondToHandshake({ scheme: "slack", method: "POST", url: "https://crm.test/slack/events", headers, body, secret, now: ts });
  assert.deepEqual(theirs, { status: 200, body: challenge });
  assert.deepEqual(ours, { status: 200, headers: { "content-type": "text/plain" }, body: challenge });
});

// --- Handshakes against each platform's documented form ----------------------------------

test("handshake: Meta echoes hub.challenge verbatim for the right verify token only", () => {
  const challenge = String(1e9 + Math.floor(Math.random() * 1e9));
  const url = `https://crm.test/webhooks/meta?hub.mode=subscribe&hub.challenge=${challenge}&hub.verify_token=meatyhamhock`;
  const res = respondToHandshake({ scheme: "meta", method: "GET", url, verifyToken: "meatyhamhock" });
  assert.equal(res.status, 200);
  assert.equal(res.body, challenge);
  assert.match(res.headers["content-type"], /^text\/plain/);
  const wrong = respondToHandshake({ scheme: "meta", method: "GET", url, verifyToken: "other" });
  assert.equal(wrong.status, 403);
  assert.ok(!wrong.body.includes(challenge));
});

test("handshake: X CRC answers {\"response_token\":\"sha256=<base64 HMAC>\"}", () => {
  const secret = randomBytes(24).toString("base64url");
  const token = randomBytes(24).toString("base64url");
  const res = respondToHandshake({ scheme: "x", method: "GET", url: `https://crm.test/webhooks/x?crc_token=${token}&nonce=1`, secret });
  const expected = JSON.stringify({ response_token: "sha256=" + createHmac("sha256", secret).update(token).digest("base64") });
  assert.deepEqual(res, { status: 200, headers: { "content-type": "application/json" }, body: expected });
});

test("handshake: LinkedIn answers {\"challengeCode\",\"challengeResponse\": hex HMAC}", () => {
  const secret = randomBytes(12).toString("hex");
  const challengeCode = randomUUID();
  const res = respondToHandshake({ scheme: "linkedin", method: "GET", url: `https://crm.test/webhooks/linkedin?challengeCode=${challengeCode}&applicationId=77`, secret });
  const expected = JSON.stringify({ challengeCode, challengeResponse: createHmac("sha256", secret).update(challengeCode).digest("hex") });
  assert.deepEqual(res, { status: 200, headers: { "content-type": "application/json" }, body: expected });
});

test("handshake: WebSub echoes the decoded hub.challenge as text/plain", () => {
  const topic = "https://www.youtube.com/xml/feeds/videos.xml?channel_id=UC_x5XG1OV2P6uZZ5FSM9Ttw";
  const challenge = "14716239+abc def/é";
  const url = new URL("https://crm.test/webhooks/youtube");
  url.search = new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.challenge": challenge, "hub.lease_seconds": "432000" }).toString();
  const res = respondToHandshake({ scheme: "websub", method: "GET", url: url.href });
  assert.equal(res.status, 200);
  assert.equal(res.body, url.searchParams.get("hub.challenge"));
  assert.equal(res.body, challenge);
  assert.match(res.headers["content-type"], /^text\/plain/);
});

test("handshake: Slack url_verification answers the challenge as text/plain, after the signature", () => {
  const secret = randomBytes(16).toString("hex");
  const challenge = randomBytes(30).toString("base64url");
  const body = JSON.stringify({ token: "legacy", challenge, type: "url_verification" });
  const ts = nowSeconds();
  const headers = { "x-slack-signature": slackSign(secret, ts, body), "x-slack-request-timestamp": String(ts) };
  assert.deepEqual(respondToHandshake({ scheme: "slack", method: "POST", url: "/slack/events", headers, body, secret, now: ts }), {
    status: 200,
    headers: { "content-type": "text/plain" },
    body: challenge,
  });
  const forged = { ...headers, "x-slack-signature": slackSign("other", ts, body) };
  assert.equal(codeOf(() => respondToHandshake({ scheme: "slack", method: "POST", url: "/slack/events", headers: forged, body, secret, now: ts })), "ERR_WEBHOOK_SIGNATURE");
});

test("handshake: Discord PING is answered {\"type\":1} after an Ed25519 check", () => {
  const keys = ed25519Keys();
  const ts = nowSeconds();
  const body = '{"type":1,"id":"1","application_id":"2","token":"t","version":1}';
  const headers = { "x-signature-ed25519": discordSign(keys.privateKey, ts, body), "x-signature-timestamp": String(ts) };
  assert.deepEqual(respondToHandshake({ scheme: "discord", method: "POST", url: "/discord", headers, body, secret: keys.publicHex, now: ts }), {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: 1 }),
  });
});
