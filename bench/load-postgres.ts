/**
 * Child process of the benchmark: loads the demo of a seed and scale into a PostgreSQL database
 * (its triggers write the logs). Run apart from the benchmark so that the benchmark's memory
 * figure is the reader's alone.
 *
 *   tsx bench/load-postgres.ts --url postgres://… --seed 1 --scale 100 [--replica-out FILE]
 */
import { parseArgs } from 'node:util';
import { loadDemoIntoPostgres } from '../db/demo/postgres/load';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    url: { type: 'string' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '100' },
    'replica-out': { type: 'string' },
  },
});
if (!values.url) throw new Error('--url is required');

const stats = await loadDemoIntoPostgres({
  url: values.url,
  seed: Number(values.seed),
  scale: Number(values.scale),
  force: true,
  ...(values['replica-out'] ? { replicaOut: values['replica-out'] } : {}),
  onProgress: (message) => process.stderr.write(`  ${message}\n`),
});
process.stderr.write(`  Loaded ${stats.logRows.toLocaleString('en-GB')} log rows and ${stats.records.toLocaleString('en-GB')} records in ${stats.seconds} s\n`);
