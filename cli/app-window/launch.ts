/**
 * Opening the app in its own window of an installed Chromium-based browser: app mode (`--app`: no
 * tabs, no address bar; the window takes the page's title and icon), on a profile folder of its
 * own, so the browser is an instance of its own that exits when its last window closes. The
 * window's exit is how the app knows to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { AuditError } from '../../shared/errors';
import type { Browser } from './find-browser';

/** The X11 window class (WM_CLASS) of the app window, by which desktops and tests find it. */
export const WINDOW_CLASS = 'AuditTrailBrowser';

/** The window's size on a profile's first launch; later the browser restores the user's own. */
export const FIRST_WINDOW_SIZE = { width: 1280, height: 800 };

export interface AppWindowLaunch {
  /** The address to open: its token lets one browser in, once, and expires soon. */
  url: string;
  profileDir: string;
  /** Whether the profile folder is new: only then is the window's size given. */
  firstRun: boolean;
  platform: NodeJS.Platform;
  /** Whether this process runs as root (uid 0). */
  asRoot: boolean;
}

/** The browser's command line. */
export function appWindowArguments(launch: AppWindowLaunch): string[] {
  const args = [
    `--app=${launch.url}`,
    `--user-data-dir=${launch.profileDir}`,
    // A fresh profile would otherwise greet the user and ask to become the default browser.
    '--no-first-run',
    '--no-default-browser-check',
  ];
  if (launch.platform !== 'darwin' && launch.platform !== 'win32') args.push(`--class=${WINDOW_CLASS}`);
  if (launch.firstRun) args.push(`--window-size=${FIRST_WINDOW_SIZE.width},${FIRST_WINDOW_SIZE.height}`);
  // Chromium refuses to start as root with its sandbox on (it cannot drop privileges into it):
  // only then, and never for an ordinary user, is it turned off. The browser says so in the window.
  if (launch.asRoot) args.push('--no-sandbox');
  return args;
}

/** How the window ended: closed (the browser exited 0, or was stopped by a signal) or failed. */
export type WindowEnd = { closed: true } | { closed: false; code: number; lastWords: string };

export interface AppWindow {
  /** Settles when the browser has exited. */
  ended: Promise<WindowEnd>;
  /** Asks the browser to close its window and exit (SIGTERM); forced after `graceMs`. */
  close(graceMs?: number): Promise<WindowEnd>;
}

/** The last of the browser's messages are kept, to say why it stopped if it failed. */
const KEPT_OUTPUT_BYTES = 4096;

/**
 * Starts `browser` with the app window's command line; resolves once it runs. A program that
 * cannot be started is one sentence.
 */
export function openAppWindow(browser: Browser, launch: AppWindowLaunch, start: typeof spawn = spawn): Promise<AppWindow> {
  // Its output is the browser's own chatter (D-Bus, GPU, fonts), not the user's business; only its
  // last lines are kept in case it fails.
  const child: ChildProcess = start(browser.binary, appWindowArguments(launch), { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_BYTES);
  });
  const ended = new Promise<WindowEnd>((resolve) => {
    child.once('exit', (code) => {
      if (code === 0 || code === null) return resolve({ closed: true });
      const lines = output.trim().split('\n');
      resolve({ closed: false, code, lastWords: (lines[lines.length - 1] ?? '').trim() });
    });
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new AuditError('cannot-open', `${browser.name} (${browser.binary}) cannot be started (${error.code ?? error.message}).`, { cause: error }));
    });
    child.once('spawn', () => {
      resolve({
        ended,
        close(graceMs = 5000) {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
            void ended.then(() => clearTimeout(force));
          }
          return ended;
        },
      });
    });
  });
}
