import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../cli/electron-runtime';
import { tempDir } from '../support/temp-dir';

const root = tempDir('electron-runtime-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const pkg = path.join(root, 'node_modules', 'electron');

describe('finding the Electron runtime without downloading it', () => {
  it('is unavailable when the package is missing, or its binary was never fetched', () => {
    expect(findElectronRuntime(root, {}, 'linux')).toEqual({ available: false, reason: 'the electron package is not installed' });
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), '{}');
    expect(findElectronRuntime(root, { DISPLAY: ':0' }, 'linux')).toMatchObject({ available: false, reason: expect.stringMatching(/not been downloaded/) });
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    expect(findElectronRuntime(root, { DISPLAY: ':0' }, 'linux')).toMatchObject({ available: false });
  });

  it('is available when the binary is there, and on Linux only with a display', () => {
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    expect(findElectronRuntime(root, { DISPLAY: ':0' }, 'linux')).toEqual({ available: true, binary: path.join(pkg, 'dist', 'electron') });
    expect(findElectronRuntime(root, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toMatchObject({ available: true });
    expect(findElectronRuntime(root, {}, 'linux')).toEqual({ available: false, reason: 'there is no display to show a window on' });
    expect(findElectronRuntime(root, {}, 'darwin')).toMatchObject({ available: true });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, as the electron package does', () => {
    expect(findElectronRuntime(root, { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'elsewhere') }, 'linux')).toMatchObject({ available: false });
  });

  it('never loads the electron package (which would start a download)', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../cli/electron-runtime.ts'), 'utf8');
    expect(source).not.toMatch(/from 'electron'|require\(['"]electron/);
  });
});
