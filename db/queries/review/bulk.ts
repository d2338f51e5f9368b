/**
 * `bulk-change` and `mass-delete`: one person (never an automation account, never an entry whose
 * person the log does not record) adding or changing, or deleting, at least `count` records within
 * `windowMinutes`. A finding covers the whole burst: every minute of that person's such entries
 * with no gap of `windowMinutes` or more, so its range, person, tables and cues list exactly them.
 *
 * Read in two steps, so that a log of millions of entries hands over few rows: the candidates,
 * quarter hours in which a person's such entries reach half the count; then, only around those,
 * the person's entries per minute (on the `(ByID, ByTime)` index), where bursts are measured
 * exactly. (The window is at most a quarter hour.) The period's shared quarter hours do not tell
 * cues apart (reading the cue would take every row from the table, where the quarters read the
 * person index alone), so the first step keeps the quarter hours in which a person's entries of
 * any cue reach half the count, a superset; the minutes read around them tell cues apart, and the
 * candidates are decided again from those minutes, exactly as from quarter hours with cues.
 */
import { sql } from 'kysely';
import type { ChangeCue, RecordId } from '../../../shared/domain';
import { column } from '../../engine';
import { instantOfDate } from '../../time-codec';
import { bucketsOf, type Bucket } from './aggregates';
import { byPerson, count, once, personDraft, madeBy, QUARTER_SECONDS, sessions, tablesOf, totals, type Draft, type Moment, type ReviewRun } from './run-context';

const CHANGED: ReadonlySet<ChangeCue> = new Set(['Added', 'Modified', 'Other']);
const DELETED: ReadonlySet<ChangeCue> = new Set(['Deleted']);
/** How far around a candidate window the person's minutes are read (a burst longer than this is cut). */
const AROUND_MS = 3 * 3600 * 1000;

export function massDeletes(run: ReviewRun): Promise<Draft[]> {
  return once(run, 'mass-delete', () => bursts(run, 'mass-delete'));
}

export function bulkChanges(run: ReviewRun): Promise<Draft[]> {
  return once(run, 'bulk-change', () => bursts(run, 'bulk-change'));
}


async function bursts(run: ReviewRun, kind: 'bulk-change' | 'mass-delete'): Promise<Draft[]> {
  const { count: threshold, windowMinutes } = kind === 'mass-delete' ? run.thresholds.massDelete : run.thresholds.bulkChange;
  const cues = kind === 'mass-delete' ? DELETED : CHANGED;
  const window = Math.min(windowMinutes * 60, QUARTER_SECONDS);
  const { ctx } = run;
  const tables = ctx.catalog.tables.filter((t) => t.columns.byId !== null);
  const periodFrom = run.span.from ? Date.parse(run.span.from) : -Infinity;
  const periodTo = run.span.toExclusive ? Date.parse(run.span.toExclusive) : Infinity;
  /** Around quarter-hour starts, the ranges read, within the period. */
  const around = (starts: Iterable<number>): Array<[number, number]> =>
    merged([...starts].map((start) => [start * 1000 - AROUND_MS, (start + QUARTER_SECONDS) * 1000 + AROUND_MS])).map(([a, b]) => [Math.max(a, periodFrom), Math.min(b, periodTo)]);

  // 1. Candidates: a burst of `threshold` within `window` seconds (at most a quarter hour) puts at
  // least half of it in one quarter hour; here of any cue (a superset, decided again in 2).
  const share = Math.max(1, Math.ceil(threshold / 2));
  const drafts: Draft[] = [];
  for (const { by, quarters } of (await personQuarters(run)).values()) {
    const loose = [...quarters].filter(([, n]) => n >= share).map(([start]) => start);
    if (loose.length === 0) continue;
    // 2. Around the loose candidates, the person's entries per minute with their cues; from them the
    // true candidates (quarter hours with half the count of this kind's cues), and around those
    // (each inside a range read here) the bursts.
    const wanted: Bucket[] = [];
    for (const [from, to] of around(loose)) {
      const span = { from: instantOfDate(new Date(from)), toExclusive: instantOfDate(new Date(to)) };
      const { buckets } = await bucketsOf(ctx, span, 60, {
        tables,
        byCue: true,
        extra: (info) => sql<boolean>`${column('l', info.columns.byId!)} = ${by}`,
      });
      for (const b of buckets) if (cues.has(b.cue)) wanted.push(b);
    }
    const perQuarter = new Map<number, number>();
    for (const b of wanted) {
      const start = Math.floor(b.start / QUARTER_SECONDS) * QUARTER_SECONDS;
      perQuarter.set(start, (perQuarter.get(start) ?? 0) + b.count);
    }
    const candidates = [...perQuarter].filter(([, n]) => n >= share).map(([start]) => start);
    for (const [from, to] of around(candidates)) {
      // The minutes that meet [from, to): whole minutes, but for a period's bound inside one, whose
      // minute was read from that bound on, as a read of [from, to) would.
      const inside = wanted.filter((b) => b.start * 1000 + 60_000 > from && b.start * 1000 < to);
      const person = byPerson(inside, () => true).get(String(by));
      if (!person) continue;
      for (const session of sessions(person.moments, window)) {
        if (busiestWindow(session, window) < threshold) continue;
        drafts.push(draftOf(run, kind, by, session));
      }
    }
  }
  return drafts;
}

/**
 * Each person's (never an automation account's) entries per quarter hour of the period, every log
 * and cue together: what both kinds pick candidates from, counted once per run. Only the quarter
 * hours that could reach either kind's half count are counted: such a quarter hour's entries are
 * in at most one bucket per log and person id as read, so one of its buckets holds at least that
 * share of them; the rest (nearly all of a whole history's, most of one entry) are never keyed.
 */
function personQuarters(run: ReviewRun): Promise<Map<string, { by: RecordId; quarters: Map<number, number> }>> {
  return once(run, 'person-quarters', async () => {
    const people = new Map<string, { by: RecordId; quarters: Map<number, number> }>();
    const { columns } = await run.quarters();
    const made = madeBy(run, columns);
    const keys = columns.people.map(String);
    // Ids read as different values (5 and '5') that are one person here: each its own bucket.
    const aliases = new Map<string, number>();
    let most = 1;
    for (const key of keys) {
      const n = (aliases.get(key) ?? 0) + 1;
      aliases.set(key, n);
      most = Math.max(most, n);
    }
    const perQuarter = Math.max(1, columns.tables.length) * most;
    const share = Math.max(1, Math.min(...[run.thresholds.massDelete.count, run.thresholds.bulkChange.count].map((n) => Math.ceil(n / 2))));
    const least = Math.ceil(share / perQuarter);
    const marked = new Map<string, Set<number>>();
    // Each person as first met (of ids read as different values, the first one's).
    const first = new Map<string, RecordId>();
    for (let i = 0; i < columns.length; i++) {
      if (!made.person(i)) continue;
      const key = keys[columns.person[i]!]!;
      if (!first.has(key)) first.set(key, columns.people[columns.person[i]!]!);
      if (columns.count[i]! < least) continue;
      let starts = marked.get(key);
      if (!starts) marked.set(key, (starts = new Set()));
      starts.add(columns.start[i]!);
    }
    for (let i = 0; i < columns.length; i++) {
      if (!made.person(i)) continue;
      const key = keys[columns.person[i]!]!;
      const start = columns.start[i]!;
      if (marked.get(key)?.has(start) !== true) continue;
      let person = people.get(key);
      if (!person) people.set(key, (person = { by: first.get(key)!, quarters: new Map() }));
      person.quarters.set(start, (person.quarters.get(start) ?? 0) + columns.count[i]!);
    }
    // In the order people were first met, as the findings of one instant are listed.
    const ordered = new Map<string, { by: RecordId; quarters: Map<number, number> }>();
    for (const key of first.keys()) {
      const person = people.get(key);
      if (person) ordered.set(key, person);
    }
    return ordered;
  });
}

function draftOf(run: ReviewRun, kind: 'bulk-change' | 'mass-delete', by: RecordId, session: readonly Moment[]): Draft {
  const t = totals(session);
  const tables = tablesOf(t);
  const where = tables.length === 1 ? `${tables[0]} records` : `records (${tables.map((name) => `${name} ${count(t.tables.get(name)!)}`).join(', ')})`;
  const span = run.clock.span(t.firstMs, t.lastMs);
  const say = (name: string) => (kind === 'mass-delete' ? `${name} deleted ${count(t.count)} ${where} ${span}` : `${name} made ${count(t.count)} changes to ${where} ${span}`);
  return personDraft(kind, kind === 'mass-delete' ? 'high' : 'medium', by, t, say, [...t.cues].sort());
}

/** Overlapping ranges joined, in order. */
function merged(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The most entries in any `window` seconds of a session (bucket starts within the window). */
function busiestWindow(session: readonly Moment[], window: number): number {
  let best = 0;
  let sum = 0;
  let j = 0;
  for (let i = 0; i < session.length; i++) {
    sum += session[i]!.count;
    while (session[i]!.start - session[j]!.start >= window) sum -= session[j++]!.count;
    best = Math.max(best, sum);
  }
  return best;
}
