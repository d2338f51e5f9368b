/**
 * What of a record may leave the data layer: its values as the user may see them, and its title
 * made from those shown values only. Every view that shows or names a record (records, deleted
 * records, a deleted record's properties, activity and change sets, restore SQL comments) takes
 * them from here, so a hidden field never names a record and a masked one names it masked.
 */
import type { FieldValue } from '../../shared/domain';
import { redactValues } from '../../shared/sensitivity';
import type { LogTableInfo } from '../schema/catalog';
import { toTitleText } from '../values';

export interface ShownRecord {
  /** The title fields' shown values joined ("Ann Smith"), or null when none has one. */
  title: string | null;
  /** The values as the user may see them: hidden fields left out, masked ones masked unless revealed. */
  values: Record<string, FieldValue>;
}

/** A record's raw values (a base-table row or a log snapshot) as the user may see them, with its title. */
export function shownRecord(info: LogTableInfo, raw: Record<string, FieldValue>, reveal: boolean): ShownRecord {
  const values = redactValues(raw, info.sensitivityOf, reveal);
  return { title: titleOfShown(info, values), values };
}

/**
 * The title of a record from values already shown (a history entry's snapshot, or
 * {@link shownRecord}'s values): never from raw values. A hidden title field, which shown values
 * lack anyway, is skipped even if present.
 */
export function titleOfShown(info: LogTableInfo, shown: Readonly<Record<string, FieldValue>>): string | null {
  const parts: string[] = [];
  for (const field of info.titleFields) {
    if (info.sensitivityOf(field) === 'hidden' || !Object.hasOwn(shown, field)) continue;
    const text = toTitleText(shown[field] ?? null);
    if (text !== null) parts.push(text);
  }
  return parts.length ? parts.join(' ') : null;
}
