/**
 * SQLite's counts by time without sorting the log: a walk of the time index, one UTC hour of text
 * at a time (its first 13 characters, `YYYY-MM-DD HH`), each hour counted by index range.
 *
 * Why: SQLite has no hash aggregate, so `GROUP BY <an expression of the time>` sorts every row of
 * the period (4.6 million for the benchmark's Customer log: 5–6 s on a loaded machine, most of
 * the whole history's Insights). A recursive query that seeks the next hour's first row (`min`
 * past the hour's end) and counts the hour's range reads each index entry once, in order, with
 * no sorter and memory for one hour at a time.
 *
 * Exactly the rows `sqliteFiveMinutes` (slot-sql.ts) places are counted here: text whose first
 * 13 characters are `YYYY-MM-DD[ T]HH` (checked in JavaScript, per hour) and whose rest is
 * `:MM:SS` or `:MM:SSZ` (checked per row, `VALID_REST`). Every other row (another text shape, a
 * number, a blob, NULL) is left to log-counts.ts's reading of the rest, which the walk tells it
 * to run when it met any.
 *
 * The ranges rely on the index's order being the bytes' order (BINARY collation, UTF-8): all
 * texts starting with `p` lie in `[p, p || x'FF')` (no UTF-8 text has the byte FF), and nothing
 * else does. {@link canWalkHours} checks that, and that SQLite answers the walk's seeks from an
 * index; otherwise the caller groups as before.
 */
import { sql, type RawBuilder } from 'kysely';
import { column } from '../../engine';
import type { LogTableInfo } from '../../schema/catalog';
import type { TimeBound } from '../../time-codec';
import type { QueryContext } from '../context';

/** The text the walk groups by: an hour's key. */
export const HOUR_KEY_LENGTH = 13;

/** The rest of a common-shape time after its hour (minutes and seconds, and an optional Z), per row. */
function validRest(t: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(substr(${t}, 14) GLOB ':[0-5][0-9]:[0-5][0-9]' OR substr(${t}, 14) GLOB ':[0-5][0-9]:[0-5][0-9]Z')`;
}

/** An hour key the walk may place: `YYYY-MM-DD[ T]HH` in ASCII digits (the calendar is checked later). */
export function isHourKey(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}$/.test(value);
}

/**
 * Whether the walk serves this log: a table of a UTF-8 database whose index leading with `ByTime`
 * sorts by bytes (and holds the cue where `withCue`: else each row would be fetched from the table,
 * out of its order on disk), and whose seeks SQLite plans on that index.
 */
export async function canWalkHours(ctx: QueryContext, info: LogTableInfo, withCue: boolean): Promise<boolean> {
  // Per catalogue entry (a new catalogue, as after a change of schema, asks again).
  let known = walkable.get(info);
  if (!known) walkable.set(info, (known = new Map()));
  let answer = known.get(withCue);
  if (answer === undefined) {
    answer = await checkWalk(ctx, info, withCue);
    known.set(withCue, answer);
  }
  return answer;
}

const walkable = new WeakMap<LogTableInfo, Map<boolean, boolean>>();

async function checkWalk(ctx: QueryContext, info: LogTableInfo, withCue: boolean): Promise<boolean> {
  const { engine } = ctx;
  if (engine.kind !== 'sqlite' || info.logKind !== 'table') return false;
  const encoding = (await sql<{ encoding: string }>`SELECT encoding FROM pragma_encoding`.execute(engine.db)).rows[0]?.encoding;
  if (encoding !== 'UTF-8') return false;
  const byTime = info.columns.byTime;
  let binary = false;
  for (const index of await engine.indexes(info.logTable)) {
    if (index.columns[0] !== byTime) continue;
    if (withCue && !index.columns.includes(info.columns.changeCue)) continue;
    const first = (
      await sql<{ coll: string | null }>`SELECT coll FROM pragma_index_xinfo(${index.name}) WHERE key = 1 ORDER BY seqno LIMIT 1`.execute(engine.db)
    ).rows[0];
    if (first?.coll?.toUpperCase() === 'BINARY') binary = true;
  }
  if (!binary) return false;
  // The column's own collation decides the comparisons: the seek must be planned on an index.
  const t = column('l', byTime);
  const plan = (
    await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT min(${t}) FROM ${engine.table(info.logTable)} AS l WHERE ${t} >= '' AND ${t} < x''`.execute(engine.db)
  ).rows;
  return plan.some((row) => /\bINDEX\b/.test(row.detail) && row.detail.includes(`${byTime}>`));
}

/** One hour of the walk: its first row's time, and its counts as {@link walkQuery} gives them. */
export interface WalkRow {
  /** The hour's first stored time (a text). */
  m: unknown;
  /** Counts: `"all v"` (hours), `"all v0 v1 v2 v3"` (quarters), or a JSON list of `[cue, quarter, n]` (-1: not the common shape). */
  n: string | null;
}

/**
 * The walk: per hour key of the rows `conditions` keep (texts only), counts of the hour's rows.
 * - `quarters` false: the hour's rows and those in the common shape (`all v`);
 * - `quarters` true: also by quarter hour, from the text (`all v0 v1 v2 v3`);
 * - `cue` given: a JSON list of `[cue, quarter, n]` per stored cue (quarter 0 without `quarters`;
 *   -1 for rows not in the common shape).
 */
/**
 * The period's bounds as the walk's own: one lower and one upper bound per range (SQLite seeks by
 * one of each, and filters by any other, which here could read the whole log before the period).
 * Texts only: a number bound is below every text; null where a bound is neither (not walked).
 */
export function walkBounds(from: TimeBound | null, to: TimeBound | null): { lower: string | null; upper: unknown } | null {
  const text = (bound: TimeBound) => typeof bound.value === 'string';
  if ((from && !text(from) && typeof from.value !== 'number') || (to && !text(to) && typeof to.value !== 'number')) return null;
  let lower: string | null = null;
  // The least text after `v` is `v` and a NUL.
  if (from && text(from)) lower = from.op === '>' ? `${from.value as string}\u0000` : (from.value as string);
  let upper: unknown = null;
  if (to) upper = text(to) && to.op === '<=' ? `${to.value as string}\u0000` : to.value;
  return { lower, upper };
}

export function walkQuery(
  ctx: QueryContext,
  info: LogTableInfo,
  conditions: readonly RawBuilder<boolean>[],
  options: { quarters: boolean; cue: RawBuilder<unknown> | null; bounds: { lower: string | null; upper: unknown } },
): RawBuilder<WalkRow> {
  const log = ctx.engine.table(info.logTable);
  const t = column('l', info.columns.byTime);
  const keep = conditions.length ? sql`AND ${sql.join(conditions, sql` AND `)}` : sql``;
  const ff = sql.raw(`CAST(x'FF' AS TEXT)`);
  // The end of an hour's range: past every text starting with its key. A text shorter than a key
  // (whose range would hold every longer text it begins), or whose key would not take the walk
  // forward (as invalid UTF-8 could), is a range of its own value.
  const endOf = (m: RawBuilder<unknown>) =>
    sql`CASE WHEN length(${m}) >= ${sql.lit(HOUR_KEY_LENGTH)} AND substr(${m}, 1, ${sql.lit(HOUR_KEY_LENGTH)}) || ${ff} > ${m}
      THEN substr(${m}, 1, ${sql.lit(HOUR_KEY_LENGTH)}) || ${ff} ELSE ${m} || x'00' END`;
  // Texts only (every blob is at or past x''), up to the period's end.
  const { lower, upper } = options.bounds;
  const end = upper === null ? sql`x''` : sql`min(x'', ${upper})`;
  const first = (from: RawBuilder<unknown>) => sql`(SELECT min(${t}) FROM ${log} AS l WHERE ${t} >= ${from} AND ${t} < ${end} ${keep})`;
  const range = sql`${t} >= h.m AND ${t} < h.e ${keep}`;
  const valid = validRest(t);
  let counts: RawBuilder<unknown>;
  const quarter = options.quarters ? sql`((${t} >= h.b1) + (${t} >= h.b2) + (${t} >= h.b3))` : sql`0`;
  if (options.cue) {
    counts = sql`(SELECT json_group_array(json_array(g.c, g.q, g.n)) FROM (
        SELECT ${options.cue} AS c, CASE WHEN ${valid} THEN ${quarter} ELSE -1 END AS q, count(*) AS n
        FROM ${log} AS l WHERE ${range} GROUP BY 1, 2) AS g)`;
  } else if (options.quarters) {
    // A range count per quarter: each row's shape is checked once (a sum per quarter would check it four times).
    const inQuarter = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) =>
      sql`(SELECT count(*) FROM ${log} AS l WHERE ${t} >= ${from} AND ${t} < min(${to}, h.e) ${keep} AND ${valid})`;
    counts = sql`(SELECT count(*) FROM ${log} AS l WHERE ${range}) || ' ' || ${inQuarter(sql`h.m`, sql`h.b1`)} || ' ' || ${inQuarter(sql`max(h.m, h.b1)`, sql`h.b2`)}
      || ' ' || ${inQuarter(sql`max(h.m, h.b2)`, sql`h.b3`)} || ' ' || ${inQuarter(sql`max(h.m, h.b3)`, sql`h.e`)}`;
  } else {
    counts = sql`(SELECT count(*) || ' ' || ifnull(sum(${valid}), 0) FROM ${log} AS l WHERE ${range})`;
  }
  const key = sql`substr(w.m, 1, ${sql.lit(HOUR_KEY_LENGTH)})`;
  return sql<WalkRow>`WITH RECURSIVE w(m) AS (
      SELECT ${first(lower === null ? sql`''` : sql`max('', ${lower})`)}
      UNION ALL
      SELECT ${first(endOf(sql.ref('w.m')))} FROM w WHERE w.m IS NOT NULL
    ), h AS MATERIALIZED (
      SELECT w.m AS m, min(${endOf(sql.ref('w.m'))}, ${end}) AS e, ${key} || ':15' AS b1, ${key} || ':30' AS b2, ${key} || ':45' AS b3 FROM w WHERE w.m IS NOT NULL
    )
    SELECT h.m AS m, ${counts} AS n FROM h`;
}

/** Whether any row `conditions` keep has a time the walk does not read: NULL, a number or a blob. */
export async function hasRowsBesideText(ctx: QueryContext, info: LogTableInfo, conditions: readonly RawBuilder<boolean>[]): Promise<boolean> {
  const log = ctx.engine.table(info.logTable);
  const t = column('l', info.columns.byTime);
  const keep = conditions.length ? sql`AND ${sql.join(conditions, sql` AND `)}` : sql``;
  // Three seeks of the index (an OR of them would scan).
  const row = (
    await sql<{ a: unknown; b: unknown; c: unknown }>`SELECT EXISTS (SELECT 1 FROM ${log} AS l WHERE ${t} IS NULL ${keep}) AS a,
      EXISTS (SELECT 1 FROM ${log} AS l WHERE ${t} < '' ${keep}) AS b,
      EXISTS (SELECT 1 FROM ${log} AS l WHERE ${t} >= x'' ${keep}) AS c`.execute(ctx.engine.db)
  ).rows[0];
  return Number(row?.a) !== 0 || Number(row?.b) !== 0 || Number(row?.c) !== 0;
}
