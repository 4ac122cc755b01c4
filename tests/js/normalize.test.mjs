// Layer 3: built-in mappings and normalizeEvent through the built package, as users call them:
// every golden platform fixture (tests/vectors/platforms) gives exactly its expected events
// from the raw body string, the bytes and a parsed object; overrides; errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const { builtinMappings, builtinMapping, normalizeEvent, createNormalizer, compileMapping, SocialCrmError } =
  await import(new URL("node.js", pkgDir));

const fixturesDir = new URL("../vectors/platforms/", import.meta.url);
const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(new URL(`${d.name}/`, fixturesDir))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => ({ name: `${d.name}/${f}`, ...JSON.parse(readFileSync(new URL(`${d.name}/${f}`, fixturesDir), "utf8")) })),
  );

const codeOf = expectError(SocialCrmError);

test("every built-in mapping on every golden fixture: map (read from the core's tape) gives what preview (JSON text) gives", () => {
  const mappings = builtinMappings().map((m) => [m.name, compileMapping(builtinMapping(m.name))]);
  let records = 0;
  for (const f of fixtures) {
    const text = JSON.stringify(f.body);
    for (const [name, mapping] of mappings) {
      const mapped = mapping.map(text);
      const previewed = mapping.preview(text);
      // The same values, members in the same order.
      assert.equal(JSON.stringify(mapped.records), JSON.stringify(previewed.records), `${name} on ${f.name}`);
      assert.deepEqual(mapped.warnings, previewed.warnings, `${name} on ${f.name}`);
      records += mapped.records.length;
    }
  }
  assert.ok(records > 100, `${records} records compared`);
  for (const [, mapping] of mappings) mapping.free();
});

test("builtinMappings lists every built-in with platform, kinds and description", () => {
  const list = builtinMappings();
  const names = list.map((m) => m.name);
  for (const name of ["messenger", "instagram", "whatsapp", "facebook-leadgen", "facebook-lead", "x-account-activity",
    "linkedin-lead-notification", "linkedin-lead-form-response", "tiktok-business-messaging", "youtube-comment-threads"]) {
    assert.ok(names.includes(name), name);
  }
  for (const m of list) {
    assert.equal(typeof m.platform, "string");
    assert.equal(typeof m.description, "string");
    assert.equal(m.kinds.at(-1), "unknown");
  }
});

test("builtinMapping returns a fresh, editable copy of the spec; an unknown name throws", () => {
  const spec = builtinMapping("whatsapp");
  assert.equal(spec.name, "whatsapp");
  assert.equal(spec.version, 1);
  spec.records.length = 0;
  assert.ok(builtinMapping("whatsapp").records.length > 0);
  const err = codeOf(() => builtinMapping("myspace"));
  assert.equal(err.code, "ERR_INVALID_ARGUMENT");
  assert.equal(err.path, "/name");
});

test(`every golden fixture (${fixtures.length}) normalises to its expected events from a string, bytes and an object`, () => {
  assert.ok(fixtures.length >= 40);
  for (const f of fixtures) {
    const text = JSON.stringify(f.body);
    assert.deepEqual(normalizeEvent({ body: text, platform: f.platform }), f.expected, f.name);
    assert.deepEqual(normalizeEvent({ body: new TextEncoder().encode(text), platform: f.platform }), f.expected, f.name);
  }
  // A parsed object works too when it holds no number beyond 2^53.
  const wa = fixtures.find((f) => f.name === "whatsapp/text.json");
  assert.deepEqual(normalizeEvent({ body: wa.body }), wa.expected);
});

test("X ids beyond 2^53 keep every digit from the raw body", () => {
  const body = '{"for_user_id":"1","tweet_create_events":[{"created_at":"Sat Nov 29 07:25:11 +0000 2025",' +
    '"id":1862349999999999999,"text":"@a hi","user":{"id":2244668800,"name":"A","screen_name":"a"}}]}';
  const [event] = normalizeEvent({ body });
  assert.equal(event.interaction.id, "1862349999999999999");
  assert.equal(event.contact.identities[0].id, "2244668800");
});

test("createNormalizer applies a per-account override that extends a built-in", () => {
  const normalizer = createNormalizer({
    overrides: [{ version: 1, name: "acme-whatsapp", extends: "whatsapp",
      records: { text: { fields: { "contact.custom.source": { value: "wa-ads" }, "contact.name.full": null } } } }],
  });
  const wa = fixtures.find((f) => f.name === "whatsapp/text.json");
  const [event] = normalizer.normalize({ body: JSON.stringify(wa.body) });
  assert.equal(event.contact.custom.source, "wa-ads");
  assert.equal(event.contact.name, undefined);
  assert.equal(event.interaction.text, wa.expected[0].interaction.text);
  // The built-ins themselves are untouched.
  assert.deepEqual(normalizeEvent({ body: JSON.stringify(wa.body) }), wa.expected);
  normalizer.free();
});

test("a copied built-in compiles with compileMapping and maps the same events", () => {
  const wa = fixtures.find((f) => f.name === "whatsapp/batch.json");
  const mapping = compileMapping(builtinMapping("whatsapp"));
  const { records, warnings } = mapping.map(JSON.stringify(wa.body));
  assert.deepEqual(warnings, []);
  // compileMapping returns the engine's records as they are (an empty identity scope left out);
  // normalizeEvent writes them in SocialEvent's own form. Otherwise they are the same events.
  const withScope = (e) => ({ ...e, contact: { ...e.contact, identities: e.contact.identities.map((i) => ({ scope: "", ...i })) },
    interaction: { ...e.interaction, contact: { scope: "", ...e.interaction.contact } } });
  assert.deepEqual(records.map(withScope), wa.expected);
});

test("errors: bad body, bad hint, bad overrides", () => {
  assert.equal(codeOf(() => normalizeEvent({ body: "{not json" })).code, "ERR_MAPPING_BODY");
  assert.equal(codeOf(() => normalizeEvent({ body: 42 })).path, "/body");
  const hint = codeOf(() => normalizeEvent({ body: "{}", platform: "myspace" }));
  assert.equal(hint.code, "ERR_INVALID_ARGUMENT");
  assert.equal(hint.path, "/platform");
  assert.equal(codeOf(() => createNormalizer({ overrides: {} })).path, "/overrides");
  const bad = codeOf(() => createNormalizer({ overrides: [{ version: 1, name: "a", extends: "myspace", records: {} }] }));
  assert.equal(bad.path, "/overrides/0/extends");
  assert.deepEqual(normalizeEvent({ body: '{"hello":"world"}' }), [{ platform: "unknown", kind: "unknown", source: "" }]);
});

test("a normalizer made before a core reset keeps working after it; a freed one refuses calls", async () => {
  const normalizer = createNormalizer({ overrides: [{ version: 1, name: "acme", extends: "whatsapp",
    records: { text: { fields: { "contact.custom.source": { value: "wa-ads" } } } } }] });
  const wa = fixtures.find((f) => f.name === "whatsapp/text.json");
  const body = JSON.stringify(wa.body);
  assert.equal(normalizer.normalize({ body })[0].contact.custom.source, "wa-ads");
  // A trap makes the adapter re-instantiate the core (runtime.js); simulate one.
  const runtime = await import(new URL("runtime.js", pkgDir));
  const before = runtime.resetCount();
  assert.throws(() => runtime.guard(() => { throw new WebAssembly.RuntimeError("simulated trap"); }), { code: "ERR_INTERNAL" });
  assert.equal(runtime.resetCount(), before + 1);
  // The built-ins' cache lived in the old instance too: both are rebuilt in the new one.
  assert.deepEqual(normalizeEvent({ body }), wa.expected);
  assert.equal(normalizer.normalize({ body })[0].contact.custom.source, "wa-ads");
  normalizer.free();
  normalizer.free();
  assert.equal(codeOf(() => normalizer.normalize({ body })).code, "ERR_INVALID_ARGUMENT");
});
