// Test worker for layer 4: imports the package by NAME so the bundler picks the `workerd`
// export condition, exactly as a Cloudflare Workers user's build would.
import { verifyWebhook, version, init, SocialCrmError } from "social-crm-bridge";
import * as api from "social-crm-bridge";
import { runHandshakes, runSigning, runVectors } from "../vector-runner.mjs";

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

    if (request.method === "GET" && pathname === "/exports") {
      return json(200, { exports: Object.keys(api).sort(), version: version() });
    }

    return json(404, { message: "not found" });
  },
};
