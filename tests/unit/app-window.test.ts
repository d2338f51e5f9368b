/**
 * The app window's pieces with a fake machine: finding an installed Chromium-based browser on
 * Linux, macOS and Windows, `--browser`, the display, the browser profile's lock, and the browser's
 * command line. (The real window, in a real browser on a real X display: tests/e2e/app-window.spec.ts.)
 */
import { describe, expect, it } from 'vitest';
import { browserProfileDir, profileInUse, type ProfileLockProbe } from '../../cli/app-window/browser-profile';
import { chosenBrowser, findBrowser, NO_BROWSER_REASON, type BrowserSearch } from '../../cli/app-window/find-browser';
import { appWindowArguments, WINDOW_CLASS } from '../../cli/app-window/launch';
import { hasDisplay } from '../../cli/display';
import { AuditError } from '../../shared/errors';

/** A machine where exactly `programs` can be run. */
function machine(platform: NodeJS.Platform, programs: string[], env: NodeJS.ProcessEnv = {}): BrowserSearch {
  const installed = new Set(programs);
  return { platform, env, home: platform === 'darwin' ? '/Users/ann' : '/home/ann', isProgram: (file) => installed.has(file) };
}

describe('finding an installed Chromium-based browser', () => {
  it('on Linux, looks on PATH first, in the order Chrome, Chromium, Edge, Brave', () => {
    const env = { PATH: '/home/ann/bin:/usr/local/bin:/usr/bin:relative/bin' };
    expect(findBrowser(machine('linux', ['/usr/bin/chromium', '/usr/bin/brave-browser', '/usr/local/bin/google-chrome-stable'], env))).toEqual({
      found: true,
      name: 'Google Chrome',
      binary: '/usr/local/bin/google-chrome-stable',
    });
    expect(findBrowser(machine('linux', ['/usr/bin/chromium', '/usr/bin/brave-browser'], env))).toMatchObject({ name: 'Chromium', binary: '/usr/bin/chromium' });
    expect(findBrowser(machine('linux', ['/usr/bin/brave-browser', '/usr/bin/microsoft-edge'], env))).toMatchObject({ name: 'Microsoft Edge' });
    expect(findBrowser(machine('linux', ['/home/ann/bin/chromium-browser', '/usr/bin/chromium-browser'], env))).toMatchObject({ binary: '/home/ann/bin/chromium-browser' });
    // A relative PATH entry is never searched: what it finds depends on the working folder.
    expect(findBrowser(machine('linux', ['relative/bin/chromium'], env))).toEqual({ found: false, reason: NO_BROWSER_REASON });
  });

  it('on Linux, finds a browser where its package puts it when PATH does not lead there', () => {
    expect(findBrowser(machine('linux', ['/opt/google/chrome/chrome'], { PATH: '/usr/bin' }))).toMatchObject({ name: 'Google Chrome', binary: '/opt/google/chrome/chrome' });
    expect(findBrowser(machine('freebsd', ['/opt/brave.com/brave/brave'], {}))).toMatchObject({ name: 'Brave', binary: '/opt/brave.com/brave/brave' });
    // On PATH beats a well-known place, even of a browser earlier in the order.
    expect(findBrowser(machine('linux', ['/opt/google/chrome/chrome', '/usr/bin/chromium'], { PATH: '/usr/bin' }))).toMatchObject({ name: 'Chromium' });
  });

  it('on macOS, looks in /Applications, then ~/Applications', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const edgeOfUser = '/Users/ann/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findBrowser(machine('darwin', [edgeOfUser, chrome]))).toEqual({ found: true, name: 'Google Chrome', binary: chrome });
    expect(findBrowser(machine('darwin', [edgeOfUser]))).toEqual({ found: true, name: 'Microsoft Edge', binary: edgeOfUser });
    expect(findBrowser(machine('darwin', ['/Applications/Brave Browser.app/Contents/MacOS/Brave Browser']))).toMatchObject({ name: 'Brave' });
    expect(findBrowser(machine('darwin', ['/usr/bin/chromium'], { PATH: '/usr/bin' }))).toMatchObject({ found: false });
  });

  it('on Windows, looks below %ProgramFiles%, %ProgramFiles(x86)% and %LocalAppData%, whatever the case of their names', () => {
    const env = { ProgramFiles: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LocalAppData: 'C:\\Users\\ann\\AppData\\Local' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const userChrome = 'C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(machine('win32', [edge], env))).toEqual({ found: true, name: 'Microsoft Edge', binary: edge });
    expect(findBrowser(machine('win32', [edge, userChrome], env))).toEqual({ found: true, name: 'Google Chrome', binary: userChrome });
    expect(findBrowser(machine('win32', ['C:\\Users\\ann\\AppData\\Local\\Chromium\\Application\\chrome.exe'], env))).toMatchObject({ name: 'Chromium' });
    expect(findBrowser(machine('win32', ['C:\\Program Files\\BraveSoftware\\Brave-Browser\\Application\\brave.exe'], env))).toMatchObject({ name: 'Brave' });
    expect(findBrowser(machine('win32', [edge], {}))).toEqual({ found: false, reason: NO_BROWSER_REASON });
  });

  it('says what it looked for, and how to choose one, when there is none', () => {
    expect(findBrowser(machine('linux', [], { PATH: '/usr/bin' }))).toEqual({
      found: false,
      reason: 'no Chromium-based browser (Chrome, Chromium, Edge or Brave) is installed where they usually are (name one with --browser PATH)',
    });
  });
});

describe('--browser', () => {
  it('takes a path, relative to the working folder, or a program name on PATH', () => {
    const search = machine('linux', ['/opt/vivaldi/vivaldi', '/home/ann/apps/chrome-dev/chrome', '/usr/bin/thorium'], { PATH: '/usr/bin' });
    expect(chosenBrowser('/opt/vivaldi/vivaldi', search)).toEqual({ name: 'vivaldi', binary: '/opt/vivaldi/vivaldi' });
    expect(chosenBrowser('apps/chrome-dev/chrome', search, '/home/ann')).toEqual({ name: 'chrome', binary: '/home/ann/apps/chrome-dev/chrome' });
    expect(chosenBrowser('thorium', search)).toEqual({ name: 'thorium', binary: '/usr/bin/thorium' });
    const windows = machine('win32', ['D:\\Portable\\Chromium\\chrome.exe'], {});
    expect(chosenBrowser('D:\\Portable\\Chromium\\chrome.exe', windows)).toEqual({ name: 'chrome', binary: 'D:\\Portable\\Chromium\\chrome.exe' });
  });

  it('stops with one sentence when it names no program', () => {
    const search = machine('linux', ['/usr/bin/chromium'], { PATH: '/usr/bin' });
    const error = (() => {
      try {
        chosenBrowser('/nowhere/chrome', search);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).message).toBe('--browser /nowhere/chrome: there is no program there to open the app with.');
    expect(() => chosenBrowser('firefux', search)).toThrow("--browser firefux: there is no program of that name on PATH; give the browser's full path.");
  });
});

describe('the display', () => {
  it('is needed on Linux and the other Unix desktops (X or Wayland), and always there on macOS and Windows', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({ DISPLAY: '' }, 'freebsd')).toBe(false);
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});

describe('the browser profile', () => {
  /** A machine "here" where process 4242 runs and a SingletonLock may point somewhere. */
  function probe(platform: NodeJS.Platform, lock: string | undefined, files: string[] = []): ProfileLockProbe {
    return {
      platform,
      hostname: 'here',
      readLink: (file) => (file === '/data/browser-profile/SingletonLock' ? lock : undefined),
      exists: (file) => files.includes(file),
      isRunning: (pid) => pid === 4242,
    };
  }

  it('lives in the data folder', () => {
    expect(browserProfileDir('/data')).toBe('/data/browser-profile');
  });

  it('is in use while a browser on this machine holds its lock, or one on another machine does', () => {
    const dir = '/data/browser-profile';
    expect(profileInUse(dir, probe('linux', undefined))).toBe(false);
    expect(profileInUse(dir, probe('linux', 'here-4242'))).toBe(true);
    // Left behind by a browser that crashed: the browser takes it over, and so may the app.
    expect(profileInUse(dir, probe('linux', 'here-999'))).toBe(false);
    expect(profileInUse(dir, probe('darwin', 'other-host.local-17'))).toBe(true);
    expect(profileInUse(dir, probe('linux', 'garbage'))).toBe(false);
    expect(profileInUse('C:\\data\\browser-profile', probe('win32', undefined, ['C:\\data\\browser-profile\\lockfile']))).toBe(true);
    expect(profileInUse('C:\\data\\browser-profile', probe('win32', undefined))).toBe(false);
  });
});

describe("the app window's command line", () => {
  const launch = { url: 'http://127.0.0.1:4000/?token=abc', profileDir: '/data/browser-profile', firstRun: false, platform: 'linux' as const, asRoot: false };

  it('opens the address in app mode on its own profile, without first-run questions, with the window class on Linux', () => {
    expect(appWindowArguments(launch)).toEqual([
      '--app=http://127.0.0.1:4000/?token=abc',
      '--user-data-dir=/data/browser-profile',
      '--no-first-run',
      '--no-default-browser-check',
      `--class=${WINDOW_CLASS}`,
    ]);
    expect(appWindowArguments({ ...launch, platform: 'darwin' })).not.toContainEqual(expect.stringMatching(/^--class/));
  });

  it('gives the window its size on the first run only, and turns the sandbox off only for root', () => {
    expect(appWindowArguments({ ...launch, firstRun: true })).toContain('--window-size=1280,800');
    expect(appWindowArguments(launch).join(' ')).not.toMatch(/window-size|no-sandbox/);
    expect(appWindowArguments({ ...launch, asRoot: true })).toContain('--no-sandbox');
  });
});
