// The shared webhook vectors through the package in Node (workerd.test.mjs runs them inside
// workerd; tests/vectors.rs runs them natively).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { runVectors } from "./vector-runner.mjs";
import { loadVectors } from "./vector-files.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url);
if (!existsSync(new URL("node.js", pkgDir))) throw new Error("pkg/ is missing: run `make build` first");
const api = await import(new URL("node.js", pkgDir));

for (const file of loadVectors()) {
  test(`vectors: ${file.scheme} (${file.cases.length} cases)`, () => {
    const failed = runVectors(api, [file]).filter((r) => !r.ok);
    assert.deepEqual(failed, []);
  });
}
