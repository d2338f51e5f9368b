/**
 * Insights: counts of changes over a period, for charts. The types the contract's `getInsights`
 * answers with, and the pure rules both sides share: which bucket a local day falls in (day, ISO
 * week, month), which granularity a period gets, and how answers for parts of the logs (one call
 * per log, for a progress bar) add up to the answer for all of them.
 */
import type { ChangeCue, RecordId } from './domain';

export type InsightsGranularity = 'day' | 'week' | 'month';
export const INSIGHTS_GRANULARITIES: readonly InsightsGranularity[] = ['day', 'week', 'month'];

/** One bar of "changes over time": the changes whose local day is in [from, to]. */
export interface InsightsBucket {
  /** The bucket's own first day (`YYYY-MM-DD`: the day, the ISO week's Monday, the month's 1st). */
  key: string;
  /** Its days within the period (`YYYY-MM-DD`, inclusive): what Activity opened from it shows. */
  from: string;
  to: string;
  total: number;
  /** Its changes per logged table (tables without any left out). */
  byTable: Record<string, number>;
  /** Its changes per change cue (cues without any left out); empty unless the split asked for is `cue`. */
  byCue: Partial<Record<ChangeCue, number>>;
}

/** A person and their changes in the period. */
export interface InsightsPerson {
  id: RecordId;
  /** The current name from `Person`, else the latest name the log recorded; null when neither is known. */
  name: string | null;
  count: number;
}

/** The counts of a period (see {@link InsightsBucket}); every count is of log entries. */
export interface Insights {
  /** The zone days, weeks, months and the heat map's hours are on. */
  timeZone: string;
  /** The period's first and last day: as asked, else the first and last day with a change (null: none). */
  from: string | null;
  to: string | null;
  granularity: InsightsGranularity;
  /**
   * What the buckets are split by besides the table: `cue` fills `byCue` and `cues` (reading each
   * entry's cue, so the whole table); `table` leaves them empty and reads only the time index.
   */
  split: 'table' | 'cue';
  /** Every entry the filter keeps, its time readable or not. */
  total: number;
  /**
   * Entries whose stored time cannot be read (NULL, `infinity`, text that is no time): in `total`,
   * in the people's counts, but in no bucket and no heat-map cell, since nobody can say when.
   */
  unreadableTimes: number;
  /** The buckets from the period's first day to its last, empty ones included, oldest first. */
  buckets: InsightsBucket[];
  /** The tables and cues that appear in the buckets, in a stable order (series of the chart). */
  tables: string[];
  cues: ChangeCue[];
  /** The most active people, most changes first (ties by id), at most as many as asked for. */
  people: InsightsPerson[];
  /** Entries by people not in `people` (beyond the top), and how many such people. */
  otherPeople: { people: number; count: number };
  /** Entries whose log does not say who made them (no person id): credited to nobody. */
  unknownPerson: number;
  /** `heatmap[weekday - 1][hour]`: entries in that hour of the week on the zone's clock (Monday first). */
  heatmap: number[][];
}

const DAY = 86_400_000;

function parseDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
}

/** `YYYY-MM-DD` of a UTC-midnight epoch ms (years outside 0–9999 written as they are). */
export function dayOfMs(ms: number): string {
  const date = new Date(ms);
  const y = date.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The first day of the bucket a local day is in. */
export function bucketKeyOf(day: string, granularity: InsightsGranularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, -3)}-01`;
  const ms = parseDay(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return dayOfMs(ms - weekday * DAY);
}

/** The last day of the bucket that starts on `key`. */
export function bucketEndOf(key: string, granularity: InsightsGranularity): string {
  if (granularity === 'day') return key;
  if (granularity === 'week') return dayOfMs(parseDay(key) + 6 * DAY);
  const date = new Date(parseDay(key));
  date.setUTCMonth(date.getUTCMonth() + 1, 1);
  return dayOfMs(date.getTime() - DAY);
}

function nextBucket(key: string, granularity: InsightsGranularity): string {
  return dayOfMs(parseDay(bucketEndOf(key, granularity)) + DAY);
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to) - parseDay(from)) / DAY) + 1;
}

/** The granularity a period gets when none is asked for: days up to two months, weeks up to two years, else months. */
export function granularityFor(from: string | null, to: string | null): InsightsGranularity {
  if (from === null || to === null) return 'month';
  const days = daysBetween(from, to);
  return days <= 62 ? 'day' : days <= 731 ? 'week' : 'month';
}

/** Empty buckets covering the period from `from` to `to`, each clipped to it. */
export function emptyBuckets(from: string, to: string, granularity: InsightsGranularity): InsightsBucket[] {
  const buckets: InsightsBucket[] = [];
  for (let key = bucketKeyOf(from, granularity); key <= to; key = nextBucket(key, granularity)) {
    const end = bucketEndOf(key, granularity);
    buckets.push({ key, from: key < from ? from : key, to: end > to ? to : end, total: 0, byTable: {}, byCue: {} });
  }
  return buckets;
}

export function emptyHeatmap(): number[][] {
  return Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
}

const CUE_ORDER: readonly ChangeCue[] = ['Added', 'Modified', 'Deleted', 'Unchanged', 'Other'];

/** The cues in their usual order, of those present. */
export function orderedCues(present: Iterable<ChangeCue>): ChangeCue[] {
  const set = new Set(present);
  return CUE_ORDER.filter((c) => set.has(c));
}

/** Most changes first, ties by id (as text), so the order never depends on how the counts were read. */
export function comparePeopleByCount(a: InsightsPerson, b: InsightsPerson): number {
  return b.count - a.count || (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);
}

/**
 * The answer for all of the logs from answers for parts of them (one call per log, each with every
 * person: `people: 'all'`), over the same period, zone and granularity; `top` people kept.
 */
export function mergeInsights(parts: readonly Insights[], top: number): Insights {
  const first = parts[0];
  if (!first) throw new Error('mergeInsights needs at least one part.');
  const days = parts.flatMap((p) => (p.from !== null && p.to !== null ? [p.from, p.to] : [])).sort();
  const from = days.length ? days[0]! : null;
  const to = days.length ? days[days.length - 1]! : null;
  const buckets = from !== null && to !== null ? emptyBuckets(from, to, first.granularity) : [];
  const byKey = new Map(buckets.map((b) => [b.key, b]));
  const heatmap = emptyHeatmap();
  const people = new Map<string, InsightsPerson>();
  let otherPeople = { people: 0, count: 0 };
  for (const part of parts) {
    for (const bucket of part.buckets) {
      const into = byKey.get(bucket.key);
      if (!into) continue;
      into.total += bucket.total;
      for (const [table, n] of Object.entries(bucket.byTable)) into.byTable[table] = (into.byTable[table] ?? 0) + n;
      for (const [cue, n] of Object.entries(bucket.byCue) as Array<[ChangeCue, number]>) into.byCue[cue] = (into.byCue[cue] ?? 0) + n;
    }
    part.heatmap.forEach((row, w) => row.forEach((n, h) => (heatmap[w]![h]! += n)));
    for (const person of part.people) {
      const key = `${typeof person.id}:${String(person.id)}`;
      const known = people.get(key);
      if (known) {
        known.count += person.count;
        known.name ??= person.name;
      } else people.set(key, { ...person });
    }
    otherPeople = { people: otherPeople.people + part.otherPeople.people, count: otherPeople.count + part.otherPeople.count };
  }
  const ranked = [...people.values()].sort(comparePeopleByCount);
  const kept = ranked.slice(0, top);
  const left = ranked.slice(top);
  return {
    timeZone: first.timeZone,
    from,
    to,
    granularity: first.granularity,
    split: first.split,
    total: parts.reduce((n, p) => n + p.total, 0),
    unreadableTimes: parts.reduce((n, p) => n + p.unreadableTimes, 0),
    buckets,
    tables: [...new Set(parts.flatMap((p) => p.tables))].sort(),
    cues: orderedCues(parts.flatMap((p) => p.cues)),
    people: kept,
    // A part asked for everyone has no others; a part that did not is counted as it says.
    otherPeople: { people: otherPeople.people + left.length, count: otherPeople.count + left.reduce((n, p) => n + p.count, 0) },
    unknownPerson: parts.reduce((n, p) => n + p.unknownPerson, 0),
    heatmap,
  };
}
