/**
 * `npm start`: opens the app on a replica, a PostgreSQL URL or a saved connection profile. With no
 * `--db`, the demo replica in the user's data folder is used, and generated there first if it is
 * not there yet (never in the repository).
 *
 * Where Electron's runtime is present (and there is a display), the desktop app opens. Where it is
 * not, or with `--web`, the web shell starts on 127.0.0.1 and prints the address to open; it
 * serves the connections contract too, with passwords kept in memory for the session only.
 *
 * The one launcher: the only module that starts shells (the lint rules let no other import more
 * than one). Harnesses (tests, scripts) use it too, with `--static DIR` (a renderer built
 * elsewhere) and `--token T` (a known token).
 *
 *   npm start [-- [--db FILE|URL|PROFILE] [--config FILE] [--web] [--port N] [--token T] [--static DIR]]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDemoReplica } from '../db/demo/generate';
import type { AuditSettings } from '../db/index';
import { createProfileStore, type ProfileStore } from '../db/connections/index';
import { createShellConnections } from '../node/shell-connections';
import { openWithPassword, resolveDbArgument, type ResolvedDb } from './data-source';
import { terminalPasswordPrompt } from './password-prompt';
import { readSettingsFile } from '../db/settings-file';
import { bundleDesktopShell } from '../electron/bundle';
import { startWebShell } from '../server/web-shell';
import { findElectronRuntime } from './electron-runtime';
import { count } from './format';
import { buildRenderer, rendererDir, rendererIsStale } from './renderer-build';
import { demoReplicaPath, userDataDir } from '../node/user-data';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface StartOptions {
  db?: string;
  config?: string;
  web: boolean;
  port: number;
  /** The web shell's token (default: a fresh one). */
  token?: string;
  /** A built renderer to serve instead of this checkout's (which is then not built). */
  staticDir?: string;
}

function parseStartArgs(argv: string[]): StartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      config: { type: 'string' },
      web: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      static: { type: 'string' },
    },
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}".`);
  return { db: values.db, config: values.config, web: values.web ?? false, port, token: values.token, staticDir: values.static };
}

function ensureDemoReplica(file: string): void {
  if (fs.existsSync(file)) return;
  process.stdout.write(`No replica yet: generating the demo replica at ${file} ...\n`);
  const stats = generateDemoReplica({ out: file });
  process.stdout.write(
    `Generated ${count(stats.records)} records and ${count(stats.logRows)} log rows in ${stats.seconds.toFixed(1)} s.\n`,
  );
}

async function ensureRenderer(staticDir: string | undefined): Promise<void> {
  if (staticDir !== undefined) {
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      throw new Error(`The user interface has not been built: run npm run build:renderer (there is no index.html in ${path.resolve(staticDir)}).`);
    }
    return;
  }
  if (!rendererIsStale(PROJECT_ROOT)) return;
  process.stdout.write('Building the user interface ...\n');
  await buildRenderer(PROJECT_ROOT);
}

/**
 * Runs the desktop app and resolves with its exit code. `db` is what the desktop shell resolves
 * again: a replica's full path, a URL, or a profile name (PGPASSWORD reaches it through the
 * environment; otherwise its Connections dialog asks).
 */
async function startDesktop(binary: string, db: string, config: string | undefined): Promise<number> {
  await bundleDesktopShell();
  const main = path.join(PROJECT_ROOT, 'out', 'app', 'electron', 'main.cjs');
  const args = [main, '--db', db, ...(config ? ['--config', config] : [])];
  const child = spawn(binary, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

/** Runs the web shell until the user stops it (Ctrl+C) and resolves with the exit code. */
async function startWeb(resolved: ResolvedDb, store: ProfileStore, settings: AuditSettings, opts: StartOptions): Promise<number> {
  // The web shell cannot reach the OS secret storage: passwords entered in it last for this run.
  const connections = createShellConnections({ settings, store });
  const opened = await openWithPassword(resolved.source, (source) => connections.openSource(source, resolved.profile), terminalPasswordPrompt());
  let shell;
  try {
    const { tables } = await connections.api.listTables({});
    shell = await startWebShell({
      api: connections.api,
      connections,
      staticDir: opts.staticDir ?? rendererDir(PROJECT_ROOT),
      port: opts.port,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
    });
    process.stdout.write(
      `Reading ${opened.current.label}${opened.current.profile ? ` through the profile ${opened.current.profile}` : ''} (read-only): ${tables.length} logged tables, ${count(tables.reduce((n, t) => n + t.logRowCount, 0))} log rows.\n`,
    );
  } catch (error) {
    await connections.close();
    throw error;
  }
  process.stdout.write(`\nOpen Audit Trail Browser at:\n\n  ${shell.url}\n\nPress Ctrl+C to stop.\n`);
  const running = shell;
  return new Promise((resolve) => {
    const stop = () => {
      void running
        .close()
        .then(() => connections.close())
        .then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function start(argv: string[]): Promise<number> {
  const opts = parseStartArgs(argv);
  // Settings are read (and checked whole) first: a settings file that cannot be used stops here,
  // in both shells, before the demo is generated. The desktop shell reads the same file again.
  const settings = readSettingsFile(opts.config);
  const db = opts.db ?? demoReplicaPath();
  if (!opts.db) ensureDemoReplica(db);
  const store = createProfileStore(userDataDir());
  // Resolved up front too, so that a name that is neither a replica nor a profile stops here.
  const resolved = resolveDbArgument(db, process.env, store);
  await ensureRenderer(opts.staticDir);

  if (!opts.web) {
    const runtime = findElectronRuntime(PROJECT_ROOT);
    if (runtime.available) {
      return startDesktop(runtime.binary, resolved.source.kind === 'sqlite' ? path.resolve(resolved.source.file) : db, opts.config);
    }
    process.stdout.write(`The desktop app cannot open here (${runtime.reason}), so Audit Trail Browser starts in your browser instead.\n`);
  }
  return startWeb(resolved, store, settings, opts);
}

try {
  process.exitCode = await start(process.argv.slice(2));
} catch (error) {
  // Exit once said: a connection the PostgreSQL driver leaves open after a failed login would
  // otherwise keep the process waiting until the server's authentication_timeout.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`, () => process.exit(1));
}
