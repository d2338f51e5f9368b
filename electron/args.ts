/**
 * The desktop shell's command line: `--db FILE` and `--config FILE`, as for every shell. Electron
 * and Chromium put their own arguments around ours (the executable, the main script in
 * development, switches like `--no-sandbox`), so anything else is ignored rather than refused.
 */
import { parseArgs } from 'node:util';

export interface ShellArgs {
  /** The replica to open; main falls back to the demo replica. */
  db?: string;
  /** A settings file (JSON AuditSettings). */
  config?: string;
}

export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { db: { type: 'string' }, config: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const args: ShellArgs = {};
  const db = text(values.db);
  const config = text(values.config);
  if (db) args.db = db;
  if (config) args.config = config;
  return args;
}
