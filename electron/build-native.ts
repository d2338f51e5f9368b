/**
 * Builds better-sqlite3 for Electron's ABI into `out/native/electron/better_sqlite3.node`, which
 * the desktop shell passes to better-sqlite3 as `nativeBinding` (see native-binding.ts).
 *
 *   npx tsx electron/build-native.ts [--arch x64|arm64|...]
 *
 * It compiles a temporary copy of node_modules/better-sqlite3 with node-gyp against Electron's
 * headers, so the Node build the CLI, the web shell and the tests use is left as it is. It needs
 * a C/C++ toolchain and internet access (node-gyp downloads the headers from electronjs.org the
 * first time; they are cached under `.cache/electron-gyp`). Never run by tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ELECTRON_NATIVE_BINDING } from './native-binding';

/** Where Electron publishes the headers native modules compile against. */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The node-gyp arguments for one Electron version and architecture. */
export function nodeGypArgs(electronVersion: string, arch: string, devDir: string): string[] {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    `--devdir=${devDir}`,
  ];
}

/** The installed Electron's version, which is the ABI to build for. */
export function installedElectronVersion(root: string = PROJECT_ROOT): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('node_modules/electron/package.json has no version.');
  return manifest.version;
}

/**
 * How to run node-gyp: the one npm hands its scripts, else the one bundled with npm beside this
 * Node, else one installed in the project.
 */
function nodeGypCommand(root: string): { command: string; args: string[] } {
  const fromNpm = process.env.npm_config_node_gyp;
  const candidates = [
    fromNpm,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const script = candidates.find((file): file is string => !!file && fs.existsSync(file));
  if (!script) throw new Error('node-gyp was not found (it comes with npm); install it with `npm install -g node-gyp`.');
  return { command: process.execPath, args: [script] };
}

export interface BuildNativeOptions {
  root?: string;
  arch?: string;
}

/** Builds the binary and returns where it was written. */
export function buildElectronNativeBinding(options: BuildNativeOptions = {}): string {
  const root = options.root ?? PROJECT_ROOT;
  const arch = options.arch ?? process.arch;
  const version = installedElectronVersion(root);
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  if (!fs.existsSync(path.join(source, 'binding.gyp'))) throw new Error(`better-sqlite3 is not installed at ${source}.`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'better-sqlite3-electron-'));
  try {
    const copy = path.join(work, 'better-sqlite3');
    // The module's own build/ is the Node build; leave it behind so nothing stale is reused.
    fs.cpSync(source, copy, { recursive: true, filter: (file) => file !== path.join(source, 'build') });
    const gyp = nodeGypCommand(root);
    const devDir = path.join(root, '.cache', 'electron-gyp');
    process.stdout.write(`Building better-sqlite3 for Electron ${version} (${arch}) ...\n`);
    const run = spawnSync(gyp.command, [...gyp.args, ...nodeGypArgs(version, arch, devDir)], {
      cwd: copy,
      stdio: 'inherit',
    });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`node-gyp failed (exit code ${run.status ?? 'none'}); see its output above.`);

    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    const target = path.join(root, ELECTRON_NATIVE_BINDING);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(built, target);
    return target;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { values } = parseArgs({ options: { arch: { type: 'string' } } });
    const target = buildElectronNativeBinding({ arch: values.arch });
    process.stdout.write(`Wrote ${target}.\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
