/**
 * The Changes view's rows: a page of log entries flattened into one row per field change, so a
 * log reads as a flat grid (when, who, field, old → new). The log is still read by entries (the
 * data layer's pages and cursor), and each entry becomes its rows, so paging stays exact: no
 * change is lost or repeated between pages. An entry that names no field change (a deletion, an
 * `Unchanged` save, a legacy row, a save that changed nothing) is one row that says so.
 */
import type { FieldChange, HistoryEntry } from '../../shared/domain';

export interface ChangeRow<E extends HistoryEntry = HistoryEntry> {
  entry: E;
  /** The entry's place in the log as read (what the entries view selects). */
  entryIndex: number;
  /** The field change, or null for an entry told in one row (deleted, unchanged, legacy…). */
  change: FieldChange | null;
  key: string;
}

/**
 * The rows of `entries`, in the log's order, each entry's changes in field order. `keyOf` names an
 * entry uniquely (its log id; with its table where the entries come from several logs).
 */
export function changeRows<E extends HistoryEntry>(entries: readonly E[], keyOf: (entry: E) => string = (e) => String(e.logId)): ChangeRow<E>[] {
  const rows: ChangeRow<E>[] = [];
  entries.forEach((entry, entryIndex) => {
    const key = keyOf(entry);
    // A deletion is one row (marked once): its "changes" are every last value, not edits.
    if (entry.changeCue === 'Deleted' || entry.changes.length === 0) {
      rows.push({ entry, entryIndex, change: null, key });
      return;
    }
    for (const change of entry.changes) rows.push({ entry, entryIndex, change, key: `${key}:${change.field}` });
  });
  return rows;
}
