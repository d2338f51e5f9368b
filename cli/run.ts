/**
 * `audit-trail`: the command-line shell for DBAs and scripts. Reads only; prints results on
 * stdout, and errors on stderr as one sentence with a non-zero exit (a stack trace only with
 * --debug). `main` takes its output channels as arguments so it can run inside other programs.
 */
import { AuditError } from '../shared/errors';
import type { PasswordPrompt } from './data-source';
import type { AuditService, DataSource } from '../db/index';
import { cliSettings, PROFILE_COMMANDS, USAGE, UsageError, parseCli, type CliOptions } from './args';
import type { Output } from './commands';
import { terminalPasswordPrompt } from './password-prompt';
import { userDataDir } from '../node/user-data';

/**
 * What a command needs beyond its command line: the data layer (kysely, the SQLite driver) and the
 * command modules. Loaded once the command line is known to be good, so `--help` and a wrong
 * command line answer without loading them (in the precompiled CLI they are a separate chunk).
 */
const loadCommandModules = () =>
  Promise.all([import('./data-source'), import('../db/index'), import('../db/connections/profile-store'), import('./commands'), import('./profile-commands')]);

/** Where the CLI's environment comes from; tests and embedders may give their own. */
export interface CliEnvironment {
  env?: NodeJS.ProcessEnv;
  /** Asks for a password on the terminal (default: stdin/stderr when both are a terminal). */
  prompt?: PasswordPrompt;
}

/** Runs the CLI and returns its exit code (0 done, 1 failed, 2 used wrongly). */
export async function main(argv: string[], io: Output, environment: CliEnvironment = {}): Promise<number> {
  // `export` parses its own options (--out, csv): see export-command.ts.
  if (argv[0] === 'export') return (await import('./export-command')).runExportCli(argv.slice(1), io, environment);
  const env = environment.env ?? process.env;
  const prompt = environment.prompt ?? terminalPasswordPrompt();
  let opts: CliOptions | 'help' | undefined;
  let service: AuditService | undefined;
  try {
    opts = parseCli(argv);
    if (opts === 'help') {
      io.out(USAGE);
      return 0;
    }
    const settings = cliSettings(opts.config);
    const [{ openWithPassword, resolveDbArgument }, { openAuditDatabase }, { createProfileStore }, { runCommand }, { runProfileCommand }] = await loadCommandModules();
    // Saved views (--view, `views`) are those of the user-data folder, beside the saved profiles.
    const open = (source: DataSource) => openAuditDatabase({ source, settings, viewsDir: userDataDir(env) });
    // Saved profiles live in the user-data folder, shared with the desktop and web apps.
    const store = createProfileStore(userDataDir(env));
    if (PROFILE_COMMANDS.includes(opts.command)) {
      await runProfileCommand(opts, io, { store, env, open, prompt });
      return 0;
    }
    if (!opts.db) throw new UsageError('Say which database to read with --db FILE, --db postgres://… or --db PROFILE (or set AUDIT_TRAIL_DB).');
    const { source } = resolveDbArgument(opts.db, env, store);
    service = await openWithPassword(source, open, prompt);
    await runCommand(service, opts, io);
    return 0;
  } catch (error) {
    const debug = opts !== undefined && opts !== 'help' ? opts.debug : argv.includes('--debug');
    if (error instanceof UsageError) {
      io.err(error.seeHelp ? `${error.message} See audit-trail --help.` : error.message);
      return 2;
    }
    io.err(error instanceof AuditError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  } finally {
    await service?.close();
  }
}

