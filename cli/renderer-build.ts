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

/**
 * Builds the renderer with Vite (quietly: a user starting the app needs no build log), always as
 * a production build. Vite builds for whatever NODE_ENV the process already has: built from a
 * test's child process (vitest sets NODE_ENV=test), the renderer was React's development build,
 * which runs every effect twice (each view's first calls were sent, abandoned and sent again) and
 * renders slower, and `npm start` then served it as it was. The process's NODE_ENV is put back.
 */
export async function buildRenderer(projectRoot: string): Promise<void> {
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(projectRoot, 'vite.renderer.config.ts'), mode: 'production', logLevel: 'error' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
