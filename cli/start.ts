/**
 * `npm start`: opens the app on a replica, a PostgreSQL URL or a saved connection profile. With no
 * `--db`, the demo replica in the user's data folder is used, and generated there first if it is
 * not there yet (never in the repository).
 *
 * Where Electron's runtime is present (and there is a display), the desktop app opens. Where it is
 * not, the web shell starts on 127.0.0.1 (it serves the connections contract too, with passwords
 * kept in memory for the session only) and the app opens in its own window of an installed
 * Chromium-based browser (`--browser PATH` chooses one), which stops the app when it closes; where
 * there is no such browser or no display, or with `--web`, it prints the address to open. It says
 * in one sentence which it did and why.
 *
 * The one launcher: the only module that starts shells (the lint rules let no other import more
 * than one). Harnesses (tests, scripts) use it too, with `--static DIR` (a renderer built
 * elsewhere) and `--token T` (a known token).
 *
 *   npm start [-- [--db FILE|URL|PROFILE] [--config FILE] [--web | --browser PATH] [--port N] [--token T] [--static DIR]]
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
import { startWebShell, type WebShell } from '../server/web-shell';
import { AuditError } from '../shared/errors';
import { browserProfileDir, PROFILE_IN_USE_REASON, profileInUse } from './app-window/browser-profile';
import { chosenBrowser, findBrowser, systemBrowserSearch, type Browser } from './app-window/find-browser';
import { openAppWindow } from './app-window/launch';
import { hasDisplay, NO_DISPLAY_REASON } from './display';
import { findElectronRuntime } from './electron-runtime';
import { count } from './format';
import { buildRenderer, rendererDir, rendererIsStale } from './renderer-build';
import { demoReplicaPath, userDataDir } from '../node/user-data';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * How long the address given to the app window's browser lets it in: its command line can be read
 * by every local user (process lists), so the address is dead once the window has loaded, and
 * dead anyway soon after, should the window never load it.
 */
const WINDOW_ADDRESS_LIFETIME_MS = 60_000;

interface StartOptions {
  db?: string;
  config?: string;
  web: boolean;
  /** The browser to open the app window with, as given. */
  browser?: string;
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
      browser: { type: 'string' },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      static: { type: 'string' },
    },
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}".`);
  if (values.web && values.browser !== undefined) {
    throw new AuditError('bad-request', '--web prints the address and --browser opens a window: choose one of them.');
  }
  return { db: values.db, config: values.config, web: values.web ?? false, browser: values.browser, port, token: values.token, staticDir: values.static };
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

/** Where the web shell's address goes: printed for the user, or opened in an app window. */
type WebFront = { kind: 'print' } | { kind: 'window'; browser: Browser; profileDir: string };

/** Resolves once SIGINT (Ctrl+C) or SIGTERM arrives. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Prints the address and serves until Ctrl+C. */
async function printAddress(shell: WebShell): Promise<number> {
  process.stdout.write(`\nOpen Audit Trail Browser at:\n\n  ${shell.url}\n\nPress Ctrl+C to stop.\n`);
  await untilStopped();
  return 0;
}

/**
 * Opens the app window and serves until it closes (or Ctrl+C, which closes it). A browser that
 * fails says so; one that cannot even start leaves the printed address instead.
 */
async function runAppWindow(shell: WebShell, front: Extract<WebFront, { kind: 'window' }>): Promise<number> {
  const launch = {
    // Issued only now, so its short life starts when the browser does.
    url: shell.issueAddress(WINDOW_ADDRESS_LIFETIME_MS),
    profileDir: front.profileDir,
    firstRun: !fs.existsSync(front.profileDir),
    platform: process.platform,
    asRoot: process.getuid?.() === 0,
  };
  let window;
  try {
    window = await openAppWindow(front.browser, launch);
  } catch (error) {
    process.stdout.write(`${error instanceof Error ? error.message : String(error)} Open the address below instead.\n`);
    return printAddress(shell);
  }
  process.stdout.write('Close the window, or press Ctrl+C here, to stop.\n');
  const end = await Promise.race([window.ended, untilStopped().then(() => window.close())]);
  if (end.closed) return 0;
  process.stderr.write(`${front.browser.name} stopped with exit code ${end.code}${end.lastWords ? ` (${end.lastWords})` : ''}, so Audit Trail Browser stops too.\n`);
  return 1;
}

/** Runs the web shell until the user stops it and resolves with the exit code. */
async function startWeb(resolved: ResolvedDb, store: ProfileStore, settings: AuditSettings, opts: StartOptions, front: WebFront): Promise<number> {
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
  try {
    return front.kind === 'window' ? await runAppWindow(shell, front) : await printAddress(shell);
  } finally {
    await shell.close();
    await connections.close();
  }
}

/**
 * Whether the app window can open, and if not, why: it needs a display, a browser, and a profile
 * no other app window holds. `--browser` names the browser; otherwise one is looked for.
 */
function planAppWindow(chosen: string | undefined): { front: WebFront; reason?: string } {
  const search = systemBrowserSearch();
  // A --browser that names no program stops here, display or not: it is a mistake to point out.
  const named = chosen === undefined ? undefined : chosenBrowser(chosen, search);
  if (!hasDisplay()) return { front: { kind: 'print' }, reason: NO_DISPLAY_REASON };
  const found = named ? { found: true as const, ...named } : findBrowser(search);
  if (!found.found) return { front: { kind: 'print' }, reason: found.reason };
  const profileDir = browserProfileDir(userDataDir());
  if (profileInUse(profileDir)) return { front: { kind: 'print' }, reason: PROFILE_IN_USE_REASON };
  return { front: { kind: 'window', browser: { name: found.name, binary: found.binary }, profileDir } };
}

/** "the electron package is not installed" → "The electron package is not installed". */
function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The one sentence that says where the app opens and why, or nothing where the user chose it (--web). */
function whereItOpens(electronReason: string | undefined, plan: { front: WebFront; reason?: string }): string {
  if (plan.front.kind === 'window') {
    const window = `Audit Trail Browser opens in its own window of ${plan.front.browser.name} (${plan.front.browser.binary})`;
    return electronReason ? `${sentenceStart(electronReason)}, so ${window}.` : `${window}, as --browser asks.`;
  }
  if (!electronReason) return `Audit Trail Browser cannot open its own window here (${plan.reason}), so it starts in your browser instead.`;
  // Without a display, neither window can open: one reason says it.
  const reasons = plan.reason && plan.reason !== electronReason ? `${electronReason}, and ${plan.reason}` : electronReason;
  return `The desktop app cannot open here (${reasons}), so Audit Trail Browser starts in your browser instead.`;
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

  if (opts.web) return startWeb(resolved, store, settings, opts, { kind: 'print' });
  let electronReason: string | undefined;
  // --browser asks for the browser's window, even where the desktop app could open.
  if (opts.browser === undefined) {
    const runtime = findElectronRuntime(PROJECT_ROOT);
    if (runtime.available) {
      return startDesktop(runtime.binary, resolved.source.kind === 'sqlite' ? path.resolve(resolved.source.file) : db, opts.config);
    }
    electronReason = runtime.reason;
  }
  const plan = planAppWindow(opts.browser);
  process.stdout.write(`${whereItOpens(electronReason, plan)}\n`);
  return startWeb(resolved, store, settings, opts, plan.front);
}

try {
  process.exitCode = await start(process.argv.slice(2));
} catch (error) {
  // Exit once said: a connection the PostgreSQL driver leaves open after a failed login would
  // otherwise keep the process waiting until the server's authentication_timeout.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`, () => process.exit(1));
}
