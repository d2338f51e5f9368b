/**
 * `npm run demo-db -- --out FILE [--seed N] [--scale N] [--force]`: writes the demo replica.
 * Progress goes to stderr, the summary to stdout; any error is one sentence on stderr and exit 1.
 */
import { parseArgs } from 'node:util';
import { generateDemoReplica, type DemoOptions } from './generate';

const USAGE = 'Usage: npm run demo-db -- --out FILE [--seed N] [--scale N] [--force]';

function parseDemoArgs(argv: string[]): DemoOptions | 'help' {
  let values: { out?: string; seed?: string; scale?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} ${USAGE}`);
  }
  if (values.help) return 'help';
  if (!values.out) throw new Error(`--out FILE is required. ${USAGE}`);
  const options: DemoOptions = { out: values.out, force: values.force ?? false };
  if (values.seed !== undefined) {
    if (!/^\d+$/.test(values.seed)) throw new Error(`--seed must be a whole number, not "${values.seed}".`);
    options.seed = Number(values.seed);
  }
  if (values.scale !== undefined) {
    const scale = Number(values.scale);
    if (values.scale.trim() === '' || !Number.isFinite(scale)) throw new Error(`--scale must be a number, not "${values.scale}".`);
    options.scale = scale;
  }
  return options;
}

function main(argv: string[]): number {
  try {
    const parsed = parseDemoArgs(argv);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const stats = generateDemoReplica({ ...parsed, onProgress: (message) => process.stderr.write(`${message}\n`) });
    const n = (value: number): string => value.toLocaleString('en-GB');
    const lines = [
      `Demo replica written to ${stats.file} (seed ${stats.seed}, scale ${stats.scale})`,
      `  records:   ${n(stats.records)} (plus ${n(stats.deletedRecords)} deleted, known only from their logs)`,
      `  log rows:  ${n(stats.logRows)}`,
      `  size:      ${(stats.bytes / 1_048_576).toFixed(1)} MB`,
      `  time:      ${stats.seconds.toFixed(1)} s`,
      ...Object.entries(stats.tables).map(
        ([table, t]) => `    ${table.padEnd(14)} ${n(t.records).padStart(10)} records ${n(t.logRows).padStart(12)} log rows`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo-db: ${message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
