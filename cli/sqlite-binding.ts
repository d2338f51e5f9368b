/**
 * The SQLite driver's compiled part, named to the driver (its `nativeBinding` option) so that it
 * need not search for it: without it, better-sqlite3 loads the `bindings` package, which tries
 * several folders in turn, each a failed `require` with its stack trace (a fifth of what opening a
 * replica costs a command-line call).
 *
 * Only in the precompiled CLI, a CommonJS script whose `require` resolves the driver exactly as
 * its own `require('better-sqlite3')` does, so the two always name the same copy. Elsewhere (the
 * sources run as ES modules, where there is no `require`), and wherever the binary is not in the
 * usual place, the driver searches as before.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where better-sqlite3's install puts its binary, in its package folder. */
const BINARY = path.join('build', 'Release', 'better_sqlite3.node');

/** The binary of the better-sqlite3 this script loads, or undefined to let the driver find it. */
export function sqliteBinding(): string | undefined {
  if (typeof require !== 'function' || typeof require.resolve !== 'function') return undefined;
  try {
    const file = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), BINARY);
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}
