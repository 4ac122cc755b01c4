// Shared by the layer-3 tests: the SocialCrmError a call throws.
import assert from "node:assert/strict";

/**
 * Returns `errorOf(fn)`: runs `fn` and returns the instance of `ErrorClass` it throws; the test
 * fails when `fn` returns or throws anything else.
 */
export function expectError(ErrorClass) {
  return (fn) => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof ErrorClass, `expected ${ErrorClass.name}, got ${err}`);
      return err;
    }
    assert.fail(`expected a ${ErrorClass.name}`);
  };
}
