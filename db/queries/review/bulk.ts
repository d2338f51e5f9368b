/**
 * `bulk-change` and `mass-delete`: one person (never an automation account, never an entry whose
 * person the log does not record) adding or changing, or deleting, at least `count` records within
 * `windowMinutes`. A finding covers the whole burst: every minute of that person's such entries
 * with no gap of `windowMinutes` or more, so its range, person, tables and cues list exactly them.
 *
 * Read in two steps, so that a log of millions of entries hands over few rows: the candidates,
 * quarter hours in which a person's such entries reach half the count (from the period's buckets,
 * which every kind shares); then, only around those, the person's entries per minute (on the
 * `(ByID, ByTime)` index), where bursts are measured exactly. (The window is at most a quarter hour.)
 */
import { sql } from 'kysely';
import type { ChangeCue, RecordId } from '../../../shared/domain';
import { column } from '../../engine';
import { instantOfDate } from '../../time-codec';
import { bucketsOf, type Bucket } from './aggregates';
import { byPerson, count, personDraft, QUARTER_SECONDS, sessions, tablesOf, totals, type Draft, type Moment, type ReviewRun } from './run-context';

const CHANGED: ReadonlySet<ChangeCue> = new Set(['Added', 'Modified', 'Other']);
const DELETED: ReadonlySet<ChangeCue> = new Set(['Deleted']);
/** How far around a candidate window the person's minutes are read (a burst longer than this is cut). */
const AROUND_MS = 3 * 3600 * 1000;

export function massDeletes(run: ReviewRun): Promise<Draft[]> {
  return memo(run, 'mass-delete', () => bursts(run, 'mass-delete'));
}

export function bulkChanges(run: ReviewRun): Promise<Draft[]> {
  return memo(run, 'bulk-change', () => bursts(run, 'bulk-change'));
}

function memo(run: ReviewRun, key: string, make: () => Promise<Draft[]>): Promise<Draft[]> {
  let found = run.memo.get(key);
  if (!found) run.memo.set(key, (found = make()));
  return found;
}

async function bursts(run: ReviewRun, kind: 'bulk-change' | 'mass-delete'): Promise<Draft[]> {
  const { count: threshold, windowMinutes } = kind === 'mass-delete' ? run.thresholds.massDelete : run.thresholds.bulkChange;
  const cues = kind === 'mass-delete' ? DELETED : CHANGED;
  const window = Math.min(windowMinutes * 60, QUARTER_SECONDS);
  const { ctx } = run;
  const tables = ctx.catalog.tables.filter((t) => t.columns.byId !== null);

  // 1. Candidates, from the period's quarter-hour buckets: a burst of `threshold` within `window`
  // seconds (at most a quarter hour) puts at least half of it in one quarter hour.
  const share = Math.max(1, Math.ceil(threshold / 2));
  const perQuarter = new Map<string, { by: RecordId; start: number; n: number }>();
  for (const b of (await run.quarters()).buckets) {
    if (b.by === null || !cues.has(b.cue) || run.isAutomation(b.by)) continue;
    const key = `${String(b.by)}\u0000${b.start}`;
    const entry = perQuarter.get(key) ?? { by: b.by, start: b.start, n: 0 };
    entry.n += b.count;
    perQuarter.set(key, entry);
  }
  const ranges = new Map<string, { by: RecordId; spans: Array<[number, number]> }>();
  for (const { by, start, n } of perQuarter.values()) {
    if (n < share) continue;
    const entry = ranges.get(String(by)) ?? { by, spans: [] };
    entry.spans.push([start * 1000 - AROUND_MS, (start + QUARTER_SECONDS) * 1000 + AROUND_MS]);
    ranges.set(String(by), entry);
  }

  // 2. Around each candidate, the person's entries per minute, and the bursts among them.
  const drafts: Draft[] = [];
  for (const { by, spans } of ranges.values()) {
    for (const [fromMs, toMs] of merged(spans)) {
      const from = Math.max(fromMs, run.span.from ? Date.parse(run.span.from) : -Infinity);
      const to = Math.min(toMs, run.span.toExclusive ? Date.parse(run.span.toExclusive) : Infinity);
      const span = { from: instantOfDate(new Date(from)), toExclusive: instantOfDate(new Date(to)) };
      const { buckets } = await bucketsOf(ctx, span, 60, {
        tables,
        byCue: true,
        extra: (info) => sql<boolean>`${column('l', info.columns.byId!)} = ${by}`,
      });
      const wanted: Bucket[] = buckets.filter((b) => cues.has(b.cue));
      const person = byPerson(wanted, () => true).get(String(by));
      if (!person) continue;
      for (const session of sessions(person.moments, window)) {
        if (busiestWindow(session, window) < threshold) continue;
        drafts.push(draftOf(run, kind, by, session));
      }
    }
  }
  return drafts;
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
