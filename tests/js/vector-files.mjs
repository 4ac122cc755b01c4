// Loads tests/vectors/webhooks/*.json (Node only; the workerd test posts them to its worker).
import { readdirSync, readFileSync } from "node:fs";

export function loadVectors() {
  const dir = new URL("../vectors/webhooks/", import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")));
}

/** tests/vectors/<name>.json (signing.json, handshakes.json). */
export function loadVectorFile(name) {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}.json`, import.meta.url), "utf8"));
}
