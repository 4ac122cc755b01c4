// Layer 6 (the example host end to end): start js-example/server.mjs, then send it the
// README's own copy-paste curl command, a few requests that must be refused, platform
// deliveries that must become contacts and history, and open the mapping playground in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const secret = "demo-meta-secret"; // the example's documented default
let server;
let base;

before(async () => {
  server = spawn(process.execPath, ["js-example/server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: "0", CRM_DB: ":memory:" },
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
  assert.match(out, /"kind":"message"[^}]*"decision":"created"/);
  assert.match(out, /"identities":\[\{"platform":"messenger","scope":"104729388856012","id":"7301946254318765"\}\]/);
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

const signed = (body) => ({ "content-type": "application/json", "X-Hub-Signature-256": "sha256=" + createHmac("sha256", secret).update(body).digest("hex") });

// A WhatsApp Cloud API delivery in the documented shape (our own values).
function whatsapp(messages, name) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "310000000000001", changes: [{ field: "messages", value: {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: "15550001111", phone_number_id: "220000000000002" },
      contacts: [{ profile: { name }, wa_id: "447700900123" }],
      messages: messages.map(([id, text, ts]) => ({ from: "447700900123", id, timestamp: String(ts), type: "text", text: { body: text } })),
    } }] }],
  });
}

test("deliveries become one contact with its history; a retry stores nothing twice", async () => {
  const first = whatsapp([["wamid.A1", "Hello", 1764320000], ["wamid.A2", "Are you open on Sunday?", 1764320060]], "Ada Lovelace");
  const res = await post(first, signed(first));
  assert.equal(res.status, 200);
  const answer = await res.json();
  assert.deepEqual(answer.events.map((e) => [e.kind, e.decision]), [["message", "created"], ["message", "matched"]]);
  const retry = await (await post(first, signed(first))).json();
  assert.equal(retry.duplicate, true);

  // A later delivery from the same number, with a different profile name, joins the contact.
  const later = whatsapp([["wamid.B1", "Thanks!", 1764406400]], "Ada King");
  const laterAnswer = await (await post(later, signed(later))).json();
  assert.equal(laterAnswer.events[0].decision, "matched");
  assert.equal(laterAnswer.events[0].contactId, answer.events[0].contactId);
  assert.ok(laterAnswer.events[0].compared >= 1, "the stored contact was a candidate");

  const contacts = (await (await fetch(`${base}/contacts`)).json()).filter((c) => c.phones?.includes("+447700900123"));
  assert.equal(contacts.length, 1);
  const detail = await (await fetch(`${base}/contacts/${encodeURIComponent(contacts[0].id)}`)).json();
  assert.deepEqual(detail.interactions.map((e) => e.interaction.text), ["Hello", "Are you open on Sunday?", "Thanks!"]);
  // The name that lost the merge is kept in the provenance, not dropped.
  const names = JSON.stringify(detail.provenance);
  assert.ok(names.includes("Ada Lovelace") && names.includes("Ada King"), names);
});

test("the mapping playground previews a built-in mapping and points at a broken path", async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/playground`);
    await page.waitForFunction(() => window.playgroundReady === true, null, { timeout: 15_000 });
    const records = JSON.parse(await page.textContent("#records"));
    assert.equal(records[0].platform, "whatsapp");
    assert.ok((await page.locator("#trace tr").count()) > 5, "the trace lists the fields");

    // Break one path in the spec: the problem names the spec location and the offset.
    const spec = JSON.parse(await page.inputValue("#spec"));
    spec.records[0].fields = { ...spec.records[0].fields, "interaction.text": { from: "$.text[" } };
    await page.fill("#spec", JSON.stringify(spec, null, 2));
    await page.waitForFunction(() => document.querySelector("#problems").textContent.includes("ERR_JSONPATH_SYNTAX"), null, { timeout: 5_000 });
    assert.match(await page.textContent("#problems"), /\/records\/0\/fields\/interaction\.text/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
