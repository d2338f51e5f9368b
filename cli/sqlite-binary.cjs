// Stands in for the `bindings` package in the precompiled CLI. cli/build-cli.ts bundles the
// JavaScript of the SQLite driver (better-sqlite3) into the CLI's script, so that it loads with
// the script's code cache rather than as a dozen modules found, read and compiled one by one; the
// driver then asks `bindings` for its compiled part, and `bindings`, which looks for it from the
// file that calls it (the bundle, far from the driver's folder), would not find it. This loads
// it from the driver's folder: where its install puts it, else by `bindings`' own search there.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS stand-in for a CommonJS package */
const fs = require('node:fs');
const path = require('node:path');

module.exports = function bindings(name) {
  // Resolved at run time by the script's own `require`, so from the driver's installed folder.
  const folder = path.dirname(require.resolve('better-sqlite3/package.json'));
  const file = path.join(folder, 'build', 'Release', name);
  if (fs.existsSync(file)) return require(file);
  return require(require.resolve('bindings', { paths: [folder] }))({ bindings: name, module_root: folder });
};
