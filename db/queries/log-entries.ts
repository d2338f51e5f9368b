/**
 * Turns log rows into history entries: the change is computed on the raw values against the
 * record's true previous entry, and only then are sensitive values masked or withheld, so a change
 * to a masked field still shows as a change and no clear value leaves the data layer.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../shared/change-cue';
import { diffEntry, type LogSnapshot } from '../../shared/diff';
import type { FieldValue, HistoryEntry, RecordId, Sensitivity } from '../../shared/domain';
import { narrate } from '../../shared/narrative';
import { maskValue, redactChange } from '../../shared/sensitivity';
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

/** What every entry of a table needs to know about its fields, worked out once per table. */
interface FieldPlan {
  sensitivity: Sensitivity[];
  /** Whether any field is hidden or masked (if not, a snapshot is shown exactly as read). */
  anySensitive: boolean;
}

const plans = new WeakMap<LogTableInfo, FieldPlan>();

function fieldPlan(info: LogTableInfo): FieldPlan {
  let plan = plans.get(info);
  if (!plan) {
    const sensitivity = info.fieldNames.map((field) => info.sensitivityOf(field));
    plan = { sensitivity, anySensitive: sensitivity.some((s) => s !== 'none') };
    plans.set(info, plan);
  }
  return plan;
}

/** A page's worth of work shared between its entries: each row's snapshot, masks, cue spellings. */
interface PageMemo {
  snapshots: Map<LogRow, LogSnapshot>;
  /** Masked values by clear value: consecutive snapshots mostly repeat the same values. */
  masks: Map<FieldValue, FieldValue>;
  cues: Map<unknown, ReturnType<typeof normalizeChangeCue>>;
}

function memoSnapshot(info: LogTableInfo, memo: PageMemo, row: LogRow): LogSnapshot {
  let snapshot = memo.snapshots.get(row);
  if (!snapshot) {
    snapshot = { changeCue: memoCue(info, memo, row).cue, values: {} };
    for (const field of info.fieldNames) snapshot.values[field] = fieldValue(row[field]);
    memo.snapshots.set(row, snapshot);
  }
  return snapshot;
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

/** {@link redactValues} over a snapshot in field order, with masks shared across the page. */
function redactSnapshot(info: LogTableInfo, plan: FieldPlan, memo: PageMemo, values: Record<string, FieldValue>, reveal: boolean): Record<string, FieldValue> {
  const result: Record<string, FieldValue> = {};
  const fields = info.fieldNames;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const sensitivity = plan.sensitivity[i];
    if (sensitivity === 'hidden') continue;
    const value = values[field]!;
    result[field] = sensitivity === 'masked' && !reveal ? memoMask(memo, value) : value;
  }
  return result;
}

/**
 * History entries for a page of log rows: `previous[i]` is the record's entry just before
 * `rows[i]` in the whole log (null for its first). A row's snapshot is read once even when it is
 * both an entry and the next entry's predecessor.
 */
export function buildEntries(
  info: LogTableInfo,
  rows: readonly LogRow[],
  previous: ReadonlyArray<LogRow | null>,
  codec: TimeCodec,
  reveal: boolean,
): HistoryEntry[] {
  const memo: PageMemo = { snapshots: new Map(), masks: new Map(), cues: new Map() };
  const entries: HistoryEntry[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) entries[i] = entryOf(info, memo, rows[i]!, previous[i] ?? null, codec, reveal);
  return entries;
}

export function buildEntry(
  info: LogTableInfo,
  row: LogRow,
  previous: LogRow | null,
  codec: TimeCodec,
  reveal: boolean,
): HistoryEntry {
  return buildEntries(info, [row], [previous], codec, reveal)[0]!;
}

function entryOf(
  info: LogTableInfo,
  memo: PageMemo,
  row: LogRow,
  previous: LogRow | null,
  codec: TimeCodec,
  reveal: boolean,
): HistoryEntry {
  const plan = fieldPlan(info);
  const { columns } = info;
  const current = memoSnapshot(info, memo, row);
  const diff = diffEntry(current, previous ? memoSnapshot(info, memo, previous) : null, info.fieldNames);
  const changes = plan.anySensitive
    ? diff.changes.map((c) => redactChange(c, info.sensitivityOf(c.field), reveal))
    : diff.changes;
  const cue = memoCue(info, memo, row);
  const byName = columns.byName ? fieldValue(row[columns.byName]) : null;
  return {
    logId: recordIdOf(row[columns.id]) ?? '',
    recordId: recordIdOf(row[columns.parentKey]) ?? '',
    byId: columns.byId ? recordIdOf(row[columns.byId]) : null,
    byName: byName === null ? null : String(byName),
    byTime: plainUtcTime(row[columns.byTime]) ?? codec.decode(row[columns.byTime]),
    changeCue: cue.cue,
    changeCueText: cue.text,
    legacy: diff.legacy,
    previousKnown: diff.previousKnown,
    // Without sensitive fields the snapshot is shown as read (no other entry holds this object).
    snapshot: plan.anySensitive ? redactSnapshot(info, plan, memo, current.values, reveal) : current.values,
    changes,
    narrative: narrate({ changeCue: cue.cue, legacy: diff.legacy, previousKnown: diff.previousKnown, changes }),
  };
}
