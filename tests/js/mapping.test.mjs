// Layer 3: the mapping engine through the built package: the shared vectors, the body forms
// (text, bytes, object), ids beyond 2^53, located errors, preview traces and freeing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { existsSync, readFileSync } from "node:fs";
import { runMappingVectors } from "./mapping-runner.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const api = await import(new URL("node.js", pkgDir));
const { compileMapping, validateMapping, SocialCrmError } = api;
const vector = (name) => JSON.parse(readFileSync(new URL(`../vectors/mapping/${name}.json`, import.meta.url), "utf8"));

test("the mapping vectors hold through the package", () => {
  const failures = runMappingVectors(api, {
    transforms: vector("transforms"),
    engine: vector("engine"),
    problems: vector("problems"),
  });
  assert.deepEqual(failures, []);
});

const spec = {
  version: 1,
  name: "dm",
  platform: "x",
  records: [
    {
      id: "dm",
      record: "event",
      forEach: "$.direct_message_events[*]",
      fields: {
        kind: { value: "message" },
        "contact.identities[]": { object: { platform: { value: "x" }, id: { from: "$.sender_id" } } },
        "contact.name.full": { from: "$.sender_id", pipe: [{ lookup: "root:$.users" }, { get: "$.name" }] },
        "interaction.id": { from: "$.id", pipe: ["string"] },
        "interaction.text": { from: "$.text" },
        occurredAt: { from: "$.created_timestamp", pipe: [{ date: "epoch_ms" }] },
      },
    },
  ],
};
const raw = '{"direct_message_events":[{"id":1298765432109876543,"sender_id":"99","text":"héllo ✓","created_timestamp":"1700000000123"}],"users":{"99":{"name":"Ada"}}}';
const want = [
  {
    platform: "x",
    kind: "message",
    source: "/direct_message_events/0",
    occurredAt: "2023-11-14T22:13:20.123Z",
    contact: { identities: [{ platform: "x", id: "99" }], name: { full: "Ada" } },
    interaction: { id: "1298765432109876543", text: "héllo ✓", platform: "x" },
  },
];

test("text and bytes bodies keep every digit of big ids; non-ASCII text round-trips", () => {
  const mapping = compileMapping(spec);
  assert.equal(mapping.name, "dm");
  assert.equal(mapping.platform, "x");
  assert.deepEqual(mapping.map(raw), { records: want, warnings: [] });
  assert.deepEqual(mapping.map(new TextEncoder().encode(raw)), { records: want, warnings: [] });
  assert.deepEqual(mapping.map(new TextEncoder().encode(raw).buffer), { records: want, warnings: [] });
  // A parsed object has already rounded the id: the digits differ, which is why text is the fast path.
  const parsed = mapping.map(JSON.parse(raw)).records[0].interaction.id;
  assert.notEqual(parsed, "1298765432109876543");
});

test("text bodies of any length and script cross whole, one after another", () => {
  // The adapter writes text into a reused buffer: a long body, then a short one, must not
  // see each other's bytes; a body past the buffer's limit and astral and lone-surrogate
  // characters must arrive as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it).
  const mapping = compileMapping(spec);
  const withText = (text) => raw.replace("héllo ✓", text);
  const cases = ["𝒜da 🙂 ✓", "x".repeat(70_000) + "é", "ab\ud800c", "short", "é".repeat(30_000)];
  for (const text of cases) {
    const body = withText(text);
    const expected = text.replace("\ud800", "\ufffd");
    const records = mapping.map(body).records;
    assert.equal(records[0].interaction.text, expected, `text of ${text.length} code units`);
    assert.equal(mapping.preview(body).records[0].interaction.text, expected);
  }
  const big = mapping.map(withText("y".repeat(5000)));
  assert.equal(mapping.map(raw).records[0].interaction.text, "héllo ✓");
  assert.equal(big.records[0].interaction.text.length, 5000);
});

test("records read from the core's tape equal the JSON the preview parses, with the same key order", () => {
  // `map` builds records from a tape (tape.js); `preview` parses JSON text. Both must give
  // the same values: whole body objects and arrays copied into `custom`, numbers of every
  // kind, escapes, astral characters, a member named __proto__ (an own member, not the
  // prototype), names outside the mapping's key table, and warnings.
  const copy = {
    version: 1,
    name: "copy",
    platform: "p",
    records: [
      {
        id: "c",
        record: "contact",
        forEach: "$.items[*]",
        fields: {
          "identities[]": { object: { platform: { value: "p" }, id: { from: "$.id" } } },
          "custom.raw": { from: "$.raw" },
          "custom.list": { from: "$.list" },
          "custom.n": { from: "$.n" },
          "custom.__proto__": { from: "$.p" },
          "name.full": { from: "$.name", pipe: ["trim"] },
          emails: { from: "$.email" },
        },
      },
    ],
  };
  const items = [
    { id: "1", raw: { PROTO: { polluted: true }, "é😀": "a\"b\n\u0001", nested: { x: [1, -0.5, 1e300, 12345678901234567890, true, false, null] } }, list: ["x", { y: "𝒜" }], n: 3, p: "own", name: " Ada " },
    { id: "2", raw: {}, list: [], n: -2.5e-7, name: "\ud83d\ude00 B" },
    { id: "3", email: 42 },
  ];
  const text = JSON.stringify({ items }).replace('"PROTO"', '"__proto__"');
  const mapping = compileMapping(copy);
  const mapped = mapping.map(text);
  const previewed = mapping.preview(text);
  assert.deepEqual(mapped.records, previewed.records);
  assert.deepEqual(mapped.warnings, previewed.warnings);
  assert.equal(mapped.warnings.length, 1);
  assert.equal(JSON.stringify(mapped.records), JSON.stringify(previewed.records));
  const first = mapped.records[0];
  assert.equal(Object.getPrototypeOf(first.custom), Object.prototype);
  assert.ok(Object.hasOwn(first.custom, "__proto__"));
  assert.equal(first.custom.__proto__, "own");
  assert.deepEqual(Object.getOwnPropertyDescriptor(first.custom.raw, "__proto__").value, { polluted: true });
  // Set as the prototype instead, the member would be missing and inherited.
  assert.equal(Object.getPrototypeOf(first.custom.raw), Object.prototype);
  assert.equal(first.custom.raw["é😀"], 'a"b\n\u0001');
  assert.equal(first.custom.raw.nested.x[3], 12345678901234567890);
  assert.ok(Object.is(mapped.records[1].custom.n, -2.5e-7));
  assert.equal(mapped.records[1].name.full, "😀 B");
});

test("errors are SocialCrmError with code, JSON Pointer and offset", () => {
  const bad = structuredClone(spec);
  bad.records[0].fields["interaction.text"] = { from: "$.text[" };
  const err = assert.throws(() => compileMapping(bad), SocialCrmError) ?? captured(() => compileMapping(bad));
  assert.equal(err.code, "ERR_JSONPATH_SYNTAX");
  assert.equal(err.path, "/records/0/fields/interaction.text/from");
  assert.equal(typeof err.details.offset, "number");
  const problems = validateMapping(bad);
  assert.equal(problems[0].path, "/records/0/fields/interaction.text/from");
  assert.deepEqual(validateMapping(spec), []);
  assert.equal(captured(() => compileMapping("nope")).code, "ERR_MAPPING_SPEC");
  assert.equal(captured(() => compileMapping(undefined)).code, "ERR_INVALID_ARGUMENT");
  const mapping = compileMapping(spec);
  const body = captured(() => mapping.map("{ not json"));
  assert.equal(body.code, "ERR_MAPPING_BODY");
  assert.match(body.message, /line 1/);
  // preview reports a bad body as data instead.
  const preview = mapping.preview("{ not json");
  assert.equal(preview.errors[0].code, "ERR_MAPPING_BODY");
  assert.deepEqual(preview.records, []);
  assert.equal(captured(() => mapping.map(Symbol("x"))).code, "ERR_INVALID_ARGUMENT");
});

test("preview: matched nodes with pointers, the value after each step, why-empty", () => {
  const mapping = compileMapping(spec);
  const preview = mapping.preview(raw.replace('"text":"héllo ✓",', ""));
  assert.equal(preview.records.length, 1);
  const [entry] = preview.trace;
  assert.equal(entry.rule, "dm");
  assert.equal(entry.item, "/direct_message_events/0");
  assert.equal(entry.record, 0);
  const name = entry.fields.find((f) => f.target === "contact.name.full");
  assert.deepEqual(name.attempts, [{ path: "$.sender_id", matched: [{ pointer: "/direct_message_events/0/sender_id", value: "99" }] }]);
  assert.deepEqual(name.steps, [
    { transform: "lookup", value: { name: "Ada" } },
    { transform: "get", value: "Ada" },
  ]);
  const text = entry.fields.find((f) => f.target === "interaction.text");
  assert.equal(text.empty, "no_match");
  assert.equal(text.value, undefined);
});

test("a mapping compiled before a core reset keeps working after it", async () => {
  const mapping = compileMapping(spec);
  assert.deepEqual(mapping.map(raw).records, want);
  // A trap makes the adapter re-instantiate the core (runtime.js); simulate one.
  const runtime = await import(new URL("runtime.js", pkgDir));
  const before = runtime.resetCount();
  assert.throws(() => runtime.guard(() => { throw new WebAssembly.RuntimeError("simulated trap"); }), { code: "ERR_INTERNAL" });
  assert.equal(runtime.resetCount(), before + 1);
  // Other allocations in the fresh instance must not be mistaken for the old handle's.
  const other = compileMapping({ version: 1, name: "other", records: [] });
  assert.deepEqual(mapping.map(raw).records, want);
  assert.equal(mapping.name, "dm");
  assert.deepEqual(other.map("{}").records, []);
});

test("a freed mapping refuses further calls", () => {
  const mapping = compileMapping(spec);
  mapping.free();
  mapping.free();
  assert.equal(captured(() => mapping.map(raw)).code, "ERR_INVALID_ARGUMENT");
});

test("the record schemas ship with the package and describe what a mapping produces", () => {
  const schema = JSON.parse(readFileSync(new URL("schema/social-event.schema.json", pkgDir), "utf8"));
  assert.deepEqual(schema.required, ["platform", "kind", "source"]);
  for (const key of Object.keys(want[0])) assert.ok(key in schema.properties, key);
});

const captured = expectError(SocialCrmError);
