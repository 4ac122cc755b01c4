// Layer 6: the package as a consumer gets it. `npm pack` → install the tarball into a fresh
// project → import it by name; type-check a consumer file against the shipped index.d.ts;
// check that the exports map, the runtime exports and the declarations agree.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));
if (!existsSync(join(pkgDir, "package.json"))) throw new Error("pkg/ is missing: run `make build` first");
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", import.meta.url));
const consumerDir = fileURLToPath(new URL("consumer/", import.meta.url));

let project;
let packed;

before(() => {
  project = mkdtempSync(join(tmpdir(), "scb-consumer-"));
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", project, pkgDir], { encoding: "utf8" }));
  packed = info;
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(project, info.filename)], { cwd: project, stdio: "pipe" });
});

after(() => rmSync(project, { recursive: true, force: true }));

test("exports map: conditions in the documented order, every target shipped", () => {
  assert.equal(manifest.name, "social-crm-bridge");
  assert.equal(manifest.type, "module");
  assert.deepEqual(Object.keys(manifest.exports), [".", "./package.json", "./schema/*"]);
  assert.deepEqual(Object.keys(manifest.exports["."]), ["types", "workerd", "node", "browser", "default"]);
  const shipped = new Set(packed.files.map((f) => f.path));
  for (const target of [...Object.values(manifest.exports["."]), manifest.exports["./package.json"]]) {
    assert.ok(shipped.has(target.replace(/^\.\//, "")), `${target} is not in the tarball`);
  }
  for (const file of ["social_crm_bridge.js", "social_crm_bridge_bg.wasm", "runtime.js", "index.js", "README.md", "MAPPING.md"]) {
    assert.ok(shipped.has(file), `${file} is not in the tarball`);
  }
  // The record schemas ship and resolve through the "./schema/*" export.
  for (const schema of ["social-event", "contact", "interaction", "lead"]) {
    assert.ok(shipped.has(`schema/${schema}.schema.json`), `schema/${schema}.schema.json is not in the tarball`);
  }
});

test("the installed tarball imports by name from ESM and verifies a signature", () => {
  const script = `
    import { createHmac } from "node:crypto";
    import { verifyWebhook, version } from "social-crm-bridge";
    const body = '{"object":"page"}';
    const sig = "sha256=" + createHmac("sha256", "k").update(body).digest("hex");
    const r = verifyWebhook({ scheme: "meta", secret: "k", headers: { "X-Hub-Signature-256": sig }, body });
    console.log(JSON.stringify({ valid: r.valid, version: version() }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8" });
  assert.deepEqual(JSON.parse(out), { valid: true, version: manifest.version });
});

test("tsc --noEmit accepts the consumer file and rejects misuse", () => {
  copyFileSync(join(consumerDir, "consumer.ts"), join(project, "consumer.ts"));
  copyFileSync(join(consumerDir, "tsconfig.json"), join(project, "tsconfig.json"));
  const check = () => execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { encoding: "utf8" });
  try {
    check();
  } catch (err) {
    assert.fail(`tsc rejected the consumer file:\n${err.stdout}`);
  }
  // The checker really reads our declarations: a wrong result type must be an error.
  writeFileSync(join(project, "consumer.ts"), 'import { version } from "social-crm-bridge";\nexport const n: number = version();\n');
  assert.throws(check, (err) => /TS2322/.test(err.stdout));
});

test("index.d.ts declares exactly what every entry exports", async () => {
  const dts = readFileSync(join(pkgDir, "index.d.ts"), "utf8");
  const declared = [...dts.matchAll(/^export (?:declare )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]);
  const expected = [...new Set(declared)].sort();
  for (const entry of ["node.js", "browser.js"]) {
    const mod = await import(join(pkgDir, entry));
    assert.deepEqual(Object.keys(mod).sort(), expected, entry);
  }
  // workerd.js imports the .wasm as a module, which only workerd can load: compare its
  // statements textually here (the workerd layer checks its runtime exports).
  const workerd = readFileSync(join(pkgDir, "workerd.js"), "utf8");
  assert.match(workerd, /export \* from "\.\/index\.js";/);
  assert.match(workerd, /export async function init\(/);
});

test("the WebhookScheme type lists exactly the schemes the core knows", () => {
  const dts = readFileSync(join(pkgDir, "index.d.ts"), "utf8");
  const union = /export type WebhookScheme =([^;]+);/.exec(dts)[1];
  const declared = [...union.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]).sort();
  // tests/vectors.rs checks that every scheme of the core has a vector file and that every
  // vector file names a known scheme, so the file names are the core's list.
  const vectors = readdirSync(fileURLToPath(new URL("../vectors/webhooks/", import.meta.url)))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
  assert.deepEqual(declared, vectors);
});
