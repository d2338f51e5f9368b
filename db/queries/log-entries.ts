/**
 * Turns log rows into history entries: the change is computed on the raw values against the
 * record's true previous entry, and only then are sensitive values masked or withheld, so a change
 * to a masked field still shows as a change and no clear value leaves the data layer. Last of all,
 * long texts are cut (db/cut-values.ts), unless the whole values were asked for.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../shared/change-cue';
import { diffValues, type LogSnapshot } from '../../shared/diff';
import type { FieldValue, HistoryEntry, HowMade, HowMadePart, RecordId, Sensitivity } from '../../shared/domain';
import { HOW_MADE_PARTS } from '../../shared/how-made';
import { narrate } from '../../shared/narrative';
import { maskValue, redactChange } from '../../shared/sensitivity';
import { cutChange, cutValueList, type CutMemo } from '../cut-values';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { daysInMonth, digitsAt, StoredTimestamp, type Instant, type TimeCodec } from '../time-codec';
import { toFieldValue, toRecordId } from '../values';

export type LogRow = Record<string, unknown>;

/** The sort order of every log read: newest first, the log id breaking ties in `ByTime`. */
export function newestFirst(info: LogTableInfo, alias: string): RawBuilder<unknown> {
  return sql`${column(alias, info.columns.byTime)} DESC, ${column(alias, info.columns.id)} DESC`;
}

/**
 * `(ByTime, ID) < (t, id)`: the rows strictly older than a given row, in log order. Where the
 * column may hold NULL, those rows sit where the engine sorts NULL in {@link newestFirst} (see
 * `LogTableInfo.nullTimes`), and a row comparison with NULL is never true, so they are placed
 * explicitly. `timeIsNull` says whether `byTime` is NULL (pass it when `byTime` is a slot of a
 * compiled query rather than the value itself).
 */
export function olderThan(info: LogTableInfo, alias: string, byTime: unknown, id: unknown, timeIsNull = byTime === null): RawBuilder<boolean> {
  const t = column(alias, info.columns.byTime);
  const i = column(alias, info.columns.id);
  if (timeIsNull) {
    // After a row without a time: the other such rows by id, and (when they come first) every row with one.
    return info.nullTimes === 'newest' ? sql<boolean>`(${t} IS NOT NULL OR ${i} < ${id})` : sql<boolean>`(${t} IS NULL AND ${i} < ${id})`;
  }
  const older = sql<boolean>`(${t}, ${i}) < (${byTime}, ${id})`;
  return info.nullTimes === 'oldest' ? sql<boolean>`(${older} OR ${t} IS NULL)` : older;
}

/** {@link olderThan} between two aliases of the log: rows of `alias` strictly older than the row of `than`. */
export function olderThanRow(info: LogTableInfo, alias: string, than: string): RawBuilder<boolean> {
  const { byTime, id } = info.columns;
  const [t, i, tt, ti] = [column(alias, byTime), column(alias, id), column(than, byTime), column(than, id)];
  const older = sql<boolean>`(${t}, ${i}) < (${tt}, ${ti})`;
  if (info.nullTimes === 'none') return older;
  return info.nullTimes === 'newest'
    ? sql<boolean>`(${older} OR (${tt} IS NULL AND (${t} IS NOT NULL OR ${i} < ${ti})))`
    : sql<boolean>`(${older} OR (${t} IS NULL AND (${tt} IS NOT NULL OR ${i} < ${ti})))`;
}

/** Whether a row's snapshot holds no value at all (a legacy row: nothing to restore or stand on). */
export function isAllNull(info: LogTableInfo, row: LogRow): boolean {
  return info.fieldNames.every((f) => row[f] === null || row[f] === undefined);
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

/**
 * The {@link Instant} of the commonest stored shapes, `YYYY-MM-DD HH:MM:SS` (or with a `T`), with
 * an optional fraction and a `Z` or `+00` (what PostgreSQL writes in a UTC session), exactly as the
 * time codec would decode it but without its parsing: a history page decodes a time per entry.
 * Null for any other text, or a date or time out of range (the codec decides those).
 */
function plainUtcTime(text: string): Instant | null {
  const length = text.length;
  if (length < 19) return null;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84)) return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  // The fraction's digits, then at most a UTC marker.
  let end = 19;
  if (end < length && text.charCodeAt(end) === 46) {
    end += 1;
    while (end < length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end += 1;
    if (end === 20 || end > 29) return null;
  }
  const zone = text.slice(end);
  if (zone !== '' && zone !== 'Z' && zone !== '+00' && zone !== '+00:00') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return null;
  }
  if (day > daysInMonth(year, month)) return null;
  const fraction = end > 19 ? text.slice(20, end) : '';
  // Milliseconds always; six or nine digits only where the fraction has them (as the codec writes).
  let shown: string;
  if (fraction.length <= 3) shown = fraction.padEnd(3, '0');
  else {
    const nine = fraction.padEnd(9, '0');
    shown = nine.endsWith('000000') ? nine.slice(0, 3) : nine.endsWith('000') ? nine.slice(0, 6) : nine;
  }
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${shown}Z`;
}

/** Stored text shown for an unreadable time is cut here: a broken value may be any size. */
const STORED_TIME_LENGTH = 100;

/** An entry's time: its instant or, when it cannot be read, null and the stored value as text. */
export function timeOf(raw: unknown, codec: TimeCodec): Pick<HistoryEntry, 'byTime' | 'storedTime'> {
  const byTime = entryTime(raw, codec);
  if (byTime !== null) return { byTime };
  return { byTime: null, storedTime: raw === null || raw === undefined ? null : String(raw).slice(0, STORED_TIME_LENGTH) };
}

/** An entry's `ByTime` as an {@link Instant} (null when unreadable), as the table's time codec decodes it. */
function entryTime(raw: unknown, codec: TimeCodec): Instant | null {
  const text = typeof raw === 'string' ? raw : raw instanceof StoredTimestamp ? raw.text : null;
  return (text !== null ? plainUtcTime(text) : null) ?? codec.decode(raw);
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

/** A how-made value longer than this is shown cut, with an ellipsis: such a column holds short codes. */
const HOW_MADE_CHARS = 1000;

/** The how-made parts a log records, with what each shows (hidden ones are left out), worked out once. */
const howMadePlans = new WeakMap<LogTableInfo, Array<{ part: HowMadePart; column: string; masked: boolean }>>();

function howMadePlan(info: LogTableInfo): Array<{ part: HowMadePart; column: string; masked: boolean }> {
  let plan = howMadePlans.get(info);
  if (!plan) {
    plan = HOW_MADE_PARTS.flatMap((part) => {
      const found = info.howMade[part];
      return found && found.sensitivity !== 'hidden' ? [{ part, column: found.column, masked: found.sensitivity === 'masked' }] : [];
    });
    howMadePlans.set(info, plan);
  }
  return plan;
}

/** The how-made parts a log's entries carry (those it records and nobody is denied), in display order. */
export function shownHowMadeParts(info: LogTableInfo): HowMadePart[] {
  return howMadePlan(info).map((p) => p.part);
}

/** One how-made value as text: null stays null (unknown); masked where the part is; never huge. */
export function howMadeValue(raw: unknown, masked: boolean): string | null {
  const value = fieldValue(raw);
  if (value === null) return null;
  let text = typeof value === 'object' ? (value.kind === 'binary' ? `binary data (${value.bytes} bytes)` : value.text) : String(value);
  if (masked) text = String(maskValue(text));
  return text.length > HOW_MADE_CHARS ? `${text.slice(0, HOW_MADE_CHARS)}…` : text;
}

/** How a log row's change was made, as far as its log records it (undefined: it records none). */
export function howMadeOf(info: LogTableInfo, row: LogRow, reveal: boolean): HowMade | undefined {
  const plan = howMadePlan(info);
  if (plan.length === 0) return undefined;
  const made: HowMade = {};
  for (const { part, column, masked } of plan) made[part] = howMadeValue(row[column], masked && !reveal);
  return made;
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
  /**
   * Build only what a CSV export writes (who, when, the cue and the changes, whole): the snapshot
   * is left empty and the narrative untold. Only with `wholeValues`.
   */
  changesOnly?: boolean;
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
  const memo: PageMemo = { masks: new Map(), cues: new Map(), cuts: new Map() };
  const whole = options.wholeValues === true;
  const changesOnly = whole && options.changesOnly === true;
  const entries: HistoryEntry[] = new Array(rows.length);
  // From the bottom of the page up, so the row below each entry has been read already.
  let below: ReadRow | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    const before = previous[i] ?? null;
    const current = readRow(info, memo, row);
    const previousRead = before === null ? null : before === rows[i + 1] && below ? below : readRow(info, memo, before);
    entries[i] = entryOf(info, plan, memo, row, current, previousRead, codec, reveal, whole, changesOnly);
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
  changesOnly = false,
): HistoryEntry {
  const { columns } = info;
  const { cue } = current;
  const diff = diffValues(cue.cue, current.values, previous ? previous.values : null, info.fieldNames);
  const shownChanges = plan.anySensitive
    ? diff.changes.map((c) => redactChange(c, info.sensitivityOf(c.field), reveal))
    : diff.changes;
  // Cut values only where something shows them: a page's changes, or the narrative.
  const cutChanges = whole && changesOnly ? shownChanges : shownChanges.map((c) => cutChange(c, memo.cuts));
  const changes = whole ? shownChanges : cutChanges;
  const byName = columns.byName ? fieldValue(row[columns.byName]) : null;
  const made = howMadeOf(info, row, reveal);
  return {
    logId: recordIdOf(row[columns.id]) ?? '',
    recordId: recordIdOf(row[columns.parentKey]) ?? '',
    byId: columns.byId ? recordIdOf(row[columns.byId]) : null,
    byName: byName === null ? null : String(byName),
    ...timeOf(row[columns.byTime], codec),
    changeCue: cue.cue,
    changeCueText: cue.text,
    legacy: diff.legacy,
    previousKnown: diff.previousKnown,
    snapshot: changesOnly ? {} : shownSnapshot(plan, memo, current.values, reveal, whole),
    changes,
    narrative: changesOnly ? [] : narrate({ changeCue: cue.cue, legacy: diff.legacy, previousKnown: diff.previousKnown, changes: cutChanges }),
    ...(made ? { made } : {}),
  };
}
