/**
 * `npm run bench -- [--engine sqlite|postgres|both] [--scale N] [--seed N] [--runs N] [--out DIR]`
 *
 * Builds (or reuses) the demo database of the seed and scale on each engine (scale 100: about
 * 5.9 million log rows) and prints, per engine, how long the data layer's reads take: a record's
 * history (first page, against a minimal hand-written indexed query: the floor), a deep page by
 * key against the same page by OFFSET, the people list, a searched record list, and the peak
 * resident memory of this process. Then whether the targets are met:
 *
 * - history, first page within 1.5× of the floor;
 * - page 500 within 2× of the first page;
 * - this process under 300 MB resident throughout.
 *
 * Databases are built in child processes, so the memory figure is the reader's alone. The SQLite
 * replica is kept in `DIR` (default .cache/bench), the PostgreSQL cluster in `DIR/pg-data`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printExportFigures, runExportBench, type ExportFigures } from './export-bench';
import { mb, watchRss } from './measure';
import { openPostgresBench } from './postgres-bench';
import { openSqliteBench } from './sqlite-bench';
import { runSuite, type Targets } from './suite';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    engine: { type: 'string', default: 'both' },
    scale: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '200' },
    out: { type: 'string', default: path.join('.cache', 'bench') },
  },
});
const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([values.engine] as const);
for (const engine of engines) {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine must be sqlite, postgres or both, not "${engine}".`);
}
const options = { dir: values.out, seed: Number(values.seed), scale: Number(values.scale) };
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not "${values.runs}".`);

const FIRST_PAGE_TARGET = 1.5;
const PAGE_500_TARGET = 2;
const RSS_TARGET = 300 * 1024 * 1024;

const stopWatching = watchRss();
const results: Array<[string, Targets]> = [];
const exports: ExportFigures[] = [];
for (const engine of engines) {
  console.log(`\n=== ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (seed ${options.seed}, scale ${options.scale}) ===`);
  const target = engine === 'sqlite' ? await openSqliteBench(options) : await openPostgresBench(options);
  try {
    results.push([engine, await runSuite(target, { runs })]);
    exports.push(await runExportBench(target.engine, target.api));
  } finally {
    await target.close();
  }
}
stopWatching();
printExportFigures(exports);

console.log('\n=== Targets ===');
const check = (ok: boolean): string => (ok ? 'met    ' : 'NOT met');
for (const [engine, t] of results) {
  console.log(`${engine.padEnd(8)} ${check(t.firstPageRatio <= FIRST_PAGE_TARGET)}  history first page ${t.firstPageRatio.toFixed(2)}× the floor (target ≤ ${FIRST_PAGE_TARGET.toFixed(2)}×)`);
  console.log(`${''.padEnd(8)} ${check(t.page500Ratio <= PAGE_500_TARGET)}  page 500 ${t.page500Ratio.toFixed(2)}× the first page (target ≤ ${PAGE_500_TARGET.toFixed(2)}×)`);
  console.log(`${''.padEnd(8)} ${check(t.peakRss < RSS_TARGET)}  peak resident memory ${mb(t.peakRss)} by the end of this engine's reads (target < ${mb(RSS_TARGET)})`);
}
