/**
 * Precompiles the `audit-trail` command line, so that a call compiles no TypeScript: cli/main.ts
 * and everything it imports from cli/, db/ and shared/ (kysely too, which as a package would load
 * as hundreds of files) are bundled by esbuild into one CommonJS script, `dist/cli/b-…/main.cjs`.
 * What a command needs is still loaded only for it: a dynamic import becomes a module initialised
 * when first imported, so `--help` and a wrong command line run neither the data layer nor a
 * driver, and `pg` is required only when a PostgreSQL database is opened. The SQLite driver's
 * JavaScript is bundled too (its compiled part is loaded from its folder: cli/sqlite-binary.cjs);
 * `pg` and `pg-cursor` stay packages (`pg` optionally requires `pg-native`, which is not
 * installed; `pg-cursor` requires a file inside `pg`).
 *
 * A script rather than ES modules, because a script can be compiled with V8's code cache (Node 20
 * has no compile cache for modules): bin/audit-trail.js runs it through `vm.Script`, giving it the
 * code V8 compiled for the same command in an earlier call (`b-…/code-cache/<command>.v8`, written
 * after the first successful call of each command), so a call neither parses the bundle nor
 * compiles the functions it runs again. Loading ES modules cost more besides: each chunk is resolved,
 * read and linked, and each Node built-in gets an ES module facade.
 *
 * Each build goes into a folder of its own (`dist/cli/b-…/`), and `dist/cli/manifest.json` is
 * replaced (atomically) to point at it, so a process still starting from the previous build, or a
 * second build running at the same moment, never sees a half-written one. The manifest lists the
 * sources the build was made from, and `bin/audit-trail.js` runs the build only while none of
 * them is newer; otherwise it rebuilds first (see there for the manifest's use).
 *
 * `npm install` builds it (the `prepare` script: `tsx cli/build-cli.ts --prepare`, which never
 * fails the install), and so does `npm run build:cli`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The project root (this file is `<root>/cli/build-cli.ts`). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the precompiled CLI goes, relative to the project root. */
export const CLI_DIST_DIR = path.join('dist', 'cli');

/** The bundled script, in each build's folder. */
export const CLI_SCRIPT = 'main.cjs';

/**
 * The folder, in each build's folder, of V8's code caches: one per command (`history.v8`), written
 * by bin/audit-trail.js after the command's first successful call.
 */
export const CLI_CODE_CACHE_DIR = 'code-cache';

/** The file that names the current build; bin/audit-trail.js reads it. */
export const CLI_MANIFEST = 'manifest.json';

/** Node 20 is the oldest Node the package supports (package.json `engines`). */
const TARGET = 'node20';

/**
 * Required at run time rather than bundled: pg (see above), and the SQLite driver's package.json,
 * which cli/sqlite-binary.cjs only resolves, to find the driver's folder.
 */
const EXTERNAL = ['pg', 'pg-native', 'pg-cursor', 'better-sqlite3/package.json'];

/**
 * The SQLite driver's search for its compiled part, replaced in the bundle by one that starts
 * from the driver's folder (see there).
 */
const ALIAS = { bindings: './cli/sqlite-binary.cjs' };

/**
 * Files outside the module graph whose change also makes a build stale: the lock file (kysely's
 * version is bundled), the compiler settings, and this script's own options.
 */
const ALSO_STALE_WHEN_CHANGED = ['package-lock.json', 'tsconfig.json', 'tsconfig.base.json', 'cli/build-cli.ts'];

/** An older build's folder is removed once it is this old: no process still starting reads it. */
const OLD_BUILD_GRACE_MS = 60_000;

/** `dist/cli/manifest.json`: the current build and what it was made from. */
export interface CliManifest {
  /** The script to run, relative to the manifest's folder (`b-…/main.cjs`). */
  entry: string;
  /** When the build started (ms since the epoch): a source modified after it makes the build stale. */
  builtAt: number;
  /** The project files the build depends on, relative to the project root, with `/` separators. */
  inputs: string[];
}

/**
 * Builds the CLI into `<projectRoot>/dist/cli/` and returns its manifest. Throws esbuild's error
 * when the sources do not compile.
 */
export async function buildCli(projectRoot: string = PROJECT_ROOT): Promise<CliManifest> {
  const distDir = path.join(projectRoot, CLI_DIST_DIR);
  const buildName = `b-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: projectRoot,
    tsconfig: path.join(projectRoot, 'tsconfig.json'),
    entryPoints: [path.join('cli', 'main.ts')],
    outfile: path.join(distDir, buildName, CLI_SCRIPT),
    bundle: true,
    format: 'cjs',
    // Line 1 holds only this comment: bin/audit-trail.js puts its function wrapper there.
    banner: { js: '/* The audit-trail CLI, run by bin/audit-trail.js (see cli/build-cli.ts). */' },
    platform: 'node',
    target: TARGET,
    external: EXTERNAL,
    alias: ALIAS,
    // For --debug's stack traces (bin/audit-trail.js turns source maps on only then).
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.split('/').includes('node_modules'));
  const inputs = [...new Set([...sources, ...ALSO_STALE_WHEN_CHANGED.filter((file) => fs.existsSync(path.join(projectRoot, file)))])].sort();
  const manifest: CliManifest = { entry: `${buildName}/${CLI_SCRIPT}`, builtAt, inputs };

  const manifestFile = path.join(distDir, CLI_MANIFEST);
  const temporary = `${manifestFile}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(temporary, manifestFile);
  removeOldBuilds(distDir, buildName);
  return manifest;
}

/** Removes earlier builds' folders, once no process can still be starting from them. */
function removeOldBuilds(distDir: string, keep: string): void {
  for (const entry of fs.readdirSync(distDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('b-') || entry.name === keep) continue;
    const folder = path.join(distDir, entry.name);
    try {
      if (Date.now() - fs.statSync(folder).mtimeMs > OLD_BUILD_GRACE_MS) fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Another build removed it first.
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--prepare` (npm install): a failed build must not fail the install; the CLI then builds
  // itself on its first run, or runs from its sources.
  const prepare = process.argv.includes('--prepare');
  try {
    await buildCli();
    if (!prepare) process.stdout.write(`Built the command line into ${path.join(PROJECT_ROOT, CLI_DIST_DIR)}.\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`The command line could not be precompiled: ${reason}\n`);
    if (!prepare) process.exitCode = 1;
  }
}
