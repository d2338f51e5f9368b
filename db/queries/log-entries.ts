/**
 * Turns log rows into history entries: the change is computed on the raw values against the
 * record's true previous entry, and only then are sensitive values masked or withheld, so a change
 * to a masked field still shows as a change and no clear value leaves the data layer.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../shared/change-cue';
import { diffEntry, type LogSnapshot } from '../../shared/diff';
import type { FieldValue, HistoryEntry, Sensitivity } from '../../shared/domain';
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
    logId: toRecordId(row[columns.id]) ?? '',
    recordId: toRecordId(row[columns.parentKey]) ?? '',
    byId: columns.byId ? toRecordId(row[columns.byId]) : null,
    byName: byName === null ? null : String(byName),
    byTime: codec.decode(row[columns.byTime]),
    changeCue: cue.cue,
    changeCueText: cue.text,
    legacy: diff.legacy,
    previousKnown: diff.previousKnown,
    snapshot: plan.anySensitive ? redactSnapshot(info, plan, memo, current.values, reveal) : { ...current.values },
    changes,
    narrative: narrate({ changeCue: cue.cue, legacy: diff.legacy, previousKnown: diff.previousKnown, changes }),
  };
}
