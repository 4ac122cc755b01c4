// Layer 4: the built package inside workerd. The worker is bundled the way a Workers user's
// build would do it (by package name, `workerd` condition, .wasm kept as its own module) and
// served by the real workerd binary; requests come from this process over loopback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { loadVectorFile, loadVectors } from "./vector-files.mjs";
import { startFakePlatform, clientSecret, CODE } from "./fake-platform.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkgDir = resolve(here, "../../pkg");
const workerdBin = join(here, "node_modules/.bin/workerd");
const SECRET = "layer4-app-secret";

let tmp, child, base, fake, childLog = "";

// Even if before() throws half way, nothing may outlive the run.
const cleanup = async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await fake?.close();
  tmp = child = fake = undefined;
};
process.once("exit", () => child?.kill("SIGKILL"));
after(cleanup);

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer().once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

before(async () => {
  for (const f of ["package.json", "workerd.js", "node.js", "social_crm_bridge_bg.wasm"]) {
    if (!existsSync(join(pkgDir, f))) {
      throw new Error(`pkg/${f} is missing: run \`make build\` (from the repo root) before this test`);
    }
  }
  tmp = mkdtempSync(join(tmpdir(), "scb-workerd-"));

  // Resolve the package by name without touching tests/js/node_modules: a node_modules-style
  // dir in tmp on esbuild's nodePaths (which honours the exports map and its conditions).
  mkdirSync(join(tmp, "node_modules"));
  symlinkSync(pkgDir, join(tmp, "node_modules/social-crm-bridge"), "dir");

  const out = join(tmp, "out");
  const { metafile } = await esbuild.build({
    absWorkingDir: here,
    entryPoints: [join(here, "workerd/worker.js")],
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker"],
    nodePaths: [join(tmp, "node_modules")],
    // workerd must receive the .wasm as its own module (it compiles it; no codegen from bytes).
    loader: { ".wasm": "copy" },
    assetNames: "[name]",
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(metafile.inputs).map((p) => resolve(here, p));
  assert.ok(inputs.includes(join(pkgDir, "workerd.js")), `bundle did not use pkg/workerd.js: ${inputs}`);
  for (const other of ["node.js", "browser.js"]) {
    assert.ok(!inputs.includes(join(pkgDir, other)), `bundle pulled in pkg/${other}`);
  }
  const wasmName = "social_crm_bridge_bg.wasm";
  assert.ok(existsSync(join(out, wasmName)), "esbuild did not emit the .wasm next to the bundle");

  const port = await freePort();
  // The bundle imports "./social_crm_bridge_bg.wasm"; workerd resolves it against the
  // importing module's name, so the wasm module is named as the bare file next to worker.js.
  writeFileSync(join(tmp, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # workerd's default outbound refuses private and loopback addresses; the connector test
    # reaches the fake platform on 127.0.0.1, so this worker's fetch goes through a network
    # service that allows them.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "${wasmName}", wasm = embed "out/${wasmName}"),
  ],
  bindings = [(name = "META_APP_SECRET", text = ${JSON.stringify(SECRET)})],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`);

  child = spawn(workerdBin, ["serve", join(tmp, "config.capnp")], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => (childLog += d));
  child.stderr.on("data", (d) => (childLog += d));
  base = `http://127.0.0.1:${port}`;

  // Bounded wait for the socket: 15 s, failing fast if workerd exits (e.g. a config error).
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${childLog}`);
    try {
      await fetch(`${base}/exports`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`workerd did not answer within 15 s:\n${childLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

const sign = (body, secret = SECRET) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");

async function post(body, headers) {
  const res = await fetch(`${base}/webhooks/meta`, { method: "POST", body, headers });
  return { status: res.status, json: await res.json() };
}

async function assertValid(body, headerName = "x-hub-signature-256") {
  const { status, json } = await post(body, { [headerName]: sign(body) });
  assert.equal(status, 200, JSON.stringify(json));
  assert.equal(json.valid, true);
  assert.equal(json.scheme, "meta");
  assert.equal(json.matched.secretIndex, 0);
}

test("verifies a signed JSON body", () =>
  assertValid(Buffer.from(JSON.stringify({ object: "page", entry: [{ id: "1", time: 1 }] }))));

test("verifies the exact bytes of a non-ASCII UTF-8 body", () =>
  assertValid(Buffer.from('{"message":"héllo 😀 — ñ 中文"}', "utf8")));

test("verifies a ~1 MB body", () => {
  // Deterministic filler with every byte value, so nothing is special-cased as text.
  const body = Buffer.alloc(1 << 20, 0);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + 7) & 0xff;
  return assertValid(body);
});

test("accepts the signature header under a mixed-case name", () =>
  assertValid(Buffer.from('{"ok":true}'), "X-Hub-Signature-256"));

test("rejects a tampered body with ERR_WEBHOOK_SIGNATURE", async () => {
  const body = Buffer.from('{"amount":100,"note":"héllo"}');
  const signature = sign(body);
  const tampered = Buffer.from(body);
  tampered[11] ^= 0x01; // one byte of the digits
  const { status, json } = await post(tampered, { "x-hub-signature-256": signature });
  assert.equal(status, 401, JSON.stringify(json));
  assert.equal(json.code, "ERR_WEBHOOK_SIGNATURE");
  assert.equal(typeof json.message, "string");
});

test("rejects a missing signature header with ERR_WEBHOOK_HEADER", async () => {
  const { status, json } = await post(Buffer.from("{}"), { "content-type": "application/json" });
  assert.equal(status, 401, JSON.stringify(json));
  assert.equal(json.code, "ERR_WEBHOOK_HEADER");
  assert.equal(json.path, "/headers/x-hub-signature-256");
});

test("exports the same names as the node entry, and the package version", async () => {
  const nodeEntry = await import(new URL("../../pkg/node.js", import.meta.url));
  const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const res = await fetch(`${base}/exports`);
  assert.equal(res.status, 200);
  const json = await res.json();
  assert.deepEqual(json.exports, Object.keys(nodeEntry).sort());
  assert.equal(json.version, version);
});

test("every shared webhook, signing and handshake vector passes inside workerd", async () => {
  const webhooks = loadVectors();
  const signing = loadVectorFile("signing");
  const handshakes = loadVectorFile("handshakes");
  const res = await fetch(`${base}/vectors`, { method: "POST", body: JSON.stringify({ webhooks, signing, handshakes }) });
  assert.equal(res.status, 200);
  const results = await res.json();
  const expected = webhooks.reduce((n, f) => n + f.cases.length, 0) + signing.cases.length + handshakes.cases.length;
  assert.equal(results.length, expected);
  assert.deepEqual(results.filter((r) => !r.ok), []);
});

test("the mapping vectors pass inside workerd, and a raw body keeps its big ids", async () => {
  const vector = (name) => loadVectorFile(`mapping/${name}`);
  const res = await fetch(`${base}/mapping/vectors`, {
    method: "POST",
    body: JSON.stringify({ transforms: vector("transforms"), engine: vector("engine"), problems: vector("problems") }),
  });
  assert.equal(res.status, 200);
  assert.deepEqual((await res.json()).failures, []);
  const spec = {
    version: 1,
    name: "w",
    platform: "x",
    records: [{ id: "dm", record: "event", forEach: "$.events[*]", fields: { kind: { value: "message" }, "interaction.id": { from: "$.id", pipe: ["string"] } } }],
  };
  const mapped = await fetch(`${base}/mapping/map`, { method: "POST", body: JSON.stringify({ spec, body: '{"events":[{"id":1298765432109876543}]}' }) });
  assert.equal(mapped.status, 200);
  assert.deepEqual(await mapped.json(), {
    records: [{ platform: "x", kind: "message", source: "/events/0", interaction: { id: "1298765432109876543", platform: "x" } }],
    warnings: [],
  });
});

test("the connector inside workerd: every provider connects, calls and refreshes against the fake platform", async () => {
  const START = 1_800_000_000;
  fake = await startFakePlatform({ now: () => START });
  const providers = ["facebook", "instagram", "x", "linkedin", "tiktok", "google"];
  const calls = [
    ["facebook", "lead", { leadId: "L-1234567890123456789" }],
    ["instagram", "instagramProfile", { igsid: "17841400000000001" }],
    ["x", "me", {}],
    ["linkedin", "userinfo", {}],
    ["tiktok", "userInfo", {}],
    ["google", "commentThreads", { videoId: "dQw4w9WgXcQ" }],
  ];
  const res = await fetch(`${base}/connector`, {
    method: "POST",
    body: JSON.stringify({ base: fake.base, providers: fake.providers, secrets: Object.fromEntries(providers.map((p) => [p, clientSecret(p)])), code: CODE, start: START, calls }),
  });
  const out = await res.json();
  assert.equal(res.status, 200, JSON.stringify(out));
  for (const provider of providers) {
    const r = out.providers[provider];
    assert.ok(r, provider);
    assert.deepEqual(r.after, r.before, `${provider}: same answer after the refresh`);
    assert.equal(r.newAccessToken, true, `${provider}: refreshed`);
    assert.equal(fake.count(`${provider}:code`) >= 1, true);
    assert.ok(fake.count(`${provider}:refresh`) + fake.count(`${provider}:longLived`) >= 1);
  }
  assert.equal(out.providers.facebook.before.contact.email, "ada@example.com");
  assert.equal(out.providers.x.rotated, true);
  assert.equal(out.providers.tiktok.rotated, true);
  assert.equal(out.providers.google.rotated, false);
  // x: one refresh in the per-provider run, one for the 20 concurrent calls, two in the reuse
  // scenario (the rotation, then the refused reuse): nothing more.
  assert.deepEqual(out.concurrent, Array(20).fill("XDevelopers"));
  assert.equal(fake.count("x:refresh"), 4);
  assert.equal(fake.count("x:refreshRefused"), 1);
  assert.deepEqual(out.whatsapp, { success: true });
  assert.equal(fake.count("whatsapp:api:subscribedApps"), 1);
  assert.equal(out.afterUnauthorized, "ada@example.com");
  assert.equal(fake.count("linkedin:unauthorized"), 1);
  assert.equal(out.afterThrottle, 2);
  assert.equal(fake.count("google:throttled"), 1);
  assert.deepEqual(out.sleeps.length, 1);
  assert.ok(out.sleeps[0] >= 2000, String(out.sleeps[0]));
  assert.deepEqual(out.reuse, { code: "ERR_OAUTH_INVALID_GRANT", isSocialCrmError: true, reconnect: "invalid_grant", leaked: false });
});

test("normalizeEvent inside workerd: every golden platform fixture, and an override handle", async () => {
  const dir = join(here, "../vectors/platforms");
  let count = 0;
  for (const platformDir of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, platformDir)).filter((f) => f.endsWith(".json"))) {
      const fixture = JSON.parse(readFileSync(join(dir, platformDir, file), "utf8"));
      const query = fixture.platform ? `?platform=${fixture.platform}` : "";
      const res = await fetch(`${base}/normalize${query}`, { method: "POST", body: JSON.stringify(fixture.body) });
      const answer = await res.json();
      assert.equal(res.status, 200, `${platformDir}/${file}: ${JSON.stringify(answer)}`);
      assert.deepEqual(answer.events, fixture.expected, `${platformDir}/${file}`);
      if (platformDir === "whatsapp" && file === "text.json") {
        assert.equal(answer.tagged[0].contact.custom.edge, true);
      }
      count++;
    }
  }
  assert.ok(count >= 40, `only ${count} fixtures`);
});

test("identity resolution inside workerd: keys, a comparison and a trained dedupe of NDJSON bytes", async () => {
  const contacts = [
    { id: "w1", name: { full: "Ada Lovelace" }, emails: ["Ada.Lovelace@gmail.com"] },
    { id: "w2", name: { given: "Ada", family: "Lovelace" }, emails: ["adalovelace+ads@googlemail.com"] },
    { id: "w3", name: { full: "Charles Babbage" }, emails: ["charles@babbage.co.uk"] },
    { id: "w4", emails: ["test@test.com"] },
  ];
  const res = await fetch(`${base}/identity`, { method: "POST", body: contacts.map((c) => JSON.stringify(c)).join("\n") });
  const out = await res.json();
  assert.equal(res.status, 200, JSON.stringify(out));
  assert.ok(out.keys.includes("email:adalovelace@gmail.com"));
  assert.equal(out.comparison.decision, "match");
  assert.equal(out.comparison.evidence.email.level, "exact");
  assert.equal(out.trained, true);
  assert.equal(out.clusters.flat().length, 4);
  assert.ok(out.clusters.some((c) => c.includes("w3") && c.length === 1));
  assert.ok(out.clusters.some((c) => c.includes("w4") && c.length === 1));
});

test("mergeContacts inside workerd: the golden merge vector, in any order", async () => {
  const vector = JSON.parse(readFileSync(join(here, "../vectors/merge/golden.json"), "utf8"));
  const res = await fetch(`${base}/merge`, { method: "POST", body: JSON.stringify(vector) });
  const out = await res.json();
  assert.equal(res.status, 200, JSON.stringify(out));
  assert.deepEqual(out.merged, vector.expected);
  assert.equal(JSON.stringify(out.reversed), JSON.stringify(out.merged));
});
