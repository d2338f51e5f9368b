/**
 * Log health (admins, DBAs): per logged table, how many rows its log holds, its oldest and newest
 * entry, entries per month, its size on disk, the rows older than the organisation's retention, and
 * the indexes the app's reads need that it lacks. The app never deletes or archives: these are the
 * figures a DBA needs to decide.
 *
 * Every figure comes from an index or the engine's own bookkeeping, never from reading the rows:
 * - rows: counted where the log is small or when asked (`exactRows`), else the engine's estimate
 *   at once, as Activity's total does (db/queries/activity-total.ts);
 * - oldest and newest: `min`/`max` of the time, two probes of the `(ByTime, ID)` index;
 * - per month and past retention: counts of time ranges of that index (months and the cutoff in
 *   the organisation's zone, found from its own clock; db/organisation.ts);
 * - size: PostgreSQL's `pg_total_relation_size` (the table, its indexes and TOAST); SQLite's
 *   `dbstat` table where the library was built with it, else "not known".
 */
import { sql } from 'kysely';
import type { GetLogHealthRequest, GetLogHealthResponse } from '../../shared/contract';
import { dayRangeToUtc, localDayOf } from '../../shared/day-range';
import type { IndexHint, LogHealth, MonthCount, Organisation } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import { retentionCutoff } from '../organisation';
import type { LogTableInfo } from '../schema/catalog';
import { findMissingHistoryIndex } from '../schema/history-index';
import { findIndexHints, timeIndexHint } from '../schema/index-hints';
import { regclassText } from '../schema/search-index';
import { instantOfDate, type TimeCodec } from '../time-codec';
import { EXACT_COUNT_LIMIT, logSize } from './activity-total';
import { requireTable, timeCodec, type QueryContext } from './context';
import { timeOf } from './log-entries';

/** The sparkline shows at most this many months, the newest ones (20 years). */
export const MAX_MONTHS = 240;

export async function getLogHealth(ctx: QueryContext, req: GetLogHealthRequest, organisation: Organisation): Promise<GetLogHealthResponse> {
  const now = instantOf(req.now);
  if (req.detail !== undefined && req.detail !== 'quick' && req.detail !== 'full') {
    throw new AuditError('bad-request', 'The detail of log health must be "quick" or "full".');
  }
  const full = req.detail !== 'quick';
  let infos = ctx.catalog.tables;
  if (req.tables !== undefined && req.tables !== null) {
    if (!Array.isArray(req.tables)) throw new AuditError('bad-request', 'The tables to report on must be a list of table names.');
    if (req.tables.length > 0) infos = [...new Set(req.tables.map((t) => requireTable(ctx, t)))];
  }
  const cutoff = retentionCutoff(organisation, now);
  const logs: LogHealth[] = [];
  // One log after another: each read is an index range, and a DBA's server has other work to do.
  for (const info of infos) logs.push(await healthOf(ctx, info, { full, exact: req.exactRows === true, cutoff, organisation }));
  return { logs, retention: { months: organisation.retentionMonths, cutoff: cutoff.toISOString(), timeZone: organisation.timeZone } };
}

function instantOf(raw: unknown): Date {
  if (raw === undefined || raw === null) return new Date();
  const at = typeof raw === 'string' ? new Date(raw) : null;
  if (!at || Number.isNaN(at.getTime()) || !/\d{4}-\d{2}-\d{2}T/.test(raw as string)) {
    throw new AuditError('bad-request', 'The instant log health is measured from must be an ISO 8601 time such as 2026-11-30T12:00:00Z.');
  }
  return at;
}

interface HealthOptions {
  full: boolean;
  exact: boolean;
  cutoff: Date;
  organisation: Organisation;
}

async function healthOf(ctx: QueryContext, info: LogTableInfo, options: HealthOptions): Promise<LogHealth> {
  const codec = await timeCodec(ctx, info);
  const rows = await rowsOf(ctx, info, options.exact);
  const span = await timeSpan(ctx, info, codec);
  const health: LogHealth = {
    table: info.name,
    logTable: info.logTable,
    rows: rows.count,
    rowsEstimated: rows.estimate,
    oldest: span.oldest,
    newest: span.newest,
    unreadableTimes: null,
    perMonth: null,
    sizeBytes: null,
    olderThanRetention: null,
    missingIndexes: await missingIndexes(ctx, info),
  };
  if (!options.full) return health;
  const size = await sizeOf(ctx, info);
  health.sizeBytes = size.bytes;
  if (size.reason) health.sizeUnknownReason = size.reason;
  health.olderThanRetention = await countTimes(ctx, info, codec, null, options.cutoff);
  health.perMonth = span.oldest && span.newest ? await monthsOf(ctx, info, codec, span.oldest, span.newest, options.organisation.timeZone) : [];
  health.unreadableTimes = info.nullTimes === 'none' ? 0 : await countNullTimes(ctx, info);
  return health;
}

/** The log's rows: counted where that is cheap or asked for, else the engine's estimate. */
async function rowsOf(ctx: QueryContext, info: LogTableInfo, exact: boolean): Promise<{ count: number | null; estimate: boolean }> {
  const log = ctx.engine.table(info.logTable);
  if (!exact) {
    const size = await logSize(ctx, info);
    if (size !== null && size > EXACT_COUNT_LIMIT) return { count: size, estimate: true };
  }
  const row = (await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${log} AS l`.execute(ctx.engine.db)).rows[0];
  return { count: Number(row?.n ?? 0), estimate: false };
}

/** The oldest and newest readable times: `min` and `max` of the time column, each one probe of its index. */
async function timeSpan(ctx: QueryContext, info: LogTableInfo, codec: TimeCodec): Promise<{ oldest: string | null; newest: string | null }> {
  const log = ctx.engine.table(info.logTable);
  const t = sql.id(info.columns.byTime);
  // Two subqueries: each is answered from the index on its own (together they would scan).
  const row = (await sql<{ lo: unknown; hi: unknown }>`SELECT (SELECT min(${t}) FROM ${log}) AS lo, (SELECT max(${t}) FROM ${log}) AS hi`.execute(ctx.engine.db)).rows[0];
  return { oldest: timeOf(row?.lo ?? null, codec).byTime, newest: timeOf(row?.hi ?? null, codec).byTime };
}

/** Rows whose time falls in `[from, toExclusive)` (either end open when null): one index range count. */
async function countTimes(ctx: QueryContext, info: LogTableInfo, codec: TimeCodec, from: Date | null, toExclusive: Date | null): Promise<number> {
  const log = ctx.engine.table(info.logTable);
  const t = column('l', info.columns.byTime);
  const conditions = [];
  if (from) {
    const bound = codec.bound(instantOfDate(from), '>=');
    conditions.push(sql`${t} ${sql.raw(bound.op)} ${bound.value}`);
  }
  if (toExclusive) {
    const bound = codec.bound(instantOfDate(toExclusive), '<');
    conditions.push(sql`${t} ${sql.raw(bound.op)} ${bound.value}`);
  }
  if (conditions.length === 0) conditions.push(sql`${t} IS NOT NULL`);
  const row = (await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${log} AS l WHERE ${sql.join(conditions, sql` AND `)}`.execute(ctx.engine.db)).rows[0];
  return Number(row?.n ?? 0);
}

async function countNullTimes(ctx: QueryContext, info: LogTableInfo): Promise<number> {
  const row = (await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${ctx.engine.table(info.logTable)} AS l WHERE ${column('l', info.columns.byTime)} IS NULL`.execute(ctx.engine.db)).rows[0];
  return Number(row?.n ?? 0);
}

/** The calendar months of `zone` from the oldest entry's to the newest's (the newest {@link MAX_MONTHS}), each counted. */
async function monthsOf(ctx: QueryContext, info: LogTableInfo, codec: TimeCodec, oldest: string, newest: string, zone: string): Promise<MonthCount[]> {
  const months = monthsBetween(localDayOf(new Date(oldest), zone).slice(0, 7), localDayOf(new Date(newest), zone).slice(0, 7)).slice(-MAX_MONTHS);
  const result: MonthCount[] = [];
  for (const month of months) {
    const from = dayRangeToUtc({ from: `${month}-01`, timeZone: zone }).fromUtc!;
    const to = dayRangeToUtc({ from: `${nextMonth(month)}-01`, timeZone: zone }).fromUtc!;
    result.push({ month, entries: await countTimes(ctx, info, codec, from, to) });
  }
  return result;
}

/** `YYYY-MM` months from `first` to `last`, inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
}

/** Bytes on disk of the log, its indexes (and, on PostgreSQL, its TOAST), where the engine tells it. */
async function sizeOf(ctx: QueryContext, info: LogTableInfo): Promise<{ bytes: number | null; reason?: string }> {
  if (info.logKind === 'view') return { bytes: null, reason: 'it is a view, which holds no rows of its own' };
  const { engine } = ctx;
  if (engine.kind === 'postgres') {
    const regclass = regclassText(engine, info.logTable);
    // A partitioned table's own size is nothing: its partitions hold the rows.
    const query =
      info.logKind === 'partitioned'
        ? sql<{ n: unknown }>`SELECT coalesce(sum(pg_total_relation_size(relid)), 0) AS n FROM pg_partition_tree(to_regclass(${regclass}))`
        : sql<{ n: unknown }>`SELECT pg_total_relation_size(to_regclass(${regclass})) AS n`;
    const row = (await query.execute(engine.db)).rows[0];
    return { bytes: Number(row?.n ?? 0) };
  }
  try {
    const row = (
      await sql<{ n: unknown }>`SELECT sum(pgsize) AS n FROM dbstat WHERE aggregate = TRUE AND name IN (SELECT name FROM sqlite_master WHERE tbl_name = ${info.logTable})`.execute(engine.db)
    ).rows[0];
    return row?.n === null || row?.n === undefined ? { bytes: null, reason: 'SQLite did not report it' } : { bytes: Number(row.n) };
  } catch {
    return { bytes: null, reason: 'this SQLite library was built without its dbstat table, which tells it' };
  }
}

/** The indexes the app's reads of this log need and it lacks: history, Activity (time), people, related logs. */
async function missingIndexes(ctx: QueryContext, info: LogTableInfo): Promise<IndexHint[]> {
  const { engine } = ctx;
  const hints: IndexHint[] = [];
  const history = await findMissingHistoryIndex(engine, info);
  if (history) {
    hints.push({
      read: 'history',
      reason: `${info.logTable} has no index on ${history.columns.join(', ')}, so reading one record's history reads the whole log.`,
      statements: history.createStatement,
    });
  }
  const time = await timeIndexHint(engine, info);
  if (time) hints.push(time);
  // Text search is about the records' table, not the log.
  hints.push(...(await findIndexHints(engine, info, ctx.catalog.relations)).filter((hint) => hint.read !== 'search'));
  return hints;
}

