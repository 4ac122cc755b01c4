// Internal (not exported from the package): the error class, the readiness flag the entry
// points set, and the guard every public function runs the wasm core through.
import { __wbg_reset_state as resetCore } from "./social_crm_bridge.js";

/** The one error class the package throws; `code` is stable, the message says what to fix. */
export class SocialCrmError extends Error {
  constructor(code, message, { path, details, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "SocialCrmError";
    this.code = code;
    if (path !== undefined) this.path = path;
    if (details !== undefined) this.details = details;
  }
}

let ready = false;
let resets = 0;

/** How many times the core was re-instantiated: handles made before a reset are stale. */
export function resetCount() {
  return resets;
}

/** Called by an entry point once the wasm module is instantiated. */
export function markReady() {
  ready = true;
}

/**
 * Runs `fn` against the wasm core and turns whatever it throws into a `SocialCrmError`:
 * core errors keep their code; a trap (a bug) becomes `ERR_INTERNAL` and the module is
 * re-instantiated so later calls start from a clean state.
 */
export function guard(fn) {
  if (!ready) {
    throw new SocialCrmError(
      "ERR_NOT_INITIALIZED",
      "the wasm module is not loaded yet: `await init()` before calling the package (only the browser entry needs it)",
    );
  }
  try {
    return fn();
  } catch (err) {
    throw fromCore(err);
  }
}

function fromCore(err) {
  if (err instanceof SocialCrmError) return err;
  if (err instanceof Error && err.name === "SocialCrmError" && typeof err.code === "string") {
    return new SocialCrmError(err.code, err.message, { path: err.path, details: err.details });
  }
  let recovered = false;
  if (err instanceof WebAssembly.RuntimeError) {
    try {
      resetCore();
      resets += 1;
      recovered = true;
    } catch {
      ready = false;
    }
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SocialCrmError(
    "ERR_INTERNAL",
    `internal error in the wasm core (${detail}); ${recovered ? "the module was reset" : "the module could not be reset"}. Please report it.`,
    { cause: err },
  );
}

/** A `SocialCrmError` for a bad option, with a JSON Pointer to it. */
export function invalid(path, message) {
  return new SocialCrmError("ERR_INVALID_ARGUMENT", path ? `${path}: ${message}` : message, { path });
}
