/**
 * Turns log rows into history entries: the change is computed on the raw values against the
 * record's true previous entry, and only then are sensitive values masked or withheld, so a change
 * to a masked field still shows as a change and no clear value leaves the data layer. Last of all,
 * long texts are cut (db/cut-values.ts), unless the whole values were asked for.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../shared/change-cue';
import { diffValues, type LogSnapshot } from '../../shared/diff';
import type { FieldValue, HistoryEntry, RecordId, Sensitivity } from '../../shared/domain';
import { narrate } from '../../shared/narrative';
import { maskValue, redactChange } from '../../shared/sensitivity';
import { cutChange, cutValueList, type CutMemo } from '../cut-values';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import type { TimeCodec } from '../time-codec';
import { toFieldValue, toRecordId } from '../values';

export type LogRow = Record<string, unknown>;

/** The sort order of every log read: newest first, the log id breaking ties in `ByTime`. */
export function newestFirst(info: LogTableInfo, alias: string): RawBuilder<unknown> {
  return sql`${column(alias, info.columns.byTime)} DESC, ${column(alias, info.columns.id)} DESC`;
}

/** `(ByTime, ID) < (t, id)`: the rows strictly older than a given row, in log order. */
export function olderThan(info: LogTableInfo, alias: string, byTime: unknown, id: unknown): RawBuilder<boolean> {
  return sql<boolean>`(${column(alias, info.columns.byTime)}, ${column(alias, info.columns.id)}) < (${byTime}, ${id})`;
}

export function snapshotOf(info: LogTableInfo, row: LogRow): LogSnapshot {
  const values: Record<string, FieldValue> = {};
  for (const field of info.fieldNames) values[field] = fieldValue(row[field]);
  const cue = info.columns.changeCue ? row[info.columns.changeCue] : null;
  return { changeCue: normalizeChangeCue(cue).cue, values };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * {@link toFieldValue}, with the values a log row is mostly made of (text, NULL, integers that
 * fit) answered first: a history page normalises every field of every row it reads.
 */
function fieldValue(raw: unknown): FieldValue {
  if (typeof raw === 'string' || raw === null) return raw;
  if (typeof raw === 'bigint' && raw <= MAX_SAFE && raw >= MIN_SAFE) return Number(raw);
  return toFieldValue(raw);
}

/** {@link toRecordId}, with integers that fit answered first. */
function recordIdOf(raw: unknown): RecordId | null {
  if (typeof raw === 'bigint' && raw <= MAX_SAFE && raw >= MIN_SAFE) return Number(raw);
  return toRecordId(raw);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written at `text[start..end)` in decimal digits, or -1 if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The ISO form of the commonest stored shape, `YYYY-MM-DD HH:MM:SS` (or with a `T`), as the time
 * codec would decode it, without its parsing: null for any other value, or for a date or time out
 * of range (the codec decides those, as JavaScript's Date rolls a 31 February over).
 */
function plainUtcTime(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length !== 19) return null;
  const sep = raw.charCodeAt(10);
  if (raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84)) return null;
  if (raw.charCodeAt(13) !== 58 || raw.charCodeAt(16) !== 58) return null;
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 7);
  const day = digits(raw, 8, 10);
  const hour = digits(raw, 11, 13);
  const minute = digits(raw, 14, 16);
  const second = digits(raw, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return null;
  }
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return null;
  return `${raw.slice(0, 10)}T${raw.slice(11)}.000Z`;
}

const DAY_MS = 86_400_000;
/** 0000-01-01 and 10000-01-01 in epoch milliseconds: the years ISO text writes in four digits. */
const FIRST_4_DIGIT_YEAR = new Date('0000-01-01T00:00:00Z').getTime();
const PAST_4_DIGIT_YEARS = new Date('+010000-01-01T00:00:00Z').getTime();

function pad(n: number, width: number): string {
  const text = String(n);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}

/**
 * `Date.prototype.toISOString` (what the codec decodes a native timestamp with), written from the
 * instant's day, which consecutive entries mostly share, and its time of day: a PostgreSQL page
 * has a timestamp per entry, and the native method costs as much as the rest of the entry. Null
 * outside the years 0000–9999 (and for an invalid date), which the codec is left to decide.
 */
function isoOfDate(memo: PageMemo, date: Date): string | null {
  const time = date.getTime();
  if (!(time >= FIRST_4_DIGIT_YEAR && time < PAST_4_DIGIT_YEARS)) return null;
  const day = Math.floor(time / DAY_MS);
  if (day !== memo.day) {
    memo.day = day;
    memo.dayText = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T`;
  }
  const ms = time - day * DAY_MS;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `${memo.dayText}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(ms % 1000, 3)}Z`;
}

/** An entry's `ByTime` as ISO 8601 UTC, as the table's time codec decodes it. */
function entryTime(memo: PageMemo, raw: unknown, codec: TimeCodec): string {
  const fast = raw instanceof Date ? isoOfDate(memo, raw) : plainUtcTime(raw);
  return fast ?? codec.decode(raw);
}

/**
 * A function that makes the snapshot object an entry shows from its values in field order,
 * leaving hidden fields out. Plain assignment is the fast way (this runs for every entry of every
 * page); a table with a column named `__proto__`, which assignment would turn into the object's
 * prototype, gets its properties defined instead. (Generating code from the column names would be
 * faster still; names come from the database, so no code is made from them.)
 */
function snapshotMaker(fields: readonly string[], sensitivity: readonly Sensitivity[]): (values: readonly FieldValue[]) => Record<string, FieldValue> {
  const shown = fields.flatMap((field, i) => (sensitivity[i] === 'hidden' ? [] : [i]));
  const names = shown.map((i) => fields[i]!);
  if (names.includes('__proto__')) {
    return (values) => {
      const result: Record<string, FieldValue> = {};
      shown.forEach((i, k) => Object.defineProperty(result, names[k]!, { value: values[i], enumerable: true, writable: true, configurable: true }));
      return result;
    };
  }
  return (values) => {
    const result: Record<string, FieldValue> = {};
    for (let k = 0; k < shown.length; k++) result[names[k]!] = values[shown[k]!]!;
    return result;
  };
}

/** What every entry of a table needs to know about its fields, worked out once per table. */
interface FieldPlan {
  sensitivity: Sensitivity[];
  /** Whether any field is hidden or masked (if not, a snapshot is shown exactly as read). */
  anySensitive: boolean;
  /** The shown snapshot from values in field order (see {@link snapshotMaker}). */
  make: (values: readonly FieldValue[]) => Record<string, FieldValue>;
}

const plans = new WeakMap<LogTableInfo, FieldPlan>();

function fieldPlan(info: LogTableInfo): FieldPlan {
  let plan = plans.get(info);
  if (!plan) {
    const sensitivity = info.fieldNames.map((field) => info.sensitivityOf(field));
    plan = { sensitivity, anySensitive: sensitivity.some((s) => s !== 'none'), make: snapshotMaker(info.fieldNames, sensitivity) };
    plans.set(info, plan);
  }
  return plan;
}

/** A log row as an entry needs it: its cue and its snapshot's values in field order. */
interface ReadRow {
  cue: ReturnType<typeof normalizeChangeCue>;
  values: FieldValue[];
}

/** A page's worth of work shared between its entries: masks and cue spellings. */
interface PageMemo {
  /** Masked values by clear value: consecutive snapshots mostly repeat a value, masked once. */
  masks: Map<FieldValue, FieldValue>;
  cues: Map<unknown, ReturnType<typeof normalizeChangeCue>>;
  /** The last day a native timestamp fell on (in days since the epoch), and its ISO text. */
  day: number;
  dayText: string;
  /** Long texts cut once per page: consecutive snapshots mostly repeat a long text unchanged. */
  cuts: CutMemo;
}

function readRow(info: LogTableInfo, memo: PageMemo, row: LogRow): ReadRow {
  const fields = info.fieldNames;
  const values: FieldValue[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) values[i] = fieldValue(row[fields[i]!]);
  return { cue: memoCue(info, memo, row), values };
}

function memoCue(info: LogTableInfo, memo: PageMemo, row: LogRow): ReturnType<typeof normalizeChangeCue> {
  const raw = info.columns.changeCue ? row[info.columns.changeCue] : null;
  let cue = memo.cues.get(raw);
  if (!cue) {
    cue = normalizeChangeCue(raw);
    memo.cues.set(raw, cue);
  }
  return cue;
}

function memoMask(memo: PageMemo, value: FieldValue): FieldValue {
  let masked = memo.masks.get(value);
  if (masked === undefined) {
    masked = maskValue(value);
    memo.masks.set(value, masked);
  }
  return masked;
}

/**
 * The snapshot an entry shows, by field name in field order: as `redactValues` leaves it (hidden
 * fields left out, masked ones masked unless revealed), with masks shared across the page, and
 * then long texts cut unless `whole`.
 */
function shownSnapshot(plan: FieldPlan, memo: PageMemo, values: readonly FieldValue[], reveal: boolean, whole: boolean): Record<string, FieldValue> {
  let shown = values;
  if (plan.anySensitive && !reveal) {
    const masked: FieldValue[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) masked[i] = plan.sensitivity[i] === 'masked' ? memoMask(memo, values[i]!) : values[i]!;
    shown = masked;
  }
  // Hidden fields are left out of the snapshot: no need to cut (and digest) them.
  if (!whole) shown = cutValueList(shown, memo.cuts, (i) => plan.sensitivity[i] === 'hidden');
  return plan.make(shown);
}

/** How entries are built. */
export interface BuildOptions {
  /**
   * Hand long texts out whole instead of cut (one entry at a time: `getEntries` with
   * `wholeValues`, `getFullValue`, exports). The narrative is told from the cut values either way,
   * so an entry reads the same whichever way it was read.
   */
  wholeValues?: boolean;
}

/**
 * History entries for a page of log rows: `previous[i]` is the record's entry just before
 * `rows[i]` in the whole log (null for its first). A row that is both an entry and the entry
 * above's predecessor (the usual case) is read once.
 */
export function buildEntries(
  info: LogTableInfo,
  rows: readonly LogRow[],
  previous: ReadonlyArray<LogRow | null>,
  codec: TimeCodec,
  reveal: boolean,
  options: BuildOptions = {},
): HistoryEntry[] {
  const plan = fieldPlan(info);
  const memo: PageMemo = { masks: new Map(), cues: new Map(), day: Number.NaN, dayText: '', cuts: new Map() };
  const whole = options.wholeValues === true;
  const entries: HistoryEntry[] = new Array(rows.length);
  // From the bottom of the page up, so the row below each entry has been read already.
  let below: ReadRow | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    const before = previous[i] ?? null;
    const current = readRow(info, memo, row);
    const previousRead = before === null ? null : before === rows[i + 1] && below ? below : readRow(info, memo, before);
    entries[i] = entryOf(info, plan, memo, row, current, previousRead, codec, reveal, whole);
    below = current;
  }
  return entries;
}

function entryOf(
  info: LogTableInfo,
  plan: FieldPlan,
  memo: PageMemo,
  row: LogRow,
  current: ReadRow,
  previous: ReadRow | null,
  codec: TimeCodec,
  reveal: boolean,
  whole: boolean,
): HistoryEntry {
  const { columns } = info;
  const { cue } = current;
  const diff = diffValues(cue.cue, current.values, previous ? previous.values : null, info.fieldNames);
  const shownChanges = plan.anySensitive
    ? diff.changes.map((c) => redactChange(c, info.sensitivityOf(c.field), reveal))
    : diff.changes;
  const cutChanges = shownChanges.map((c) => cutChange(c, memo.cuts));
  const changes = whole ? shownChanges : cutChanges;
  const byName = columns.byName ? fieldValue(row[columns.byName]) : null;
  return {
    logId: recordIdOf(row[columns.id]) ?? '',
    recordId: recordIdOf(row[columns.parentKey]) ?? '',
    byId: columns.byId ? recordIdOf(row[columns.byId]) : null,
    byName: byName === null ? null : String(byName),
    byTime: entryTime(memo, row[columns.byTime], codec),
    changeCue: cue.cue,
    changeCueText: cue.text,
    legacy: diff.legacy,
    previousKnown: diff.previousKnown,
    snapshot: shownSnapshot(plan, memo, current.values, reveal, whole),
    changes,
    narrative: narrate({ changeCue: cue.cue, legacy: diff.legacy, previousKnown: diff.previousKnown, changes: cutChanges }),
  };
}
