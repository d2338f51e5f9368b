/**
 * `volume-spike`: a person (not an automation account) whose changes on one day of the period are
 * at least `minCount` and `factor` times their usual working day: their changes over the
 * `baselineDays` before the period and the period itself, per working day of the organisation in
 * that time (the period's from its buckets; the days before it counted on the `(ByID, ByTime)`
 * index, one range count per person and log, only for the people whose day could be a spike). A day whose excess is a bulk change or mass deletion
 * already found is left to that finding.
 */
import { sql } from 'kysely';
import type { RecordId } from '../../../shared/domain';
import { column } from '../../engine';
import { instantOfDate } from '../../time-codec';
import { timeCodec } from '../context';
import { spanConditions, type Bucket, type BucketColumns, type Span } from './aggregates';
import { bulkChanges, massDeletes } from './bulk';
import { byPerson, count, explainedCount, madeBy, personDraft, tableList, tablesOf, totals, type Draft, type Moment, type ReviewRun } from './run-context';

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

export async function volumeSpikes(run: ReviewRun): Promise<Draft[]> {
  const { factor, minCount, baselineDays } = run.thresholds.volumeSpike;
  const { columns } = await run.quarters();
  if (columns.length === 0) return [];
  const { busy, totalOf } = busyDays(run, columns, minCount);
  const people = byPerson(busy, (b) => !run.isAutomation(b.by));
  const explaining = [...(await massDeletes(run)), ...(await bulkChanges(run))];
  // The baseline: the period and the days before it (the whole log when the period is open).
  // (A loop, not Math.min(...): a whole history holds more buckets than a call has arguments.)
  let earliest = Infinity;
  let latest = -Infinity;
  for (let i = 0; i < columns.length; i++) {
    if (columns.firstMs[i]! < earliest) earliest = columns.firstMs[i]!;
    if (columns.lastMs[i]! > latest) latest = columns.lastMs[i]!;
  }
  const periodStartMs = run.span.from ? Date.parse(run.span.from) : earliest;
  const periodEndMs = run.span.toExclusive ? Date.parse(run.span.toExclusive) : latest + 1;
  const baseline: Span = { from: run.span.from ? instantOfDate(new Date(periodStartMs - baselineDays * DAY_MS)) : null, toExclusive: run.span.toExclusive };
  const baselineStartMs = run.span.from ? periodStartMs - baselineDays * DAY_MS : periodStartMs;
  const workingDays = Math.max(1, countWorkingDays(run, baselineStartMs, periodEndMs));

  const drafts: Draft[] = [];
  for (const { by, moments } of people.values()) {
    const days = new Map<string, Moment[]>();
    for (const m of moments) {
      const day = run.clock.at(m.firstMs).day;
      const list = days.get(day) ?? [];
      list.push(m);
      days.set(day, list);
    }
    const candidates = [...days.values()];
    // The period's own entries are in the buckets; only the days before it are counted on the index.
    const inPeriod = totalOf.get(String(by)) ?? 0;
    const before = run.span.from ? await personEntries(run, by, { from: baseline.from, toExclusive: run.span.from }) : 0;
    const usual = (before + inPeriod) / workingDays;
    for (const day of candidates) {
      const t = totals(day);
      if (t.count < factor * usual) continue;
      const explained = explainedCount(explaining, by, t);
      if (t.count - explained < minCount || t.count - explained < factor * usual) continue;
      const tables = tablesOf(t);
      const times = usual > 0 ? `, ${Math.round(t.count / usual)} times their usual ${usual < 10 ? usual.toFixed(1) : count(Math.round(usual))} a working day` : ', where they usually make none';
      drafts.push(personDraft('volume-spike', 'medium', by, t, (name) => `${name} made ${count(t.count)} changes to ${tableList(tables)} records on ${run.clock.date(t.firstMs)}${times}`));
    }
  }
  return drafts;
}

/**
 * The buckets of the days that could be a spike (a person's day of at least `minCount` entries),
 * and each person's entries in the period. A day is the zone's day of a quarter hour's first entry
 * (every log's buckets of that quarter hour together, as byPerson merges them): counted here without
 * building the moments of every person's every quarter hour, which on a whole history are millions.
 */
function busyDays(run: ReviewRun, columns: BucketColumns, minCount: number): { busy: Bucket[]; totalOf: Map<string, number> } {
  const made = madeBy(run, columns);
  const keys = columns.people.map(String);
  // The zone's day of each bucket, from its quarter hour alone: the clock reads one offset for a
  // whole quarter hour (ZoneClock.offsetAt), and where that offset is whole quarter hours no day
  // begins inside it, so every entry of it, the first too, is on the day its start is. Where it is
  // not (local mean times, before zones kept to quarter hours), the first entries decide, as below.
  const dayOfStart = new Map<number, number>();
  const days = new Float64Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    if (!made.person(i)) continue;
    const start = columns.start[i]!;
    // (A first entry the codec places outside the quarter hour the database placed it in, as a
    // fraction of a second before 1970 can be, is placed by its own time.)
    const firstMs = columns.firstMs[i]!;
    if (firstMs < start * 1000 || firstMs >= start * 1000 + QUARTER_MS) return busyDaysByFirstEntry(run, columns, minCount);
    let day = dayOfStart.get(start);
    if (day === undefined) {
      const offset = run.clock.offsetAt(start * 1000);
      if (offset % QUARTER_MS !== 0) return busyDaysByFirstEntry(run, columns, minCount);
      dayOfStart.set(start, (day = Math.floor((start * 1000 + offset) / DAY_MS)));
    }
    days[i] = day;
  }
  // Per person, entries per day, and in all.
  const perDay = new Map<string, Map<number, number>>();
  const totalOf = new Map<string, number>();
  for (let i = 0; i < columns.length; i++) {
    if (!made.person(i)) continue;
    const key = keys[columns.person[i]!]!;
    let counts = perDay.get(key);
    if (!counts) perDay.set(key, (counts = new Map()));
    counts.set(days[i]!, (counts.get(days[i]!) ?? 0) + columns.count[i]!);
    totalOf.set(key, (totalOf.get(key) ?? 0) + columns.count[i]!);
  }
  const busy = columns.pick((i) => made.person(i) && perDay.get(keys[columns.person[i]!]!)!.get(days[i]!)! >= minCount);
  return { busy, totalOf };
}

/** As {@link busyDays}, each quarter hour's day read from its first entry (every log's together). */
function busyDaysByFirstEntry(run: ReviewRun, columns: BucketColumns, minCount: number): { busy: Bucket[]; totalOf: Map<string, number> } {
  const people = new Map<string, { firstOf: Map<number, number>; countOf: Map<number, number>; total: number }>();
  const made = madeBy(run, columns);
  const keys = columns.people.map(String);
  for (let i = 0; i < columns.length; i++) {
    if (!made.person(i)) continue;
    const key = keys[columns.person[i]!]!;
    const [start, count, firstMs] = [columns.start[i]!, columns.count[i]!, columns.firstMs[i]!];
    let person = people.get(key);
    if (!person) people.set(key, (person = { firstOf: new Map(), countOf: new Map(), total: 0 }));
    person.total += count;
    const first = person.firstOf.get(start);
    if (first === undefined || firstMs < first) person.firstOf.set(start, firstMs);
    person.countOf.set(start, (person.countOf.get(start) ?? 0) + count);
  }
  // Per person, the quarter hours whose day (days since the epoch on the zone's clock, as
  // ZoneClock.at reads a day) holds at least minCount entries.
  const busyQuarters = new Map<string, Set<number>>();
  for (const [key, { firstOf, countOf }] of people) {
    const dayOf = new Map<number, number>();
    const perDay = new Map<number, number>();
    for (const [start, firstMs] of firstOf) {
      const day = Math.floor((firstMs + run.clock.offsetAt(firstMs)) / DAY_MS);
      dayOf.set(start, day);
      perDay.set(day, (perDay.get(day) ?? 0) + countOf.get(start)!);
    }
    const quarters = new Set<number>();
    for (const [start, day] of dayOf) if (perDay.get(day)! >= minCount) quarters.add(start);
    if (quarters.size) busyQuarters.set(key, quarters);
  }
  const busy = busyQuarters.size ? columns.pick((i) => columns.person[i]! >= 0 && busyQuarters.get(keys[columns.person[i]!]!)?.has(columns.start[i]!) === true) : [];
  return { busy, totalOf: new Map([...people].map(([key, p]) => [key, p.total])) };
}

/** The organisation's working days in [startMs, endMs), in its zone. */
function countWorkingDays(run: ReviewRun, startMs: number, endMs: number): number {
  const first = run.clock.at(startMs).day;
  const last = run.clock.at(Math.max(startMs, endMs - 1)).day;
  let n = 0;
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`); day += DAY_MS) {
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (run.org.workingDays.includes(weekday)) n += 1;
  }
  return n;
}

/** A person's entries in a span, in every log that records who: range counts on the person index. */
async function personEntries(run: ReviewRun, by: RecordId, span: Span): Promise<number> {
  const { ctx } = run;
  let n = 0;
  for (const info of ctx.catalog.tables) {
    if (!info.columns.byId) continue;
    const codec = await timeCodec(ctx, info);
    const conditions = [sql<boolean>`${column('l', info.columns.byId)} = ${by}`, ...spanConditions(codec, column('l', info.columns.byTime), span)];
    const row = (await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${ctx.engine.table(info.logTable)} AS l WHERE ${sql.join(conditions, sql` AND `)}`.execute(ctx.engine.db)).rows[0];
    n += Number(row?.n ?? 0);
  }
  return n;
}
