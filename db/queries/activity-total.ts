/**
 * How many entries the Activity's filter keeps: counted exactly where that is cheap or asked for,
 * else estimated from the engine's statistics, so that the first page never waits for a count of
 * millions of rows (about a second on the 5.85-million-row demo).
 *
 * - Size of a log (what decides whether counting is cheap): PostgreSQL, the planner's row estimate
 *   of the whole table (from `reltuples` scaled to the table's current size, so good within a few
 *   per cent once the table has been analysed or vacuumed); SQLite, the span of its rowids
 *   (`max(rowid) - min(rowid) + 1`, two index probes): exact for a log that is only ever appended
 *   to, an overestimate by the rows deleted otherwise.
 * - Estimate of a filtered read: PostgreSQL, the planner's row estimate for the filtered query
 *   (good for time ranges and common cues, rough for a rare person or cue); SQLite keeps no
 *   statistics of values by default, so an unfiltered read is estimated by its size and a
 *   filtered one on a large log is not estimated (null: "count" on demand).
 */
import { sql, type RawBuilder } from 'kysely';
import type { ChangeCue } from '../../shared/domain';
import { normalizeChangeCue } from '../../shared/change-cue';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { filterWhere, type LogFilter } from './activity-reads';
import type { QueryContext } from './context';
import { isCueSuperset } from './stored-cues';

/** Logs holding no more rows than this together are counted exactly (a few milliseconds). */
export const EXACT_COUNT_LIMIT = 200_000;

/** The total and whether it is an estimate (`count` null: not known without counting). */
export interface ActivityTotal {
  count: number | null;
  estimate: boolean;
}

interface LogRead {
  info: LogTableInfo;
  filter: LogFilter;
}

export async function activityTotal(ctx: QueryContext, reads: readonly LogRead[], exact: boolean): Promise<ActivityTotal> {
  if (!exact) {
    const sizes = await Promise.all(reads.map((read) => logSize(ctx, read.info)));
    const known = sizes.every((n): n is number => n !== null);
    if (!known || sizes.reduce((a, b) => a + b, 0) > EXACT_COUNT_LIMIT) {
      const estimates = await Promise.all(reads.map((read, i) => estimateRows(ctx, read, sizes[i] ?? null)));
      if (estimates.every((n): n is number => n !== null)) return { count: estimates.reduce((a, b) => a + b, 0), estimate: true };
      if (known) return { count: null, estimate: false };
      // Sizes not known at all (say, a log that is a view on SQLite): counting is the only way.
    }
  }
  const counts = await Promise.all(reads.map((read) => countRows(ctx, read)));
  if (!counts.every((n): n is number => n !== null)) return { count: null, estimate: false };
  return { count: counts.reduce((a, b) => a + b, 0), estimate: false };
}

/** Values of a cue longer than this are read as Other when counting (see {@link countRows}). */
export const LONGEST_COUNTED_CUE = 65_536;
/** Past this many distinct cues among the counted rows the count is not made (null). */
const MAX_COUNTED_CUES = 10_000;

/**
 * The rows a log's filter keeps. Where the cue condition is a superset (db/queries/stored-cues.ts),
 * the rows are counted by stored cue and each cue read by `normalizeChangeCue`, as the entries
 * are: a count must never include an entry the list would not show. (A cue longer than 64 KiB
 * counts as Other: only padding around a word could make it read as a cue, and reading it whole
 * for a count is not worth the memory.)
 */
async function countRows(ctx: QueryContext, { info, filter }: LogRead): Promise<number | null> {
  const log = ctx.engine.table(info.logTable);
  const where = filterWhere(ctx, info, filter);
  if (!filter.cues || !info.columns.changeCue || !isCueSuperset(filter.cues)) {
    const row = (await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${log} AS l ${where}`.execute(ctx.engine.db)).rows[0];
    return Number(row?.n ?? 0);
  }
  const cue = countedCue(info);
  const rows = (
    await sql<{ s: string | null; n: unknown }>`SELECT ${cue} AS s, count(*) AS n FROM ${log} AS l ${where} GROUP BY ${cue} LIMIT ${sql.lit(MAX_COUNTED_CUES + 1)}`.execute(ctx.engine.db)
  ).rows;
  if (rows.length > MAX_COUNTED_CUES) return null;
  const chosen = new Set(filter.cues.chosen);
  let n = 0;
  for (const row of rows) {
    if (chosen.has(readCountedCue(row.s))) n += Number(row.n);
  }
  return n;
}

/** A log's cue as counts group by it (cut: see {@link countRows}); the log must have a cue column. */
export function countedCue(info: LogTableInfo): RawBuilder<string | null> {
  return sql<string | null>`substr(CAST(${column('l', info.columns.changeCue!)} AS TEXT), 1, ${sql.lit(LONGEST_COUNTED_CUE + 1)})`;
}

/** The cue a {@link countedCue} value reads as. */
export function readCountedCue(value: string | null): ChangeCue {
  return value !== null && value.length > LONGEST_COUNTED_CUE ? 'Other' : normalizeChangeCue(value).cue;
}

/** How many rows a log holds, roughly (see the module comment); null when the engine cannot tell cheaply. */
export async function logSize(ctx: QueryContext, info: LogTableInfo): Promise<number | null> {
  const log = ctx.engine.table(info.logTable);
  if (ctx.engine.kind === 'postgres') return planRows(ctx, sql`SELECT 1 FROM ${log} AS l`);
  if (info.logKind === 'view') return null;
  try {
    // Two subqueries: SQLite answers a lone min() or max() from the rowid b-tree, both at once by a scan.
    const query = sql<{ hi: unknown; lo: unknown }>`SELECT (SELECT max(rowid) FROM ${log}) AS hi, (SELECT min(rowid) FROM ${log}) AS lo`;
    const row = (await query.execute(ctx.engine.db)).rows[0];
    if (!row || row.hi === null || row.lo === null) return 0;
    return Number(row.hi) - Number(row.lo) + 1;
  } catch {
    // A table WITHOUT ROWID (or whose column named rowid hides it): no cheap size.
    return null;
  }
}

/** The estimated rows a filtered read keeps (null: the engine cannot estimate it). */
async function estimateRows(ctx: QueryContext, read: LogRead, size: number | null): Promise<number | null> {
  const { info, filter } = read;
  if (ctx.engine.kind === 'postgres') {
    return planRows(ctx, sql`SELECT 1 FROM ${ctx.engine.table(info.logTable)} AS l ${filterWhere(ctx, info, filter)}`);
  }
  const unfiltered = !filter.from && !filter.toExclusive && filter.personId === null && !filter.performer && !filter.cues && !filter.field && filter.made.length === 0;
  return unfiltered ? size : null;
}

/** PostgreSQL's planner estimate of the rows a query returns. */
async function planRows(ctx: QueryContext, query: ReturnType<typeof sql>): Promise<number | null> {
  const explained = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${query}`.execute(ctx.engine.db);
  let plan = explained.rows[0]?.['QUERY PLAN'];
  if (typeof plan === 'string') plan = JSON.parse(plan) as unknown;
  const rows = (plan as Array<{ Plan?: { 'Plan Rows'?: unknown } }> | undefined)?.[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' ? Math.round(rows) : null;
}
