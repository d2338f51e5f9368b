/**
 * `npm run bench:export -- [--engine sqlite|postgres|both] [--scale N] [--seed N] [--out DIR] [--tmp DIR]`
 *
 * Exports the whole activity of the demo of the seed and scale (default: scale 100, 5.85 million
 * log rows; built by `npm run bench`, reused here) as CSV on each engine through the streaming
 * exporter, as the shells do, and beside it the floor (export-bench.ts): ours, the floor, their
 * ratio, entries per second and the exporting process's peak resident memory. Then whether the targets are
 * met: within 1.2× of the floor, under 300 MB. The files go to `--tmp` and are removed.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printExportFigures, runExportBench, type ExportFigures } from './export-bench';
import { openPostgresBench } from './postgres-bench';
import { openSqliteBench } from './sqlite-bench';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    engine: { type: 'string', default: 'both' },
    scale: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join('.cache', 'bench') },
    tmp: { type: 'string', default: os.tmpdir() },
  },
});
const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([values.engine] as const);
for (const engine of engines) {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine must be sqlite, postgres or both, not "${engine}".`);
}
const options = { dir: values.out, seed: Number(values.seed), scale: Number(values.scale) };

const figures: ExportFigures[] = [];
for (const engine of engines) {
  console.log(`\n=== ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (seed ${options.seed}, scale ${options.scale}): export ===`);
  const target = engine === 'sqlite' ? await openSqliteBench(options) : await openPostgresBench(options);
  try {
    figures.push(await runExportBench(target, values.tmp));
  } finally {
    await target.close();
  }
}
printExportFigures(figures);
