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
