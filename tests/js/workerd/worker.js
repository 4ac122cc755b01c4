// Test worker for layer 4: imports the package by NAME so the bundler picks the `workerd`
// export condition, exactly as a Cloudflare Workers user's build would.
import { verifyWebhook, version, init, createConnector, SocialCrmError } from "social-crm-bridge";
import * as api from "social-crm-bridge";
import { runHandshakes, runSigning, runVectors } from "../vector-runner.mjs";
import { runMappingVectors } from "../mapping-runner.mjs";

const json = (status, value) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    // No-op on workerd, but portable code calls it, so it must resolve here too.
    await init();

    if (request.method === "POST" && pathname === "/webhooks/meta") {
      // The signature covers the exact bytes received: never re-encode via request.text().
      const body = await request.arrayBuffer();
      try {
        const result = verifyWebhook({
          scheme: "meta",
          secret: env.META_APP_SECRET,
          headers: request.headers,
          body,
        });
        return json(200, result);
      } catch (err) {
        if (err instanceof SocialCrmError) {
          return json(401, { code: err.code, message: err.message, path: err.path });
        }
        return json(500, { message: String(err?.stack ?? err) });
      }
    }

    // The shared webhook vectors, run inside workerd against the bundled package.
    if (request.method === "POST" && pathname === "/vectors") {
      const { webhooks, signing, handshakes } = await request.json();
      return json(200, [...runVectors(api, webhooks), ...runSigning(api, signing), ...runHandshakes(api, handshakes)]);
    }

    // The connector inside workerd against the test's fake platform (its base URL and the
    // provider overrides come in the request): connect, call, refresh, 401, 429, single flight.
    if (request.method === "POST" && pathname === "/connector") {
      try {
        return json(200, await connectorScenario(await request.json()));
      } catch (err) {
        return json(500, { code: err?.code, message: String(err?.stack ?? err) });
      }
    }

    // normalizeEvent inside workerd: each fixture body is posted raw; the answer is its events
    // from the built-ins and from a handle with an override.
    if (request.method === "POST" && pathname === "/normalize") {
      try {
        const platform = new URL(request.url).searchParams.get("platform") ?? undefined;
        const body = new Uint8Array(await request.arrayBuffer());
        const events = api.normalizeEvent({ body, platform });
        const tagged = api
          .createNormalizer({ overrides: [{ version: 1, name: "edge", extends: "whatsapp",
            records: { text: { fields: { "contact.custom.edge": { value: true } } } } }] })
          .normalize({ body, platform });
        return json(200, { events, tagged });
      } catch (err) {
        return json(err instanceof SocialCrmError ? 400 : 500, { code: err?.code, message: String(err?.stack ?? err) });
      }
    }

    // The mapping vectors inside workerd, and a delivery mapped from the raw request body.
    if (request.method === "POST" && pathname === "/mapping/vectors") {
      return json(200, { failures: runMappingVectors(api, await request.json()) });
    }
    if (request.method === "POST" && pathname === "/mapping/map") {
      const { spec, body } = JSON.parse(await request.text());
      const mapping = api.compileMapping(spec);
      try {
        return json(200, mapping.map(new TextEncoder().encode(body)));
      } finally {
        mapping.free();
      }
    }

    // mergeContacts inside workerd: the golden merge vector as sent, and its observations
    // reversed (the result must not depend on their order).
    if (request.method === "POST" && pathname === "/merge") {
      try {
        const { observations, policy } = await request.json();
        return json(200, {
          merged: api.mergeContacts(observations, policy),
          reversed: api.mergeContacts([...observations].reverse(), policy),
        });
      } catch (err) {
        return json(500, { code: err?.code, message: String(err?.stack ?? err) });
      }
    }

    // Identity resolution inside workerd: keys and a comparison for the per-delivery path, and
    // a bulk dedupe of the NDJSON body read as bytes.
    if (request.method === "POST" && pathname === "/identity") {
      try {
        const bytes = new Uint8Array(await request.arrayBuffer());
        const lines = new TextDecoder().decode(bytes).trim().split("\n").map((l) => JSON.parse(l));
        const result = api.dedupeContacts(bytes, undefined, { train: true });
        return json(200, {
          keys: api.matchKeys(lines[0]),
          comparison: api.compareContacts(lines[0], lines[1]),
          clusters: result.clusters,
          trained: typeof result.rules?.prior === "number",
        });
      } catch (err) {
        return json(500, { code: err?.code, message: String(err?.stack ?? err) });
      }
    }

    if (request.method === "GET" && pathname === "/exports") {
      return json(200, { exports: Object.keys(api).sort(), version: version() });
    }

    return json(404, { message: "not found" });
  },
};

async function connectorScenario({ base, providers, secrets, code, start, calls }) {
  let clock = start;
  const data = new Map();
  const store = {
    get: async (id) => (data.has(id) ? JSON.parse(data.get(id)) : undefined),
    set: async (id, value) => void data.set(id, JSON.stringify(value)),
  };
  const stored = (id) => JSON.parse(data.get(id));
  const sleeps = [];
  // workerd's own fetch, passed as is.
  const connector = createConnector({ fetch, store, providers, clientSecrets: secrets, now: () => clock, sleep: async (ms) => void sleeps.push(ms), seed: 7 });
  const control = (path) => fetch(`${base}/_control/${path}`, { method: "POST" });
  const connect = (connectionId, provider) =>
    connector.connect({ connectionId, provider, clientId: `client-of-${provider}`, code, redirectUri: "https://crm.example/oauth/callback", codeVerifier: "v".repeat(43) });

  const out = { providers: {} };
  for (const [provider, call, params] of calls) {
    clock = start;
    const id = `${provider}-workerd`;
    await connect(id, provider);
    const first = stored(id).token;
    const before = await connector.call(id, { call, params });
    clock = first.expiresAt + 1; // expired: the next call refreshes first
    const after = await connector.call(id, { call, params });
    const second = stored(id).token;
    out.providers[provider] = {
      before,
      after,
      newAccessToken: second.accessToken !== first.accessToken,
      rotated: first.refreshToken !== undefined && second.refreshToken !== first.refreshToken,
    };
  }

  // WhatsApp: a system-user token stored by the host, used as is.
  await control("accept?provider=whatsapp&token=EAAG-system-user");
  await store.set("wa", { provider: "whatsapp", clientId: "app", token: { accessToken: "EAAG-system-user", tokenType: "bearer", scopes: [] } });
  out.whatsapp = await connector.call("wa", { call: "subscribedApps", params: { id: "102290129340398" } });

  // 20 concurrent calls, all seeing an expired token.
  clock = start;
  await connect("x-many", "x");
  clock = stored("x-many").token.expiresAt + 60;
  out.concurrent = (await Promise.all(Array.from({ length: 20 }, () => connector.call("x-many", { call: "me" })))).map((r) => r.username);

  // A 401: one refresh, one retry.
  clock = start;
  await connect("li-401", "linkedin");
  await control("invalidate?provider=linkedin");
  out.afterUnauthorized = (await connector.call("li-401", { call: "userinfo" })).email;

  // A 429 with Retry-After: retried after the plan's delay.
  await connect("g-429", "google");
  await control("rate-limit?provider=google&n=1");
  out.afterThrottle = (await connector.call("g-429", { call: "commentThreads", params: { videoId: "v" } })).comments.length;
  out.sleeps = sleeps;

  // A refresh token reused after rotation: detected after a re-read, no loop.
  await connect("x-stale", "x");
  const stale = stored("x-stale");
  await connector.refresh("x-stale");
  await store.set("x-stale", stale);
  try {
    await connector.refresh("x-stale");
    out.reuse = { code: "none" };
  } catch (err) {
    const text = err.message + JSON.stringify(err.details);
    out.reuse = {
      code: err.code,
      isSocialCrmError: err instanceof SocialCrmError,
      reconnect: stored("x-stale").reconnect?.reason,
      leaked: [stale.token.accessToken, stale.token.refreshToken, ...Object.values(secrets)].some((t) => text.includes(t)),
    };
  }
  return out;
}
