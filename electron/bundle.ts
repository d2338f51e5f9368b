/**
 * Bundles the desktop shell with esbuild: `main.ts` → `main.cjs` and `preload.ts` → `preload.cjs`
 * in `out/app/electron/`. The launcher (cli/start.ts) calls `bundleDesktopShell()` before starting
 * Electron; it also runs as a script: `tsx electron/bundle.ts [OUT_DIR]`.
 *
 * Both are CommonJS: a sandboxed preload can only be a CommonJS script with `require('electron')`,
 * and the main bundle uses `__dirname` to find the preload beside it and the renderer under the
 * app root.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/** The project root (this file is `<root>/electron/bundle.ts`). */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_OUT_DIR = path.join('out', 'app', 'electron');

/** Electron 45's Node line; the main bundle may use what it supports. */
const MAIN_TARGET = 'node22';
/** The preload runs in Chromium, in a sandbox: no Node built-ins, so it is bundled for the browser. */
const PRELOAD_TARGET = 'es2022';

/** Builds `main.cjs` and `preload.cjs` into `outDir` (relative to the project root, or absolute). */
export async function bundleDesktopShell(outDir: string = DEFAULT_OUT_DIR): Promise<void> {
  const out = path.resolve(PROJECT_ROOT, outDir);
  const common: BuildOptions = {
    absWorkingDir: PROJECT_ROOT,
    tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json'),
    bundle: true,
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(PROJECT_ROOT, 'electron', 'main.ts')],
      outfile: path.join(out, 'main.cjs'),
      platform: 'node',
      target: MAIN_TARGET,
      // Electron is the runtime itself; better-sqlite3 is native and loads its binary at run time.
      external: ['electron', 'better-sqlite3'],
    }),
    build({
      ...common,
      entryPoints: [path.join(PROJECT_ROOT, 'electron', 'preload.ts')],
      outfile: path.join(out, 'preload.cjs'),
      // `browser` makes any Node built-in slipping into the preload a build error.
      platform: 'browser',
      target: PRELOAD_TARGET,
      external: ['electron'],
    }),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = process.argv[2] ?? DEFAULT_OUT_DIR;
  try {
    await bundleDesktopShell(outDir);
    process.stdout.write(`Bundled the desktop shell into ${path.resolve(PROJECT_ROOT, outDir)}.\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
