/**
 * `npm run demo-db -- --out FILE [--seed N] [--scale N] [--force]`: writes the demo replica.
 * `npm run demo-db -- --postgres URL [--out FILE] [--seed N] [--scale N] [--force]`: loads the same
 * demo into PostgreSQL (logged by PL/pgSQL triggers), keeping the SQLite twin at FILE if given.
 * Progress goes to stderr, the summary to stdout; any error is one sentence on stderr and exit 1.
 */
import { parseArgs } from 'node:util';
import { redactUrl } from '../dialects/postgres/target';
import { generateDemoReplica, type DemoOptions } from './generate';
import type { PlantedCase } from './planted';
import { loadDemoIntoPostgres } from './postgres/load';

const USAGE =
  'Usage: npm run demo-db -- --out FILE [--seed N] [--scale N] [--force]\n' +
  '       npm run demo-db -- --postgres postgres://user@host:5432/database[?schema=s] [--out FILE] [--seed N] [--scale N] [--force]\n' +
  '       (the PostgreSQL password comes from the URL or PGPASSWORD)';

interface DemoArgs extends Omit<DemoOptions, 'out'> {
  out?: string;
  postgres?: string;
}

function parseDemoArgs(argv: string[]): DemoArgs | 'help' {
  let values: { out?: string; postgres?: string; seed?: string; scale?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        postgres: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} See npm run demo-db -- --help.`);
  }
  if (values.help) return 'help';
  if (!values.out && !values.postgres) throw new Error(`--out FILE or --postgres URL is required. See npm run demo-db -- --help.`);
  const options: DemoArgs = { force: values.force ?? false };
  if (values.out) options.out = values.out;
  if (values.postgres) options.postgres = values.postgres;
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

const n = (value: number): string => value.toLocaleString('en-GB');
const onProgress = (message: string): void => void process.stderr.write(`${message}\n`);

async function loadPostgres(parsed: DemoArgs & { postgres: string }): Promise<void> {
  const stats = await loadDemoIntoPostgres({
    url: parsed.postgres,
    force: parsed.force ?? false,
    onProgress,
    ...(parsed.seed !== undefined ? { seed: parsed.seed } : {}),
    ...(parsed.scale !== undefined ? { scale: parsed.scale } : {}),
    ...(parsed.out !== undefined ? { replicaOut: parsed.out } : {}),
  });
  const lines = [
    `Demo loaded into ${redactUrl(parsed.postgres)} (schema ${stats.target.schema}; seed ${stats.seed}, scale ${stats.scale}), logged by PL/pgSQL triggers`,
    `  records:   ${n(stats.records)} (plus ${n(stats.deletedRecords)} deleted, known only from their logs)`,
    `  log rows:  ${n(stats.logRows)}`,
    `  time:      ${stats.seconds.toFixed(1)} s`,
    ...(parsed.out ? [`  SQLite twin of the same seed: ${parsed.out}`] : []),
    ...Object.entries(stats.tables).map(
      ([table, t]) => `    ${table.padEnd(14)} ${n(t.records).padStart(10)} records ${n(t.logRows).padStart(12)} log rows`,
    ),
    ...plantedLines(stats.planted),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The cases planted for Review, as the summary lists them. */
function plantedLines(planted: readonly PlantedCase[]): string[] {
  return planted.length ? ['  planted for Review to find:', ...planted.map((p) => `    ${p.kind.padEnd(16)} ${p.byName} (person ${p.by}) ${p.description}: ${n(p.count)}`)] : [];
}

async function main(argv: string[]): Promise<number> {
  try {
    const parsed = parseDemoArgs(argv);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.postgres !== undefined) {
      await loadPostgres({ ...parsed, postgres: parsed.postgres });
      return 0;
    }
    const stats = generateDemoReplica({ ...parsed, out: parsed.out ?? '', onProgress });
    const lines = [
      `Demo replica written to ${stats.file} (seed ${stats.seed}, scale ${stats.scale})`,
      `  records:   ${n(stats.records)} (plus ${n(stats.deletedRecords)} deleted, known only from their logs)`,
      `  log rows:  ${n(stats.logRows)}`,
      `  size:      ${(stats.bytes / 1_048_576).toFixed(1)} MB`,
      `  time:      ${stats.seconds.toFixed(1)} s`,
      ...Object.entries(stats.tables).map(
        ([table, t]) => `    ${table.padEnd(14)} ${n(t.records).padStart(10)} records ${n(t.logRows).padStart(12)} log rows`,
      ),
      ...plantedLines(stats.planted),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo-db: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
