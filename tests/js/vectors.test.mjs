// The shared webhook vectors through the package in Node (workerd.test.mjs runs them inside
// workerd; tests/vectors.rs runs them natively).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { runHandshakes, runSigning, runVectors } from "./vector-runner.mjs";
import { loadVectorFile, loadVectors } from "./vector-files.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const api = await import(new URL("node.js", pkgDir));

for (const file of loadVectors()) {
  test(`vectors: ${file.scheme} (${file.cases.length} cases)`, () => {
    const failed = runVectors(api, [file]).filter((r) => !r.ok);
    assert.deepEqual(failed, []);
  });
}

test("signing: what signWebhook attaches verifies, for every scheme", () => {
  const file = loadVectorFile("signing");
  const results = runSigning(api, file);
  assert.deepEqual(new Set(results.map((r) => r.scheme)).size, loadVectors().length, "every scheme has a signing case");
  assert.deepEqual(results.filter((r) => !r.ok), []);
});

test("handshakes: answers compared byte for byte with the documented forms", () => {
  assert.deepEqual(runHandshakes(api, loadVectorFile("handshakes")).filter((r) => !r.ok), []);
});
