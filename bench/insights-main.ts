/**
 * `npx tsx bench/insights-main.ts [--engine sqlite|postgres] [--dir DIR] [--scale N] [--seed N] [--runs N]`:
 * the Insights rows of the benchmark alone (bench/insights-bench.ts), on the demo the benchmark
 * built under DIR (default .cache/bench), read only. `npm run bench` runs them with the rest.
 */
import { parseArgs } from 'node:util';
import { insightsRows } from './insights-bench';
import { mb, peakRss } from './measure';
import { openPostgresBench } from './postgres-bench';
import { openSqliteBench } from './sqlite-bench';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    dir: { type: 'string', default: '.cache/bench' },
    scale: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
  },
});
const options = { dir: values.dir, seed: Number(values.seed), scale: Number(values.scale) };
const target = values.engine === 'postgres' ? await openPostgresBench(options) : await openSqliteBench(options);
try {
  const { tables } = await target.api.listTables({});
  const rows = await insightsRows(target.api, target.raw, target.engine, tables, Number(values.runs));
  for (const row of rows) {
    const ratio = row.floor ? `  ${(row.ours.median / row.floor.median).toFixed(2)}× the floor (${row.floor.median.toFixed(0)} ms)` : '';
    console.log(`${row.read.padEnd(52)} ${row.ours.median.toFixed(0).padStart(7)} ms median, ${row.ours.p95.toFixed(0)} ms p95${ratio}${row.note ? `  ${row.note}` : ''}`);
  }
  console.log(`Peak resident memory: ${mb(peakRss())}`);
} finally {
  await target.close();
}
