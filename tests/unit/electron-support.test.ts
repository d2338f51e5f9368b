/** The desktop shell's small helpers: command line, native binding, theme. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppPageUrl } from '../../electron/app-url';
import { parseShellArgs } from '../../electron/args';
import { ELECTRON_HEADERS_URL, nodeGypArgs } from '../../electron/build-native';
import { electronNativeBinding, ELECTRON_NATIVE_BINDING, explainOpenFailure } from '../../electron/native-binding';
import { toggleDarkTheme } from '../../electron/theme';

describe('parseShellArgs', () => {
  it('reads --db and --config among Electron’s own arguments', () => {
    expect(parseShellArgs(['/usr/bin/electron', 'out/app/electron/main.cjs', '--db', 'a.sqlite', '--config', 'c.json'])).toEqual({
      db: 'a.sqlite',
      config: 'c.json',
    });
    expect(parseShellArgs(['/opt/app/audit-trail', '--no-sandbox', '--db=b.sqlite', '--enable-logging'])).toEqual({
      db: 'b.sqlite',
    });
    expect(parseShellArgs(['/opt/app/audit-trail'])).toEqual({});
  });
});

describe('isAppPageUrl', () => {
  it('matches the same file whatever its fragment or query, and nothing else', () => {
    const app = 'file:///opt/Audit%20Trail/dist/renderer/index.html';
    expect(isAppPageUrl(app, app)).toBe(true);
    expect(isAppPageUrl('file:///opt/Audit Trail/dist/renderer/index.html#/x', app)).toBe(true);
    expect(isAppPageUrl('file:///opt/Audit%20Trail/dist/renderer/other.html', app)).toBe(false);
    expect(isAppPageUrl('http://opt/Audit%20Trail/dist/renderer/index.html', app)).toBe(false);
    expect(isAppPageUrl(undefined, app)).toBe(false);
  });
});

describe('electronNativeBinding', () => {
  it('finds the Electron build under the app root, preferring the unpacked copy in a package', () => {
    const root = path.join('/opt', 'app', 'resources', 'app.asar');
    const packed = path.join(root, ELECTRON_NATIVE_BINDING);
    const unpacked = path.join('/opt', 'app', 'resources', 'app.asar.unpacked', ELECTRON_NATIVE_BINDING);
    expect(electronNativeBinding(root, (file) => file === packed || file === unpacked)).toBe(unpacked);
    expect(electronNativeBinding(root, (file) => file === packed)).toBe(packed);
    expect(electronNativeBinding('/work/app', () => false)).toBeUndefined();
    expect(electronNativeBinding('/work/app', (file) => file.startsWith('/work/app/out/native/electron/'))).toBe(
      path.join('/work/app', 'out', 'native', 'electron', 'better_sqlite3.node'),
    );
  });

  it('explains a driver built for the wrong runtime, and leaves other sentences alone', () => {
    const abi = "The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.";
    expect(explainOpenFailure(abi, undefined)).toMatch(/electron\/build-native\.ts/);
    expect(explainOpenFailure(abi, '/x/out/native/electron/better_sqlite3.node')).toMatch(/rebuild/);
    expect(explainOpenFailure('There is no replica file at /x.', undefined)).toBe('There is no replica file at /x.');
  });

  it('builds with node-gyp against Electron’s headers for the installed version', () => {
    expect(nodeGypArgs('45.4.1', 'x64', '/cache')).toEqual([
      'rebuild',
      '--release',
      '--target=45.4.1',
      '--arch=x64',
      `--dist-url=${ELECTRON_HEADERS_URL}`,
      '--devdir=/cache',
    ]);
    expect(ELECTRON_HEADERS_URL).toBe('https://electronjs.org/headers');
  });
});

describe('toggleDarkTheme', () => {
  it('flips the theme source away from what is shown', () => {
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark', shouldUseDarkColors: false };
    expect(toggleDarkTheme(theme)).toBe(true);
    expect(theme.themeSource).toBe('dark');
    theme.shouldUseDarkColors = true;
    expect(toggleDarkTheme(theme)).toBe(false);
    expect(theme.themeSource).toBe('light');
  });
});
