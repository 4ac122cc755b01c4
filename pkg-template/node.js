// Node entry: the wasm is read and instantiated synchronously at import, so there is
// nothing to await; `init()` exists so the same code runs on every entry.
import { readFileSync } from "node:fs";
import { initSync } from "./social_crm_bridge.js";
import { markReady } from "./runtime.js";

initSync({ module: readFileSync(new URL("./social_crm_bridge_bg.wasm", import.meta.url)) });
markReady();

/** Already loaded on Node: resolves at once. */
export async function init() {}

export * from "./index.js";
