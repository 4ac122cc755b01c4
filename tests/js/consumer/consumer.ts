// Type-checked by the packaging test (`tsc --noEmit`) against the installed tarball: the
// hand-written index.d.ts must describe the package the way a consumer uses it.
// No DOM or Node types are loaded (tsconfig "types": [], "lib": ["es2022"]).
import {
  init,
  version,
  verifyWebhook,
  signWebhook,
  respondToHandshake,
  deliveryKey,
  SocialCrmError,
  type HandshakeResponse,
  type ErrorCode,
  type VerifyWebhookOptions,
  type VerifyWebhookResult,
} from "social-crm-bridge";

export async function handle(headers: Record<string, string>, body: Uint8Array): Promise<number> {
  await init();
  const v: string = version();
  const options: VerifyWebhookOptions = { scheme: "meta", secret: "s", headers, body };
  try {
    const result: VerifyWebhookResult = verifyWebhook(options);
    const index: number = result.matched.secretIndex;
    const valid: true = result.valid;
    return valid && v.length > 0 ? index : -1;
  } catch (err) {
    if (err instanceof SocialCrmError) {
      const code: ErrorCode = err.code;
      const path: string | undefined = err.path;
      return code === "ERR_WEBHOOK_SIGNATURE" || path === undefined ? 401 : 400;
    }
    throw err;
  }
}

export function rotation(body: string): VerifyWebhookResult {
  return verifyWebhook({ scheme: "meta", secrets: ["old", "new"], headers: [["x-hub-signature-256", "sha256=00"]], body });
}

export function simulate(body: string): { key: string; status: number } {
  const { headers } = signWebhook({ scheme: "standard-webhooks", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body, now: new Date(), id: "msg_1" });
  const signature: string | undefined = headers["webhook-signature"];
  const result = verifyWebhook({ scheme: "standard-webhooks", secret: "whsec_x", headers, body, toleranceSeconds: 600 });
  const timestamp: number | undefined = result.timestamp;
  const handshake: HandshakeResponse | null = respondToHandshake({ scheme: "meta", method: "GET", url: "/hook?hub.mode=subscribe", verifyToken: "t" });
  const key: string = deliveryKey({ scheme: "github", headers, body });
  return { key: key + (signature ?? "") + (timestamp ?? 0), status: handshake?.status ?? 0 };
}

// Misuse the types must reject (tsc fails if any line below is accepted).
// @ts-expect-error unknown scheme
verifyWebhook({ scheme: "nope", secret: "s", headers: {}, body: "" });
// @ts-expect-error a parsed JSON object is not a body
verifyWebhook({ scheme: "meta", secret: "s", headers: {}, body: { a: 1 } });
// @ts-expect-error headers are required
verifyWebhook({ scheme: "meta", secret: "s", body: "" });
// @ts-expect-error signWebhook needs a secret
signWebhook({ scheme: "meta", body: "" });
// @ts-expect-error respondToHandshake needs the request URL
respondToHandshake({ scheme: "meta", method: "GET" });
// @ts-expect-error codes are a closed set
const wrong: ErrorCode = "ERR_NOPE";
export { wrong };
