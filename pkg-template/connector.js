// The connector: the OAuth core's descriptors sent with the host's fetch, tokens kept in the
// host's store. Everything that decides (requests, token answers, retry plans) is the core's;
// this file only orders the I/O: single-flight refreshes, the host's lock, re-reads of the
// store before believing a refresh is needed or a connection is dead.
//
// Tokens and client secrets never go into a message, a `details` object or a log line: errors
// come from the core (which leaves them out) or are built here from names and statuses only.
import {
  provider as resolveProvider,
  tokenRequest,
  refreshRequest,
  longLivedTokenRequest,
  revokeRequest,
  parseTokenResponse,
  needsRefresh,
  retryPlan,
  apiRequest,
  parseApiResponse,
} from "./index.js";
import { invalid, SocialCrmError } from "./runtime.js";

/**
 * A connector over the host's `fetch` and `store`. Stored connections are
 * `{ provider, clientId, token, reconnect? }`; see index.d.ts for every option.
 */
export function createConnector(options) {
  if (options === null || typeof options !== "object") {
    throw invalid("", "expected an options object { fetch, store, clientSecrets, providers?, lock?, now?, sleep?, seed? }");
  }
  const { fetch: fetchFn, store, clientSecrets, lock } = options;
  if (typeof fetchFn !== "function") throw invalid("/fetch", "expected the host's fetch function");
  if (store === null || typeof store !== "object" || typeof store.get !== "function" || typeof store.set !== "function") {
    throw invalid("/store", "expected a store { get(connectionId), set(connectionId, connection) } (methods may be async)");
  }
  if (typeof clientSecrets !== "function" && (clientSecrets === null || typeof clientSecrets !== "object")) {
    throw invalid("/clientSecrets", "expected { [provider]: secret } or a function (provider, clientId) => secret");
  }
  if (lock !== undefined && typeof lock !== "function") throw invalid("/lock", "expected a function (connectionId, fn) => Promise");
  const overrides = options.providers ?? {};
  if (overrides === null || typeof overrides !== "object") throw invalid("/providers", "expected { [name]: provider overrides }");
  const clock = options.now ?? (() => Date.now() / 1000);
  if (typeof clock !== "function") throw invalid("/now", "expected a function returning unix seconds or a Date");
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  if (typeof sleep !== "function") throw invalid("/sleep", "expected a function (ms) => Promise");
  const seed = options.seed;
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw invalid("/seed", "expected an integer ≥ 0");
  const maxAttempts = positiveInteger(options.maxAttempts ?? 3, "/maxAttempts");
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  if (typeof maxWaitMs !== "number" || !(maxWaitMs >= 0)) throw invalid("/maxWaitMs", "expected milliseconds ≥ 0");
  const skewSeconds = options.skewSeconds ?? 300;
  if (typeof skewSeconds !== "number" || !(skewSeconds >= 0)) throw invalid("/skewSeconds", "expected seconds ≥ 0");

  const now = () => {
    const t = clock();
    return Math.floor(t instanceof Date ? t.getTime() / 1000 : t);
  };
  // Tokens renewed by exchanging the access token itself (Meta's fb_exchange_token, Instagram's
  // ig_refresh_token) cannot be renewed once expired: renew those a week ahead.
  const skewFor = (info) => (info.refreshGrant === "refresh_token" ? skewSeconds : Math.max(skewSeconds, LONG_LIVED_SKEW));
  const inFlight = new Map();
  const resolved = new Map();

  /** The provider spec sent to the core (the name, or the host's override of it) and its resolution. */
  function providerOf(name) {
    let entry = resolved.get(name);
    if (!entry) {
      const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
      const spec = override === undefined ? name : { name, ...override };
      entry = { spec, info: resolveProvider(spec) };
      resolved.set(name, entry);
    }
    return entry;
  }

  async function secretFor(name, clientId) {
    const secret = typeof clientSecrets === "function" ? await clientSecrets(name, clientId) : clientSecrets[name];
    if (secret !== undefined && secret !== null && typeof secret !== "string") {
      throw invalid(`/clientSecrets/${name}`, "expected the client secret as a string");
    }
    return secret ?? undefined;
  }

  /** Sends a descriptor. A failed fetch is reported without the URL, which can carry a token. */
  async function send(request, what) {
    let response;
    try {
      response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body });
    } catch (err) {
      const reason = err?.cause?.code ?? err?.code ?? err?.name ?? "error";
      throw new SocialCrmError("ERR_API_NETWORK", `the request for ${what.call} to ${what.provider} failed before an answer (${reason})`, {
        details: { ...what, reason: String(reason) },
      });
    }
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  async function load(connectionId) {
    if (typeof connectionId !== "string" || connectionId === "") throw invalid("/connectionId", "expected the connection id as a string");
    const connection = await store.get(connectionId);
    if (connection === undefined || connection === null) {
      throw new SocialCrmError("ERR_CONNECTION_UNKNOWN", `no stored connection "${connectionId}": connect it first`, { details: { connectionId } });
    }
    if (connection.reconnect) throw reconnectError(connectionId, connection);
    if (!connection.token || typeof connection.token.accessToken !== "string") {
      throw new SocialCrmError("ERR_CONNECTION_UNKNOWN", `stored connection "${connectionId}" has no token`, { details: { connectionId } });
    }
    return connection;
  }

  function reconnectError(connectionId, connection) {
    const { reason, at, error } = connection.reconnect;
    return new SocialCrmError(
      "ERR_OAUTH_INVALID_GRANT",
      `connection "${connectionId}" (${connection.provider}) must be reconnected: ${reason}`,
      { details: { connectionId, provider: connection.provider, reconnect: true, reason, at, ...(error ? { error } : {}) } },
    );
  }

  async function exchange(name, clientId, request, call, previous, scopes) {
    const { spec } = providerOf(name);
    const answer = await send(request, { provider: name, call });
    return parseTokenResponse({ provider: spec, ...answer, now: now(), previous, scopes });
  }

  /** Whether the provider has any way to renew a token: a refresh grant, or Meta's exchange. */
  function renewable(info) {
    return Boolean(info.refreshGrant || info.longLivedGrant === "fb_exchange_token");
  }

  /** One refresh per connection in this process; others await the same promise. */
  function refreshShared(connectionId, seen, force) {
    let pending = inFlight.get(connectionId);
    if (!pending) {
      const run = () => refreshLocked(connectionId, seen, force);
      pending = Promise.resolve()
        .then(() => (lock ? lock(connectionId, run) : run()))
        .finally(() => inFlight.delete(connectionId));
      inFlight.set(connectionId, pending);
    }
    return pending;
  }

  /** Inside the lock: re-read, skip when someone else refreshed, else refresh and store at once. */
  async function refreshLocked(connectionId, seen, force) {
    const connection = await load(connectionId);
    const current = connection.token;
    if (!sameToken(current, seen)) return connection; // another caller (or process) already refreshed
    const { spec, info } = providerOf(connection.provider);
    if (!force && !needsRefresh(current, { now: now(), skewSeconds: skewFor(info) })) return connection;
    if (!renewable(info)) {
      throw new SocialCrmError("ERR_OAUTH_PROVIDER", `${connection.provider} tokens cannot be refreshed: reconnect, or store a new token`, {
        details: { connectionId, provider: connection.provider },
      });
    }
    const clientId = connection.clientId;
    const clientSecret = await secretFor(connection.provider, clientId);
    let token;
    try {
      if (info.refreshGrant === "refresh_token") {
        if (!current.refreshToken) {
          throw new SocialCrmError("ERR_OAUTH_INVALID_GRANT", `connection "${connectionId}" has no refresh token (X needs offline.access)`, {
            details: { provider: connection.provider, call: "refresh", error: "no_refresh_token" },
          });
        }
        const request = refreshRequest({ provider: spec, clientId, clientSecret, refreshToken: current.refreshToken });
        token = await exchange(connection.provider, clientId, request, "refresh", current);
      } else if (info.refreshGrant) {
        const request = refreshRequest({ provider: spec, clientId, clientSecret, accessToken: current.accessToken });
        token = await exchange(connection.provider, clientId, request, "refresh", current);
      } else {
        const request = longLivedTokenRequest({ provider: spec, clientId, clientSecret, accessToken: current.accessToken });
        token = await exchange(connection.provider, clientId, request, "refresh", current);
      }
    } catch (err) {
      if (!(err instanceof SocialCrmError) || err.code !== "ERR_OAUTH_INVALID_GRANT") throw err;
      // Before declaring the connection dead: has a sibling refreshed meanwhile?
      const latest = await store.get(connectionId);
      if (latest && !latest.reconnect && latest.token && !sameToken(latest.token, current)) return latest;
      const reconnect = { reason: "invalid_grant", at: now(), error: err.details?.error };
      const dead = { ...(latest ?? connection), reconnect };
      await store.set(connectionId, dead);
      const error = reconnectError(connectionId, dead);
      error.details = { ...err.details, ...error.details };
      throw error;
    }
    const updated = { ...connection, token, refreshedAt: now() };
    await store.set(connectionId, updated);
    return updated;
  }

  async function freshConnection(connectionId) {
    const connection = await load(connectionId);
    const { info } = providerOf(connection.provider);
    if (!needsRefresh(connection.token, { now: now(), skewSeconds: skewFor(info) })) return connection;
    if (!renewable(info)) return connection; // nothing to renew with (WhatsApp system-user tokens)
    return refreshShared(connectionId, connection.token, false);
  }

  return {
    /**
     * The code exchange (plus Meta's and Instagram's long-lived exchange), stored under
     * `connectionId`. Resolves to a summary without the token.
     */
    async connect(o) {
      if (o === null || typeof o !== "object") throw invalid("", "expected { connectionId, provider, clientId, code, redirectUri, codeVerifier? }");
      const { connectionId, provider: name, clientId, code, codeVerifier, redirectUri, scopes } = o;
      if (typeof connectionId !== "string" || connectionId === "") throw invalid("/connectionId", "expected the connection id as a string");
      if (typeof name !== "string") throw invalid("/provider", "expected a provider name");
      if (typeof clientId !== "string") throw invalid("/clientId", "expected the client id as a string");
      const { spec, info } = providerOf(name);
      const clientSecret = await secretFor(name, clientId);
      const request = tokenRequest({ provider: spec, clientId, clientSecret, code, redirectUri, codeVerifier });
      let token = await exchange(name, clientId, request, "token", undefined, scopes);
      if (info.longLivedUrl) {
        const long = longLivedTokenRequest({ provider: spec, clientId, clientSecret, accessToken: token.accessToken });
        token = await exchange(name, clientId, long, "longLivedToken", token, token.scopes.length ? token.scopes : scopes);
      }
      const connection = { provider: name, clientId, token, connectedAt: now() };
      await store.set(connectionId, connection);
      return summary(connectionId, connection);
    },

    /** A usable access token, refreshed first when it expires within `skewSeconds`. */
    async accessToken(connectionId) {
      return (await freshConnection(connectionId)).token.accessToken;
    },

    /** Refreshes now (single flight, under the lock); resolves to a summary without the token. */
    async refresh(connectionId) {
      const connection = await load(connectionId);
      return summary(connectionId, await refreshShared(connectionId, connection.token, true));
    },

    /**
     * A platform call: on `ERR_API_UNAUTHORIZED` one refresh and one retry; on 429, 5xx and
     * throttling errors the core's retry plan, at most `maxAttempts` attempts.
     */
    async call(connectionId, o) {
      if (o === null || typeof o !== "object" || typeof o.call !== "string") throw invalid("/call", "expected { call, params? }");
      const { call, params } = o;
      let connection = await freshConnection(connectionId);
      const { spec, info } = providerOf(connection.provider);
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        const request = apiRequest({ provider: spec, call, token: connection.token.accessToken, params });
        const answer = await send(request, { provider: connection.provider, call });
        try {
          return parseApiResponse({ provider: spec, call, ...answer, params });
        } catch (err) {
          if (!(err instanceof SocialCrmError)) throw err;
          if (err.code === "ERR_API_UNAUTHORIZED") {
            if (refreshed || !renewable(info)) throw err;
            refreshed = true;
            connection = await refreshShared(connectionId, connection.token, true);
            attempt--; // the retry after a refresh is not a rate-limit attempt
            continue;
          }
          const plan = retryPlan({ provider: spec, ...answer, attempt, now: now(), seed: seed === undefined ? undefined : seed + attempt, maxAttempts, maxWaitMs });
          if (!plan.retry) {
            if (plan.delayMs > 0) err.details = { ...err.details, retryAfterMs: plan.delayMs, retryReason: plan.reason };
            throw err;
          }
          await sleep(plan.delayMs);
        }
      }
    },

    /**
     * Revokes the token where the platform can, and forgets it: the stored connection keeps
     * `{ provider, clientId }` with `reconnect: { reason: "revoked" }`. Resolves to `{ revoked }`
     * (false where the platform has no revocation endpoint).
     */
    async revoke(connectionId) {
      const connection = await load(connectionId);
      const { spec, info } = providerOf(connection.provider);
      let revoked = false;
      if (info.revokeUrl) {
        const { token, clientId } = connection;
        const clientSecret = await secretFor(connection.provider, clientId);
        const useRefresh = Boolean(token.refreshToken) && info.revokeStyle !== "graph-permissions";
        const request = revokeRequest({
          provider: spec,
          token: useRefresh ? token.refreshToken : token.accessToken,
          tokenTypeHint: useRefresh ? "refresh_token" : "access_token",
          clientId,
          clientSecret,
        });
        const answer = await send(request, { provider: connection.provider, call: "revoke" });
        if (answer.status < 200 || answer.status > 299) {
          throw new SocialCrmError("ERR_OAUTH_TOKEN", `${connection.provider} refused the revocation (HTTP ${answer.status})`, {
            details: { provider: connection.provider, call: "revoke", status: answer.status },
          });
        }
        revoked = true;
      }
      await store.set(connectionId, { provider: connection.provider, clientId: connection.clientId, reconnect: { reason: "revoked", at: now() } });
      return { revoked };
    },
  };
}

const LONG_LIVED_SKEW = 7 * 86400;

function summary(connectionId, { provider, token }) {
  const out = { connectionId, provider, scopes: token.scopes ?? [] };
  for (const key of ["expiresAt", "refreshExpiresAt", "userId"]) if (token[key] !== undefined) out[key] = token[key];
  return out;
}

/** The same token: compared in memory only, never printed. */
function sameToken(a, b) {
  return a?.accessToken === b?.accessToken && a?.refreshToken === b?.refreshToken && a?.expiresAt === b?.expiresAt;
}

function positiveInteger(value, path) {
  if (!Number.isInteger(value) || value < 1) throw invalid(path, "expected an integer ≥ 1");
  return value;
}
