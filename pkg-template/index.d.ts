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
