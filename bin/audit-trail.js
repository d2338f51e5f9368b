#!/usr/bin/env node
// The `audit-trail` executable. It runs the precompiled CLI (dist/cli/, see cli/build-cli.ts),
// so a call compiles no TypeScript and starts about as fast as Node itself. The build is used only
// while it is newer than every source it was made from (dist/cli/manifest.json lists them): a
// fresh checkout where `npm install` has not built it, or a source changed since, is rebuilt here
// first (once, quietly). Where it cannot be built (a read-only checkout), the CLI runs from its
// TypeScript sources through tsx, after one line on stderr saying so.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist', 'cli');

/** The current build's entry module, or null when it is missing, unreadable or older than a source. */
function freshBuild() {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8'));
    const entry = path.join(distDir, manifest.entry);
    if (!fs.existsSync(entry) || !Array.isArray(manifest.inputs) || typeof manifest.builtAt !== 'number') return null;
    for (const input of manifest.inputs) {
      const stat = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
      // A source removed or modified since the build started: the build no longer matches it.
      if (!stat || stat.mtimeMs > manifest.builtAt) return null;
    }
    return entry;
  } catch {
    return null;
  }
}

// Stack traces (--debug) then name the TypeScript sources rather than the bundle's lines.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

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
await import(entry ? pathToFileURL(entry).href : '../cli/main.ts');
