/**
 * The built user interface (`dist/renderer/`), which both shells load. `npm start` builds it when
 * it is missing or older than its sources, so a fresh checkout starts without a separate step.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The folders whose files end up in the renderer bundle. */
const SOURCES = ['renderer', 'shared'];

export function rendererDir(projectRoot: string): string {
  return path.join(projectRoot, 'dist', 'renderer');
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether the bundle is missing, or a source (or the lock file's dependencies) is newer than it. */
export function rendererIsStale(projectRoot: string): boolean {
  const index = path.join(rendererDir(projectRoot), 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = SOURCES.map((s) => path.join(projectRoot, s)).filter((s) => fs.existsSync(s));
  const lock = path.join(projectRoot, 'package-lock.json');
  const newest = Math.max(...sources.map(newestSource), fs.existsSync(lock) ? fs.statSync(lock).mtimeMs : 0);
  return newest > built;
}

/** Builds the renderer with Vite (quietly: a user starting the app needs no build log). */
export async function buildRenderer(projectRoot: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'vite.renderer.config.ts'), logLevel: 'error' });
}
