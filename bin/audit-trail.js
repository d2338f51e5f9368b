#!/usr/bin/env node
// The `audit-trail` executable. It runs the precompiled CLI (dist/cli/, see cli/build-cli.ts),
// so a call compiles no TypeScript and starts about as fast as Node itself. The build is used only
// while it is newer than every source it was made from (dist/cli/manifest.json lists them): a
// fresh checkout where `npm install` has not built it, or a source changed since, is rebuilt here
// first (once, quietly). Where it cannot be built (a read-only checkout), the CLI runs from its
// TypeScript sources through tsx, after one line on stderr saying so.
//
// A CommonJS script (bin/package.json), not an ES module: Node then starts it without its ES
// module loader, and without building an ES module facade for each built-in it uses (the one for
// `fs` alone loads Node's streams), a tenth of what a `history` call costs beyond Node's start.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- see above */
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const root = path.resolve(__dirname, '..');
const distDir = path.join(root, 'dist', 'cli');
/** Keep in step with CLI_CODE_CACHE_DIR in cli/build-cli.ts. */
const CODE_CACHE_DIR = 'code-cache';

/** The current build's script, or null when it is missing, unreadable or older than a source. */
function freshBuild() {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8'));
    const entry = path.join(distDir, manifest.entry);
    if (!entry.endsWith('.cjs') || !fs.existsSync(entry) || !Array.isArray(manifest.inputs) || typeof manifest.builtAt !== 'number') return null;
    // Joined by hand: `path.join`, normalising each of the ~130 paths, took longer than the stats.
    // (The inputs are relative, with `/` separators, which every platform's file calls accept.)
    const prefix = root + path.sep;
    for (const input of manifest.inputs) {
      const stat = fs.statSync(prefix + input, { throwIfNoEntry: false });
      // A source removed or modified since the build started: the build no longer matches it.
      if (!stat || stat.mtimeMs > manifest.builtAt) return null;
    }
    return entry;
  } catch {
    return null;
  }
}

/**
 * Which code cache a call uses: its command's (a command compiles its own functions), or `main`
 * for help and anything that is not a plain command word.
 */
function cacheName(argv) {
  const [first] = argv;
  if (argv.includes('--help') || argv.includes('-h')) return 'main';
  return first !== undefined && /^[a-z][a-z-]{0,39}$/.test(first) ? first : 'main';
}

/**
 * Runs the bundled script as Node runs a CommonJS module, but compiled through `vm.Script` with
 * the code V8 compiled for the same command in an earlier call, so this call skips parsing the
 * bundle and compiling what it runs. Without a cache, or with one V8 rejects (another Node, other
 * V8 flags), the script compiles as usual, and once the command has succeeded (its functions then
 * compiled) the cache is written for the next call: to a temporary file renamed into place, so a
 * call never reads half of one; where the folder is read-only, simply not.
 */
function runScript(file, argv) {
  const cacheFile = path.join(path.dirname(file), CODE_CACHE_DIR, `${cacheName(argv)}.v8`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's wrapper for CommonJS, on the script's first line, which holds only a comment (the
  // build's banner), so positions in stack traces and the source map stay right.
  const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', (code) => {
      if (code !== 0) return;
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      } catch {
        // A read-only install: every call compiles, as without a cache.
      }
    });
  }
  const module = { exports: {}, id: file, filename: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

// Stack traces (--debug) then name the TypeScript sources rather than the bundle's lines. Node
// applies source maps to what its module loader loads, not to a `vm.Script`, so such a call
// requires the script, without the code cache.
const debug = process.argv.includes('--debug');
if (debug) process.setSourceMapsEnabled(true);

/** Runs the CLI: the precompiled build, rebuilt first when stale, else its TypeScript sources. */
async function start() {
  let entry = freshBuild();
  if (!entry) {
    const { register } = await import('tsx/esm/api');
    register();
    try {
      const { buildCli } = await import('../cli/build-cli.ts');
      entry = path.join(distDir, (await buildCli(root)).entry);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      process.stderr.write(`Running the command line from its sources, as it could not be precompiled (${reason}).\n`);
    }
  }
  if (entry && debug) require(entry);
  else if (entry) runScript(entry, process.argv.slice(2));
  else await import('../cli/main.ts');
}

void start();
