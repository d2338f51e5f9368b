/**
 * Whether the desktop app can run here. The electron package fetches its binary lazily, and
 * merely loading the package would start that download, so the binary is looked for on disk
 * instead: `path.txt` names it once it has been fetched. Without a display it cannot show a
 * window either; the web shell then stands in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hasDisplay, NO_DISPLAY_REASON } from './display';

export type ElectronRuntime = { available: true; binary: string } | { available: false; reason: string };

export function findElectronRuntime(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronRuntime {
  const packageDir = path.join(projectRoot, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(packageDir, 'package.json'))) {
    return { available: false, reason: 'the electron package is not installed' };
  }
  let relative: string;
  try {
    relative = fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return { available: false, reason: "Electron's runtime has not been downloaded on this machine" };
  }
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : path.join(packageDir, 'dist', relative);
  if (!relative || !fs.existsSync(binary)) {
    return { available: false, reason: "Electron's runtime has not been downloaded on this machine" };
  }
  if (!hasDisplay(env, platform)) return { available: false, reason: NO_DISPLAY_REASON };
  return { available: true, binary };
}
