/**
 * What a log entry changed (docs/data-model.md, "What changed means"). Each log row is a full snapshot of
 * the record after the change, so what changed is found by comparing it with the record's previous
 * snapshot in time — never with the previous row on screen, which a filter may have hidden.
 */
import type { ChangeCue, FieldChange, FieldValue, HistoryEntry } from './domain';
import { isEmptyValue, sameValue } from './values';

/** One log row as the diff needs it: its cue and its raw snapshot values (before any masking). */
export interface LogSnapshot {
  changeCue: ChangeCue;
  values: Record<string, FieldValue>;
}

/**
 * True when every snapshot field is null: a legacy row from older logging that recorded who and
 * when but not the values. A table without snapshot fields has nothing to be legacy about, so it
 * is never legacy (otherwise every one of its rows would be flagged).
 */
export function isLegacySnapshot(values: Record<string, FieldValue>, fields: readonly string[]): boolean {
  if (fields.length === 0) return false;
  for (const field of fields) if ((values[field] ?? null) !== null) return false;
  return true;
}

/** What one log entry changed. */
export interface EntryDiff {
  /** The changed fields, in the order of `fields`. Values are raw: masking happens afterwards. */
  changes: FieldChange[];
  /** The entry itself is a legacy row: what it changed is unknown. */
  legacy: boolean;
  /** There is a usable previous entry (it exists and is not legacy). */
  previousKnown: boolean;
}

/**
 * Compares a log entry with the record's previous entry in time (`previous`, null for the first).
 * The caller must pass the true previous entry even when filters hide it on screen.
 *
 * - Legacy entry: no changes, `legacy: true`.
 * - `Unchanged`: no changes, even if the values differ (the cue is what the application logged).
 * - `Deleted`: every non-empty field, as removed (`old` = its last value, `new` = null).
 * - `Added`: every non-empty field, as set from empty (`old` = null: the record was created).
 * - No usable previous entry ({@link isFirstRecorded}): every non-empty field, as first recorded
 *   (`old` = null, `oldKnown: false`: what it was before is unknown, not empty).
 * - `Modified`/`Other`: the fields whose value is not {@link sameValue} as before.
 */
export function diffEntry(entry: LogSnapshot, previous: LogSnapshot | null, fields: readonly string[]): EntryDiff {
  const valuesOf = (snapshot: LogSnapshot): FieldValue[] => fields.map((field) => snapshot.values[field] ?? null);
  return diffValues(entry.changeCue, valuesOf(entry), previous ? valuesOf(previous) : null, fields);
}

/**
 * {@link diffEntry} over snapshots given as arrays of values in the order of `fields` (what a page
 * of log rows is read into: a history page diffs every entry it shows, so this runs hot).
 */
export function diffValues(
  changeCue: ChangeCue,
  current: readonly FieldValue[],
  previous: readonly FieldValue[] | null,
  fields: readonly string[],
): EntryDiff {
  const previousKnown = previous !== null && !isLegacyValues(previous);
  if (isLegacyValues(current)) return { changes: [], legacy: true, previousKnown };
  if (changeCue === 'Unchanged') return { changes: [], legacy: false, previousKnown };

  const changes: FieldChange[] = [];
  if (changeCue === 'Deleted') {
    for (let i = 0; i < fields.length; i++) {
      const value = current[i]!;
      if (!isEmptyValue(value)) changes.push({ field: fields[i]!, old: value, new: null });
    }
  } else if (changeCue === 'Added') {
    for (let i = 0; i < fields.length; i++) {
      const value = current[i]!;
      if (!isEmptyValue(value)) changes.push({ field: fields[i]!, old: null, new: value });
    }
  } else if (!previousKnown) {
    for (let i = 0; i < fields.length; i++) {
      const value = current[i]!;
      if (!isEmptyValue(value)) changes.push({ field: fields[i]!, old: null, new: value, oldKnown: false });
    }
  } else {
    for (let i = 0; i < fields.length; i++) {
      const old = previous[i]!;
      const value = current[i]!;
      if (!sameValue(old, value)) changes.push({ field: fields[i]!, old, new: value });
    }
  }
  return { changes, legacy: false, previousKnown };
}

/**
 * Whether an entry is where the log first recorded the record's values, with nothing known of them
 * before: an entry with no usable previous entry (the log starts after the record existed, or the
 * entry before is a legacy row) that is not the record's creation (`Added`: its old values were
 * empty), its deletion or an `Unchanged` save (which report no values as set), nor itself legacy.
 * Its changes carry `oldKnown: false`; it must never read as "changed from empty", and its person
 * is not credited with setting the values (docs/data-model.md).
 */
export function isFirstRecorded(entry: Pick<HistoryEntry, 'changeCue' | 'legacy' | 'previousKnown'>): boolean {
  return !entry.legacy && !entry.previousKnown && (entry.changeCue === 'Modified' || entry.changeCue === 'Other');
}

/** Whether a change's old value is known (it is, unless the change says `oldKnown: false`). */
export function isOldKnown(change: Pick<FieldChange, 'oldKnown'>): boolean {
  return change.oldKnown !== false;
}

/** {@link isLegacySnapshot} of values in field order. */
function isLegacyValues(values: readonly FieldValue[]): boolean {
  if (values.length === 0) return false;
  for (const value of values) if (value !== null) return false;
  return true;
}
