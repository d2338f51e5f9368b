/**
 * The entries of a record's log as the properties window holds them: its own (`getHistory`'s
 * HistoryEntry) or, with its related records, each naming its table, record and title
 * (`getRelatedHistory`'s ActivityEntry). Log ids are per log, so an entry is known by its table
 * and its log id together.
 */
import type { RelatedTable } from '../../shared/contract';
import type { ActivityEntry, HistoryEntry, LoggedTable, TableRelation } from '../../shared/domain';
import { narrateInFamily } from '../../shared/narrative';
import { formatValue } from '../../shared/values';

/** The Entity column is one line: a title longer than this is cut (its record shows it whole). */
const TITLE_LENGTH = 120;

/** An entry of a record's log, own or related. */
export type LogEntry = HistoryEntry & Partial<Pick<ActivityEntry, 'table' | 'title'>>;

/** The entry's table: its own (`table`) when it does not name one. */
export function tableOf(entry: LogEntry, ownTable: string): string {
  return entry.table ?? ownTable;
}

/** Whether the entry is a related record's (not the record's own). */
export function isRelated(entry: LogEntry, ownTable: string): entry is ActivityEntry {
  return entry.table !== undefined && entry.table !== ownTable;
}

/** A key unique across the logs read (React keys, element ids). */
export function entryKey(entry: LogEntry, ownTable: string): string {
  return isRelated(entry, ownTable) ? `${entry.table}\u0000${String(entry.logId)}` : String(entry.logId);
}

/** Whether two entries are of the same record (only those can be compared side by side). */
export function sameRecord(a: LogEntry, b: LogEntry, ownTable: string): boolean {
  return tableOf(a, ownTable) === tableOf(b, ownTable) && String(a.recordId) === String(b.recordId);
}

/** Whether the entry is the one an address names (its log id, and its table: null the record's own). */
export function isEntry(entry: LogEntry, ownTable: string, logId: string, table: string | null): boolean {
  return String(entry.logId) === logId && tableOf(entry, ownTable) === (table ?? ownTable);
}

/**
 * The family's tables as seen so far, the record's own first: a page's `family` may name fewer
 * (an Entity filter), and the Entity filter must still offer every table it once offered.
 */
export function mergeFamily(known: readonly RelatedTable[], page: readonly RelatedTable[]): RelatedTable[] {
  const byName = new Map(known.map((t) => [t.table, t]));
  for (const t of page) byName.set(t.table, t);
  return [...byName.values()].sort((a, b) => a.depth - b.depth);
}

/**
 * "Contact · Jane Smith": the Entity column's text (an untitled record by its id); the record's
 * own entries "Customer · this record" (its title is the window's heading already).
 */
export function entityText(entry: LogEntry, ownTable: string): string {
  const table = tableOf(entry, ownTable);
  if (!isRelated(entry, ownTable)) return `${table} · this record`;
  const title = entry.title === undefined || entry.title === null || entry.title.trim() === '' ? String(entry.recordId) : formatValue(entry.title, { maxLength: TITLE_LENGTH });
  return `${table} · ${title}`;
}

/** The entry's sentences as its log tells them: a related record's headed by its name (shared/narrative.ts). */
export function familyNarrative(entry: LogEntry, ownTable: string | undefined): string[] {
  if (ownTable === undefined || !isRelated(entry, ownTable)) return entry.narrative;
  return narrateInFamily(entry, ownTable);
}

/**
 * The record whose whole story holds this entry of a child (Contact → its Customer): the parent
 * its snapshot names after the entry, by the first relation of its table. Null where the table
 * belongs to none, or the snapshot does not name a parent plainly (empty, cut, masked, binary):
 * a story is opened only where the log proves which record it is.
 */
export function storyOwnerOf(entry: ActivityEntry, relations: readonly TableRelation[], tables: readonly LoggedTable[]): { table: string; id: string } | null {
  const fields = tables.find((t) => t.name === entry.table)?.fields ?? [];
  for (const relation of relations) {
    if (relation.child !== entry.table) continue;
    // A masked or hidden column's value is not the id it stands for.
    if (fields.find((f) => f.name === relation.column)?.sensitivity !== 'none') continue;
    const value = entry.snapshot[relation.column];
    if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))) {
      return { table: relation.parent, id: String(value) };
    }
  }
  return null;
}
