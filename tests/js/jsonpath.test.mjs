// Layer 3: jsonPathQuery as users call it, against the built pkg/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectError } from "./expect-error.mjs";
import { existsSync, readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const { jsonPathQuery, SocialCrmError } = await import(new URL("node.js", pkgDir));

const thrown = expectError(SocialCrmError);

// A WhatsApp Cloud delivery in the documented shape, with our own values.
const delivery = {
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        { field: "messages", value: { messages: [{ from: "4915112345678", type: "text", text: { body: "Grüße 👋" } }] } },
        { field: "statuses", value: { statuses: [{ status: "read" }] } },
      ],
    },
  ],
};

test("values from a JSON value, JSON text and bytes are the same", () => {
  const expression = "$.entry[*].changes[?@.field == 'messages'].value.messages[*].text.body";
  const text = JSON.stringify(delivery);
  assert.deepEqual(jsonPathQuery(expression, delivery), ["Grüße 👋"]);
  assert.deepEqual(jsonPathQuery(expression, text), ["Grüße 👋"]);
  assert.deepEqual(jsonPathQuery(expression, new TextEncoder().encode(text)), ["Grüße 👋"]);
  assert.deepEqual(jsonPathQuery("$.nothing", delivery), []);
});

test("functions, slices and descendants", () => {
  const doc = { items: [{ n: 1, tag: "Alpha" }, { n: 2, tag: "beta" }, { n: 3, tag: "Gamma" }] };
  assert.deepEqual(jsonPathQuery("$.items[?match(@.tag, '\\\\p{Lu}.*')].n", doc), [1, 3]);
  assert.deepEqual(jsonPathQuery("$.items[?length(@.tag) == 4].n", doc), [2]);
  assert.deepEqual(jsonPathQuery("$.items[::-2].n", doc), [3, 1]);
  assert.deepEqual(jsonPathQuery("$..n", doc), [1, 2, 3]);
  assert.deepEqual(jsonPathQuery("$[?count(@[*]) == 3]", [[1, 2, 3], [1]]), [[1, 2, 3]]);
});

test("located results give the normalized path and the JSON Pointer", () => {
  const found = jsonPathQuery("$..status", delivery, { located: true });
  assert.deepEqual(found, [
    { path: "$['entry'][0]['changes'][1]['value']['statuses'][0]['status']", pointer: "/entry/0/changes/1/value/statuses/0/status", value: "read" },
  ]);
  assert.deepEqual(jsonPathQuery("$['a/b~c']", { "a/b~c": 1 }, { located: true }), [{ path: "$['a/b~c']", pointer: "/a~1b~0c", value: 1 }]);
});

test("integers beyond 2^53 keep their digits as strings unless asked for numbers", () => {
  const body = '{"id":12345678901234567890,"small":42,"neg":-9007199254740993}';
  assert.deepEqual(jsonPathQuery("$.id", body), ["12345678901234567890"]);
  assert.deepEqual(jsonPathQuery("$.neg", body), ["-9007199254740993"]);
  assert.deepEqual(jsonPathQuery("$.small", body), [42]);
  assert.deepEqual(jsonPathQuery("$.id", body, { bigIntegers: "number" }), [12345678901234567890]);
  // Comparisons in the core see the exact integer.
  assert.deepEqual(jsonPathQuery("$[?@ == 12345678901234567890]", `[12345678901234567890, 12345678901234567891]`), ["12345678901234567890"]);
});

test("an invalid expression is ERR_JSONPATH_SYNTAX with the character offset", () => {
  const err = thrown(() => jsonPathQuery("$.ünïcode[?@.a == ]", {}));
  assert.equal(err.code, "ERR_JSONPATH_SYNTAX");
  assert.equal(err.path, "/expression");
  assert.equal(err.details.offset, 18);
  assert.match(err.message, /character 18/);
  for (const bad of ["", "$.", "$[?@.a]  ", "$[?length(@.*) > 1]", "$[?match(@, 'a') == true]", "$..", "@.a"]) {
    assert.equal(thrown(() => jsonPathQuery(bad, {})).code, "ERR_JSONPATH_SYNTAX", bad);
  }
});

test("bad arguments are ERR_INVALID_ARGUMENT naming the argument", () => {
  assert.equal(thrown(() => jsonPathQuery(1, {})).path, "/expression");
  assert.equal(thrown(() => jsonPathQuery("$", "{")).path, "/document");
  assert.equal(thrown(() => jsonPathQuery("$", undefined)).path, "/document");
  assert.equal(thrown(() => jsonPathQuery("$", { n: 1n })).path, "/document");
  assert.equal(thrown(() => jsonPathQuery("$", new Uint8Array([0xff]))).path, "/document");
  assert.equal(thrown(() => jsonPathQuery("$", {}, { located: "yes" })).path, "/located");
  assert.equal(thrown(() => jsonPathQuery("$", {}, { bigIntegers: "bigint" })).path, "/bigIntegers");
});

test("our own vectors give the same answers through the package", () => {
  const vectors = JSON.parse(readFileSync(new URL("../vectors/jsonpath.json", import.meta.url), "utf8"));
  for (const v of vectors.cases) {
    if (v.invalid) {
      const err = thrown(() => jsonPathQuery(v.expression, v.document ?? null));
      assert.equal(err.code, "ERR_JSONPATH_SYNTAX", v.name);
      if (v.offset !== undefined) assert.equal(err.details.offset, v.offset, v.name);
    } else {
      const found = jsonPathQuery(v.expression, v.document, { located: true });
      assert.deepEqual(found.map((m) => m.value), v.values, v.name);
      if (v.paths) assert.deepEqual(found.map((m) => m.path), v.paths, v.name);
    }
  }
});
