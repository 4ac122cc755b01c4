// Cloudflare Workers (workerd) entry: the runtime hands the .wasm import over as a compiled
// WebAssembly.Module (code generation from bytes is not allowed there), instantiated at import.
import wasmModule from "./social_crm_bridge_bg.wasm";
import { initSync } from "./social_crm_bridge.js";
import { markReady } from "./runtime.js";

initSync({ module: wasmModule });
markReady();

/** Already loaded on workerd: resolves at once. */
export async function init() {}

export * from "./index.js";
