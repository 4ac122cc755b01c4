// Layer 6 (the example host end to end): start js-example/server.mjs, then send it the
// README's own copy-paste curl command and a few requests that must be refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const secret = "demo-meta-secret"; // the example's documented default
let server;
let base;

before(async () => {
  server = spawn(process.execPath, ["js-example/server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("example server did not start in 10 s")), 10_000);
    server.once("exit", (code) => reject(new Error(`example server exited with ${code}`)));
    server.stdout.setEncoding("utf8").on("data", (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});

after(() => server?.kill());

const post = (body, headers) => fetch(`${base}/webhooks/meta`, { method: "POST", headers, body });

test("the README's curl command gets a 200 from `make demo`", () => {
  const readme = readFileSync(`${root}README.md`, "utf8");
  const snippet = /<!-- demo-curl -->\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, "README.md has no <!-- demo-curl --> block");
  const script = snippet.replaceAll("http://127.0.0.1:8787", base);
  const out = execFileSync("bash", ["-euo", "pipefail", "-c", script], { encoding: "utf8" });
  assert.match(out, /HTTP\/1\.1 200/);
  assert.match(out, /"valid":true/);
});

test("a signed body is accepted, with non-ASCII bytes intact", async () => {
  const body = Buffer.from('{"object":"page","entry":[{"messaging":[{"message":{"text":"¡Hola! 👋"}}]}]}');
  const sig = "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
  const res = await post(body, { "X-Hub-Signature-256": sig, "content-type": "application/json" });
  assert.equal(res.status, 200);
  const json = await res.json();
  assert.equal(json.valid, true);
  assert.equal(json.bytes, body.length);
});

test("forged, unsigned and malformed deliveries get 401 with the error code", async () => {
  const body = '{"object":"page"}';
  const forged = "sha256=" + createHmac("sha256", "not-the-secret").update(body).digest("hex");
  for (const [headers, code] of [
    [{ "X-Hub-Signature-256": forged }, "ERR_WEBHOOK_SIGNATURE"],
    [{}, "ERR_WEBHOOK_HEADER"],
    [{ "X-Hub-Signature-256": "sha256=xyz" }, "ERR_WEBHOOK_HEADER"],
  ]) {
    const res = await post(body, headers);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error, code);
  }
});

test("Meta's subscription check is answered, and only with the right verify token", async () => {
  const ok = await fetch(`${base}/webhooks/meta?hub.mode=subscribe&hub.challenge=987654&hub.verify_token=demo-verify-token`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), "987654");
  const wrong = await fetch(`${base}/webhooks/meta?hub.mode=subscribe&hub.challenge=987654&hub.verify_token=guess`);
  assert.equal(wrong.status, 403);
  assert.equal(await wrong.text(), "");
});

test("a retried delivery is recognised and stored once", async () => {
  const body = '{"object":"page","entry":[{"id":"retry-test"}]}';
  const headers = { "X-Hub-Signature-256": "sha256=" + createHmac("sha256", secret).update(body).digest("hex") };
  const first = await (await post(body, headers)).json();
  const retry = await (await post(body, headers)).json();
  assert.equal(first.duplicate, false);
  assert.equal(retry.duplicate, true);
  assert.equal(retry.key, first.key);
  const stored = await (await fetch(`${base}/deliveries`)).json();
  assert.equal(stored.filter((d) => d.key === first.key).length, 1);
});

test("an unknown scheme is a 404 with ERR_WEBHOOK_SCHEME", async () => {
  const res = await fetch(`${base}/webhooks/myspace`, { method: "POST", body: "{}" });
  assert.equal(res.status, 404);
  assert.equal((await res.json()).error, "ERR_WEBHOOK_SCHEME");
});

test("GET / reports the loaded core version", async () => {
  const pkg = JSON.parse(readFileSync(`${root}pkg/package.json`, "utf8"));
  const res = await fetch(`${base}/`);
  assert.equal((await res.json()).version, pkg.version);
});
