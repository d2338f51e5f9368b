/**
 * `npm start`: opens the app on a replica. With no `--db`, the demo replica in the user's data
 * folder is used, and generated there first if it is not there yet (never in the repository).
 *
 * The desktop and web user interfaces are not part of this version; until they are, start shows
 * what the replica holds and how to browse it from the command line.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoReplica } from '../db/demo/generate';
import { openAuditDatabase } from '../db/index';
import { count, renderTable } from './format';
import { demoReplicaPath } from './user-data';

function ensureDemoReplica(file: string): void {
  if (fs.existsSync(file)) return;
  process.stdout.write(`No replica yet: generating the demo replica at ${file} ...\n`);
  const stats = generateDemoReplica({ out: file });
  process.stdout.write(
    `Generated ${count(stats.records)} records and ${count(stats.logRows)} log rows in ${stats.seconds.toFixed(1)} s.\n`,
  );
}

async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' } }, allowPositionals: false });
  const file = values.db ?? demoReplicaPath();
  if (!values.db) ensureDemoReplica(file);
  const api = await openAuditDatabase({ file });
  try {
    const { tables } = await api.listTables({});
    process.stdout.write(`Audit Trail Browser: reading ${file} (read-only)\n\n`);
    process.stdout.write(
      `${renderTable(
        ['Table', 'Records', 'Log rows'],
        tables.map((t) => [t.name, count(t.recordCount), count(t.logRowCount)]),
        new Set([1, 2]),
      )}\n\n`,
    );
    const example = tables.find((t) => t.name === 'Customer') ?? tables.find((t) => t.baseExists) ?? tables[0];
    const quoted = JSON.stringify(file);
    process.stdout.write(
      [
        'The desktop and web interfaces are not in this version yet; browse the replica from the command line:',
        `  npx audit-trail records ${JSON.stringify(example?.name)} --db ${quoted}`,
        `  npx audit-trail history ${JSON.stringify(example?.name)} <id> --db ${quoted} --limit 10`,
        `  npx audit-trail deleted ${JSON.stringify(example?.name)} --db ${quoted}`,
        '  npx audit-trail --help',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await api.close();
  }
}

try {
  process.exitCode = await start(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
