/**
 * What every kind of finding reads from, for one call of Review: the period in the organisation's
 * zone, its wall clock, the thresholds, the automation accounts, and the quarter-hour buckets of
 * the period (read once however many kinds ask for them, every cue together). Quarter hours, not minutes: on a log of
 * millions of entries a minute is nearly an entry, and a quarter hour is the finest grain a zone's
 * offset needs (every zone's offset is whole quarter hours).
 */
import { dayRangeToUtc, isValidTimeZone } from '../../../shared/day-range';
import type { ChangeCue, Organisation, RecordId, ReviewFinding, ReviewKind, ReviewSeverity } from '../../../shared/domain';
import { AuditError } from '../../../shared/errors';
import { hhmm, minuteOf, ZoneClock } from '../../../shared/zone-clock';
import { runWithSignal } from '../../cancellation';
import { organisationOf } from '../../organisation';
import { instantKey, instantOfDate } from '../../time-codec';
import { automationAccounts, type AutomationSet } from '../automation';
import type { QueryContext } from '../context';
import { bucketColumnsOf, type Bucket, type BucketColumns, type Span } from './aggregates';
import { reviewThresholds, type ReviewThresholds } from './settings';

export interface ReviewRun {
  ctx: QueryContext;
  org: Organisation;
  /** The wall clock of the zone the period and sentences are read in. */
  clock: ZoneClock;
  span: Span;
  thresholds: ReviewThresholds;
  automation: AutomationSet;
  /** Whether an id is an automation account's. */
  isAutomation(id: RecordId | null): boolean;
  /** Whether an instant (ms) is outside the organisation's working hours or days. */
  offHours(ms: number): boolean;
  /** "07:00–19:00, Mon–Fri, Europe/London" */
  workingTimeText: string;
  /** The period's entries per person, table and quarter hour, every cue together (read once), column by column. */
  quarters(): Promise<{ columns: BucketColumns; unreadable: Map<string, number> }>;
  /** What more than one kind reads (findings of kinds others defer to, shared counts), made once per run: see {@link once}. */
  memo: Map<string, Promise<unknown>>;
  /**
   * Starts a read a later call of the look will await (see {@link aheadOfLook}), under the look's
   * signal: abandoning any call of the look stops it. Its failure is reported by the call that
   * awaits it (the look's shared reads drop a failed read, so that call reads it again).
   */
  ahead(read: () => Promise<unknown>): void;
  /** Abandons the look (a call of it was abandoned: the Review view cancels a look whole). */
  abandon(): void;
}

/** What `make` makes, made once per run under `key` (each kind that needs it reads the same promise). */
export function once<T>(run: ReviewRun, key: string, make: () => Promise<T>): Promise<T> {
  let found = run.memo.get(key) as Promise<T> | undefined;
  if (!found) run.memo.set(key, (found = make()));
  return found;
}

/**
 * A finding before its person is named: the runner looks names up once for all findings, then
 * writes each sentence with `say`.
 */
export interface Draft extends Omit<ReviewFinding, 'sentence' | 'byName'> {
  /** The name the log recorded, where the Person table has none. */
  loggedName: string | null;
  say(name: string): string;
}

export const QUARTER_SECONDS = 900;

/** The longest `run` a caller may name (a token, not a text to store). */
const RUN_TOKEN_MAX = 200;

/**
 * The reads of the last look a caller named (`GetReviewRequest.run`), per open database: the
 * Review view asks for one kind per call (for its progress bar), and all but one kind read the
 * same quarter hours, and off-hours and volume-spike defer to the findings of kinds asked for
 * before them. Kept while the caller names the same look, the same period and the same
 * organisation; never by time, so a new look reads the log as it is now. A read that failed
 * (cancelled) is dropped, so the look's next call reads it again.
 */
const lastLook = new WeakMap<QueryContext, { token: string; shared: SharedReads }>();

/** What a look's calls share: the quarter hours, and whatever {@link once} made. */
class SharedReads extends Map<string, Promise<unknown>> {
  /** The wall clock of the look's zone (the zone is part of the look's key). */
  clock: ZoneClock | undefined;
  /** Aborted when a call of the look is abandoned: the reads started ahead for its later calls stop with it. */
  readonly abandoned = new AbortController();

  override set(key: string, value: Promise<unknown>): this {
    value.catch(() => this.get(key) === value && this.delete(key));
    return super.set(key, value);
  }
}

function sharedReads(ctx: QueryContext, run: string | undefined, key: string): SharedReads {
  if (run === undefined) return new SharedReads();
  const token = `${run}\n${key}`;
  const kept = lastLook.get(ctx);
  // An abandoned look's reads were stopped: its next call starts it afresh.
  if (kept && kept.token === token && !kept.shared.abandoned.signal.aborted) return kept.shared;
  const shared = new SharedReads();
  lastLook.set(ctx, { token, shared });
  return shared;
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export async function openRun(ctx: QueryContext, req: { from?: string; to?: string; timeZone?: string; run?: string }): Promise<ReviewRun> {
  if (req.run !== undefined && req.run !== null && (typeof req.run !== 'string' || req.run.length > RUN_TOKEN_MAX)) {
    throw new AuditError('bad-request', `A review's run is a text of at most ${RUN_TOKEN_MAX} characters that names one look.`);
  }
  const base = organisationOf(ctx.settings);
  const timeZone = req.timeZone === undefined || req.timeZone === null || req.timeZone === '' ? base.timeZone : req.timeZone;
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
    throw new AuditError('bad-request', `"${String(timeZone)}" is not a known time zone (use an IANA name such as Europe/London).`);
  }
  const org: Organisation = { ...base, timeZone };
  const bounds = dayRangeToUtc({ from: req.from, to: req.to, timeZone });
  const span: Span = { from: bounds.fromUtc && instantOfDate(bounds.fromUtc), toExclusive: bounds.toUtcExclusive && instantOfDate(bounds.toUtcExclusive) };
  const automation = await automationAccounts(ctx, base);
  const automationIds = new Set(automation.ids.map(String));
  const startMinute = minuteOf(org.workingHours.from);
  const endMinute = minuteOf(org.workingHours.to);
  const days = new Set(org.workingDays);
  const thresholds = reviewThresholds(ctx.settings);
  const shared = sharedReads(ctx, req.run ?? undefined, JSON.stringify([span, org, thresholds, automation.ids.map(String)]));
  // The look's calls share the clock too: it learns the zone's offset once per quarter hour met,
  // and a whole history meets over a hundred thousand of them in every kind.
  const clock = (shared.clock ??= new ZoneClock(timeZone));
  const run: ReviewRun = {
    ctx,
    org,
    clock,
    span,
    thresholds,
    automation,
    isAutomation: (id) => id !== null && automationIds.has(String(id)),
    offHours: (ms) => {
      const at = clock.at(ms);
      if (!days.has(at.weekday)) return true;
      const inside = startMinute <= endMinute ? at.minute >= startMinute && at.minute < endMinute : at.minute >= startMinute || at.minute < endMinute;
      return !inside;
    },
    workingTimeText: `${hhmm(startMinute)}–${hhmm(endMinute)}, ${dayList(org.workingDays)}, ${timeZone}`,
    // Not by cue: the quarters then read the person index alone, never the table's rows (bulk.ts tells cues apart where it must).
    quarters: () => once(run, 'quarters', () => bucketColumnsOf(ctx, span, QUARTER_SECONDS)),
    memo: shared,
    abandon: () => shared.abandoned.abort(),
    ahead: (read) => {
      runWithSignal(shared.abandoned.signal, read).catch(() => undefined);
    },
  };
  return run;
}

/**
 * Who made each bucket of `columns` (by index): a person (recorded, and not an automation
 * account), or an automation account. A bucket whose person the log does not record is neither.
 */
export function madeBy(run: ReviewRun, columns: BucketColumns): { person(i: number): boolean; automation(i: number): boolean } {
  const automation = columns.people.map((id) => run.isAutomation(id));
  return {
    person: (i) => columns.person[i]! >= 0 && !automation[columns.person[i]!],
    automation: (i) => columns.person[i]! >= 0 && automation[columns.person[i]!] === true,
  };
}

/** "Mon–Fri", "Mon, Wed, Fri" */
function dayList(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (contiguous && sorted.length > 2) return `${WEEKDAY_NAMES[sorted[0]! - 1]}–${WEEKDAY_NAMES[sorted[sorted.length - 1]! - 1]}`;
  return sorted.map((d) => WEEKDAY_NAMES[d - 1]).join(', ');
}

/** Buckets of one person in time order, merged across tables and cues, with what they hold. */
export interface Moment {
  start: number;
  count: number;
  firstMs: number;
  lastMs: number;
  first: string;
  last: string;
  tables: Map<string, number>;
  cues: Set<ChangeCue>;
  loggedName: string | null;
}

/** Buckets grouped by person (people only, or automation only), each person's merged by bucket start. */
export function byPerson(buckets: readonly Bucket[], keep: (b: Bucket) => boolean): Map<string, { by: RecordId; moments: Moment[] }> {
  const people = new Map<string, { by: RecordId; starts: Map<number, Moment> }>();
  for (const b of buckets) {
    if (b.by === null || !keep(b)) continue;
    const key = String(b.by);
    let person = people.get(key);
    if (!person) people.set(key, (person = { by: b.by, starts: new Map() }));
    let m = person.starts.get(b.start);
    if (!m) {
      m = { start: b.start, count: 0, firstMs: b.firstMs, lastMs: b.lastMs, first: b.first, last: b.last, tables: new Map(), cues: new Set(), loggedName: b.byName };
      person.starts.set(b.start, m);
    }
    m.count += b.count;
    m.tables.set(b.table, (m.tables.get(b.table) ?? 0) + b.count);
    m.cues.add(b.cue);
    if (b.firstMs < m.firstMs || (b.firstMs === m.firstMs && b.first < m.first)) [m.firstMs, m.first] = [b.firstMs, b.first];
    if (b.lastMs > m.lastMs || (b.lastMs === m.lastMs && b.last > m.last)) [m.lastMs, m.last] = [b.lastMs, b.last];
    if (b.byName !== null) m.loggedName = b.byName;
  }
  const result = new Map<string, { by: RecordId; moments: Moment[] }>();
  for (const [key, p] of people) result.set(key, { by: p.by, moments: [...p.starts.values()].sort((a, b) => a.start - b.start) });
  return result;
}

/** Moments split into sessions: a gap longer than `gapSeconds` between bucket starts ends one. */
export function sessions(moments: readonly Moment[], gapSeconds: number): Moment[][] {
  const result: Moment[][] = [];
  let current: Moment[] = [];
  for (const m of moments) {
    if (current.length && m.start - current[current.length - 1]!.start > gapSeconds) {
      result.push(current);
      current = [];
    }
    current.push(m);
  }
  if (current.length) result.push(current);
  return result;
}

/** A session's totals: what its finding says and names. */
export interface Totals {
  count: number;
  first: string;
  last: string;
  firstMs: number;
  lastMs: number;
  tables: Map<string, number>;
  cues: Set<ChangeCue>;
  loggedName: string | null;
}

export function totals(session: readonly Moment[]): Totals {
  const tables = new Map<string, number>();
  const cues = new Set<ChangeCue>();
  let count = 0;
  let loggedName: string | null = null;
  for (const m of session) {
    count += m.count;
    for (const [t, n] of m.tables) tables.set(t, (tables.get(t) ?? 0) + n);
    for (const c of m.cues) cues.add(c);
    loggedName = m.loggedName ?? loggedName;
  }
  const head = session[0]!;
  const tail = session[session.length - 1]!;
  return { count, first: head.first, last: tail.last, firstMs: head.firstMs, lastMs: tail.lastMs, tables, cues, loggedName };
}

/** A session's tables, by name (what its finding lists and its sentence names). */
export function tablesOf(t: Totals): string[] {
  return [...t.tables.keys()].sort();
}

/**
 * A finding about one person's session: its range, count and tables from the session's totals,
 * the same for every kind; the kind says its severity, its cues and its sentence.
 */
export function personDraft(kind: ReviewKind, severity: ReviewSeverity, by: RecordId, t: Totals, say: (name: string) => string, cues: ChangeCue[] = []): Draft {
  return { kind, severity, count: t.count, from: t.first, to: justAfter(t.last), by, tables: tablesOf(t), cues, fields: [], loggedName: t.loggedName, say };
}

/** How many of a session's entries other findings about the same person already account for. */
export function explainedCount(findings: readonly Draft[], by: RecordId, t: Totals): number {
  return findings
    .filter((f) => String(f.by) === String(by) && instantKey(f.from) <= instantKey(t.last) && instantKey(f.to) > instantKey(t.first))
    .reduce((n, f) => n + f.count, 0);
}

/**
 * The instant just after `instant` (the exclusive end of a finding's range): one nanosecond later,
 * so that a range ending there holds the last entry and nothing stored after it.
 */
export function justAfter(instant: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(instant);
  if (!m) return instant;
  const nanos = (m[2] ?? '').padEnd(9, '0');
  const next = BigInt(nanos) + 1n;
  if (next < 1_000_000_000n) return `${m[1]}.${next.toString().padStart(9, '0')}Z`;
  const seconds = new Date(Date.parse(`${m[1]}Z`) + 1000).toISOString().slice(0, 19);
  return `${seconds}.000000000Z`;
}

/** "Contact", "Contact and Customer", "Contact, Customer and Finding" (tables as one line of text). */
export function tableList(tables: Iterable<string>): string {
  const names = [...tables].sort();
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

export const SEVERITY_ORDER: Record<ReviewSeverity, number> = { high: 0, medium: 1, low: 2 };

/** The kinds, in the order the runner runs them. */
export const REVIEW_KINDS: readonly ReviewKind[] = ['mass-delete', 'bulk-change', 'sensitive-change', 'off-hours', 'volume-spike', 'automation-anomaly'];
