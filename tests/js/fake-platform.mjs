// A fake of every platform the connector talks to, on 127.0.0.1 (port 0), for the connector
// tests in Node and workerd. Each provider lives under /<provider>/…: token endpoint (code
// exchange and refresh; X and TikTok rotate single-use refresh tokens, LinkedIn and Google
// keep theirs), Meta's and Instagram's long-lived exchange, Instagram's ig_refresh_token, the
// profile, lead and comment endpoints, revocation, 401s for tokens it no longer accepts, and
// 429s with each platform's rate-limit signals. `count(key)` reads what it served.
import { createServer } from "node:http";

export const PROVIDERS = ["facebook", "instagram", "x", "linkedin", "tiktok", "google", "whatsapp"];
export const clientSecret = (provider) => `secret-of-${provider}`;
export const CODE = "the-authorization-code";
const ROTATES = new Set(["x", "tiktok"]);

/**
 * Starts the fake. `now()` is the tests' clock (unix seconds) used for rate-limit resets.
 * Resolves to `{ base, providers, count, counts, invalidateAccessTokens, rateLimit, forget, close }`.
 */
export async function startFakePlatform({ now = () => Math.floor(Date.now() / 1000), tokenDelayMs = 25 } = {}) {
  const counts = new Map();
  const bump = (key) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const accessTokens = new Map(); // token → provider
  const refreshTokens = new Map(); // token → { provider, live }
  const rateLimits = new Map(); // provider → remaining 429s
  let serial = 0;

  const issue = (provider, kind) => {
    const token = `${provider}-${kind}-${++serial}-${Math.random().toString(36).slice(2)}`;
    if (kind === "rt") refreshTokens.set(token, { provider, live: true });
    else accessTokens.set(token, provider);
    return token;
  };

  function tokenAnswer(provider, previousRefresh) {
    const at = issue(provider, "at");
    switch (provider) {
      case "x":
        return { token_type: "bearer", expires_in: 7200, access_token: at, scope: "tweet.read users.read offline.access", refresh_token: issue(provider, "rt") };
      case "tiktok":
        return { access_token: at, expires_in: 86400, open_id: "723f24d7-e717-40f8-a2b6-cb8464cd23b4", refresh_expires_in: 31536000, refresh_token: issue(provider, "rt"), scope: "user.info.basic", token_type: "Bearer" };
      case "linkedin":
        return { access_token: at, expires_in: 5184000, refresh_token: previousRefresh ?? issue(provider, "rt"), refresh_token_expires_in: 31536000, scope: "openid,profile,email" };
      case "google": {
        const answer = { access_token: at, expires_in: 3599, token_type: "Bearer", scope: "https://www.googleapis.com/auth/youtube.readonly" };
        if (!previousRefresh) answer.refresh_token = issue(provider, "rt");
        return answer;
      }
      case "instagram":
        return { access_token: at, user_id: "17841405793187218", permissions: "instagram_business_basic" };
      default:
        return { access_token: at, token_type: "bearer", expires_in: 5400 };
    }
  }

  function invalidGrant(provider) {
    if (provider === "x") return [400, { error: "invalid_request", error_description: "Value passed for the token was invalid." }];
    if (provider === "tiktok") return [400, { error: "invalid_grant", error_description: "Refresh token is invalid or expired.", log_id: "202611281200" }];
    return [400, { error: "invalid_grant", error_description: "Token has been expired or revoked." }];
  }

  function unauthorized(provider) {
    switch (provider) {
      case "x":
        return [401, { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }];
      case "linkedin":
        return [401, { serviceErrorCode: 65600, message: "Invalid access token", status: 401 }];
      case "tiktok":
        return [401, { data: {}, error: { code: "access_token_invalid", message: "The access token is invalid or not found in the request.", log_id: "202611281201" } }];
      case "google":
        return [401, { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } }];
      default:
        return [400, { error: { message: "Error validating access token: Session has expired.", type: "OAuthException", code: 190, error_subcode: 463, fbtrace_id: "AbCd" } }];
    }
  }

  /** A 429 (or Meta's throttling error) with the platform's own rate-limit signals. */
  function throttled(provider) {
    const t = now();
    switch (provider) {
      case "x":
        return [429, { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 }, { "x-rate-limit-limit": "75", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(t + 2) }];
      case "tiktok":
        return [429, { data: {}, error: { code: "rate_limit_exceeded", message: "rate limited", log_id: "1" } }, { "x-ratelimit-reset": String(t + 2) }];
      case "linkedin":
        return [429, { message: "Resource level throttle limit for calls to this resource is reached.", status: 429 }, {}];
      case "google":
        return [429, { error: { code: 429, message: "Rate limit exceeded", errors: [{ reason: "rateLimitExceeded", domain: "usageLimits" }] } }, { "retry-after": "2" }];
      default:
        return [400, { error: { message: "(#4) Application request limit reached", type: "OAuthException", code: 4, fbtrace_id: "Ef" } }, { "x-app-usage": '{"call_count":100,"total_cputime":20,"total_time":30}' }];
    }
  }

  function apiAnswer(provider, path, query, method) {
    const rest = path.slice(provider.length + 2);
    if (provider === "facebook" && method === "DELETE" && rest === "me/permissions") return ["revoke", { success: true }];
    if (method === "POST" && rest.endsWith("/subscribed_apps")) return ["subscribedApps", { success: true }];
    if (provider === "facebook" && rest === "L-1234567890123456789") {
      return ["lead", { created_time: "2026-11-28T08:49:14+0000", id: "L-1234567890123456789", ad_id: "6045101234567890123", form_id: "987654321098765", field_data: [{ name: "email", values: ["ada@example.com"] }, { name: "full_name", values: ["Ada Lovelace"] }] }];
    }
    if (provider === "facebook") return ["messengerProfile", { id: rest, name: "Ada Lovelace", first_name: "Ada", last_name: "Lovelace", profile_pic: "https://cdn.example/ada.jpg" }];
    if (provider === "instagram") return ["instagramProfile", { name: "Ada", username: "ada.codes", profile_pic: "https://cdn.example/ig.jpg", follower_count: 1815 }];
    if (provider === "x" && rest === "users/me") return ["me", { data: { id: "1440000000000000001", name: "X Dev", username: "XDevelopers" } }];
    if (provider === "linkedin" && rest === "v2/userinfo") return ["userinfo", { sub: "782bbtaQ", name: "Ada Lovelace", given_name: "Ada", family_name: "Lovelace", email: "ada@example.com", email_verified: true, locale: "en-US" }];
    if (provider === "tiktok" && rest === "user/info/") return ["userInfo", { data: { user: { open_id: "723f24d7-e717-40f8-a2b6-cb8464cd23b4", union_id: "c9c60f44", display_name: "Tik Toker" } }, error: { code: "ok", message: "", log_id: "2" } }];
    if (provider === "google" && rest === "commentThreads") {
      const page = query.get("pageToken");
      const comment = (id, text) => ({ id, snippet: { videoId: query.get("videoId"), topLevelComment: { id, snippet: { textOriginal: text, authorDisplayName: "Ada", publishedAt: "2026-11-01T10:00:00Z" } } } });
      if (!page) return ["commentThreads", { nextPageToken: "PAGE-2", items: [comment("T1", "first"), comment("T2", "second")] }];
      if (page === "PAGE-2") return ["commentThreads", { items: [comment("T3", "third")] }];
    }
    return [undefined, undefined];
  }

  async function handle(req, res, body) {
    const url = new URL(req.url, "http://fake");
    const provider = url.pathname.split("/")[1];
    const send = (status, value, headers = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(value));
    };
    // Test control over HTTP, for scenarios that run elsewhere (the workerd test's worker).
    if (req.method === "POST" && url.pathname === "/_control/invalidate") {
      controls.invalidateAccessTokens(url.searchParams.get("provider"));
      return send(200, { ok: true });
    }
    if (req.method === "POST" && url.pathname === "/_control/rate-limit") {
      controls.rateLimit(url.searchParams.get("provider"), Number(url.searchParams.get("n")));
      return send(200, { ok: true });
    }
    if (req.method === "POST" && url.pathname === "/_control/accept") {
      controls.acceptAccessToken(url.searchParams.get("provider"), url.searchParams.get("token"));
      return send(200, { ok: true });
    }
    if (!PROVIDERS.includes(provider)) return send(404, { error: "no such provider" });
    const rest = url.pathname.slice(provider.length + 2);
    const form = new URLSearchParams(body);
    const params = req.method === "GET" ? url.searchParams : form;
    const grant = params.get("grant_type");
    const authorization = req.headers.authorization ?? "";
    const secretSent = authorization.startsWith("Basic ")
      ? Buffer.from(authorization.slice(6), "base64").toString().split(":")[1]
      : params.get("client_secret");

    // Token endpoints: code exchange, refresh, long-lived exchange.
    const tokenPath = rest === "token" || rest === "oauth/access_token" || rest === "access_token" || rest === "refresh_access_token";
    if (tokenPath) {
      await new Promise((r) => setTimeout(r, tokenDelayMs)); // widens any refresh race
      if (grant === "authorization_code") {
        bump(`${provider}:code`);
        if (params.get("code") !== CODE) return send(...invalidGrant(provider));
        if (decodeURIComponent(secretSent ?? "") !== clientSecret(provider)) return send(401, { error: "invalid_client" });
        if (provider === "x" && !params.get("code_verifier")) return send(400, { error: "invalid_request", error_description: "Missing code_verifier" });
        return send(200, tokenAnswer(provider));
      }
      if (grant === "fb_exchange_token" || grant === "ig_exchange_token" || grant === "ig_refresh_token") {
        bump(`${provider}:${grant === "ig_refresh_token" ? "refresh" : "longLived"}`);
        const old = params.get(grant === "fb_exchange_token" ? "fb_exchange_token" : "access_token");
        if (accessTokens.get(old) !== provider) return send(...unauthorized(provider));
        if (grant !== "ig_refresh_token" && params.get("client_secret") !== clientSecret(provider)) return send(401, { error: "invalid_client" });
        accessTokens.delete(old);
        return send(200, { access_token: issue(provider, "at"), token_type: "bearer", expires_in: 5183944 });
      }
      if (grant === "refresh_token") {
        bump(`${provider}:refresh`);
        const rt = params.get("refresh_token");
        const entry = refreshTokens.get(rt);
        if (!entry || entry.provider !== provider || !entry.live) {
          bump(`${provider}:refreshRefused`);
          return send(...invalidGrant(provider));
        }
        if (ROTATES.has(provider)) entry.live = false; // single use
        return send(200, tokenAnswer(provider, ROTATES.has(provider) ? undefined : rt));
      }
      return send(400, { error: "unsupported_grant_type" });
    }
    if (rest === "revoke") {
      bump(`${provider}:revoke`);
      const token = params.get("token");
      accessTokens.delete(token);
      refreshTokens.delete(token);
      return send(200, {});
    }

    // Platform calls.
    const bearer = authorization.startsWith("Bearer ") ? authorization.slice(7) : undefined;
    if (accessTokens.get(bearer) !== provider) {
      bump(`${provider}:unauthorized`);
      return send(...unauthorized(provider));
    }
    const limited = rateLimits.get(provider) ?? 0;
    if (limited > 0) {
      rateLimits.set(provider, limited - 1);
      bump(`${provider}:throttled`);
      return send(...throttled(provider));
    }
    const [call, answer] = apiAnswer(provider, url.pathname, url.searchParams, req.method);
    if (!call) return send(404, { error: { message: `no route ${req.method} ${url.pathname}`, code: 803 } });
    if (call === "revoke") {
      bump(`${provider}:revoke`);
      accessTokens.delete(bearer);
    } else bump(`${provider}:api:${call}`);
    return send(200, answer);
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((err) => {
        res.writeHead(500);
        res.end(String(err?.stack ?? err));
      });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;

  const controls = {
    base,
    /** The `providers` option of createConnector: every endpoint pointed at this server. */
    providers: providerOverrides(base),
    count: (key) => counts.get(key) ?? 0,
    counts: () => Object.fromEntries(counts),
    /** The platform stops accepting every access token it issued for `provider` (a 401 next). */
    invalidateAccessTokens(provider) {
      for (const [token, p] of accessTokens) if (p === provider) accessTokens.delete(token);
    },
    /** A system-user token (WhatsApp) or any token the test stores itself. */
    acceptAccessToken(provider, token) {
      accessTokens.set(token, provider);
    },
    /** The next `n` platform calls of `provider` are throttled. */
    rateLimit(provider, n) {
      rateLimits.set(provider, n);
    },
    isLiveRefreshToken: (token) => refreshTokens.get(token)?.live === true,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
  return controls;
}

/** The connector's `providers` overrides for a fake at `base` (also used inside workerd). */
export function providerOverrides(base) {
  const out = {};
  for (const p of PROVIDERS) {
    const root = `${base}/${p}`;
    out[p] = { tokenUrl: `${root}/token`, refreshUrl: `${root}/token`, revokeUrl: `${root}/revoke`, apiBase: root };
  }
  for (const p of ["facebook"]) {
    Object.assign(out[p], { tokenUrl: `${base}/${p}/oauth/access_token`, refreshUrl: undefined, longLivedUrl: `${base}/${p}/oauth/access_token`, revokeUrl: `${base}/${p}/me/permissions` });
    delete out[p].refreshUrl;
  }
  Object.assign(out.instagram, { tokenUrl: `${base}/instagram/oauth/access_token`, longLivedUrl: `${base}/instagram/access_token`, refreshUrl: `${base}/instagram/refresh_access_token` });
  delete out.instagram.revokeUrl;
  delete out.whatsapp.tokenUrl;
  delete out.whatsapp.refreshUrl;
  delete out.whatsapp.revokeUrl;
  return out;
}
