/** The demo replica the start and UI benchmarks read, generated once into the bench folder. */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEMO_FORMAT } from '../db/demo/format';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The file name of the demo replica of a seed and scale, keyed also by the demo's format version
 * (db/demo/format.ts), so a replica cached before the demo changed is not reused.
 */
export function demoFileName(seed: number, scale: number | string): string {
  return `demo-v${DEMO_FORMAT}-seed${seed}-scale${scale}.sqlite`;
}

/**
 * The path of the demo replica of seed 1 and `scale` in `dir`, generating it first (in a child
 * process, so its memory is not this process's) when it is not there yet.
 */
export function demoReplica(dir: string, scale: number | string): string {
  const file = path.resolve(dir, demoFileName(1, scale));
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    console.log(`Generating ${file} ...`);
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const child = spawnSync(process.execPath, [tsx, 'db/demo/main.ts', '--out', file, '--seed', '1', '--scale', String(scale)], { stdio: 'inherit', cwd: ROOT });
    if (child.status !== 0) throw new Error('The demo generator failed.');
  }
  return file;
}
