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
 * - `ERR_WEBHOOK_SECRET`: no secret, or an unusable (e.g. empty) one.
 * - `ERR_INTERNAL`: a bug in the core; the module was reset. Please report it.
 */
export type ErrorCode =
  | "ERR_INVALID_ARGUMENT"
  | "ERR_NOT_INITIALIZED"
  | "ERR_WEBHOOK_SCHEME"
  | "ERR_WEBHOOK_HEADER"
  | "ERR_WEBHOOK_SIGNATURE"
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

/** Webhook signature schemes supported by this version. */
export type WebhookScheme = "meta";

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

/** Options of {@link verifyWebhook}. Give `secret` or `secrets`, not both. */
export interface VerifyWebhookOptions {
  /** The signature scheme; `"meta"` covers Facebook Pages, Messenger, Instagram, WhatsApp Cloud and Lead Ads. */
  scheme: WebhookScheme;
  /** The shared secret (for `meta`, the App Secret). */
  secret?: string;
  /** Several secrets during a rotation; any match passes and `matched.secretIndex` says which. */
  secrets?: readonly string[];
  /** The request headers. */
  headers: WebhookHeaders;
  /** The raw request body. */
  body: WebhookBody;
}

/** What a successful verification proved. */
export interface VerifyWebhookResult {
  valid: true;
  scheme: WebhookScheme;
  matched: {
    /** Index of the matching secret (0 when a single `secret` was given). */
    secretIndex: number;
    /** Lower-case name of the header whose signature matched, e.g. `"x-hub-signature-256"`. */
    header: string;
    /** The MAC algorithm, e.g. `"hmac-sha256"`. */
    algorithm: string;
  };
}

/**
 * Verifies a webhook delivery over the exact bytes received, in constant time.
 *
 * A failure throws rather than returning `false`, so a forgotten check cannot accept a
 * forged delivery: `ERR_WEBHOOK_SIGNATURE` (no match) or `ERR_WEBHOOK_HEADER` (missing or
 * malformed header); see {@link ErrorCode} for the rest.
 *
 * @example
 * ```js
 * const body = new Uint8Array(await request.arrayBuffer());
 * verifyWebhook({ scheme: "meta", secret: env.META_APP_SECRET, headers: request.headers, body });
 * ```
 */
export function verifyWebhook(options: VerifyWebhookOptions): VerifyWebhookResult;
