// Browser (and default) entry: the wasm is fetched next to this file, so `await init()` once
// before the first call. Bundlers recognise the `new URL(…, import.meta.url)` asset pattern.
import load from "./social_crm_bridge.js";
import { markReady } from "./runtime.js";

/**
 * Loads the wasm module; later calls resolve at once. `input` optionally overrides where it
 * comes from: a URL, a Response, the bytes, or a compiled WebAssembly.Module.
 */
export async function init(input) {
  await load({ module_or_path: input ?? new URL("./social_crm_bridge_bg.wasm", import.meta.url) });
  markReady();
}

export * from "./index.js";
