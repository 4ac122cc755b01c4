// Layer 3: OAuth and platform calls as users call them from Node, against the built pkg/.
// The S256 challenge, the state's HMAC and the Basic credentials are recomputed with
// node:crypto; request bodies are read back with URLSearchParams.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { createHash, createHmac } from "node:crypto";
import { existsSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const api = await import(new URL("node.js", pkgDir));
const {
  providers,
  provider,
  createAuthorization,
  verifyState,
  pkceChallenge,
  tokenRequest,
  refreshRequest,
  longLivedTokenRequest,
  revokeRequest,
  parseTokenResponse,
  needsRefresh,
  retryPlan,
  apiRequest,
  parseApiResponse,
  SocialCrmError,
} = api;

const stateSecret = "a-state-secret-of-32-bytes-......";
const now = 1_700_000_000;
const thrown = expectError(SocialCrmError);

test("providers() lists the built-in providers; provider() resolves names and objects", () => {
  assert.deepEqual(
    providers().map((p) => p.name),
    ["facebook", "instagram", "instagram-facebook-login", "whatsapp", "x", "linkedin", "tiktok", "google"],
  );
  const x = provider("x");
  assert.equal(x.pkce, "required");
  assert.equal(x.clientAuth, "basic");
  assert.equal(x.refreshTokenRotates, true);
  const older = provider({ extends: "facebook", apiVersion: "v24.0" });
  assert.equal(older.tokenUrl, "https://graph.facebook.com/v24.0/oauth/access_token");
  const err = thrown(() => provider("myspace"));
  assert.equal(err.code, "ERR_OAUTH_PROVIDER");
  assert.equal(err.path, "/provider");
  assert.equal(thrown(() => provider({ extends: "x", pkce: "maybe" })).path, "/provider/pkce");
});

test("createAuthorization: the challenge is S256 of the verifier, recomputed with node:crypto", () => {
  const a = createAuthorization({ provider: "x", clientId: "client-1", redirectUri: "https://crm.example/cb", stateSecret, now, data: { tenant: "t-1" } });
  assert.match(a.codeVerifier, /^[A-Za-z0-9_-]{43}$/);
  const url = new URL(a.url);
  assert.equal(url.origin + url.pathname, "https://x.com/i/oauth2/authorize");
  const q = url.searchParams;
  assert.equal(q.get("response_type"), "code");
  assert.equal(q.get("client_id"), "client-1");
  assert.equal(q.get("redirect_uri"), "https://crm.example/cb");
  assert.equal(q.get("scope"), "tweet.read users.read dm.read offline.access");
  assert.equal(q.get("state"), a.state);
  assert.equal(q.get("code_challenge_method"), "S256");
  assert.equal(q.get("code_challenge"), createHash("sha256").update(a.codeVerifier).digest("base64url"));
  assert.equal(pkceChallenge(a.codeVerifier), q.get("code_challenge"));
  const b = createAuthorization({ provider: "x", clientId: "client-1", redirectUri: "https://crm.example/cb", stateSecret });
  assert.notEqual(a.codeVerifier, b.codeVerifier);
  assert.notEqual(a.state, b.state);
});

test("pkceChallenge matches RFC 7636 Appendix B and the hex variant", () => {
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  assert.equal(pkceChallenge(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  assert.equal(pkceChallenge(verifier, "S256-hex"), createHash("sha256").update(verifier).digest("hex"));
  assert.equal(thrown(() => pkceChallenge("too-short")).path, "/codeVerifier");
});

test("the state is base64url(payload).base64url(HMAC-SHA256(secret, payload))", () => {
  const { state } = createAuthorization({ provider: "linkedin", clientId: "c", redirectUri: "https://crm.example/cb", stateSecret, now, data: { returnTo: "/inbox", id: "1440000000000000001" } });
  const [payload, mac] = state.split(".");
  assert.equal(mac, createHmac("sha256", stateSecret).update(payload).digest("base64url"));
  const content = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  assert.equal(content.provider, "linkedin");
  assert.equal(content.iat, now);
  assert.deepEqual(verifyState(state, stateSecret, { now: now + 30, provider: "linkedin" }), {
    provider: "linkedin",
    nonce: content.nonce,
    issuedAt: now,
    data: { returnTo: "/inbox", id: "1440000000000000001" },
  });
});

test("verifyState refuses tampering, another secret, expiry, the future and another provider", () => {
  const { state } = createAuthorization({ provider: "google", clientId: "c", redirectUri: "https://crm.example/cb", stateSecret, now });
  const reason = (fn) => {
    const err = thrown(fn);
    assert.equal(err.code, "ERR_OAUTH_STATE");
    assert.equal(err.path, "/state");
    return err.details.reason;
  };
  const flipped = state.slice(0, 5) + (state[5] === "A" ? "B" : "A") + state.slice(6);
  assert.equal(reason(() => verifyState(flipped, stateSecret, { now })), "signature");
  assert.equal(reason(() => verifyState(state, "another-secret-of-enough-bytes", { now })), "signature");
  assert.equal(reason(() => verifyState(state, stateSecret, { now: now + 601 })), "expired");
  assert.equal(verifyState(state, stateSecret, { now: now + 3600, maxAgeSeconds: 3600 }).provider, "google");
  assert.equal(reason(() => verifyState(state, stateSecret, { now: now - 120 })), "future");
  assert.equal(reason(() => verifyState(state, stateSecret, { now, provider: "x" })), "provider");
  assert.equal(reason(() => verifyState("not-a-state", stateSecret, { now })), "malformed");
  const err = thrown(() => verifyState(flipped, stateSecret, { now }));
  assert.ok(!err.message.includes(stateSecret) && !JSON.stringify(err.details).includes(stateSecret));
  // Dates work as `now`.
  assert.equal(verifyState(state, stateSecret, { now: new Date(now * 1000) }).issuedAt, now);
});

test("X code exchange: HTTP Basic for a confidential client, client_id for a public one", () => {
  const request = tokenRequest({ provider: "x", clientId: "my id", clientSecret: "s3cr3t", code: "CODE", redirectUri: "https://crm.example/cb", codeVerifier: "a".repeat(43) });
  assert.equal(request.url, "https://api.x.com/2/oauth2/token");
  assert.equal(request.method, "POST");
  assert.equal(request.headers["content-type"], "application/x-www-form-urlencoded");
  assert.equal(request.headers.authorization, "Basic " + Buffer.from("my%20id:s3cr3t").toString("base64"));
  const form = new URLSearchParams(request.body);
  assert.deepEqual(Object.fromEntries(form), { grant_type: "authorization_code", code: "CODE", redirect_uri: "https://crm.example/cb", code_verifier: "a".repeat(43) });
  const pub = tokenRequest({ provider: "x", clientId: "pub", code: "CODE", redirectUri: "https://crm.example/cb", codeVerifier: "a".repeat(43) });
  assert.equal(pub.headers.authorization, undefined);
  assert.equal(new URLSearchParams(pub.body).get("client_id"), "pub");
  assert.equal(thrown(() => tokenRequest({ provider: "x", clientId: "pub", code: "C", redirectUri: "https://crm.example/cb" })).path, "/codeVerifier");
});

test("refresh, long-lived exchange and revoke descriptors", () => {
  const tiktok = refreshRequest({ provider: "tiktok", clientId: "ck", clientSecret: "cs", refreshToken: "rft.1" });
  assert.deepEqual(Object.fromEntries(new URLSearchParams(tiktok.body)), { grant_type: "refresh_token", refresh_token: "rft.1", client_key: "ck", client_secret: "cs" });
  const ig = refreshRequest({ provider: "instagram", clientId: "app", clientSecret: "s", accessToken: "IGQ" });
  assert.equal(ig.url, "https://graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token=IGQ");
  const fb = longLivedTokenRequest({ provider: "facebook", clientId: "app", clientSecret: "sec", accessToken: "EAA" });
  const url = new URL(fb.url);
  assert.equal(url.searchParams.get("grant_type"), "fb_exchange_token");
  assert.equal(url.searchParams.get("fb_exchange_token"), "EAA");
  const err = thrown(() => refreshRequest({ provider: "facebook", clientId: "app", clientSecret: "sec", refreshToken: "x" }));
  assert.equal(err.code, "ERR_OAUTH_PROVIDER");
  const google = revokeRequest({ provider: "google", token: "ya29" });
  assert.equal(google.url, "https://oauth2.googleapis.com/revoke");
  assert.equal(new URLSearchParams(google.body).get("token"), "ya29");
  assert.equal(thrown(() => createAuthorization({ provider: "whatsapp", clientId: "c", redirectUri: "https://h/cb", stateSecret })).code, "ERR_OAUTH_PROVIDER");
});

test("parseTokenResponse reads each platform's answer; errors carry the platform's code, never the token", () => {
  const x = parseTokenResponse({ provider: "x", status: 200, now, body: JSON.stringify({ token_type: "bearer", expires_in: 7200, access_token: "AT", scope: "tweet.read users.read offline.access", refresh_token: "RT" }) });
  assert.deepEqual(x, { accessToken: "AT", tokenType: "bearer", scopes: ["tweet.read", "users.read", "offline.access"], expiresAt: now + 7200, refreshToken: "RT" });
  const tiktok = parseTokenResponse({ provider: "tiktok", status: 200, now, headers: new Headers({ "content-type": "application/json" }), body: new TextEncoder().encode(JSON.stringify({ access_token: "act", expires_in: 86400, open_id: "afd97af1", refresh_expires_in: 31536000, refresh_token: "rft", scope: "user.info.basic,video.list", token_type: "Bearer" })) });
  assert.equal(tiktok.userId, "afd97af1");
  assert.equal(tiktok.refreshExpiresAt, now + 31536000);
  // Instagram's legacy user_id beyond 2^53 stays exact, read from the text.
  const ig = parseTokenResponse({ provider: "instagram", status: 200, now, body: '{"access_token":"IGQ","user_id":17841405793187218}' });
  assert.equal(ig.userId, "17841405793187218");
  const google = parseTokenResponse({ provider: "google", status: 200, now, previous: { accessToken: "old", refreshToken: "1//keep" }, body: '{"access_token":"ya29","expires_in":3599,"token_type":"Bearer"}' });
  assert.equal(google.refreshToken, "1//keep");
  const spent = thrown(() => parseTokenResponse({ provider: "x", status: 400, now, body: '{"error":"invalid_request","error_description":"Value passed for the token was invalid."}' }));
  assert.equal(spent.code, "ERR_OAUTH_INVALID_GRANT");
  assert.deepEqual(spent.details, { provider: "x", call: "token", status: 400, error: "invalid_request", description: "Value passed for the token was invalid." });
  const refused = thrown(() => parseTokenResponse({ provider: "facebook", status: 400, now, body: '{"error":{"message":"Error validating client secret.","type":"OAuthException","code":1,"fbtrace_id":"A1"},"access_token":"SECRET-AT"}' }));
  assert.equal(refused.code, "ERR_OAUTH_TOKEN");
  assert.equal(refused.details.traceId, "A1");
  assert.ok(!refused.message.includes("SECRET-AT") && !JSON.stringify(refused.details).includes("SECRET-AT"));
  const parsedObject = thrown(() => parseTokenResponse({ provider: "x", status: 200, now, body: { access_token: "AT" } }));
  assert.equal(parsedObject.path, "/body");
});

test("needsRefresh compares expiresAt with now plus a margin", () => {
  assert.equal(needsRefresh({ expiresAt: now + 301 }, { now }), false);
  assert.equal(needsRefresh({ expiresAt: now + 300 }, { now }), true);
  assert.equal(needsRefresh({ expiresAt: now + 86400 }, { now, skewSeconds: 7 * 86400 }), true);
  assert.equal(needsRefresh({}, { now }), false);
});

test("retryPlan honours Retry-After and rate-limit headers, and jitter follows the seed", () => {
  const after = retryPlan({ provider: "google", status: 503, headers: new Headers({ "Retry-After": "120" }), attempt: 1, now, seed: 7 });
  assert.equal(after.retry, true);
  assert.equal(after.reason, "retry-after");
  assert.ok(after.delayMs >= 120_000 && after.delayMs < 121_000, String(after.delayMs));
  const x = retryPlan({ provider: "x", status: 429, headers: { "x-rate-limit-reset": String(now + 60) }, body: '{"title":"Too Many Requests"}', attempt: 1, now, seed: 1 });
  assert.equal(x.reason, "rate-limit-reset");
  const meta = retryPlan({ provider: "facebook", status: 400, headers: { "x-business-use-case-usage": '{"1":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":5}]}' }, body: '{"error":{"code":32,"message":"Page request limit reached"}}', attempt: 1, now, seed: 1 });
  assert.equal(meta.reason, "usage-limit");
  assert.ok(meta.delayMs >= 300_000);
  const first = retryPlan({ provider: "linkedin", status: 429, attempt: 1, now, seed: 3 });
  assert.deepEqual(first, retryPlan({ provider: "linkedin", status: 429, attempt: 1, now, seed: 3 }));
  assert.equal(first.reason, "rate-limited");
  assert.deepEqual(retryPlan({ provider: "x", status: 503, attempt: 5, now }), { retry: false, delayMs: 0, reason: "attempts-exhausted" });
  assert.equal(retryPlan({ provider: "x", status: 404, attempt: 1, now }).retry, false);
});

test("a Lead Ads lead: request descriptor, then the answer as a lead with string ids", () => {
  const request = apiRequest({ provider: "facebook", call: "lead", token: "PAGE-TOKEN", params: { leadId: "1234567890123456789" } });
  assert.equal(request.method, "GET");
  assert.equal(request.headers.authorization, "Bearer PAGE-TOKEN");
  const url = new URL(request.url);
  assert.equal(url.pathname, "/v26.0/1234567890123456789");
  assert.ok(url.searchParams.get("fields").split(",").includes("field_data"));
  const body = '{"created_time":"2015-02-28T08:49:14+0000","id":"1234567890123456789","ad_id":"6045101234567890123","form_id":"987654321098765","field_data":[{"name":"email","values":["joe@example.com"]},{"name":"full_name","values":["Joe Example"]},{"name":"notes"}]}';
  const lead = parseApiResponse({ provider: "facebook", call: "lead", status: 200, body: Buffer.from(body) });
  assert.deepEqual(lead, {
    id: "1234567890123456789",
    platform: "facebook",
    formId: "987654321098765",
    adId: "6045101234567890123",
    createdAt: "2015-02-28T08:49:14Z",
    answers: { email: ["joe@example.com"], full_name: ["Joe Example"], notes: [] },
    contact: { email: "joe@example.com", fullName: "Joe Example" },
  });
  const expired = thrown(() => parseApiResponse({ provider: "facebook", call: "lead", status: 400, body: '{"error":{"message":"Session has expired","type":"OAuthException","code":190,"error_subcode":463}}' }));
  assert.equal(expired.code, "ERR_API_UNAUTHORIZED");
  assert.equal(expired.details.subcode, 463);
});

test("X users keep ids beyond 2^53; a number id is refused", () => {
  const body = '{"data":[{"id":"1440000000000000001","name":"X Dev","username":"XDevelopers"}]}';
  assert.deepEqual(parseApiResponse({ provider: "x", call: "users", status: 200, body }), { users: [{ id: "1440000000000000001", name: "X Dev", username: "XDevelopers" }], errors: [] });
  const err = thrown(() => apiRequest({ provider: "x", call: "users", token: "t", params: { ids: [1440000000000000001] } }));
  assert.equal(err.code, "ERR_INVALID_ARGUMENT");
  assert.equal(err.path, "/params/ids/0");
  assert.equal(thrown(() => apiRequest({ provider: "x", call: "lead", token: "t" })).path, "/call");
});

test("YouTube comment threads page by page", () => {
  const first = apiRequest({ provider: "google", call: "commentThreads", token: "ya29", params: { videoId: "dQw4w9WgXcQ" } });
  assert.equal(new URL(first.url).searchParams.get("part"), "snippet,replies");
  const page = parseApiResponse({
    provider: "google",
    call: "commentThreads",
    status: 200,
    body: JSON.stringify({ nextPageToken: "NEXT", items: [{ id: "T1", snippet: { videoId: "dQw4w9WgXcQ", topLevelComment: { id: "T1", snippet: { textOriginal: "Hi", authorDisplayName: "Ada", publishedAt: "2026-11-01T10:00:00Z" } } }, replies: { comments: [{ id: "T1.r", snippet: { textOriginal: "Hello", parentId: "T1" } }] } }] }),
  });
  assert.equal(page.nextPageToken, "NEXT");
  assert.deepEqual(page.comments.map((c) => [c.id, c.threadId, c.videoId]), [["T1", "T1", "dQw4w9WgXcQ"], ["T1.r", "T1", "dQw4w9WgXcQ"]]);
  const next = apiRequest({ provider: "google", call: "commentThreads", token: "ya29", params: { videoId: "dQw4w9WgXcQ", pageToken: page.nextPageToken } });
  assert.equal(new URL(next.url).searchParams.get("pageToken"), "NEXT");
});

test("option bags are checked before the core", () => {
  assert.equal(thrown(() => createAuthorization()).code, "ERR_INVALID_ARGUMENT");
  assert.equal(thrown(() => verifyState(undefined, stateSecret)).path, "/state");
  assert.equal(thrown(() => tokenRequest({ provider: "x", clientId: 1n })).code, "ERR_INVALID_ARGUMENT");
  assert.equal(thrown(() => createAuthorization({ provider: "x", clientId: "c", redirectUri: "https://h/cb", stateSecret: "short" })).path, "/stateSecret");
});
