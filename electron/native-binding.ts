/**
 * better-sqlite3 as compiled by `npm install` targets Node's ABI and does not load in Electron.
 * The desktop shell loads an Electron-ABI build instead (made by `tsx electron/build-native.ts`),
 * through better-sqlite3's `nativeBinding` option.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the Electron-ABI build lives, relative to the app root. */
export const ELECTRON_NATIVE_BINDING = path.join('out', 'native', 'electron', 'better_sqlite3.node');

/**
 * The Electron-ABI binary under `baseDir` (the app root), or undefined when it was not built.
 * In a packaged app the file is unpacked beside the asar archive (a native module cannot load
 * from inside one), so the unpacked path is preferred.
 */
export function electronNativeBinding(
  baseDir: string,
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  const file = path.join(baseDir, ELECTRON_NATIVE_BINDING);
  const unpacked = file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
  if (unpacked !== file && exists(unpacked)) return unpacked;
  return exists(file) ? file : undefined;
}

/** The command that builds the Electron-ABI binary, for messages. */
export const BUILD_NATIVE_COMMAND = 'npx tsx electron/build-native.ts';

/**
 * The sentence to show when opening a replica failed. A driver built for Node's ABI fails to load
 * with a message about module versions that means nothing to a user; say what to do instead.
 */
export function explainOpenFailure(message: string, nativeBinding: string | undefined): string {
  if (/NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|better_sqlite3\.node/.test(message)) {
    return nativeBinding
      ? `The SQLite driver for the desktop shell at ${nativeBinding} does not load in this Electron; rebuild it with \`${BUILD_NATIVE_COMMAND}\`.`
      : `The SQLite driver has not been built for the desktop shell; build it with \`${BUILD_NATIVE_COMMAND}\` (it needs internet access once), then start again.`;
  }
  return message;
}
