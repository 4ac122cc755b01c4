// Type-checked by the packaging test (`tsc --noEmit`) against the installed tarball: the
// hand-written index.d.ts must describe the package the way a consumer uses it.
// No DOM or Node types are loaded (tsconfig "types": [], "lib": ["es2022"]).
import {
  init,
  version,
  verifyWebhook,
  SocialCrmError,
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

// Misuse the types must reject (tsc fails if any line below is accepted).
// @ts-expect-error unknown scheme
verifyWebhook({ scheme: "nope", secret: "s", headers: {}, body: "" });
// @ts-expect-error a parsed JSON object is not a body
verifyWebhook({ scheme: "meta", secret: "s", headers: {}, body: { a: 1 } });
// @ts-expect-error headers are required
verifyWebhook({ scheme: "meta", secret: "s", body: "" });
// @ts-expect-error codes are a closed set
const wrong: ErrorCode = "ERR_NOPE";
export { wrong };
