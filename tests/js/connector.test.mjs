// Layer 3: createConnector from the built pkg/, against a fake of every platform on loopback
// (fake-platform.mjs). The fake counts what it serves, so the tests assert how many refreshes
// and retries reached the "platform", not only what the connector returned.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { startFakePlatform, clientSecret, CODE } from "./fake-platform.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const { createConnector, SocialCrmError } = await import(new URL("node.js", pkgDir));

const START = 1_800_000_000;
let clock = START;
let fake;
before(async () => {
  fake = await startFakePlatform({ now: () => clock });
});
after(() => fake?.close());

/** The host's store: values go through JSON, as a database or KV store would do. */
function memoryStore() {
  const data = new Map();
  return {
    data,
    reads: 0,
    async get(id) {
      this.reads++;
      const v = data.get(id);
      return v === undefined ? undefined : JSON.parse(v);
    },
    async set(id, value) {
      data.set(id, JSON.stringify(value));
    },
    peek: (id) => (data.has(id) ? JSON.parse(data.get(id)) : undefined),
  };
}

const secrets = Object.fromEntries(["facebook", "instagram", "x", "linkedin", "tiktok", "google"].map((p) => [p, clientSecret(p)]));

function connector(store, extra = {}) {
  const sleeps = [];
  const c = createConnector({
    fetch,
    store,
    providers: fake.providers,
    clientSecrets: secrets,
    now: () => clock,
    sleep: async (ms) => void sleeps.push(ms),
    seed: 42,
    ...extra,
  });
  c.sleeps = sleeps;
  return c;
}

const connect = (c, connectionId, provider) =>
  c.connect({ connectionId, provider, clientId: `client-of-${provider}`, code: CODE, redirectUri: "https://crm.example/oauth/callback", codeVerifier: "v".repeat(43), scopes: ["asked.for"] });

async function rejectsWith(promise, code) {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof SocialCrmError, `expected SocialCrmError, got ${err?.stack ?? err}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

/** No token of the connection appears in the error's message, details or stack. */
function assertNoTokens(err, ...connections) {
  const text = [err.message, JSON.stringify(err.details ?? {}), err.stack ?? ""].join("\n");
  for (const connection of connections) {
    for (const value of [connection?.token?.accessToken, connection?.token?.refreshToken, ...Object.values(secrets)]) {
      if (value) assert.ok(!text.includes(value), "a token or secret leaked into an error");
    }
  }
}

// provider → [call, params, check]
const CALLS = {
  facebook: [
    ["messengerProfile", { psid: "24000000000000001" }, (r) => assert.deepEqual([r.id, r.firstName], ["24000000000000001", "Ada"])],
    ["lead", { leadId: "L-1234567890123456789" }, (r) => assert.deepEqual(r.contact, { email: "ada@example.com", fullName: "Ada Lovelace" })],
  ],
  instagram: [["instagramProfile", { igsid: "17841400000000001" }, (r) => assert.deepEqual([r.id, r.username], ["17841400000000001", "ada.codes"])]],
  x: [["me", {}, (r) => assert.equal(r.id, "1440000000000000001")]],
  linkedin: [["userinfo", {}, (r) => assert.equal(r.email, "ada@example.com")]],
  tiktok: [["userInfo", {}, (r) => assert.equal(r.id, "723f24d7-e717-40f8-a2b6-cb8464cd23b4")]],
  google: [["commentThreads", { videoId: "dQw4w9WgXcQ" }, (r) => assert.equal(r.nextPageToken, "PAGE-2")]],
};

for (const provider of Object.keys(CALLS)) {
  test(`${provider}: connects, calls, refreshes when expired, calls again, revokes`, async () => {
    clock = START;
    const store = memoryStore();
    const c = connector(store);
    const id = `${provider}-conn`;
    const summary = await connect(c, id, provider);
    assert.equal(summary.provider, provider);
    assert.ok(!JSON.stringify(summary).includes(store.peek(id).token.accessToken), "connect() returns no token");
    assert.equal(fake.count(`${provider}:code`) >= 1, true);
    if (provider === "facebook" || provider === "instagram") assert.ok(fake.count(`${provider}:longLived`) >= 1, "long-lived exchange");
    assert.ok(store.peek(id).token.scopes.length > 0, "scopes: the answer's, else those asked for");
    const first = store.peek(id).token;
    for (const [call, params, check] of CALLS[provider]) check(await c.call(id, { call, params }));

    // Past the token's expiry: the next call refreshes first, then calls with the new token.
    const refreshesBefore = fake.count(`${provider}:refresh`) + fake.count(`${provider}:longLived`);
    clock = first.expiresAt + 1;
    for (const [call, params, check] of CALLS[provider]) check(await c.call(id, { call, params }));
    assert.equal(fake.count(`${provider}:refresh`) + fake.count(`${provider}:longLived`), refreshesBefore + 1, "one refresh");
    const second = store.peek(id).token;
    assert.notEqual(second.accessToken, first.accessToken);
    assert.ok(second.expiresAt > clock);
    if (provider === "x" || provider === "tiktok") {
      assert.notEqual(second.refreshToken, first.refreshToken, "rotated");
      assert.equal(fake.isLiveRefreshToken(first.refreshToken), false);
    }
    if (provider === "google" || provider === "linkedin") assert.equal(second.refreshToken, first.refreshToken, "kept");
    assert.equal(await c.accessToken(id), second.accessToken);

    // An explicit refresh works too.
    await c.refresh(id);
    assert.notEqual(store.peek(id).token.accessToken, second.accessToken);

    const { revoked } = await c.revoke(id);
    assert.equal(revoked, provider !== "instagram");
    assert.deepEqual(store.peek(id).reconnect.reason, "revoked");
    assert.equal(store.peek(id).token, undefined);
    await rejectsWith(c.call(id, { call: CALLS[provider][0][0], params: CALLS[provider][0][1] }), "ERR_OAUTH_INVALID_GRANT");
  });
}

test("google commentThreads pages through with pageToken", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store);
  await connect(c, "yt", "google");
  const ids = [];
  let pageToken;
  do {
    const page = await c.call("yt", { call: "commentThreads", params: { videoId: "dQw4w9WgXcQ", pageToken } });
    ids.push(...page.comments.map((m) => m.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  assert.deepEqual(ids, ["T1", "T2", "T3"]);
});

test("whatsapp: a stored system-user token makes calls and is never refreshed", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store);
  fake.acceptAccessToken("whatsapp", "EAAG-system-user-token");
  await store.set("wa", { provider: "whatsapp", clientId: "app-1", token: { accessToken: "EAAG-system-user-token", tokenType: "bearer", scopes: [] } });
  clock = START + 10 * 365 * 86400;
  assert.deepEqual(await c.call("wa", { call: "subscribedApps", params: { id: "102290129340398" } }), { success: true });
  assert.equal(fake.count("whatsapp:api:subscribedApps"), 1);
  const err = await rejectsWith(c.refresh("wa"), "ERR_OAUTH_PROVIDER");
  assertNoTokens(err, store.peek("wa"));
});

test("Meta and Instagram tokens, renewed by exchanging themselves, are renewed a week before expiry", async () => {
  for (const provider of ["facebook", "instagram"]) {
    clock = START;
    const store = memoryStore();
    const c = connector(store);
    await connect(c, `${provider}-week`, provider);
    const { expiresAt, accessToken } = store.peek(`${provider}-week`).token;
    const kind = provider === "facebook" ? "longLived" : "refresh";
    const before = fake.count(`${provider}:${kind}`);
    clock = expiresAt - 8 * 86400;
    assert.equal(await c.accessToken(`${provider}-week`), accessToken);
    clock = expiresAt - 6 * 86400;
    assert.notEqual(await c.accessToken(`${provider}-week`), accessToken);
    assert.equal(fake.count(`${provider}:${kind}`) - before, 1);
  }
});

test("20 concurrent calls that all see an expired token cause exactly one refresh", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store);
  await connect(c, "x-many", "x");
  const before = fake.count("x:refresh");
  clock = store.peek("x-many").token.expiresAt + 60;
  const results = await Promise.all(Array.from({ length: 20 }, () => c.call("x-many", { call: "me" })));
  assert.equal(results.length, 20);
  assert.ok(results.every((r) => r.username === "XDevelopers"));
  assert.equal(fake.count("x:refresh") - before, 1);
  assert.equal(fake.count("x:refreshRefused"), 0);
});

test("two processes sharing a store and the host's lock: one refresh, the other re-reads and skips", async () => {
  clock = START;
  const store = memoryStore();
  // A cross-process lock as a host would build it (here: a promise chain per connection).
  const tails = new Map();
  const lock = (id, fn) => {
    const run = (tails.get(id) ?? Promise.resolve()).then(fn, fn);
    tails.set(id, run.catch(() => {}));
    return run;
  };
  const a = connector(store, { lock });
  const b = connector(store, { lock });
  await connect(a, "tt-shared", "tiktok");
  const before = fake.count("tiktok:refresh");
  clock = store.peek("tt-shared").token.expiresAt + 1;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).call("tt-shared", { call: "userInfo" })));
  assert.ok(results.every((r) => r.name === "Tik Toker"));
  assert.equal(fake.count("tiktok:refresh") - before, 1);
  assert.equal(fake.count("tiktok:refreshRefused"), 0);
});

test("a refresh token reused after rotation: invalid_grant, re-read, the connection is marked, no loop", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store);
  await connect(c, "x-stale", "x");
  const stale = store.peek("x-stale");
  await c.refresh("x-stale"); // rotates: the stored refresh token is new, the old one is spent
  // A crashed process wrote back the connection it had read before the rotation.
  await store.set("x-stale", stale);
  const refusedBefore = fake.count("x:refreshRefused");
  const refreshesBefore = fake.count("x:refresh");
  store.reads = 0;
  const err = await rejectsWith(c.refresh("x-stale"), "ERR_OAUTH_INVALID_GRANT");
  assert.equal(fake.count("x:refresh") - refreshesBefore, 1, "one refresh request, no loop");
  assert.equal(fake.count("x:refreshRefused") - refusedBefore, 1);
  assert.ok(store.reads >= 2, "the store was re-read before declaring the connection dead");
  assert.equal(err.details.reconnect, true);
  assert.equal(err.details.connectionId, "x-stale");
  assertNoTokens(err, stale);
  const marked = store.peek("x-stale");
  assert.equal(marked.reconnect.reason, "invalid_grant");
  // Later calls fail at once, without asking the platform again.
  const calls = fake.count("x:refresh");
  await rejectsWith(c.call("x-stale", { call: "me" }), "ERR_OAUTH_INVALID_GRANT");
  await rejectsWith(c.accessToken("x-stale"), "ERR_OAUTH_INVALID_GRANT");
  assert.equal(fake.count("x:refresh"), calls);
  // Reconnecting clears the mark.
  await connect(c, "x-stale", "x");
  assert.equal(store.peek("x-stale").reconnect, undefined);
  assert.equal((await c.call("x-stale", { call: "me" })).username, "XDevelopers");
});

test("invalid_grant after a sibling's rotation: the re-read finds its token and the call goes on", async () => {
  clock = START;
  const shared = memoryStore();
  const a = connector(shared);
  await connect(a, "x-sib", "x");
  const stale = shared.peek("x-sib");
  // Process B read the connection before A rotated it: its first two reads (before and
  // inside the lock) still see the old refresh token, as a replica that lags would.
  let staleReads = 0;
  const bStore = {
    reads: 0,
    async get(id) {
      this.reads++;
      if (staleReads > 0) {
        staleReads--;
        return structuredClone(stale);
      }
      return shared.get(id);
    },
    set: (id, v) => shared.set(id, v),
  };
  const b = connector(bStore);
  await a.refresh("x-sib");
  const fresh = shared.peek("x-sib").token;
  const refusedBefore = fake.count("x:refreshRefused");
  staleReads = 2;
  const summary = await b.refresh("x-sib");
  // B sent the spent refresh token once, was refused, re-read, and took A's token.
  assert.equal(fake.count("x:refreshRefused") - refusedBefore, 1);
  assert.equal(bStore.reads, 3);
  assert.equal(summary.expiresAt, fresh.expiresAt);
  assert.equal(shared.peek("x-sib").reconnect, undefined);
  assert.equal((await b.call("x-sib", { call: "me" })).username, "XDevelopers");
  assert.equal(shared.peek("x-sib").token.refreshToken, fresh.refreshToken);
});

test("a 401 refreshes once and retries once; a second 401 is returned", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store);
  await connect(c, "li-401", "linkedin");
  const before = { refresh: fake.count("linkedin:refresh"), unauthorized: fake.count("linkedin:unauthorized") };
  fake.invalidateAccessTokens("linkedin");
  assert.equal((await c.call("li-401", { call: "userinfo" })).email, "ada@example.com");
  assert.equal(fake.count("linkedin:refresh") - before.refresh, 1);
  assert.equal(fake.count("linkedin:unauthorized") - before.unauthorized, 1);

  // Meta answers 400 with code 190: the same path.
  await connect(c, "fb-401", "facebook");
  fake.invalidateAccessTokens("facebook");
  // Meta has no refresh token: the renewal is fb_exchange_token with the token just refused,
  // which Meta refuses too (190), so the connection is marked for reconnection, once.
  const fb = store.peek("fb-401");
  const fbBefore = fake.count("facebook:longLived");
  const err = await rejectsWith(c.call("fb-401", { call: "messengerProfile", params: { psid: "1" } }), "ERR_OAUTH_INVALID_GRANT");
  assert.equal(fake.count("facebook:longLived") - fbBefore, 1);
  assert.equal(err.details.code, 190);
  assert.equal(store.peek("fb-401").reconnect.reason, "invalid_grant");
  assertNoTokens(err, fb);

  // Google: the platform keeps refusing → one refresh, then ERR_API_UNAUTHORIZED, no loop.
  await connect(c, "g-401", "google");
  const g = { refresh: fake.count("google:refresh"), unauthorized: fake.count("google:unauthorized") };
  const realFetch = fetch;
  const c2 = connector(store, {
    fetch: async (url, init) => {
      if (String(url).includes("/commentThreads")) fake.invalidateAccessTokens("google");
      return realFetch(url, init);
    },
  });
  const denied = await rejectsWith(c2.call("g-401", { call: "commentThreads", params: { videoId: "v" } }), "ERR_API_UNAUTHORIZED");
  assert.equal(fake.count("google:refresh") - g.refresh, 1);
  assert.equal(fake.count("google:unauthorized") - g.unauthorized, 2);
  assertNoTokens(denied, store.peek("g-401"));
});

for (const [provider, call, params, minDelay] of [
  ["x", "me", {}, 2000],
  ["google", "commentThreads", { videoId: "v" }, 2000],
  ["tiktok", "userInfo", {}, 2000],
  ["linkedin", "userinfo", {}, 1],
  ["facebook", "messengerProfile", { psid: "1" }, 1],
]) {
  test(`${provider}: a throttled call is retried after the plan's delay`, async () => {
    clock = START;
    const store = memoryStore();
    const c = connector(store);
    await connect(c, `${provider}-429`, provider);
    const before = fake.count(`${provider}:throttled`);
    fake.rateLimit(provider, 1);
    await c.call(`${provider}-429`, { call, params });
    assert.equal(fake.count(`${provider}:throttled`) - before, 1);
    assert.equal(c.sleeps.length, 1);
    assert.ok(c.sleeps[0] >= minDelay && c.sleeps[0] <= 60_000, `slept ${c.sleeps[0]} ms`);
  });
}

test("retries are bounded: after maxAttempts the platform's error is thrown with the plan", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store, { maxAttempts: 3 });
  await connect(c, "x-limit", "x");
  const before = fake.count("x:throttled");
  fake.rateLimit("x", 10);
  const err = await rejectsWith(c.call("x-limit", { call: "me" }), "ERR_API_ERROR");
  assert.equal(fake.count("x:throttled") - before, 3);
  assert.equal(c.sleeps.length, 2);
  assertNoTokens(err, store.peek("x-limit"));
  fake.rateLimit("x", 0);
});

test("tokens and secrets never appear in errors: failed fetch, refused code, unknown connection", async () => {
  clock = START;
  const store = memoryStore();
  const c = connector(store);
  await connect(c, "ig-leak", "instagram");
  const connection = store.peek("ig-leak");
  // Instagram's refresh URL carries the access token in its query; the fetch fails.
  const failing = connector(store, {
    fetch: async (url) => {
      throw new TypeError(`fetch failed for ${url}`);
    },
  });
  const network = await rejectsWith(failing.refresh("ig-leak"), "ERR_API_NETWORK");
  assertNoTokens(network, connection);
  const refused = await rejectsWith(c.connect({ connectionId: "bad", provider: "x", clientId: "c", code: "wrong", redirectUri: "https://crm.example/cb", codeVerifier: "v".repeat(43) }), "ERR_OAUTH_INVALID_GRANT");
  assertNoTokens(refused, connection);
  await rejectsWith(c.call("nobody", { call: "me" }), "ERR_CONNECTION_UNKNOWN");
});

test("options are validated", () => {
  const thrown = (fn) => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    assert.fail("expected a throw");
  };
  assert.equal(thrown(() => createConnector({ store: memoryStore(), clientSecrets: {} })).path, "/fetch");
  assert.equal(thrown(() => createConnector({ fetch, store: {}, clientSecrets: {} })).path, "/store");
  assert.equal(thrown(() => createConnector({ fetch, store: memoryStore() })).path, "/clientSecrets");
  assert.equal(thrown(() => createConnector({ fetch, store: memoryStore(), clientSecrets: {}, lock: 1 })).path, "/lock");
});
