/**
 * `npx tsx bench/health.ts [--engine sqlite|postgres|both] [--scale N] [--seed N] [--runs N] [--out DIR]`
 *
 * Log health alone on the benchmark's database (bench/health-bench.ts), without the rest of the
 * suite: its first figures and the whole view, beside the hand-written floor. Reuses the databases
 * `npm run bench` built (it builds them where they are missing).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { healthRows } from './health-bench';
import { openPostgresBench } from './postgres-bench';
import { openSqliteBench } from './sqlite-bench';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    engine: { type: 'string', default: 'sqlite' },
    scale: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '20' },
    out: { type: 'string', default: path.join('.cache', 'bench') },
  },
});
const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([values.engine] as const);
const options = { dir: values.out, seed: Number(values.seed), scale: Number(values.scale) };
const runs = Number(values.runs);
for (const engine of engines) {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine must be sqlite, postgres or both, not "${engine}".`);
  const target = engine === 'sqlite' ? await openSqliteBench(options) : await openPostgresBench(options);
  try {
    const started = performance.now();
    const first = await target.api.getLogHealth({ detail: 'quick' });
    console.log(`\n=== ${engine} (scale ${options.scale}): first figures in ${(performance.now() - started).toFixed(0)} ms ===`);
    for (const log of first.logs) console.log(`${log.table.padEnd(14)} ${log.rowsEstimated ? 'about ' : ''}${log.rows?.toLocaleString('en-GB')} rows, ${log.oldest} … ${log.newest}, ${log.missingIndexes.length} missing indexes`);
    for (const row of await healthRows(target, runs, Math.max(3, Math.min(5, runs)))) {
      const floor = row.floor ? `, floor ${row.floor.median.toFixed(1)} ms (${(row.ours.median / row.floor.median).toFixed(2)}×)` : '';
      console.log(`${row.read}: median ${row.ours.median.toFixed(1)} ms, p95 ${row.ours.p95.toFixed(1)} ms${floor}${row.note ? `  [${row.note}]` : ''}`);
    }
  } finally {
    await target.close();
  }
}
