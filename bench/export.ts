/**
 * `npm run bench:export -- [--engine sqlite|postgres|both] [--scale N] [--seed N] [--out DIR] [--tmp DIR] [--runs N]`
 * `npm run bench:export -- --db FILE|URL [--db FILE|URL …] [--runs N] [--tmp DIR]`
 *
 * Exports the whole activity of the demo of the seed and scale (default: scale 100, 5.85 million
 * log rows; built by `npm run bench`, reused here) as CSV on each engine through the streaming
 * exporter, as the shells do, and beside it the floor (export-bench.ts): ours, the floor, their
 * ratio, entries per second, the exporting process's peak resident memory and CPU time. Then
 * whether the targets are met: within 1.2× of the floor, under 300 MB. The files go to `--tmp`
 * and are removed.
 *
 * With `--db` the databases named are read as they are (a SQLite replica, or a PostgreSQL URL with
 * the reading role's password): nothing is generated, loaded, started or stopped, so a database
 * someone else keeps running (a shared benchmark cluster) is only read.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataSource } from '../db/connections/db-argument';
import { openAuditDatabase } from '../db/index';
import { BENCH_SETTINGS } from './bench-settings';
import { printExportFigures, runExportBench, type ExportFigures } from './export-bench';
import { openPostgresBench } from './postgres-bench';
import { openSqliteBench } from './sqlite-bench';
import type { BenchTarget } from './suite';

const HELP = `Usage: npx tsx bench/export.ts [options]

The export of the whole activity as CSV (the precompiled CLI's audit-trail export --out), beside its floor.

  --engine sqlite|postgres|both  the demo databases to read (default: both)
  --scale N, --seed N            which demo (default: scale 100, seed 1)
  --out DIR                      where the demo databases are kept (default: .cache/bench)
  --db FILE|URL                  instead: read this database as it is (repeat for more);
                                 nothing is generated, started or stopped
  --runs N                       runs of each side, alternating (default: 1); medians are shown
  --tmp DIR                      where the files are written, then removed (default: the system's)
  --help                         this text`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    engine: { type: 'string', default: 'both' },
    scale: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join('.cache', 'bench') },
    tmp: { type: 'string', default: os.tmpdir() },
    db: { type: 'string', multiple: true },
    runs: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not "${values.runs}".`);

/** A database named by --db, opened as the benchmark reads (its settings), closed without touching anything else. */
async function openNamed(db: string): Promise<BenchTarget & { close(): Promise<void> }> {
  const source = resolveDataSource(db, {});
  const api = await openAuditDatabase({ source, settings: BENCH_SETTINGS });
  return {
    engine: source.kind,
    api,
    raw: { all: () => Promise.reject(new Error('No raw reader here.')), close: () => undefined },
    cliDb: db,
    settings: BENCH_SETTINGS,
    close: () => api.close(),
  };
}

const figures: ExportFigures[] = [];
if (values.db) {
  for (const db of values.db) {
    const target = await openNamed(db);
    console.log(`\n=== ${target.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${target.api.engine.source.location}): export ===`);
    try {
      figures.push(await runExportBench(target, values.tmp, runs));
    } finally {
      await target.close();
    }
  }
} else {
  const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([values.engine] as const);
  for (const engine of engines) {
    if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine must be sqlite, postgres or both, not "${engine}".`);
  }
  const options = { dir: values.out, seed: Number(values.seed), scale: Number(values.scale) };
  for (const engine of engines) {
    console.log(`\n=== ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (seed ${options.seed}, scale ${options.scale}): export ===`);
    const target = engine === 'sqlite' ? await openSqliteBench(options) : await openPostgresBench(options);
    try {
      figures.push(await runExportBench(target, values.tmp, runs));
    } finally {
      await target.close();
    }
  }
}
printExportFigures(figures);
