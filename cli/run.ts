/**
 * `audit-trail`: the command-line shell for DBAs and scripts. Reads only; prints results on
 * stdout, and errors on stderr as one sentence with a non-zero exit (a stack trace only with
 * --debug). `main` takes its output channels as arguments so it can run inside other programs.
 */
import { AuditError } from '../shared/errors';
import { resolveDataSource } from './data-source';
import { openAuditDatabase, type AuditService, type AuditSettings } from '../db/index';
import { readSettingsFile } from '../db/settings-file';
import { USAGE, UsageError, parseCli, type CliOptions } from './args';
import { runCommand, type Output } from './commands';

/** A settings file that cannot be used is a wrong command line (exit code 2), not a failed read. */
function readSettings(file: string | undefined): AuditSettings {
  try {
    return readSettingsFile(file);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Runs the CLI and returns its exit code (0 done, 1 failed, 2 used wrongly). */
export async function main(argv: string[], io: Output): Promise<number> {
  let opts: CliOptions | 'help' | undefined;
  let service: AuditService | undefined;
  try {
    opts = parseCli(argv);
    if (opts === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (!opts.db) throw new UsageError('Say which database to read with --db FILE or --db postgres://… (or set AUDIT_TRAIL_DB).');
    service = await openAuditDatabase({ source: resolveDataSource(opts.db), settings: readSettings(opts.config) });
    await runCommand(service, opts, io);
    return 0;
  } catch (error) {
    const debug = opts !== undefined && opts !== 'help' ? opts.debug : argv.includes('--debug');
    if (error instanceof UsageError) {
      io.err(`${error.message} See audit-trail --help.`);
      return 2;
    }
    io.err(error instanceof AuditError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  } finally {
    await service?.close();
  }
}

