/**
 * `node:crypto`, loaded when first used rather than when a module that uses it is loaded: loading
 * it costs 3–10 ms, which a command-line call that hashes nothing and writes no file (a record's
 * history, the common case) should not spend. The modules that digest values or name temporary
 * files take it from here.
 */
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

let loaded: typeof Crypto | undefined;

/** The `node:crypto` module, loaded on the first call. */
export function nodeCrypto(): typeof Crypto {
  if (loaded === undefined) {
    // `getBuiltinModule` from Node 20.16; before it, a `require` (anchored anywhere: a built-in
    // needs no resolution), as this code runs both as an ES module and bundled into a script.
    loaded = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:crypto') : (createRequire(process.execPath)('node:crypto') as typeof Crypto);
  }
  return loaded;
}
