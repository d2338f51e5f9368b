/**
 * `npm start` on a machine without Electron's runtime but with a display and Chromium: the real
 * command, on an X display of its own (Xvfb, with a window manager as a desktop has), opens the app
 * in its own window of the installed browser. The window is found on the display by its class,
 * its title and icon are the app's, a screenshot of the display shows the app drawn in it, the
 * token on the browser's command line (which every local user can read) is dead once the window
 * has loaded, and closing the window (Ctrl+W, as a user would) stops `npm start` with exit code 0.
 *
 * This does not drive Playwright's browser: Playwright only runs it, after its web servers have
 * built the renderer. Xvfb, openbox, x11-utils, xdotool and ImageMagick are installed by .ci/run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { findBrowser, isProgram, systemBrowserSearch } from '../../cli/app-window/find-browser';
import { WINDOW_CLASS } from '../../cli/app-window/launch';
import { E2E } from './e2e-setup';
import { SCREENSHOTS } from './helpers';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREEN = { width: 1280, height: 800 };
/** The navbar's logo and the window icon: the audit yellow (#f0b726). */
const AUDIT_YELLOW = [0xf0, 0xb7, 0x26] as const;

const TOOLS = ['Xvfb', 'openbox', 'xwininfo', 'xprop', 'xdotool', 'import', 'convert'];
const missingTools = TOOLS.filter((tool) => !(process.env.PATH ?? '').split(path.delimiter).some((dir) => isProgram(path.join(dir, tool))));
const browser = findBrowser(systemBrowserSearch());

/** Polls `probe` until it gives a value, or fails after `ms` saying what was awaited. */
async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${ms / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never collide. */
async function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${SCREEN.width}x${SCREEN.height}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  xvfb.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('exit', () => reject(new Error(`Xvfb stopped: ${errors}`)));
  });
  return { xvfb, display };
}

interface Geometry {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The screen's pixels, 3 bytes each, as the user would see them. */
async function screenPixels(display: string): Promise<Buffer> {
  const { stdout } = await run('import', ['-display', display, '-window', 'root', '-depth', '8', 'rgb:-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** What the window region of a screenshot holds: how many colours, the commonest's share, the yellow. */
function describeRegion(pixels: Buffer, region: Geometry): { colours: number; commonestShare: number; yellow: number } {
  const counts = new Map<number, number>();
  let yellow = 0;
  const near = (value: number, target: number) => Math.abs(value - target) <= 12;
  for (let y = Math.max(0, region.y); y < Math.min(SCREEN.height, region.y + region.height); y++) {
    for (let x = Math.max(0, region.x); x < Math.min(SCREEN.width, region.x + region.width); x++) {
      const i = (y * SCREEN.width + x) * 3;
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      counts.set((r << 16) | (g << 8) | b, (counts.get((r << 16) | (g << 8) | b) ?? 0) + 1);
      if (near(r, AUDIT_YELLOW[0]) && near(g, AUDIT_YELLOW[1]) && near(b, AUDIT_YELLOW[2])) yellow++;
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return { colours: counts.size, commonestShare: Math.max(...counts.values()) / total, yellow };
}

/** The window's ARGB icon pixels, as the window manager gets them (_NET_WM_ICON: width, height, pixels...). */
async function windowIcon(display: string, id: string): Promise<number[]> {
  const { stdout } = await run('xprop', ['-display', display, '-id', id, '-notype', '-f', '_NET_WM_ICON', '32c', '=$0+', '_NET_WM_ICON']);
  const numbers = stdout.replace(/^_NET_WM_ICON=?/, '').split(',').map((n) => Number(n.trim()));
  const [width = 0, height = 0] = numbers;
  return numbers.slice(2, 2 + width * height);
}

test('npm start opens the app in its own window of the installed browser, and stops when it closes', async () => {
  test.skip(missingTools.length > 0, `This test needs ${missingTools.join(', ')} (Debian: xvfb openbox x11-utils xdotool imagemagick; .ci/run installs them).`);
  test.skip(!browser.found, 'This test needs a Chromium-based browser (Debian: chromium; .ci/run installs it).');
  test.setTimeout(240_000);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-app-window-'));
  const { xvfb, display } = await startXvfb();
  const wm = spawn('openbox', ['--sm-disable'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  let app: ChildProcess | undefined;
  try {
    // A window manager is up when it has named its check window on the root window.
    await waitFor('the window manager', 20_000, async () => {
      const { stdout } = await run('xprop', ['-display', display, '-root', '_NET_SUPPORTING_WM_CHECK']).catch(() => ({ stdout: '' }));
      return /window id/.test(stdout) ? true : undefined;
    });

    // The real command, as a user types it; no Electron runtime here, whatever this machine has.
    app = spawn('npm', ['start', '--', '--db', E2E.replica], {
      cwd: ROOT,
      env: { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '', AUDIT_TRAIL_HOME: home, ELECTRON_OVERRIDE_DIST_PATH: path.join(home, 'no-electron') },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that whatever it started can be stopped if the test fails.
      detached: true,
    });
    let output = '';
    app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => app!.once('exit', (code) => resolve(code)));

    await waitFor('npm start to say where the app opens', 120_000, () => (/opens in its own window/.test(output) ? true : undefined));
    // "<why the desktop app cannot open>, so ... of Chromium (/usr/bin/chromium)."
    expect(output).toContain(`, so Audit Trail Browser opens in its own window of ${browser.found ? `${browser.name} (${browser.binary})` : '?'}.`);
    expect(output).not.toMatch(/\?token=/);

    // The window, by its class, once the page has read the database: the app then titles it.
    const windowLine = new RegExp(`^\\s*(0x[0-9a-f]+) "([^"]* — Audit Trail Browser)": \\("[^"]*" "${WINDOW_CLASS}"\\)`, 'm');
    const [, id, title] = await waitFor('the app window on the display', 60_000, async () => {
      const { stdout } = await run('xwininfo', ['-display', display, '-root', '-tree']);
      return windowLine.exec(stdout) ?? undefined;
    });
    expect(title).toBe('demo-seed1.sqlite — Audit Trail Browser');
    const props = (await run('xprop', ['-display', display, '-id', id!, 'WM_CLASS', '_NET_WM_PID', 'WM_NAME'])).stdout;
    expect(props).toContain(`"${WINDOW_CLASS}"`);
    const info = (await run('xwininfo', ['-display', display, '-id', id!])).stdout;
    const number = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(info)![1]);
    const region = { x: number('Absolute upper-left X'), y: number('Absolute upper-left Y'), width: number('Width'), height: number('Height') };
    expect(region.width * region.height).toBeGreaterThan(0.5 * SCREEN.width * SCREEN.height);

    // The window's icon is the app's: mostly the audit yellow, not the browser's.
    const icon = await waitFor("the app's icon on the window", 20_000, async () => {
      const pixels = await windowIcon(display, id!);
      const yellow = pixels.filter((argb) => argb >>> 24 > 200 && Math.abs(((argb >> 16) & 255) - AUDIT_YELLOW[0]) < 24 && Math.abs(((argb >> 8) & 255) - AUDIT_YELLOW[1]) < 24 && (argb & 255) < 90);
      return pixels.length > 0 && yellow.length > pixels.length / 3 ? pixels : undefined;
    });
    expect(icon.length).toBeGreaterThan(0);

    // The app drew in it: a screen of many colours (text), the app's yellow logo in the navbar,
    // and nothing moving any more (no spinner: the tables and the first table's records are in).
    let previous: Buffer | undefined;
    const pixels = await waitFor('the app to draw its window', 60_000, async () => {
      const shot = await screenPixels(display);
      const settled = previous !== undefined && shot.equals(previous);
      previous = shot;
      const seen = describeRegion(shot, region);
      return settled && seen.colours > 100 && seen.commonestShare < 0.85 && seen.yellow > 300 ? shot : undefined;
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const screenshot = path.join(SCREENSHOTS, 'app-window.png');
    await new Promise<void>((resolve, reject) => {
      const convert = execFile('convert', ['-size', `${SCREEN.width}x${SCREEN.height}`, '-depth', '8', 'rgb:-', `png:${screenshot}`], (error) => (error ? reject(error) : resolve()));
      convert.stdin!.end(pixels);
    });

    // The token on the browser's command line, which other local users can read: dead now.
    const pid = Number(/_NET_WM_PID\(CARDINAL\) = (\d+)/.exec(props)![1]);
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine).toContain(`--user-data-dir=${path.join(home, 'browser-profile')}`);
    const address = new URL(commandLine.find((arg) => arg.startsWith('--app='))!.slice('--app='.length));
    const ticket = address.searchParams.get('token')!;
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = await fetch(address, { redirect: 'manual' });
    expect(page.status).toBe(401);
    expect(page.headers.get('set-cookie')).toBeNull();
    for (const headers of [{ 'X-Audit-Token': ticket }, { cookie: `audit_trail_token=${ticket}` }] as Record<string, string>[]) {
      const call = await fetch(new URL('/api/listTables', address.origin), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
      expect(call.status).toBe(401);
    }

    // Closing the window, as a user would, stops the app.
    await run('xdotool', ['windowactivate', '--sync', id!, 'key', '--clearmodifiers', 'ctrl+w'], { env: { ...process.env, DISPLAY: display } });
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000))]);
    expect(code, output).toBe(0);
    await expect(fetch(new URL('/healthz', address.origin))).rejects.toThrow();
    expect(() => process.kill(pid, 0)).toThrow();
  } finally {
    if (app?.pid !== undefined && app.exitCode === null && app.signalCode === null) {
      try {
        process.kill(-app.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    wm.kill();
    xvfb.kill();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
