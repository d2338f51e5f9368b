/**
 * Activity's hour-of-week filter (an Insights heat-map cell) in SQL: a superset, which
 * JavaScript's exact reading (activity-filter.ts `activityEntryMatches`, shared/hours-of-week.ts)
 * then confirms entry by entry, as the cue and field filters are.
 *
 * A row's UTC quarter hour of the week (slot-sql.ts) is kept when, under any offset the zone uses
 * in the period, it can fall in a chosen local hour: one list of quarters, exact for a zone with
 * one offset, about twice the rows for a zone with daylight saving. Rows SQL cannot place (odd
 * text shapes) and rows outside the span whose offsets were read are all kept for JavaScript.
 */
import { sql, type RawBuilder } from 'kysely';
import { zoneOffsetMs } from '../../shared/day-range';
import { checkHoursOfWeek, hourOfWeekAt, hourOfWeekIndex, type HourOfWeek } from '../../shared/hours-of-week';
import { instantOfDate, type TimeBound, type TimeCodec } from '../time-codec';
import { SLOTS_PER_WEEK, weekQuarter, slotExpression, type StoredShape } from './insights/slot-sql';

/** The filter as resolved: the hours, the zone they are on, and the span whose offsets are known. */
export interface ResolvedHoursOfWeek {
  hours: HourOfWeek[];
  /** Indexes 0–167 (see `hourOfWeekIndex`). */
  indexes: ReadonlySet<number>;
  timeZone: string;
  /** The span the zone's offsets were read over (epoch ms, half-open). */
  spanFrom: number;
  spanTo: number;
  /** Every offset (ms) the zone uses in the span. */
  offsets: number[];
}

const WEEK_MS = 7 * 86_400_000;
/** Without a date range, offsets are read from 1970 to 2100 (rows outside are left to JavaScript). */
const DEFAULT_FROM = Date.UTC(1970, 0, 1);
const DEFAULT_TO = Date.UTC(2100, 0, 1);

const offsetCache = new Map<string, number[]>();

/** The offsets a zone uses between two instants, read weekly (no zone changes its clock twice within a week and back). */
function offsetsBetween(timeZone: string, from: number, to: number): number[] {
  const key = `${timeZone}|${from}|${to}`;
  let offsets = offsetCache.get(key);
  if (!offsets) {
    const seen = new Set<number>([zoneOffsetMs(from, timeZone), zoneOffsetMs(Math.max(from, to - 1000), timeZone)]);
    for (let ms = from; ms < to; ms += WEEK_MS) seen.add(zoneOffsetMs(ms, timeZone));
    offsets = [...seen].sort((a, b) => a - b);
    if (offsetCache.size > 100) offsetCache.clear();
    offsetCache.set(key, offsets);
  }
  return offsets;
}

/** The filter checked and resolved (null: none). Bounds are the Activity filter's UTC bounds. */
export function resolveHoursOfWeek(value: unknown, timeZone: string, fromUtc: Date | null, toUtcExclusive: Date | null): ResolvedHoursOfWeek | null {
  const hours = checkHoursOfWeek(value);
  if (!hours) return null;
  const spanFrom = fromUtc ? fromUtc.getTime() : DEFAULT_FROM;
  const spanTo = toUtcExclusive ? toUtcExclusive.getTime() : DEFAULT_TO;
  return { hours, indexes: new Set(hours.map(hourOfWeekIndex)), timeZone, spanFrom, spanTo, offsets: offsetsBetween(timeZone, spanFrom, spanTo) };
}

/** Whether an entry's time (ISO instant; null when unreadable) is in one of the hours: the exact reading. */
export function inHoursOfWeek(byTime: string | null, filter: ResolvedHoursOfWeek): boolean {
  if (byTime === null) return false;
  const ms = Date.parse(byTime);
  if (Number.isNaN(ms)) return false;
  return filter.indexes.has(hourOfWeekIndex(hourOfWeekAt(ms, filter.timeZone)));
}

/** The UTC quarters of the week (0–671, Monday 00:00 UTC first) that can fall in the hours under some offset. */
export function utcWeekQuarters(filter: ResolvedHoursOfWeek): number[] {
  const quarters = new Set<number>();
  for (const offset of filter.offsets) {
    const offsetMinutes = offset / 60_000;
    for (const index of filter.indexes) {
      const first = Math.floor((index * 60 - offsetMinutes) / 15);
      const last = Math.ceil((index * 60 + 60 - offsetMinutes) / 15) - 1;
      for (let q = first; q <= last; q++) quarters.add(((q % SLOTS_PER_WEEK) + SLOTS_PER_WEEK) % SLOTS_PER_WEEK);
    }
  }
  return [...quarters].sort((a, b) => a - b);
}

/** What a log's read needs to apply the superset: its quarters and the span's bounds in its storage shape. */
export interface HoursOfWeekLogFilter {
  quarters: number[];
  shape: StoredShape;
  spanFrom: TimeBound;
  spanTo: TimeBound;
}

export function hoursOfWeekLogFilter(filter: ResolvedHoursOfWeek, codec: TimeCodec, shape: StoredShape): HoursOfWeekLogFilter {
  return {
    quarters: utcWeekQuarters(filter),
    shape,
    spanFrom: codec.bound(instantOfDate(new Date(filter.spanFrom)), '<'),
    spanTo: codec.bound(instantOfDate(new Date(filter.spanTo)), '>='),
  };
}

/**
 * The superset condition on a log's `ByTime` (`t`): no slot (left to JavaScript), outside the span,
 * or a quarter of the week that can be in the hours. `from`/`to` are the span bounds' values (slots).
 */
export function hoursOfWeekCondition(
  t: RawBuilder<unknown>,
  filter: HoursOfWeekLogFilter,
  engineKind: 'sqlite' | 'postgres',
  from: unknown,
  to: unknown,
): RawBuilder<boolean> {
  const slot = slotExpression(t, filter.shape, engineKind);
  if (filter.quarters.length === 0) return sql<boolean>`(${slot}) IS NULL`;
  const list = sql.join(filter.quarters.map((q) => sql.lit(q)));
  return sql<boolean>`(${t} ${sql.raw(filter.spanFrom.op)} ${from} OR ${t} ${sql.raw(filter.spanTo.op)} ${to} OR COALESCE(${weekQuarter(slot)} IN (${list}), TRUE))`;
}

/** The part of a compiled query's key the condition decides. */
export function hoursOfWeekShape(filter: HoursOfWeekLogFilter): string {
  return `how:${filter.shape}:${filter.spanFrom.op}${filter.spanTo.op}:${filter.quarters.join(',')}`;
}
