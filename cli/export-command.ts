/**
 * `audit-trail export [TABLE ID] --format csv|jsonl [--out FILE]`: a record's filtered log (with
 * TABLE ID) or the filtered activity (without) as a file, streamed page by page to stdout or
 * --out. Filters as for `history` and `activity`. Progress goes to stderr when it is a terminal.
 *
 * Its own parser: the export takes options no other command has (--out, csv as a format), and
 * keeping them here leaves the shared option list (args.ts) alone.
 */
import type { Writable } from 'node:stream';
import { createProfileStore } from '../db/connections/index';
import { checkExportDescriptor, checkExportDestination, databaseFilesOfSource, exportTo, writableSink, writeExportFile } from '../db/export/index';
import { openAuditDatabase, type AuditService, type DataSource } from '../db/index';
import { AuditError } from '../shared/errors';
import { EXPORT_FORMATS, type ExportFormat, type ExportProgress, type ExportSource } from '../shared/export-contract';
import { cliSettings, UsageError } from './args';
import type { Output } from './commands';
import { openWithPassword, resolveDbArgument, type PasswordPrompt } from './data-source';
import { COMMON_OPTIONS, parseCommandLine } from './command-line';
import { hasEntriesToExport, nothingToExportText } from '../shared/export-empty';
import { activityFilterOf, checkRelatedFilter, FILTER_OPTIONS, historyFilterOf, narrowsActivityOnly, readFilterOptions, readRelatedOptions, relatedFilterOf, RELATED_OPTIONS } from './filter-options';
import { terminalPasswordPrompt } from './password-prompt';
import { userDataDir } from '../node/user-data';

export const EXPORT_USAGE = `Usage: audit-trail export [TABLE ID [--related]] --db FILE|URL|PROFILE [options]

With TABLE ID: that record's log; with --related, also its related records' changes (each line
names its own table and record). Without: the activity across all logged tables.

Options:
  --format csv|jsonl        csv: one line per field change (UTF-8 with BOM, RFC 4180);
                            jsonl: one entry per line (default: csv)
  --out FILE                write to FILE (default: stdout); written whole or not at all,
                            and never the replica being read
  --from YYYY-MM-DD         first day, inclusive
  --to YYYY-MM-DD           last day, inclusive
  --tz ZONE                 IANA time zone the days are meant in (default: this machine's)
  --by all|mine|PERSON_ID   Modified By (default: all)
  --related                 with TABLE ID: also the changes of the records that belong to it
  --depth N                 with --related: levels of related records (default 2, at most 3)
  --table NAME              activity, --related: only this table (repeat, or separate with commas)
  --cue CUE                 activity: only this change cue (Added, Modified, Deleted, Unchanged or
                            Other, any case; repeat, or separate with commas)
  --field NAME              activity: only entries that changed this field
  --config FILE             settings as JSON (sensitivity, person id)
  --debug                   show the stack trace of an error

Exit codes: 0 exported; 1 nothing matched (no file is written) or the export failed;
2 wrong usage.`;

/** A wrong export command line: exit code 2, pointing at `audit-trail export --help`. */
class ExportUsageError extends UsageError {}

interface ExportCliOptions {
  source: ExportSource;
  format: ExportFormat;
  out: string | undefined;
  db: string | undefined;
  config: string | undefined;
  debug: boolean;
}

export function parseExportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ExportCliOptions | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    ...COMMON_OPTIONS,
    ...FILTER_OPTIONS,
    ...RELATED_OPTIONS,
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
  });
  if (values.help) return 'help';
  if (positionals.length !== 0 && positionals.length !== 2) throw new ExportUsageError('export takes either TABLE ID (a record\'s log) or nothing (the activity).');
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new ExportUsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
  const filter = readFilterOptions(values);
  const { related, depth } = readRelatedOptions(values);
  let source: ExportSource;
  const [table, id] = positionals;
  if (table !== undefined && id !== undefined && related) {
    checkRelatedFilter(filter);
    source = { kind: 'related', table, id, ...(depth === undefined ? {} : { depth }), filter: relatedFilterOf(filter) };
  } else if (table !== undefined && id !== undefined) {
    if (narrowsActivityOnly(filter)) throw new ExportUsageError('--table, --cue, --field, --since and --until narrow the activity; a record\'s log takes --from, --to, --by and --performed-by.');
    source = { kind: 'history', table, id, filter: historyFilterOf(filter) };
  } else if (related) {
    throw new ExportUsageError('--related goes with TABLE ID: a record\'s log with its related records.');
  } else {
    source = { kind: 'activity', filter: activityFilterOf(filter) };
  }
  return { source, format, out: values.out, db: values.db ?? env.AUDIT_TRAIL_DB, config: values.config, debug: values.debug };
}

export interface ExportCliEnvironment {
  env?: NodeJS.ProcessEnv;
  prompt?: PasswordPrompt;
  /** Where the file goes without --out (default: process.stdout). */
  stdout?: Writable;
  /** Whether progress is shown (default: stderr is a terminal). */
  showProgress?: boolean;
  /** Where progress is drawn (default: process.stderr). */
  progress?: (text: string) => void;
  /** Aborting cancels the export (default: Ctrl+C, SIGINT, does). */
  signal?: AbortSignal;
}

/** A signal that Ctrl+C aborts while `task` runs, so a cancelled export still removes its temporary file. */
async function cancellableByInterrupt<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await task(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function progressLine(p: ExportProgress): string {
  const width = 30;
  const fraction = p.total ? Math.min(1, p.entries / p.total) : 0;
  const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
  const of = p.total === null ? '' : ` of ${p.total.toLocaleString('en-GB')}`;
  return `\r[${bar}] ${p.entries.toLocaleString('en-GB')}${of} entries, ${p.rows.toLocaleString('en-GB')} lines, ${(p.bytes / 1048576).toFixed(1)} MiB`;
}

/** Runs `audit-trail export …` (argv without the word export); returns the exit code. */
export async function runExportCli(argv: string[], io: Output, environment: ExportCliEnvironment = {}): Promise<number> {
  const env = environment.env ?? process.env;
  let opts: ExportCliOptions | 'help' | undefined;
  let service: AuditService | undefined;
  try {
    opts = parseExportArgs(argv, env);
    if (opts === 'help') {
      io.out(EXPORT_USAGE);
      return 0;
    }
    if (!opts.db) throw new ExportUsageError('Say which database to read with --db FILE, --db postgres://… or --db PROFILE (or set AUDIT_TRAIL_DB).');
    const settings = cliSettings(opts.config);
    const { source } = resolveDbArgument(opts.db, env, createProfileStore(userDataDir(env)));
    // Where the file goes is checked before the database is opened and before anything is written.
    const databaseFiles = databaseFilesOfSource(source);
    const stdout = environment.stdout ?? process.stdout;
    try {
      if (opts.out) checkExportDestination(opts.out, databaseFiles);
      else if (stdout === process.stdout) checkExportDescriptor(process.stdout.fd, 'standard output', databaseFiles);
    } catch (error) {
      // A destination that may not be written is a wrong command line; its sentence says what to do.
      throw new ExportUsageError(error instanceof Error ? error.message : String(error), false);
    }
    const open = (s: DataSource) => openAuditDatabase({ source: s, settings });
    service = await openWithPassword(source, open, environment.prompt ?? terminalPasswordPrompt());

    const show = environment.showProgress ?? process.stderr.isTTY === true;
    const draw = environment.progress ?? ((text: string) => void process.stderr.write(text));
    const { source: exportSource, format, out } = opts;
    const api = service;
    const run = (signal: AbortSignal) => {
      const options = { source: exportSource, format, signal, ...(show ? { onProgress: (p: ExportProgress) => draw(progressLine(p)) } : {}) };
      return out ? writeExportFile(out, databaseFiles, (sink) => exportTo(api, options, sink)) : exportTo(api, options, writableSink(stdout));
    };
    // Nothing matches: say so and write nothing, rather than a header-only file that looks complete.
    if (!(await hasEntriesToExport(api, exportSource, environment.signal ? { signal: environment.signal } : undefined))) {
      io.err(`${nothingToExportText(exportSource)} ${out ? `Nothing was written to ${out}.` : 'Nothing was written.'}`);
      return 1;
    }
    const result = await (environment.signal ? run(environment.signal) : cancellableByInterrupt(run));
    if (show) draw('\n');
    if (out) io.err(`Exported ${result.entries.toLocaleString('en-GB')} entries (${result.rows.toLocaleString('en-GB')} lines, ${result.bytes.toLocaleString('en-GB')} bytes) to ${out}.`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.seeHelp ? `${error.message} See audit-trail export --help.` : error.message);
      return 2;
    }
    const cancelled = error instanceof AuditError && error.code === 'cancelled';
    const out = opts !== undefined && opts !== 'help' ? opts.out : undefined;
    if (cancelled) io.err(out ? `The export was cancelled; nothing was written to ${out}.` : 'The export was cancelled.');
    else io.err(error instanceof AuditError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    const debug = opts !== undefined && opts !== 'help' ? opts.debug : argv.includes('--debug');
    if (debug && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  } finally {
    await service?.close();
  }
}
