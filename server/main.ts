/**
 * Runs the web shell from the command line:
 *
 *   tsx server/main.ts --db FILE [--config FILE] [--port N] [--token T] [--static DIR]
 *
 * Prints exactly one line on stdout, `Audit Trail Browser web shell: <url>`, so a person can open
 * it and a test harness can read it; problems go to stderr as one sentence, with exit code 1.
 * Stops cleanly on SIGINT or SIGTERM: the shell first (no call can start), then the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { userDataDir } from '../cli/user-data';
import { createConnectionService, createMemorySecretStore, createProfileStore } from '../db/connections/index';
import { openAuditDatabase } from '../db/index';
import { readSettingsFile } from '../db/settings-file';
import { AuditError } from '../shared/errors';
import { startWebShell } from './web-shell';

/** Where Vite puts the built renderer, found from this file so the working folder does not matter. */
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../dist/renderer', import.meta.url));

const USAGE = 'Usage: tsx server/main.ts --db FILE [--config FILE] [--port N] [--token T] [--static DIR]';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new AuditError('bad-request', `--port must be a whole number from 0 to 65535, not ${JSON.stringify(text)}.`);
  }
  return port;
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        config: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        static: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new AuditError('bad-request', `${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** Resolves once SIGINT or SIGTERM arrives. A second signal takes the default path and ends at once. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv);
  if (!args.db) throw new AuditError('bad-request', `Name the replica to browse with --db FILE.\n${USAGE}`);
  const port = parsePort(args.port);
  const staticDir = path.resolve(args.static ?? DEFAULT_STATIC_DIR);

  // Checked before the database is opened: without the UI there is nothing to serve.
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write(`The user interface has not been built: run npm run build:renderer (there is no index.html in ${staticDir}).\n`);
    return 1;
  }

  const settings = readSettingsFile(args.config);
  // The saved connections of the user-data folder every shell shares; passwords only for this run.
  const service = createConnectionService({
    store: createProfileStore(userDataDir()),
    secrets: createMemorySecretStore(),
    open: (source) => openAuditDatabase({ source, settings }),
  });
  try {
    await service.openSource({ kind: 'sqlite', file: args.db });
    const shell = await startWebShell({ api: service.api, connections: service, staticDir, port, token: args.token });
    const stopped = untilStopped();
    process.stdout.write(`Audit Trail Browser web shell: ${shell.url}\n`);
    await stopped;
    await shell.close();
  } finally {
    await service.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
