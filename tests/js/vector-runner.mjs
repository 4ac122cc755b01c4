// Runs the shared webhook vectors (tests/vectors/webhooks/*.json) through the package's public
// `verifyWebhook`. Imported by vectors.test.mjs in Node and bundled into the workerd test
// worker, so both runtimes run the same cases the native Rust harness runs.

const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Every field `expected` states must equal the same field in `actual`. */
function subsetDiff(expected, actual, path = "") {
  if (expected !== null && typeof expected === "object") {
    for (const [key, value] of Object.entries(expected)) {
      const diff = subsetDiff(value, actual?.[key], `${path}/${key}`);
      if (diff) return diff;
    }
    return null;
  }
  return expected === actual ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** `[{ scheme, name, ok, message? }]` for every case of every vector file. */
export function runVectors(api, files) {
  const results = [];
  for (const file of files) {
    for (const c of file.cases) {
      const body = typeof c.body === "string" ? c.body : fromBase64(c.body.base64);
      const options = { scheme: file.scheme, secrets: c.secrets, headers: c.headers, body, url: c.url, method: c.method, now: c.now, toleranceSeconds: c.toleranceSeconds };
      let message = null;
      try {
        const result = api.verifyWebhook(options);
        message = c.expect.error ? `expected ${c.expect.error}, got success` : subsetDiff(c.expect, result);
      } catch (err) {
        if (!(err instanceof api.SocialCrmError)) message = `threw a non-SocialCrmError: ${err}`;
        else if (c.expect.error !== err.code) message = `expected ${c.expect.error ?? "success"}, got ${err.code}: ${err.message}`;
      }
      results.push({ scheme: file.scheme, name: c.name, ok: message === null, ...(message && { message }) });
    }
  }
  return results;
}

/** Runs the signing round trips of tests/vectors/signing.json: `[{ scheme, name, ok, message? }]`. */
export function runSigning(api, file) {
  return file.cases.map((c) => {
    const name = c.name ?? c.scheme;
    try {
      const { headers } = api.signWebhook({ scheme: c.scheme, secret: c.secret, body: c.body, now: c.now, id: c.id, url: c.url, method: c.method });
      const options = { scheme: c.scheme, secret: c.verifySecret ?? c.secret, headers: { ...c.headers, ...headers }, url: c.url, method: c.method, now: c.now };
      const result = api.verifyWebhook({ ...options, body: c.body });
      if (c.id && result.deliveryId !== c.id) return { scheme: c.scheme, name, ok: false, message: `deliveryId ${result.deliveryId}` };
      if (!c.bodyNotSigned) {
        try {
          api.verifyWebhook({ ...options, body: c.body + " " });
          return { scheme: c.scheme, name, ok: false, message: "a changed body still verified" };
        } catch (err) {
          if (!(err instanceof api.SocialCrmError)) throw err;
        }
      }
      return { scheme: c.scheme, name, ok: true };
    } catch (err) {
      return { scheme: c.scheme, name, ok: false, message: `${err.code ?? ""} ${err.message}` };
    }
  });
}

/** Runs tests/vectors/handshakes.json through respondToHandshake: `[{ scheme, name, ok, message? }]`. */
export function runHandshakes(api, file) {
  return file.cases.map((c) => {
    const { method, url, headers = {}, body } = c.request;
    let message = null;
    try {
      const response = api.respondToHandshake({ scheme: c.scheme, method, url, headers, body, secret: c.secret, verifyToken: c.verifyToken, now: c.now });
      message = c.expect?.error ? `expected ${c.expect.error}, got ${JSON.stringify(response)}` : c.expect === null ? (response === null ? null : `expected null, got ${JSON.stringify(response)}`) : subsetDiff(c.expect, response);
    } catch (err) {
      if (!(err instanceof api.SocialCrmError)) message = `threw a non-SocialCrmError: ${err}`;
      else if (c.expect?.error !== err.code) message = `expected ${JSON.stringify(c.expect)}, got ${err.code}: ${err.message}`;
    }
    return { scheme: c.scheme, name: c.name, ok: message === null, ...(message && { message }) };
  });
}
