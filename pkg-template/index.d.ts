// Hand-written types for social-crm-bridge. Every entry point (node, workerd, browser) exports
// exactly these names; a test checks that the runtime exports and this file agree.
// No DOM or Node types are required: the shapes below are structural.

/**
 * Loads the wasm module. Required once before any other call on the browser (default)
 * entry; on Node and workerd the module is loaded at import and this resolves at once.
 *
 * @param input Where to load the module from (browser entry only): a URL or string, a
 *   `Response`, the bytes, or a compiled `WebAssembly.Module`. Defaults to the `.wasm` file
 *   next to the entry.
 */
export function init(input?: string | object): Promise<void>;

/** The version of the loaded wasm core, e.g. `"0.1.0"` (equals the package version). */
export function version(): string;

/**
 * Stable error codes. Branch on these, never on messages.
 *
 * - `ERR_INVALID_ARGUMENT`: an option has the wrong type or shape (`path` names it).
 * - `ERR_NOT_INITIALIZED`: a call on the browser entry before `await init()`.
 * - `ERR_WEBHOOK_SCHEME`: unknown `scheme`.
 * - `ERR_WEBHOOK_HEADER`: a signature header is missing, repeated with different values, or malformed.
 * - `ERR_WEBHOOK_SIGNATURE`: the signature matches the body under none of the secrets.
 * - `ERR_WEBHOOK_TIMESTAMP`: the signed timestamp is outside the replay window.
 * - `ERR_WEBHOOK_SECRET`: no secret, or an unusable (e.g. empty) one.
 * - `ERR_OAUTH_PROVIDER`: unknown provider, an invalid provider object, or an operation the
 *   provider does not have (WhatsApp has no authorize flow, Facebook no refresh grant).
 * - `ERR_OAUTH_STATE`: the callback's state is malformed, altered, signed with another secret,
 *   expired, from the future, or made for another provider (`details.reason` says which).
 * - `ERR_OAUTH_TOKEN`: the token endpoint refused the request (`details` has the platform's error).
 * - `ERR_OAUTH_INVALID_GRANT`: the code, refresh token or token to exchange is invalid, expired,
 *   revoked or already used. With single-use refresh tokens (X, TikTok) re-read the stored token
 *   first: another process may have refreshed.
 * - `ERR_API_ERROR`: a platform call failed (`details` has the platform's code and message).
 * - `ERR_API_UNAUTHORIZED`: a platform call's token was rejected: refresh once and retry, then
 *   ask the user to reconnect.
 * - `ERR_API_RESPONSE`: a platform's answer cannot be read (not JSON, or no id).
 * - `ERR_API_NETWORK`: the connector's `fetch` threw before an answer (`details.reason`, e.g.
 *   `ECONNREFUSED`; the URL is left out: some carry tokens).
 * - `ERR_CONNECTION_UNKNOWN`: the connector's store has no connection (or no token) under that id.
 * - `ERR_MAPPING_SPEC`: a mapping spec has the wrong shape (`path` points into the spec).
 * - `ERR_MAPPING_TRANSFORM`: a mapping spec names an unknown transform or gives it a bad argument.
 * - `ERR_MAPPING_TYPE`: while mapping, a value had the wrong type (a warning in `map` results).
 * - `ERR_MAPPING_BODY`: the body to map is not JSON.
 * - `ERR_JSONPATH_SYNTAX`: a path does not parse (`details.offset` is the character inside it).
 * - `ERR_IDENTITY_RULES`: identity rules are malformed (`path` points into them, e.g.
 *   `/rules/fields/2/levels/0/m`).
 * - `ERR_RANDOM`: the host has no `crypto.getRandomValues`.
 * - `ERR_JSONPATH_SYNTAX`: a JSONPath expression is not a valid RFC 9535 query
 *   (`details.offset`: the character where the problem is).
 * - `ERR_MERGE_OBSERVATION`: an observation given to {@link mergeContacts} is malformed (`path`
 *   names the value, e.g. `/observations/2/fields/emails/0`).
 * - `ERR_MERGE_POLICY`: a merge policy names an unknown field or rule, or gives `union` to a
 *   single value (`path`, e.g. `/policy/rules/name.full`).
 * - `ERR_INTERNAL`: a bug in the core; the module was reset. Please report it.
 */
export type ErrorCode =
  | "ERR_INVALID_ARGUMENT"
  | "ERR_NOT_INITIALIZED"
  | "ERR_WEBHOOK_SCHEME"
  | "ERR_WEBHOOK_HEADER"
  | "ERR_WEBHOOK_SIGNATURE"
  | "ERR_WEBHOOK_TIMESTAMP"
  | "ERR_WEBHOOK_SECRET"
  | "ERR_OAUTH_PROVIDER"
  | "ERR_OAUTH_STATE"
  | "ERR_OAUTH_TOKEN"
  | "ERR_OAUTH_INVALID_GRANT"
  | "ERR_API_ERROR"
  | "ERR_API_UNAUTHORIZED"
  | "ERR_API_RESPONSE"
  | "ERR_MAPPING_SPEC"
  | "ERR_MAPPING_TRANSFORM"
  | "ERR_MAPPING_TYPE"
  | "ERR_MAPPING_BODY"
  | "ERR_JSONPATH_SYNTAX"
  | "ERR_API_NETWORK"
  | "ERR_CONNECTION_UNKNOWN"
  | "ERR_IDENTITY_RULES"
  | "ERR_RANDOM"
  | "ERR_JSONPATH_SYNTAX"
  | "ERR_MERGE_OBSERVATION"
  | "ERR_MERGE_POLICY"
  | "ERR_INTERNAL";

/** The one error class this package throws. */
export class SocialCrmError extends Error {
  constructor(
    code: ErrorCode,
    message: string,
    options?: { path?: string; details?: Record<string, unknown>; cause?: unknown },
  );
  /** Always `"SocialCrmError"`. */
  readonly name: "SocialCrmError";
  /** The stable code; see {@link ErrorCode}. */
  readonly code: ErrorCode;
  /**
   * A JSON Pointer to what to fix in the options you passed, e.g. `/headers/x-hub-signature-256`
   * or `/secret`.
   */
  path?: string;
  /** Structured facts for programs and UIs (never secrets or signatures). */
  readonly details?: Record<string, unknown>;
}

/**
 * Webhook signature schemes. The README's "Webhook schemes" table gives each one's headers,
 * secret form and replay window.
 */
export type WebhookScheme =
  | "meta"
  | "x"
  | "linkedin"
  | "tiktok"
  | "websub"
  | "slack"
  | "github"
  | "stripe"
  | "standard-webhooks"
  | "svix"
  | "twilio"
  | "hubspot-v3"
  | "hubspot-v2"
  | "hubspot-v1"
  | "zendesk"
  | "intercom"
  | "telegram"
  | "discord"
  | "mastodon"
  | "shopify";

/**
 * Request headers as the host has them: a `Headers` (fetch, workerd, browsers), a `Map`,
 * an iterable of `[name, value]` pairs, or a plain object such as Node's `req.headers`.
 * Names are matched case-insensitively.
 */
export type WebhookHeaders =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Iterable<readonly [string, string]>
  | Record<string, string | readonly string[] | number | undefined>;

/**
 * The raw request body exactly as received. A string is taken as the UTF-8 text of those
 * bytes; never pass a parsed-and-re-serialised JSON body, it will not verify.
 */
export type WebhookBody = Uint8Array | ArrayBuffer | ArrayBufferView | string;

/** A URL as a string or a `URL` object (anything with an `href`). */
export type UrlLike = string | { readonly href: string };

/** Options of {@link verifyWebhook}. Give `secret` or `secrets`, not both. */
export interface VerifyWebhookOptions {
  /** The signature scheme; `"meta"` covers Facebook Pages, Messenger, Instagram, WhatsApp Cloud and Lead Ads. */
  scheme: WebhookScheme;
  /**
   * The shared secret in the scheme's own form: the App Secret for `meta`, the `whsec_…`
   * string for `stripe` and `standard-webhooks`, a hex public key for `discord`, …
   */
  secret?: string;
  /** Several secrets during a rotation; any match passes and `matched.secretIndex` says which. */
  secrets?: readonly string[];
  /** The request headers. */
  headers: WebhookHeaders;
  /** The raw request body. */
  body: WebhookBody;
  /** The full public URL the sender used (`twilio`, `hubspot-v2`, `hubspot-v3` sign it). */
  url?: UrlLike;
  /** The HTTP method (`hubspot-v2`, `hubspot-v3` sign it). Defaults to `POST`. */
  method?: string;
  /** The current time as unix seconds or a `Date`; defaults to the host clock. */
  now?: number | Date;
  /** Replay window in seconds for timestamped schemes (default 300; `Infinity` turns it off). */
  toleranceSeconds?: number;
}

/** What a successful verification proved. */
export interface VerifyWebhookResult {
  valid: true;
  scheme: WebhookScheme;
  /** The sender's delivery id, for schemes that send one (GitHub, Standard Webhooks, Shopify, …). */
  deliveryId?: string;
  /** The signed timestamp in unix seconds, for timestamped schemes. */
  timestamp?: number;
  matched: {
    /** Index of the matching secret (0 when a single `secret` was given). */
    secretIndex: number;
    /** Index of the matching signature among those the header carries (0 when it has one). */
    signatureIndex: number;
    /** Lower-case name of the header whose signature matched, e.g. `"x-hub-signature-256"`. */
    header: string;
    /** The algorithm, e.g. `"hmac-sha256"` or `"ed25519"`. */
    algorithm: string;
  };
}

/**
 * Verifies a webhook delivery over the exact bytes received, in constant time.
 *
 * A failure throws rather than returning `false`, so a forgotten check cannot accept a
 * forged delivery: `ERR_WEBHOOK_SIGNATURE` (no match), `ERR_WEBHOOK_HEADER` (missing or
 * malformed header), `ERR_WEBHOOK_TIMESTAMP` (outside the replay window); see
 * {@link ErrorCode} for the rest.
 *
 * @example
 * ```js
 * const body = new Uint8Array(await request.arrayBuffer());
 * verifyWebhook({ scheme: "meta", secret: env.META_APP_SECRET, headers: request.headers, body });
 * ```
 */
export function verifyWebhook(options: VerifyWebhookOptions): VerifyWebhookResult;

/** Options of {@link signWebhook}. */
export interface SignWebhookOptions {
  scheme: WebhookScheme;
  /** The secret, or for `discord` and Standard Webhooks `v1a` the private key. */
  secret: string;
  /** The body exactly as it will be sent. */
  body: WebhookBody;
  /** Signing time as unix seconds or a `Date`; defaults to the host clock. */
  now?: number | Date;
  /** Message id for schemes that sign or send one; derived from the body and time when absent. */
  id?: string;
  /** The URL the request goes to (`twilio`, `hubspot-v2`, `hubspot-v3`). */
  url?: UrlLike;
  /** The HTTP method (`hubspot-v2`, `hubspot-v3`). Defaults to `POST`. */
  method?: string;
}

/**
 * The headers a sender attaches to `body`, exactly as the platform spells them. Used by tests,
 * simulators, and CRMs that send Standard Webhooks to their own customers.
 */
export function signWebhook(options: SignWebhookOptions): { headers: Record<string, string> };

/** Options of {@link respondToHandshake}. */
export interface HandshakeOptions {
  scheme: WebhookScheme;
  /** The request's HTTP method. */
  method: string;
  /** The request URL, absolute or path and query (Node's `req.url`). */
  url: UrlLike;
  headers?: WebhookHeaders;
  /** The raw body, for handshakes sent as POST (Slack, Discord). */
  body?: WebhookBody;
  /** X consumer secret, LinkedIn client secret, Slack signing secret or Discord public key. */
  secret?: string;
  /** The verify token you registered (Meta; WebSub subscriptions that set one). */
  verifyToken?: string;
  /** The current time as unix seconds or a `Date`; defaults to the host clock. */
  now?: number | Date;
}

/** A complete HTTP response to send back, byte for byte. */
export interface HandshakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Answers a subscription check, or returns `null` when the request is not one (then verify
 * it as a delivery). A wrong verify token gets a 403 and never an echo of the challenge.
 */
export function respondToHandshake(options: HandshakeOptions): HandshakeResponse | null;

/** Options of {@link deliveryKey}. */
export interface DeliveryKeyOptions {
  scheme: WebhookScheme;
  headers: WebhookHeaders;
  body: WebhookBody;
}

/**
 * A stable idempotency key for a delivery: `"<scheme>:<delivery id>"` where the scheme sends a
 * delivery id header, else `"<scheme>:sha256:<hex of the body>"` (retries re-sign the same
 * body, so the body hash recognises them). Store it and drop deliveries seen before.
 */
export function deliveryKey(options: DeliveryKeyOptions): string;

// OAuth and platform calls ------------------------------------------------------------------

/**
 * The built-in providers. `instagram` is Business Login for Instagram (graph.instagram.com);
 * `instagram-facebook-login` reaches Instagram accounts through Facebook Login for Business;
 * `whatsapp` has no authorize flow (a system-user token is stored as the access token).
 */
export type ProviderName =
  | "facebook"
  | "instagram"
  | "instagram-facebook-login"
  | "whatsapp"
  | "x"
  | "linkedin"
  | "tiktok"
  | "google";

/**
 * A provider object: with `extends` (or a built-in `name`), the fields override a built-in
 * provider, e.g. `{ extends: "facebook", apiVersion: "v27.0" }`; with a new `name` and no
 * `extends`, it defines a plain OAuth 2.0 provider of its own. `{version}` in a URL is replaced
 * by `apiVersion`. `provider(name)` shows every field of a built-in provider.
 */
export interface ProviderObject {
  name?: string;
  extends?: ProviderName;
  label?: string;
  /** Whose quirks apply (error shapes, token fields, calls). Default `"generic"`. */
  platform?: "generic" | "meta" | "instagram" | "x" | "linkedin" | "tiktok" | "google";
  /** Graph API version (`"v26.0"`) or `LinkedIn-Version` (`"202610"`). */
  apiVersion?: string;
  authorizeUrl?: string;
  /** Fixed extra authorization parameters, e.g. Google's `{ access_type: "offline" }`. */
  authorizeParams?: Record<string, string>;
  tokenUrl?: string;
  refreshUrl?: string;
  refreshGrant?: "refresh_token" | "ig_refresh_token";
  longLivedUrl?: string;
  longLivedGrant?: "fb_exchange_token" | "ig_exchange_token";
  revokeUrl?: string;
  /** `oauth`: RFC 7009 with client credentials; `token`: the token only; `graph-permissions`: Meta's `DELETE /me/permissions`. */
  revokeStyle?: "oauth" | "token" | "graph-permissions";
  apiBase?: string;
  scopeSeparator?: " " | ",";
  defaultScopes?: readonly string[];
  /** `optional` providers get PKCE too; `unsupported` ones never do. */
  pkce?: "required" | "optional" | "unsupported";
  /** `S256-hex`: hex challenge reported for TikTok desktop apps (uncertain). */
  pkceMethod?: "S256" | "S256-hex";
  /** `basic`: HTTP Basic for confidential clients (X); `body`: `client_id`/`client_secret` in the form. */
  clientAuth?: "body" | "basic";
  clientIdParam?: "client_id" | "client_key";
  /** Refresh tokens are single-use: store the new one before using the access token (X, TikTok). */
  refreshTokenRotates?: boolean;
  /** Refreshing never extends the refresh token's expiry (LinkedIn's 365 days). */
  refreshTokenExpiryFixed?: boolean;
  /** Token lifetimes and what to do about them, in words. */
  tokenLifetime?: string;
  notes?: string;
  /** The platform calls offered. */
  calls?: readonly ApiCall[];
}

/** A provider's name or a provider object. */
export type ProviderSpec = ProviderName | ProviderObject;

/** A provider as resolved: overrides applied, defaults written in, `{version}` filled in. */
export interface ResolvedProvider extends Omit<ProviderObject, "extends"> {
  name: string;
  platform: NonNullable<ProviderObject["platform"]>;
  pkce: NonNullable<ProviderObject["pkce"]>;
  clientAuth: NonNullable<ProviderObject["clientAuth"]>;
  scopeSeparator: " " | ",";
}

/** The built-in providers, resolved. */
export function providers(): ResolvedProvider[];

/** One provider, resolved; throws `ERR_OAUTH_PROVIDER` for an unknown name or a bad object. */
export function provider(spec: ProviderSpec): ResolvedProvider;

/** An HTTP request to send with the host's fetch: `fetch(request.url, request)`. */
export interface HttpRequestDescriptor {
  url: string;
  method: "GET" | "POST" | "DELETE";
  /** Lower-case names. May carry credentials (`authorization`): do not log them. */
  headers: Record<string, string>;
  /** Form-encoded or JSON; absent for GET and DELETE. */
  body?: string;
}

/** Options of {@link createAuthorization}. */
export interface CreateAuthorizationOptions {
  provider: ProviderSpec;
  clientId: string;
  /** Exactly as registered with the platform. */
  redirectUri: string;
  /** Scopes to ask for; the provider's `defaultScopes` when absent. */
  scopes?: readonly string[];
  /** At least 16 bytes; use 32 random bytes. Signs the state. */
  stateSecret: string;
  /** Unix seconds or a `Date`; defaults to the host clock. */
  now?: number | Date;
  /**
   * Your data, returned by {@link verifyState}. Signed, not encrypted: the user and the
   * platform can read it, so no secrets; keep it small, it rides in the URL.
   */
  data?: unknown;
  /** Extra authorization parameters (`prompt`, `login_hint`, Meta's `config_id`, …). */
  params?: Record<string, string>;
}

/** The start of an authorization. */
export interface Authorization {
  /** Where to send the user. */
  url: string;
  /** The signed state in `url`; it comes back on the callback. */
  state: string;
  /** The PKCE verifier to keep for {@link tokenRequest}; absent when the provider takes no PKCE. */
  codeVerifier?: string;
}

/**
 * Starts an authorization: a PKCE verifier from `crypto.getRandomValues` (43 characters), its
 * S256 challenge, and a signed, self-contained state (HMAC-SHA256 over provider, nonce,
 * issued-at and `data`).
 */
export function createAuthorization(options: CreateAuthorizationOptions): Authorization;

/** What a verified state carries. */
export interface StateContent {
  provider: string;
  nonce: string;
  /** Unix seconds. */
  issuedAt: number;
  data?: unknown;
}

/** Options of {@link verifyState}. */
export interface VerifyStateOptions {
  now?: number | Date;
  /** Default 600. */
  maxAgeSeconds?: number;
  /** When given, the state must have been made for this provider. */
  provider?: string;
}

/**
 * Verifies a callback's state in constant time. Throws `ERR_OAUTH_STATE` (with
 * `details.reason`: `malformed`, `signature`, `expired`, `future` or `provider`) rather than
 * returning false, so a forgotten check cannot accept a forged callback.
 */
export function verifyState(state: string, stateSecret: string, options?: VerifyStateOptions): StateContent;

/** The PKCE code challenge of a verifier (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string, method?: "S256" | "S256-hex"): string;

/** Options of {@link tokenRequest}. */
export interface TokenRequestOptions {
  provider: ProviderSpec;
  clientId: string;
  /** Absent for a public client (X only). */
  clientSecret?: string;
  /** The `code` of the callback. */
  code: string;
  redirectUri: string;
  /** From {@link createAuthorization}; required where the provider requires PKCE (X). */
  codeVerifier?: string;
}

/** The code exchange request. */
export function tokenRequest(options: TokenRequestOptions): HttpRequestDescriptor;

/** Options of {@link refreshRequest}. */
export interface RefreshRequestOptions {
  provider: ProviderSpec;
  clientId: string;
  clientSecret?: string;
  /** The stored refresh token. */
  refreshToken?: string;
  /** Instagram only: the long-lived access token, which refreshes itself. */
  accessToken?: string;
}

/**
 * The refresh request. With rotating refresh tokens (X, TikTok) run one refresh at a time per
 * connection and store the answer's refresh token before anything else.
 */
export function refreshRequest(options: RefreshRequestOptions): HttpRequestDescriptor;

/** Options of {@link longLivedTokenRequest}. */
export interface LongLivedTokenRequestOptions {
  provider: ProviderSpec;
  clientId: string;
  clientSecret: string;
  /** The short-lived user token (it must not have expired). */
  accessToken: string;
}

/** Meta's `fb_exchange_token` or Instagram's `ig_exchange_token` request. Its URL carries the app secret. */
export function longLivedTokenRequest(options: LongLivedTokenRequestOptions): HttpRequestDescriptor;

/** Options of {@link revokeRequest}. */
export interface RevokeRequestOptions {
  provider: ProviderSpec;
  token: string;
  clientId?: string;
  clientSecret?: string;
  tokenTypeHint?: "access_token" | "refresh_token";
}

/** The revocation request (X, LinkedIn, TikTok, Google; Meta removes the app's permissions). */
export function revokeRequest(options: RevokeRequestOptions): HttpRequestDescriptor;

/** A response as the host received it. */
export interface ResponseOptions {
  status: number;
  /** The response headers (a fetch `Headers` works); what the platform's answer needs is read from the status and body today. */
  headers?: WebhookHeaders;
  /** `await response.text()`, or the bytes. Not a parsed object: ids beyond 2^53 lose digits. */
  body: string | Uint8Array | ArrayBuffer | ArrayBufferView;
}

/** A token, as stored for a connection. Times are unix seconds. */
export interface Token {
  accessToken: string;
  tokenType: string;
  /** Granted scopes: the answer's, else those passed as `scopes`. */
  scopes: string[];
  /** Absent for tokens that do not expire (Meta Page tokens). */
  expiresAt?: number;
  refreshToken?: string;
  /** LinkedIn, TikTok, Google. */
  refreshExpiresAt?: number;
  /** TikTok `open_id`, Instagram `user_id`. */
  userId?: string;
  /** OpenID Connect ID token (unverified). */
  idToken?: string;
}

/** Options of {@link parseTokenResponse}. */
export interface ParseTokenResponseOptions extends ResponseOptions {
  provider: ProviderSpec;
  now?: number | Date;
  /** The stored token a refresh replaces: its refresh token is kept when the answer has none and the platform does not rotate them. */
  previous?: Partial<Token>;
  /** The scopes asked for, assumed granted when the answer lists none. */
  scopes?: readonly string[];
}

/** A token endpoint's answer as a {@link Token}; platform errors throw with `details`. */
export function parseTokenResponse(options: ParseTokenResponseOptions): Token;

/** Whether a token expires within `skewSeconds` (default 300) of `now`. Use days for 60-day tokens. */
export function needsRefresh(token: Pick<Token, "expiresAt">, options?: { now?: number | Date; skewSeconds?: number }): boolean;

/** Options of {@link retryPlan}. */
export interface RetryPlanOptions {
  provider: ProviderSpec;
  status: number;
  headers?: WebhookHeaders;
  body?: string | Uint8Array | ArrayBuffer | ArrayBufferView;
  /** The number of the attempt that got this response, 1 for the first. */
  attempt: number;
  now?: number | Date;
  /** Makes the jitter deterministic (tests); random when absent. */
  seed?: number;
  /** Default 5: no retry once `attempt` reaches it. */
  maxAttempts?: number;
  /** Default 1000. */
  baseDelayMs?: number;
  /** Backoff cap, default 60000. */
  maxDelayMs?: number;
  /** The longest platform-given wait to retry after in process, default 900000 (15 min). */
  maxWaitMs?: number;
}

/** A retry decision. `retry: false` with `delayMs > 0`: the platform said when; schedule it. */
export interface RetryPlan {
  retry: boolean;
  delayMs: number;
  reason:
    | "success"
    | "retry-after"
    | "usage-limit"
    | "rate-limit-reset"
    | "rate-limited"
    | "daily-limit"
    | "transient"
    | "server-error"
    | "timeout"
    | "not-retryable"
    | "attempts-exhausted";
}

/**
 * Whether and when to retry: `Retry-After`, `x-rate-limit-reset`, Meta's
 * `X-Business-Use-Case-Usage` and throttling codes, Google quota reasons, LinkedIn's header-less
 * 429s; otherwise exponential backoff with jitter, capped.
 */
export function retryPlan(options: RetryPlanOptions): RetryPlan;

/** A person as a platform describes them. */
export interface Profile {
  /** PSID, IGSID, X id, LinkedIn `sub`, TikTok `open_id`: scoped by the platform, always a string. */
  id: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  email?: string;
  emailVerified?: boolean;
  /** Often short-lived: copy it rather than hot-link. */
  pictureUrl?: string;
  locale?: string;
  followerCount?: number;
  /** TikTok: one id per developer across apps. */
  unionId?: string;
}

/** A lead form submission (Meta Lead Ads, LinkedIn Lead Sync). */
export interface Lead {
  id: string;
  platform: "facebook" | "linkedin";
  formId?: string;
  adId?: string;
  adsetId?: string;
  campaignId?: string;
  /** ISO 8601 UTC, e.g. `2015-02-28T08:49:14Z`. */
  createdAt?: string;
  isOrganic?: boolean;
  /** Meta: `fb` or `ig`. */
  sourcePlatform?: string;
  /** LinkedIn test lead. */
  test?: boolean;
  /** LinkedIn member URN. */
  submitter?: string;
  /** Values by question (Meta field name; LinkedIn question id); a question without values has `[]`. */
  answers: Record<string, string[]>;
  /** Contact fields recognised among Meta's standard questions. */
  contact: { email?: string; phone?: string; fullName?: string; firstName?: string; lastName?: string };
  consents?: { key: string; accepted: boolean }[];
}

/** One YouTube comment, top-level or reply. */
export interface Comment {
  id: string;
  threadId: string;
  parentId?: string;
  videoId?: string;
  channelId?: string;
  authorName?: string;
  authorChannelId?: string;
  authorChannelUrl?: string;
  authorPictureUrl?: string;
  text?: string;
  likeCount?: number;
  publishedAt?: string;
  updatedAt?: string;
}

/** What each call's answer becomes. */
export interface ApiResults {
  messengerProfile: Profile;
  instagramProfile: Profile;
  lead: Lead;
  appSubscription: { success: boolean };
  subscribedApps: { success: boolean };
  users: { users: Profile[]; errors: { value?: string; title?: string; detail?: string }[] };
  usersByUsername: { users: Profile[]; errors: { value?: string; title?: string; detail?: string }[] };
  me: Profile;
  webhookRegister: { id: string; url?: string; valid?: boolean; createdAt?: string };
  webhookSubscribe: { success: boolean };
  userinfo: Profile;
  leadFormResponse: Lead;
  userInfo: Profile;
  commentThreads: { comments: Comment[]; nextPageToken?: string };
}

/**
 * The platform calls, and the parameters each takes:
 * - facebook `messengerProfile` `{ psid, fields? }`, `lead` `{ leadId, fields? }`,
 *   `appSubscription` `{ appId, object, callbackUrl, fields, verifyToken, includeValues? }`
 *   (token: the app access token `app-id|app-secret`), `subscribedApps` `{ id?, fields? }`
 *   (Page token; `id` defaults to `me`; WhatsApp: the WABA id);
 * - instagram, instagram-facebook-login `instagramProfile` `{ igsid, fields? }`;
 * - x `users` `{ ids }`, `usersByUsername` `{ usernames }`, `me`, `webhookRegister` `{ url }`
 *   (app bearer token), `webhookSubscribe` `{ webhookId }` (the user's token);
 * - linkedin `userinfo`, `leadFormResponse` `{ id }` (id or `urn:li:leadGenFormResponse:` URN);
 * - tiktok `userInfo` `{ fields? }`;
 * - google `commentThreads` `{ channelId | videoId, pageToken?, maxResults?, order? }`.
 */
export type ApiCall = keyof ApiResults;

/** Parameter values: ids are strings (X ids exceed 2^53); lists are joined with commas. */
export type ApiParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Options of {@link apiRequest}. */
export interface ApiRequestOptions<C extends ApiCall = ApiCall> {
  provider: ProviderSpec;
  call: C;
  /** The access token, sent as `Authorization: Bearer`. */
  token: string;
  params?: ApiParams;
}

/** A platform call's request. */
export function apiRequest<C extends ApiCall>(options: ApiRequestOptions<C>): HttpRequestDescriptor;

/** Options of {@link parseApiResponse}. */
export interface ParseApiResponseOptions<C extends ApiCall = ApiCall> extends ResponseOptions {
  provider: ProviderSpec;
  call: C;
  /** The request's parameters (an Instagram profile answer has no id; the IGSID asked for is used). */
  params?: ApiParams;
}

/**
 * A platform call's answer. Throws `ERR_API_UNAUTHORIZED` (refresh and retry once),
 * `ERR_API_ERROR` (the platform's error in `details`) or `ERR_API_RESPONSE`.
 */
export function parseApiResponse<C extends ApiCall>(options: ParseApiResponseOptions<C>): ApiResults[C];

// JSONPath ----------------------------------------------------------------------------------

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [name: string]: JsonValue };

/** Options of {@link jsonPathQuery}. */
export interface JsonPathQueryOptions {
  /** Return `[{ path, pointer, value }]` instead of the values alone. Default `false`. */
  located?: boolean;
  /**
   * Integers beyond ±(2^53 − 1) in the document: `"string"` (default) returns their exact
   * digits as a string, `"number"` a JS number (rounded, as `JSON.parse` would).
   */
  bigIntegers?: "string" | "number";
}

/** A selected node and where it is. */
export interface JsonPathMatch {
  /** The RFC 9535 normalized path, e.g. `$['entry'][0]['id']`. */
  path: string;
  /** The JSON Pointer (RFC 6901), e.g. `/entry/0/id`. */
  pointer: string;
  value: JsonValue;
}

/**
 * RFC 9535 JSONPath: the values `expression` selects from `document`, in document order.
 * `document` is JSON text (a string, or UTF-8 bytes such as a webhook body) or a JSON value.
 * Throws `ERR_JSONPATH_SYNTAX` (`details.offset`, `path: "/expression"`) for an invalid
 * expression and `ERR_INVALID_ARGUMENT` for a document that is not JSON.
 *
 * @example jsonPathQuery("$.entry[*].changes[?@.field == 'leadgen'].value.leadgen_id", body)
 */
export function jsonPathQuery(
  expression: string,
  document: string | Uint8Array | ArrayBuffer | ArrayBufferView | JsonValue,
  options?: JsonPathQueryOptions & { located?: false },
): JsonValue[];
export function jsonPathQuery(
  expression: string,
  document: string | Uint8Array | ArrayBuffer | ArrayBufferView | JsonValue,
  options: JsonPathQueryOptions & { located: true },
): JsonPathMatch[];

// Connector ---------------------------------------------------------------------------------

/** What the connector keeps per connection in the host's store (plain JSON). */
export interface StoredConnection {
  /** The provider's name: a built-in one, or a key of the connector's `providers`. */
  provider: string;
  clientId: string;
  /** Absent once revoked. */
  token?: Token;
  /** Unix seconds. */
  connectedAt?: number;
  refreshedAt?: number;
  /**
   * Set when the connection must be connected again: `invalid_grant` (the platform refused the
   * refresh and no other process had refreshed) or `revoked`. Calls then throw
   * `ERR_OAUTH_INVALID_GRANT` without asking the platform; `connect()` clears it.
   */
  reconnect?: { reason: "invalid_grant" | "revoked"; at: number; error?: string };
}

/** The host's storage for connections; methods may return promises. */
export interface ConnectionStore {
  get(connectionId: string): StoredConnection | undefined | null | Promise<StoredConnection | undefined | null>;
  set(connectionId: string, connection: StoredConnection): unknown;
}

/** The response side of the host's `fetch` that the connector reads. */
export interface FetchResponseLike {
  status: number;
  headers: WebhookHeaders;
  text(): Promise<string>;
}

/** The host's `fetch` (the global one works). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<FetchResponseLike>;

/** Options of {@link createConnector}. */
export interface ConnectorOptions {
  fetch: FetchLike;
  store: ConnectionStore;
  /** Client secrets by provider name, or a function of the provider and client id. */
  clientSecrets:
    | Readonly<Record<string, string | undefined>>
    | ((provider: string, clientId: string) => string | undefined | Promise<string | undefined>);
  /** Provider overrides by name (merged over the built-in provider of that name), or new providers. */
  providers?: Readonly<Record<string, ProviderObject>>;
  /**
   * A lock across processes, e.g. a database advisory lock or a Durable Object: run `fn` while
   * holding the lock for `connectionId` and resolve to its result. Within one process the
   * connector already runs one refresh per connection at a time.
   */
  lock?: <T>(connectionId: string, fn: () => Promise<T>) => Promise<T>;
  /** The clock in unix seconds (or a Date); default the host clock. */
  now?: () => number | Date;
  /** Waits before a retry; default `setTimeout`. Tests inject one that returns at once. */
  sleep?: (ms: number) => Promise<unknown>;
  /** Makes retry jitter deterministic (tests); random when absent. */
  seed?: number;
  /** Attempts of a throttled or failing call, default 3. */
  maxAttempts?: number;
  /** The longest platform-given wait to sleep through in process, default 60000 ms; longer waits throw with `details.retryAfterMs`. */
  maxWaitMs?: number;
  /**
   * Refresh this long before expiry, default 300 s. Tokens renewed by exchanging the access
   * token itself (Meta's `fb_exchange_token`, Instagram's `ig_refresh_token`), which cannot be
   * renewed once expired, are renewed at least 7 days ahead.
   */
  skewSeconds?: number;
}

/** What `connect` and `refresh` resolve to: the connection without its tokens. */
export interface ConnectionSummary {
  connectionId: string;
  provider: string;
  scopes: string[];
  expiresAt?: number;
  refreshExpiresAt?: number;
  userId?: string;
}

/** Options of {@link Connector.connect}: the callback's code and what the authorization used. */
export interface ConnectOptions {
  connectionId: string;
  provider: string;
  clientId: string;
  code: string;
  redirectUri: string;
  /** The `codeVerifier` from {@link createAuthorization}, where PKCE was used. */
  codeVerifier?: string;
  /** The scopes asked for: stored as granted when the platform's answer lists none (Meta). */
  scopes?: readonly string[];
}

/** A connector made by {@link createConnector}. */
export interface Connector {
  /** The code exchange (Meta and Instagram: then the long-lived exchange), stored under `connectionId`. */
  connect(options: ConnectOptions): Promise<ConnectionSummary>;
  /** A usable access token: refreshed first (once, however many callers) when it expires within `skewSeconds`. */
  accessToken(connectionId: string): Promise<string>;
  /** Refreshes now. Throws `ERR_OAUTH_INVALID_GRANT` (and marks the connection) when the platform refuses and no other process refreshed. */
  refresh(connectionId: string): Promise<ConnectionSummary>;
  /**
   * A platform call. `ERR_API_UNAUTHORIZED`: one refresh and one retry. 429, 5xx and throttling
   * errors: retried after {@link retryPlan}'s delay, at most `maxAttempts` attempts.
   */
  call<C extends ApiCall>(connectionId: string, request: { call: C; params?: ApiParams }): Promise<ApiResults[C]>;
  /** Revokes where the platform can (`revoked: false` where it cannot) and forgets the token. */
  revoke(connectionId: string): Promise<{ revoked: boolean }>;
}

/**
 * Runs the OAuth core with the host's `fetch` and storage: code exchange, refresh with single
 * flight per connection (plus the host's `lock` across processes; after acquiring it the stored
 * token is read again and a refresh another caller made is used instead of repeated),
 * `invalid_grant` handling that re-reads the store before marking the connection for
 * reconnection, and calls that refresh once on 401 and follow the retry plan on 429/5xx.
 * Tokens and secrets are never logged or put into errors.
 */
export function createConnector(options: ConnectorOptions): Connector;

// Built-in mappings and normalizeEvent --------------------------------------------------------

/** A built-in mapping's name (`builtinMapping(name)`, an override's `extends`). */
export type BuiltinMappingName =
  | "messenger"
  | "instagram"
  | "whatsapp"
  | "facebook-leadgen"
  | "facebook-lead"
  | "x-account-activity"
  | "linkedin-lead-notification"
  | "linkedin-lead-form-response"
  | "tiktok-business-messaging"
  | "youtube-comment-threads";

/** One entry of {@link builtinMappings}. */
export interface BuiltinMappingInfo {
  /** The name {@link builtinMapping} and `extends` take. */
  name: BuiltinMappingName;
  /** The `platform` its events carry: `messenger`, `instagram`, `whatsapp`, `facebook`, `x`, `linkedin`, `tiktok`, `youtube`. */
  platform: string;
  /** The event kinds it produces, `"unknown"` last. */
  kinds: string[];
  /** What it covers and what it assumes. */
  description: string;
}

/** The built-in mappings, in detection order (the first whose `match` holds maps a delivery). */
export function builtinMappings(): BuiltinMappingInfo[];

/**
 * A fresh copy of a built-in mapping's spec, to read, or to copy and edit (`compileMapping`),
 * or to start an override from. Throws `ERR_INVALID_ARGUMENT` (`path: "/name"`) for a name that
 * is not built in.
 */
export function builtinMapping(name: BuiltinMappingName | (string & {})): MappingSpec;

/** What {@link normalizeEvent} and {@link Normalizer.normalize} take. */
export interface NormalizeOptions {
  /**
   * The delivery: the raw body as a string or bytes (the fast path; ids beyond 2^53 keep every
   * digit), or a parsed object. A JSON array is taken as a list of deliveries.
   */
  body: string | Uint8Array | ArrayBuffer | ArrayBufferView | object;
  /**
   * Narrows detection to the mappings of a platform (`"whatsapp"`) or to one mapping by name
   * (`"facebook-lead"`); `ERR_INVALID_ARGUMENT` (`path: "/platform"`) when none has it.
   */
  platform?: string;
}

/** Options of {@link createNormalizer}. */
export interface NormalizerOptions {
  /**
   * Mapping specs compiled with the built-ins: one with `extends: "<built-in>"` replaces that
   * built-in (its `records` keyed by rule id; MAPPING.md "Overrides"); one without is tried
   * before the built-ins. Problems are `SocialCrmError`s whose `path` starts `/overrides/<i>`.
   */
  overrides?: MappingSpec[];
}

/** A compiled set of mappings (the built-ins with overrides), from {@link createNormalizer}. */
export interface Normalizer {
  /** Like {@link normalizeEvent}, with this set's mappings. */
  normalize(options: NormalizeOptions): SocialEvent[];
  /** Frees the compiled mappings now rather than when the handle is garbage-collected. */
  free(): void;
}

/**
 * Detects the platform object of a delivery (or a polled API answer) and maps it with the
 * built-in mappings (compiled once per module): `SocialEvent[]` in the order their items appear
 * in the body. Items no rule maps come back as `{ platform, kind: "unknown", source }` (never
 * dropped); a body no mapping recognises as one unknown event with `source: ""`.
 * Throws `ERR_MAPPING_BODY` when the body is not JSON. With `overrides` the set is compiled
 * on every call: use {@link createNormalizer} for many deliveries.
 */
export function normalizeEvent(options: NormalizeOptions & NormalizerOptions): SocialEvent[];

/** Compiles the built-ins with per-account overrides once, for many deliveries. */
export function createNormalizer(options?: NormalizerOptions): Normalizer;

// Mapping --------------------------------------------------------------------------------
// The spec language is documented in MAPPING.md (shipped in the package).

/** A platform identity. Ids are scoped (a Messenger PSID belongs to one Page) and always strings. */
export interface Identity {
  platform: string;
  /** What the id is scoped to (Page, business account, app); `""` for global ids (X). */
  scope?: string;
  id: string;
}

/** A username on one platform, without `@`. */
export interface Handle {
  platform: string;
  handle: string;
}

/** A name and its parts. */
export interface ContactName {
  full?: string;
  given?: string;
  family?: string;
}

/** A contact as a CRM stores it (every field optional in an observation). */
export interface Contact {
  /** The CRM's id; in a merge result, the surviving id. */
  id?: string;
  identities?: Identity[];
  name?: ContactName;
  emails?: string[];
  phones?: string[];
  handles?: Handle[];
  avatarUrl?: string;
  locale?: string;
  timezone?: string;
  company?: string;
  title?: string;
  /**
   * Integrator fields; `null` means "not observed", `""` an explicit blank. `custom.birthDate`
   * (`YYYY-MM-DD`) is compared by the default identity rules.
   */
  custom?: Record<string, unknown>;
}

/** A file, image, location or shared contact sent with a message. */
export interface Attachment {
  type: string;
  url?: string;
  id?: string;
  mimeType?: string;
  data?: Record<string, unknown>;
}

/** One entry of the communication history. */
export interface Interaction {
  id?: string;
  platform?: string;
  channel?: string;
  direction?: "inbound" | "outbound";
  /** ISO 8601 UTC. */
  occurredAt?: string;
  text?: string;
  attachments?: Attachment[];
  threadId?: string;
  inReplyTo?: string;
  contact?: Identity;
  account?: string;
}

/** A lead as a mapping produces it (the canonical record; {@link Lead} is the lead API call's answer). */
export interface LeadRecord {
  id?: string;
  platform?: string;
  formId?: string;
  adId?: string;
  campaignId?: string;
  /** Answers by question name; a question without an answer is absent. */
  answers?: Record<string, unknown>;
  contact?: Contact;
  /** ISO 8601 UTC. */
  createdAt?: string;
}

/** What one item of a delivery means for the CRM. */
export interface SocialEvent {
  platform: string;
  /** `message`, `postback`, `reaction`, `read`, `comment`, `lead`, …, or `unknown` for an item no rule mapped. */
  kind: string;
  account?: string;
  /** ISO 8601 UTC. */
  occurredAt?: string;
  contact?: Contact;
  interaction?: Interaction;
  lead?: LeadRecord;
  /** JSON Pointer to the item of the delivery this event came from. */
  source: string;
}

/** A transform step of a field's `pipe`: a name, or `{ name: argument }`. */
export type Transform =
  | "trim" | "lower" | "upper" | "title" | "collapse" | "email" | "nameSplit" | "number" | "boolean"
  | "string" | "hash" | "redact" | "json" | "first" | "last" | "omitIfEmpty" | "phone" | "date"
  | { split: string }
  | { join: string }
  | { replace: { find: string; with: string } }
  | { phone: { region?: string } }
  | { date: "auto" | "epoch_s" | "epoch_ms" | "iso8601" | "rfc2822" | "x" }
  | { map: { table: Record<string, unknown>; fallback?: unknown } }
  /** A key into the object the path selects (`"root:$.users"`). */
  | { lookup: string }
  /**
   * The first element of the `in` array whose value at `by` (relative to the element; a list:
   * any of them) equals the key exactly, without coercion; missing when none does.
   */
  | { lookup: { in: string; by: string | readonly string[] } }
  | { get: string }
  | { toObject: { key: string; value: string | readonly string[] } };

/** A condition on the current item (comparisons by JSON value, no coercion). */
export type Condition =
  | { path: string; equals: unknown }
  | { path: string; notEquals: unknown }
  | { path: string; in: readonly unknown[] }
  | { path: string; exists: boolean }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

/** How one target field is computed: exactly one of `from`, `value`, `template`, `object` (a string is a `from` path). */
export type FieldRule =
  | string
  | {
      /** A path (`$.a`, `root:$.a`, `<forEach as>:$.a`), or paths tried in order: the first non-empty wins. */
      from?: string | readonly string[];
      value?: unknown;
      /** `"{given} {family}"` with `let` names and `{$.path}` placeholders. */
      template?: string;
      /**
       * Builds an object (an identity `{ platform, scope, id }`), empty when every key is empty.
       * With `from`: one object per node `from` selects (`$` in the key rules is that node).
       */
      object?: Record<string, FieldRule>;
      pipe?: readonly Transform[];
      when?: Condition;
      /** Used when the value is empty (or only missing, with `defaultOn: "missing"`). */
      default?: unknown;
      defaultOn?: "empty" | "missing";
      /** When empty, the record is not produced and a warning says why. */
      required?: boolean;
      description?: string;
    };

/** A record rule: one record per item of the last `forEach` level. */
export interface RecordRule {
  id?: string;
  record: "event" | "contact" | "interaction" | "lead";
  forEach?: string | readonly (string | { as?: string; path: string })[];
  when?: Condition;
  let?: Record<string, FieldRule>;
  /** Target (`contact.name.full`, `contact.phones[]`) → field rule; a `[]` target may take a list of rules, each appended. */
  fields: Record<string, FieldRule | readonly FieldRule[]>;
  description?: string;
}

/** A mapping spec (MAPPING.md). With `extends`, `records` is an object of overrides keyed by rule id. */
export interface MappingSpec {
  version: 1;
  name: string;
  platform?: string;
  description?: string;
  match?: Condition;
  records: readonly RecordRule[] | Record<string, Partial<Omit<RecordRule, "fields">> & { fields?: Record<string, FieldRule | readonly FieldRule[] | null> } | null>;
  /** Paths whose items must each be used by a rule; unused ones come back as `kind: "unknown"` events. */
  coverage?: readonly string[];
  extends?: string;
}

/** A problem of a spec (validation) or of a run (warnings). */
export interface Problem {
  code: "ERR_MAPPING_SPEC" | "ERR_MAPPING_TRANSFORM" | "ERR_MAPPING_TYPE" | "ERR_MAPPING_REQUIRED" | "ERR_MAPPING_BODY" | "ERR_JSONPATH_SYNTAX";
  message: string;
  /** JSON Pointer into the spec (for `ERR_MAPPING_BODY`, `""`). */
  path: string;
  /** Character offset inside the path expression or template, for path errors. */
  offset?: number;
  /** JSON type of the value involved. */
  valueType?: "null" | "boolean" | "number" | "string" | "array" | "object";
  /** Run-time problems: JSON Pointer of the body item being mapped. */
  source?: string;
}

/** A record a mapping produced: `SocialEvent` for `event` rules, else the rule's record type. */
export type MappedRecord = SocialEvent | Contact | Interaction | LeadRecord;

/** What `map` returns. */
export interface MapResult {
  /** In rule order, then `kind: "unknown"` events for covered items no rule used. */
  records: MappedRecord[];
  warnings: Problem[];
}

/** Why a field is empty. */
export type EmptyReason = "no_match" | "null" | "when_false" | "transform_emptied" | "type_error";

/** How one field (or `let` value, or object key) was computed. */
export interface FieldTrace {
  target: string;
  /** JSON Pointer of the field rule in the spec. */
  rule: string;
  attempts?: { path: string; matched: { pointer: string; value: unknown }[] }[];
  /** The value before the pipe (absent: missing). */
  input?: unknown;
  steps?: { transform: string; value?: unknown }[];
  parts?: FieldTrace[];
  value?: unknown;
  empty?: EmptyReason;
  defaulted?: boolean;
}

/** One rule applied to one item. */
export interface RuleTrace {
  rule: string;
  /** JSON Pointer of the item in the body. */
  item: string;
  /** Index into `records` of what was produced. */
  record?: number;
  skipped?: "when_false" | "required";
  fields: FieldTrace[];
}

/** What `preview` returns. */
export interface PreviewResult extends MapResult {
  trace: RuleTrace[];
  /** A body that is not JSON (`ERR_MAPPING_BODY`). */
  errors: Problem[];
}

/** A body to map: the raw text or bytes (the fast path, ids keep every digit) or a parsed value. */
export type MappingBody = string | Uint8Array | ArrayBuffer | ArrayBufferView | object;

/** A compiled mapping. */
export interface Mapping {
  readonly name: string;
  readonly platform: string | undefined;
  map(body: MappingBody): MapResult;
  preview(body: MappingBody): PreviewResult;
  /** Releases the compiled mapping at once (it is also released when garbage collected). */
  free(): void;
}

/** Compiles a spec once; throws `SocialCrmError` with the first problem. */
export function compileMapping(spec: MappingSpec): Mapping;

/** Every problem of a spec; empty when it compiles. */
export function validateMapping(spec: MappingSpec | object): Problem[];

// Identity: normalisers and merging ----------------------------------------------------------

/**
 * The canonical form of an email address: trimmed, lowercased, `googlemail.com` spelled
 * `gmail.com`, dots and `+tag` removed for Gmail, `+tag` removed for providers that document
 * plus addressing (Outlook/Hotmail/Live/MSN, iCloud, Proton, Fastmail). `null` for a non-email or
 * a junk placeholder (`test@test.com`, `noemail@…`).
 */
export function normalizeEmail(value: string): string | null;

/** Options of {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /** ISO 3166-1 alpha-2 region for numbers written without a country code, e.g. `"GB"`. */
  region?: string;
}

/**
 * A phone number in E.164 (`+442079460958`), from international (`+44 20 …`, `0044 …`,
 * `011 44 …` in North America) or national formats with `region`; extensions are dropped.
 * `null` when it is not a number, has a length the region does not use, or is a placeholder.
 */
export function normalizePhone(value: string, options?: NormalizePhoneOptions): string | null;

/** A name folded for comparison and split into parts. */
export interface NormalizedName {
  /** Lowercased, diacritics folded (`é`→`e`, `ß`→`ss`), punctuation removed, spaces collapsed. */
  folded: string;
  /** Given names, honorifics and suffixes dropped. */
  given?: string;
  /** Family name with its particles (`van Beethoven`). */
  family?: string;
}

/** Folds and splits a name: `"Dr. José van der Berg Jr."` → `{ folded, given: "José", family: "van der Berg" }`. */
export function normalizeName(value: string): NormalizedName;

/** Whether a value is on the junk block list and counts as missing (`-1`, `0`, `n/a`, `0000000000`, `test@test.com`, …). */
export function isJunkValue(value: string): boolean;


// Identity resolution ---------------------------------------------------------------------

/** A comparison a level makes; see {@link IdentityLevel.threshold}. */
export type IdentityComparator =
  | "exact"
  | "jaroWinkler"
  | "levenshtein"
  | "phonetic"
  | "date"
  | "dayMonthSwap"
  | "numeric";

/** One comparison level with its Fellegi–Sunter probabilities. */
export interface IdentityLevel {
  comparator: IdentityComparator;
  /** `jaroWinkler`: minimum similarity; `levenshtein`: maximum edits; `date`: maximum days; `numeric`: maximum difference. */
  threshold?: number;
  /** P(level | same person). */
  m: number;
  /** P(level | different people). */
  u: number;
}

/** One compared field. */
export interface IdentityField {
  /** The name evidence is reported under. */
  name: string;
  /** JSON Pointer into the contact: `/emails`, `/phones`, `/identities`, `/handles`, `/name/full`, `/name/given`, `/name/family`, `/company`, `/title`, `/locale`, `/timezone`, `/custom/<key>`. */
  path: string;
  /** How values are normalised before comparison. */
  kind: "email" | "phone" | "name" | "text" | "key" | "date" | "number";
  /** Most specific first; the first level reached counts. */
  levels: IdentityLevel[];
  /** Both sides have a value and no level is reached. */
  else: { m: number; u: number };
  /** Weigh an exact agreement by the value's frequency (a common name counts for less). */
  termFrequency?: boolean;
  /** Frequencies of the most common values (filled by {@link trainRules}). */
  frequencies?: { floor: number; values: Record<string, number> };
}

/** Matching rules as data; start from {@link defaultIdentityRules}. Treat a rules object as immutable once passed (its compiled form is cached). */
export interface IdentityRules {
  fields: IdentityField[];
  /** Contacts sharing a key built from these parts are candidates. */
  blocking: { name: string; parts: { field: string; transform?: "exact" | "phonetic" | "initial" }[] }[];
  /** λ: the probability that two random contacts are the same person. */
  prior: number;
  /** Match-probability thresholds. */
  thresholds: { match: number; possible: number };
  /** Blocks larger than this are skipped and reported (junk or shared values). */
  maxBlockSize: number;
  /** Links that would grow a cluster beyond this are refused and reported. */
  maxClusterSize: number;
  /** ISO 3166 region for national-format phone numbers. */
  defaultRegion?: string;
}

/** The evidence one field gave. */
export interface FieldEvidence {
  /** The comparator of the level reached, `"else"`, or `"null"` when a side has no value. */
  level: IdentityComparator | "else" | "null";
  /** Index in the field's levels (`levels.length` for else, -1 for null). */
  levelIndex: number;
  /** `log2(m / u)`; 0 for null. */
  weight: number;
  m?: number;
  /** After the term-frequency adjustment. */
  u?: number;
}

/** The result of {@link compareContacts}. */
export interface ContactComparison {
  /** The match probability in [0, 1]. */
  score: number;
  /** The total match weight (log2 Bayes factor plus prior log-odds). */
  weight: number;
  decision: "match" | "possible" | "no_match";
  /** Per field name, in rule order. */
  evidence: Record<string, FieldEvidence>;
}

/** Options of {@link trainRules} (and of `train` in {@link dedupeContacts}). */
export interface TrainOptions {
  /** Random pairs for `u` (default 300000). */
  randomPairs?: number;
  /** Pairs per blocking rule for EM (default 25000). */
  pairsPerRule?: number;
  /** EM iterations (default 20). */
  iterations?: number;
  /** Sampling seed (default 1). */
  seed?: number;
  /** Most common values kept per term-frequency field (default 2000). */
  frequencies?: number;
}

/** The result of {@link dedupeContacts}. */
export interface DedupeResult {
  /** Every contact in exactly one cluster; ids sorted, clusters by their first id. */
  clusters: string[][];
  oversized: {
    /** Blocks skipped for their size. */
    blocks: { key: string; size: number }[];
    /** Clusters that hit `maxClusterSize` (named by their smallest id). */
    clusters: { id: string; size: number; refusedLinks: number }[];
  };
  stats: {
    contacts: number;
    /** Contacts with no usable field: always singletons. */
    unusable: number;
    blocks: number;
    comparedPairs: number;
    links: number;
    refusedLinks: number;
    clusters: number;
  };
  /** The trained rules, when `train` was asked for. */
  rules?: IdentityRules;
}

/** Bulk contacts: objects, or a JSON array / NDJSON as text or UTF-8 bytes (fastest for large sets). */
export type ContactsInput = readonly Contact[] | string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** The default rules for the canonical Contact, to adjust and pass back. */
export function defaultIdentityRules(): IdentityRules;

/** Blocking keys of a contact: index them in your database, look candidates up by them. */
export function matchKeys(contact: Contact, rules?: IdentityRules): string[];

/** Compares two contacts: score, decision and per-field evidence. */
export function compareContacts(a: Contact, b: Contact, rules?: IdentityRules): ContactComparison;

/** Estimates `m`, `u`, the prior and name frequencies from unlabelled contacts (EM, as Splink does). */
export function trainRules(contacts: ContactsInput, rules?: IdentityRules, options?: TrainOptions): IdentityRules;

/**
 * Clusters contacts for a bulk import: blocking, scoring, capped connected components; never
 * all pairs. Contacts with no usable field stay alone; oversized blocks and clusters are reported.
 */
export function dedupeContacts(
  contacts: ContactsInput,
  rules?: IdentityRules,
  options?: { train?: boolean | TrainOptions },
): DedupeResult;

/** What one source said about a person at one moment. `(source, eventId)` identifies it. */
export interface Observation {
  /** A platform (`messenger`, `instagram`, …) or the policy's `crmSource` (`"crm"`) for the CRM's own record. */
  source: string;
  /** The source's id for the event (delivery, message, lead, CRM revision). */
  eventId: string;
  /** When the source observed it: ISO 8601 with a zone, a `Date`, or unix milliseconds. */
  eventTime: string | number | Date;
  /** The values observed. */
  fields: Contact;
  /** The CRM's id of the contact this observation belongs to. */
  contactId?: string;
}

/** The survivorship rules. */
export type MergeRuleName =
  | "most_recent"
  | "source_priority"
  | "most_frequent"
  | "union"
  | "non_empty"
  | "longest"
  | "keep_existing";

/** A rule, by name or with its own source order (`source_priority` only). */
export type MergeRule = MergeRuleName | { rule: MergeRuleName; sources?: string[] };

/** Field paths a rule can name. */
export type MergeFieldPath =
  | "identities"
  | "emails"
  | "phones"
  | "handles"
  | "name"
  | "name.full"
  | "name.given"
  | "name.family"
  | "avatarUrl"
  | "locale"
  | "timezone"
  | "company"
  | "title"
  | "custom.*"
  | `custom.${string}`;

/** Leaves observations out of a merge: unmerge by recomputation. */
export type MergeExclusion =
  | { source: string; eventId?: string }
  | { identity: { platform: string; scope?: string; id: string } }
  | { contactId: string };

/** How {@link mergeContacts} decides. Every key is optional; the README lists the defaults. */
export interface MergePolicy {
  rules?: Partial<Record<MergeFieldPath, MergeRule>>;
  /** Sources in order of trust (default `["crm"]`). */
  sourcePriority?: string[];
  /** The source whose values `keep_existing` keeps (default `"crm"`). */
  crmSource?: string;
  /** Region for phone numbers without a country code. */
  defaultRegion?: string;
  exclude?: MergeExclusion[];
}

/** A value as one observation gave it. */
export interface ObservedValue {
  source: string;
  eventId: string;
  /** ISO 8601 UTC with milliseconds. */
  eventTime: string;
  value: unknown;
  /** Rejected values only. */
  reason?: "junk" | "invalid";
}

/** How one field was decided. */
export interface FieldProvenance {
  rule: MergeRuleName;
  /** Single-valued fields: the surviving observation. */
  winner?: ObservedValue;
  /** List fields: each kept canonical value and every observation that carried it. */
  values?: { value: unknown; observations: ObservedValue[] }[];
  /** Values that lost, best first. */
  losers?: ObservedValue[];
  /** Values treated as missing. */
  rejected?: ObservedValue[];
}

/** A disagreement the merge resolved. */
export type MergeConflict =
  | {
      kind: "values";
      field: string;
      /** `null` when the field was cleared. */
      winner: unknown;
      values: { value: unknown; observations: { source: string; eventId: string }[] }[];
    }
  | { kind: "duplicate_event"; source: string; eventId: string; variants: number };

/** The result of {@link mergeContacts}. */
export interface MergeResult {
  /** The golden record; `id` is the surviving contact id. */
  contact: Contact;
  /** Per field path: how its value was decided; nothing observed is missing from here. */
  provenance: Record<string, FieldProvenance>;
  conflicts: MergeConflict[];
  /** Other CRM contact ids among the observations, to merge into `contact.id`. */
  mergedContactIds?: string[];
  /** Observations `policy.exclude` left out. */
  excluded?: { source: string; eventId: string }[];
  /** Distinct observations used. */
  observations: number;
}

/**
 * Merges the observations of one person into a golden record. A pure function of the set of
 * observations: any order gives byte-identical output, a repeated observation changes nothing,
 * and calling again without some observations (or with `policy.exclude`) unmerges them.
 */
export function mergeContacts(observations: readonly Observation[], policy?: MergePolicy): MergeResult;
