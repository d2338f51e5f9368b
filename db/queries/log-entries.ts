/**
 * Turns log rows into history entries: the change is computed on the raw values against the
 * record's true previous entry, and only then are sensitive values masked or withheld, so a change
 * to a masked field still shows as a change and no clear value leaves the data layer.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../shared/change-cue';
import { diffEntry, type LogSnapshot } from '../../shared/diff';
import type { FieldValue, HistoryEntry } from '../../shared/domain';
import { narrate } from '../../shared/narrative';
import { redactChange, redactValues } from '../../shared/sensitivity';
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
  for (const field of info.fieldNames) values[field] = toFieldValue(row[field]);
  const cue = info.columns.changeCue ? row[info.columns.changeCue] : null;
  return { changeCue: normalizeChangeCue(cue).cue, values };
}

export function buildEntry(
  info: LogTableInfo,
  row: LogRow,
  previous: LogRow | null,
  codec: TimeCodec,
  reveal: boolean,
): HistoryEntry {
  const current = snapshotOf(info, row);
  const diff = diffEntry(current, previous ? snapshotOf(info, previous) : null, info.fieldNames);
  const changes = diff.changes.map((c) => redactChange(c, info.sensitivityOf(c.field), reveal));
  const cue = normalizeChangeCue(info.columns.changeCue ? row[info.columns.changeCue] : null);
  const byName = info.columns.byName ? toFieldValue(row[info.columns.byName]) : null;
  return {
    logId: toRecordId(row[info.columns.id]) ?? '',
    recordId: toRecordId(row[info.columns.parentKey]) ?? '',
    byId: info.columns.byId ? toRecordId(row[info.columns.byId]) : null,
    byName: byName === null ? null : String(byName),
    byTime: codec.decode(row[info.columns.byTime]),
    changeCue: cue.cue,
    changeCueText: cue.text,
    legacy: diff.legacy,
    previousKnown: diff.previousKnown,
    snapshot: redactValues(current.values, info.sensitivityOf, reveal),
    changes,
    narrative: narrate({ changeCue: cue.cue, legacy: diff.legacy, previousKnown: diff.previousKnown, changes }),
  };
}
