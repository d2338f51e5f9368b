/** Command-line parsing for `audit-trail`: commands, their positional arguments and options. */
import type { AuditSettings } from '../db/settings';
import { readSettingsFile } from '../db/settings-file';
import { COMMON_OPTIONS, parseCommandLine } from './command-line';
import { checkRelatedFilter, FILTER_OPTIONS, listOption, readFilterOptions, readRelatedOptions, RELATED_OPTIONS, type CliFilter } from './filter-options';
import { UsageError } from './usage-error';
import { INSIGHTS_GRANULARITIES, type InsightsGranularity } from '../shared/insights';
import type { SavedViewKind } from '../shared/saved-views';

export { UsageError } from './usage-error';

export const FORMATS = ['table', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const COMMANDS = {
  tables: { args: [], summary: 'the logged tables, with record and log-row counts' },
  records: { args: ['table'], summary: "a table's current records (--search TEXT)" },
  record: { args: ['table', 'id'], summary: 'one record, or the last snapshot of a deleted one (--as-of TIME [--related])' },
  history: { args: ['table', 'id'], summary: "a record's log, newest first, with what each entry changed (--view NAME: TABLE ID may be left out)" },
  activity: { args: [], summary: 'every change across the logged tables, newest first (--table, --cue, --field, --since/--until)' },
  review: { args: [], summary: 'findings of a period: bulk changes, mass deletions, off-hours work, … (--from, --to, --kind)' },
  insights: { args: [], summary: 'changes counted for charts: per day/week/month (--per, --by-table|--by-cue), the most active people, hour × weekday' },
  deleted: { args: ['table'], summary: 'records gone from a table whose log remains, with who deleted them' },
  export: { args: [], summary: 'a record\'s log or the activity as CSV or JSON Lines (audit-trail export --help)' },
  'restore-sql': { args: ['table', 'id'], summary: 'an INSERT that would restore a deleted record (printed, never run; --with-children)' },
  people: { args: ['table'], summary: "the people in a table's log (--record ID: in one record's log)" },
  whoami: { args: [], summary: 'the person "mine" stands for' },
  health: { args: [], summary: 'each log: rows, oldest and newest entry, entries per month, size, rows past retention, missing indexes (--exact)' },
  views: { args: [], summary: 'the saved views of the database (--view NAME on activity, review, insights, history)' },
  profiles: { args: [], summary: 'the saved connection profiles (no passwords: those stay out of files)' },
  'profile-add': { args: ['name', 'url'], summary: 'save postgres://user@host:port/database[?schema=s] as NAME, for --db NAME' },
  'profile-remove': { args: ['name'], summary: 'delete a saved profile (and the desktop app forgets its password)' },
  'profile-test': { args: ['name'], summary: 'connect to a saved profile and count its logged tables and log rows' },
} as const;
export type CommandName = keyof typeof COMMANDS;

/** The commands that take `--view NAME`, and the kind of saved view each reads (cli/view-options.ts). */
export const VIEW_COMMANDS: Partial<Record<CommandName, SavedViewKind>> = { activity: 'activity', review: 'review', insights: 'insights', history: 'log' };

/** Commands about the saved profiles themselves: they need no --db. */
export const PROFILE_COMMANDS: readonly CommandName[] = ['profiles', 'profile-add', 'profile-remove', 'profile-test'];

/**
 * The settings every CLI command runs with: the --config file's, checked whole (settings-file.ts),
 * and the `dba` role, which only code sets. A settings file that cannot be used is a wrong command
 * line (exit code 2), not a failed read.
 */
export function cliSettings(file: string | undefined): AuditSettings {
  try {
    // The CLI is a DBA tool: it runs as the dba role, whatever roles the settings give people.
    return { ...readSettingsFile(file), role: 'dba' };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), false);
  }
}

export interface CliOptions {
  command: CommandName;
  positionals: string[];
  db: string | undefined;
  config: string | undefined;
  format: OutputFormat;
  debug: boolean;
  /** history, activity: the filter options (filter-options.ts), read. */
  filter: CliFilter;
  /** The IANA zone times are shown in (the filter's). */
  tz: string;
  limit?: number;
  after?: string;
  all: boolean;
  search?: string;
  record?: string;
  /** record: the instant to show it as of (ISO 8601). */
  asOf?: string;
  /** history: the record's related log; record --as-of: also its children as they stood. */
  related: boolean;
  /** With --related: levels of related records. */
  depth?: number;
  /** restore-sql: also its deleted children. */
  withChildren: boolean;
  /** health: count every log's rows exactly. */
  exact: boolean;
  /** review: the zone given with --tz (else the organisation's), and the kinds (--kind). */
  reviewZone?: string;
  kinds: string[];
  /** insights: how to split the buckets, their size, how many people, and whether --tz was given (else the organisation's zone). */
  insights: { split: 'table' | 'cue'; granularity?: InsightsGranularity; top?: number; zoneGiven: boolean };
  /** activity, review, insights, history: the saved view to start from (cli/view-options.ts). */
  view?: string;
  /** The options given on the command line (by their names): with --view, these replace the view's. */
  given: ReadonlySet<string>;
}

export const USAGE = `Usage: audit-trail <command> [arguments] --db FILE|URL|PROFILE [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${`${name} ${c.args.map((a) => `<${a}>`).join(' ')}`.padEnd(26)}${c.summary}`)
  .join('\n')}

Options:
  --db FILE|URL|PROFILE     the SQLite replica, postgres://user@host:5432/database[?schema=s], or
                            a saved profile's name, to read (default: $AUDIT_TRAIL_DB); the
                            password comes from the URL or PGPASSWORD, else a hidden prompt
  --config FILE             settings as JSON (person id, per-table overrides, sensitivity)
  --format table|json|jsonl output format (default: table)
  --from YYYY-MM-DD         history, activity: first day, inclusive
  --to YYYY-MM-DD           history, activity: last day, inclusive
  --tz ZONE                 IANA time zone for days and shown times (default: this machine's)
  --by all|mine|PERSON_ID   history, activity: Modified By (default: all)
  --related                 history: also the changes of the records that belong to this one
                            (its children, theirs, ...), each entry naming its table and record;
                            record --as-of: also its children as they stood then
  --depth N                 with --related: levels of related records (default 2, at most 3)
  --table T[,T...]          activity, history --related: only these tables (repeatable)
  --cue CUE[,CUE...]        activity: only Added, Modified, Deleted, Unchanged or Other entries
                            (any case; repeatable)
  --field NAME              activity: only entries that changed this field
  --method M                history, activity: only changes made by this update method or source
                            (exact; where the log records it, as UpdateMethod or Source)
  --application A           history, activity: only changes made by this application
  --ip ADDRESS              history, activity: only changes from this IP address
  --correlation ID          history, activity: only changes with this correlation or transaction id
  --exact                   health: count every log's rows (else the engine's estimate where slow)
  --performed-by person|automation
                            history, activity, export: only changes by people, or by automation
                            accounts (settings organisation.automation, or detected)
  --since ISO --until ISO   activity: only entries from --since (inclusive) to --until (exclusive),
                            instants with their offset (e.g. 2026-10-03T02:10:00Z): a finding's
                            entries, as review --format json gives its from and to
  --kind K[,K...]           review: only these kinds (bulk-change, mass-delete, off-hours,
                            volume-spike, sensitive-change, automation-anomaly)
  --limit N                 page size (history and activity 50, lists 100; at most 1000)
  --after CURSOR            the page after the one that printed CURSOR
  --all                     follow every page to the end
  --search TEXT             records: only records containing TEXT
  --record ID               people: only the people in this record's log
  --as-of ISO-TIME          record: the record as it stood then (UTC unless the time has an offset)
  --with-children           restore-sql: also restore its deleted children, in one transaction
  --by-table | --by-cue     insights: split each period's count by table (default) or by change cue
  --per day|week|month      insights: the periods counted (default: from the length of --from..--to)
  --top N                   insights: the most active people to list (default 10)
                            (insights' days and hours are in the organisation's zone unless --tz)
  --view NAME               activity, review, insights, history: start from a saved view of this
                            database (audit-trail views lists them; the app saves them); options
                            given as well replace the view's own (--to, --by, --table, ...), and
                            history reads the view's record when TABLE ID are not given
  --debug                   show the stack trace of an error
  --help                    this text`;

export function parseCli(argv: string[]): CliOptions | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    ...COMMON_OPTIONS,
    ...FILTER_OPTIONS,
    format: { type: 'string', default: 'table' },
    limit: { type: 'string' },
    after: { type: 'string' },
    all: { type: 'boolean', default: false },
    search: { type: 'string' },
    record: { type: 'string' },
    'as-of': { type: 'string' },
    ...RELATED_OPTIONS,
    'with-children': { type: 'boolean', default: false },
    exact: { type: 'boolean', default: false },
    kind: { type: 'string', multiple: true },
    'by-table': { type: 'boolean', default: false },
    'by-cue': { type: 'boolean', default: false },
    per: { type: 'string' },
    top: { type: 'string' },
    view: { type: 'string' },
  });
  if (values.help || positionals.length === 0) return 'help';
  const [command, ...rest] = positionals;
  if (!command || !(command in COMMANDS)) throw new UsageError(`Unknown command "${command}"; the commands are ${Object.keys(COMMANDS).join(', ')}.`);
  const spec = COMMANDS[command as CommandName];
  if (values.view !== undefined && !VIEW_COMMANDS[command as CommandName]) throw new UsageError('--view goes with activity, review, insights and history.');
  // A record-log view names its record: history --view NAME needs no TABLE ID.
  const recordFromView = command === 'history' && values.view !== undefined && rest.length === 0;
  if (rest.length !== spec.args.length && !recordFromView) {
    throw new UsageError(`${command} takes ${spec.args.length ? spec.args.map((a) => `<${a}>`).join(' ') : 'no arguments'}.`);
  }
  const format = values.format as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}.`);
  const filter = readFilterOptions(values);
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of at least 1.');
  }
  const { depth } = readRelatedOptions(values);
  if (values.related && command === 'record' && values['as-of'] === undefined) throw new UsageError('--related goes with --as-of: record TABLE ID --as-of ISO-TIME --related.');
  if (values.related && command !== 'history' && command !== 'record') throw new UsageError('--related goes with history, or with record --as-of.');
  if (filter.between && command !== 'activity' && command !== 'export') throw new UsageError('--since and --until narrow the activity (activity, export).');
  if (values.kind !== undefined && command !== 'review') throw new UsageError('--kind goes with review.');
  if (values.related && command === 'history') checkRelatedFilter(filter);
  const insights = readInsightsOptions(command, values, filter);
  return {
    command: command as CommandName,
    positionals: rest,
    db: values.db ?? process.env.AUDIT_TRAIL_DB,
    config: values.config,
    format,
    debug: values.debug,
    filter,
    tz: filter.timeZone,
    limit,
    after: values.after,
    all: values.all,
    search: values.search,
    record: values.record,
    asOf: values['as-of'],
    related: values.related,
    depth,
    withChildren: values['with-children'],
    exact: values.exact,
    reviewZone: values.tz,
    kinds: listOption(values.kind),
    insights,
    ...(values.view !== undefined ? { view: values.view } : {}),
    given: new Set(Object.keys(values).filter((k) => (values as Record<string, unknown>)[k] !== undefined && (values as Record<string, unknown>)[k] !== false)),
  };
}

function readInsightsOptions(
  command: string,
  values: { 'by-table': boolean; 'by-cue': boolean; per?: string; top?: string; tz?: string },
  filter: CliFilter,
): CliOptions['insights'] {
  const given = values['by-table'] || values['by-cue'] || values.per !== undefined || values.top !== undefined;
  if (command !== 'insights') {
    if (given) throw new UsageError('--by-table, --by-cue, --per and --top go with insights.');
    return { split: 'table', zoneGiven: values.tz !== undefined };
  }
  if (values['by-table'] && values['by-cue']) throw new UsageError('Choose one of --by-table and --by-cue.');
  if (filter.field !== undefined) throw new UsageError('insights counts entries as the log stores them, so it takes no --field; use activity --field.');
  if (values.per !== undefined && !INSIGHTS_GRANULARITIES.includes(values.per as InsightsGranularity)) {
    throw new UsageError(`--per must be one of ${INSIGHTS_GRANULARITIES.join(', ')}.`);
  }
  let top: number | undefined;
  if (values.top !== undefined) {
    top = Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError('--top must be a whole number.');
  }
  return {
    split: values['by-cue'] ? 'cue' : 'table',
    ...(values.per !== undefined ? { granularity: values.per as InsightsGranularity } : {}),
    ...(top !== undefined ? { top } : {}),
    zoneGiven: values.tz !== undefined,
  };
}
