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
 * With `--growth 1,10` (the default) the same reads run again on those smaller scales, and a growth
 * table shows each read's median at every scale: a read that grows with the log shows it there.
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
    growth: { type: 'string', default: '1,10' },
  },
});
const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([values.engine] as const);
for (const engine of engines) {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine must be sqlite, postgres or both, not "${engine}".`);
}
const options = { dir: values.out, seed: Number(values.seed), scale: Number(values.scale) };
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not "${values.runs}".`);

const growthScales = values.growth
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '')
  .map(Number)
  .filter((scale) => scale !== options.scale);
if (growthScales.some((scale) => !(scale > 0))) throw new Error(`--growth must list scales such as 1,10, not "${values.growth}".`);

const FIRST_PAGE_TARGET = 1.5;
const PAGE_500_TARGET = 2;
const RSS_TARGET = 300 * 1024 * 1024;

const stopWatching = watchRss();
const results: Array<[string, Targets]> = [];
const growth: Array<[string, Array<[number, Targets]>]> = [];
const engineName = (engine: string): string => (engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const exports: ExportFigures[] = [];
for (const engine of engines) {
  console.log(`\n=== ${engineName(engine)} (seed ${options.seed}, scale ${options.scale}) ===`);
  const open = (scale: number) => (engine === 'sqlite' ? openSqliteBench({ ...options, scale }) : openPostgresBench({ ...options, scale }));
  const target = await open(options.scale);
  let main: Targets;
  try {
    main = await runSuite(target, { runs });
    results.push([engine, main]);
    exports.push(await runExportBench(target));
  } finally {
    await target.close();
  }
  const byScale: Array<[number, Targets]> = [];
  for (const scale of growthScales) {
    console.log(`\n(${engineName(engine)}, scale ${scale}, for the growth table)`);
    const smaller = await open(scale);
    try {
      byScale.push([scale, await runSuite(smaller, { runs: Math.min(runs, 50), quiet: true })]);
    } finally {
      await smaller.close();
    }
  }
  byScale.push([options.scale, main]);
  growth.push([engine, byScale.sort((a, b) => a[0] - b[0])]);
}
stopWatching();
printExportFigures(exports);

if (growthScales.length > 0) printGrowth(growth);

/**
 * Each read's median at every scale, per engine. Reads are matched by their name without the
 * bracketed detail (which names the record or count of that scale's database).
 */
function printGrowth(all: Array<[string, Array<[number, Targets]>]>): void {
  const readName = (read: string): string => read.replace(/\s*\([^)]*\)/g, '');
  for (const [engine, byScale] of all) {
    console.log(`\n=== Growth: ${engineName(engine)}, median ms by scale ===`);
    const headers = ['read', ...byScale.map(([scale, t]) => `scale ${scale} (${(t.logRows / 1e6).toFixed(2)} M rows)`), 'largest / smallest'];
    const names = [...new Set(byScale.flatMap(([, t]) => t.rows.map((r) => readName(r.read))))];
    const cells = names.map((name) => {
      const medians = byScale.map(([, t]) => t.rows.find((r) => readName(r.read) === name)?.ours.median);
      const first = medians[0];
      const last = medians[medians.length - 1];
      return [name, ...medians.map((m) => (m === undefined ? '' : m.toFixed(2))), first && last ? `${(last / first).toFixed(2)}×` : ''];
    });
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) => c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    console.log(line(headers));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const c of cells) console.log(line(c));
  }
}

console.log('\n=== Targets ===');
const check = (ok: boolean): string => (ok ? 'met    ' : 'NOT met');
for (const [engine, t] of results) {
  console.log(`${engine.padEnd(8)} ${check(t.firstPageRatio <= FIRST_PAGE_TARGET)}  history first page ${t.firstPageRatio.toFixed(2)}× the floor (target ≤ ${FIRST_PAGE_TARGET.toFixed(2)}×)`);
  console.log(`${''.padEnd(8)} ${check(t.page500Ratio <= PAGE_500_TARGET)}  page 500 ${t.page500Ratio.toFixed(2)}× the first page (target ≤ ${PAGE_500_TARGET.toFixed(2)}×)`);
  console.log(`${''.padEnd(8)} ${check(t.peakRss < RSS_TARGET)}  peak resident memory ${mb(t.peakRss)} by the end of this engine's reads (target < ${mb(RSS_TARGET)})`);
}
