/**
 * The CSV writer: RFC 4180 (fields with a comma, quote, CR or LF quoted, quotes doubled, CRLF
 * after every line), UTF-8 with a byte-order mark first so spreadsheet programs do not read it as
 * their own code page. One line per field change; an entry that changed nothing (Unchanged, a
 * legacy row) still gets one line, with the field columns empty, so every entry is in the file.
 */
import type { ActivityEntry, FieldValue, HistoryEntry } from '../../shared/domain';
import { CSV_COLUMNS, HIDDEN_VALUE_TEXT } from '../../shared/export-contract';

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

/** One field, quoted when RFC 4180 needs it. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, CRLF included. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CRLF;
}

/** The header line, with the byte-order mark before it. */
export const CSV_HEADER = BOM + csvLine(CSV_COLUMNS);

/**
 * A value as a cell: text in full (line breaks kept, quoted), numbers and booleans as JavaScript
 * writes them, empty for null, a binary value as its description (its bytes never leave the data
 * layer). Masked values arrive masked and are written exactly so.
 */
export function csvValue(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    // The exporter writes whole values: a cut one here would pass its beginning off as the whole.
    if (value.kind === 'truncated') throw new Error('A cut value reached the CSV writer; exports must write whole values.');
    return `binary data (${value.bytes} bytes, digest ${value.digest})`;
  }
  return String(value);
}

/** The lines of one entry: one per field change, or one with empty field columns. */
export function entryCsvLines(entry: HistoryEntry | ActivityEntry, table: string): string {
  const head = [
    entry.byTime,
    entry.byName ?? '',
    entry.byId === null ? '' : String(entry.byId),
    table,
    String(entry.recordId),
    String(entry.logId),
    entry.changeCue,
  ];
  if (entry.changes.length === 0) return csvLine([...head, '', '', '']);
  let text = '';
  for (const change of entry.changes) {
    const hidden = change.redacted === 'hidden';
    text += csvLine([
      ...head,
      change.field,
      hidden ? HIDDEN_VALUE_TEXT : csvValue(change.old),
      hidden ? HIDDEN_VALUE_TEXT : csvValue(change.new),
    ]);
  }
  return text;
}

/** How many CSV lines an entry makes. */
export function entryCsvLineCount(entry: HistoryEntry): number {
  return Math.max(1, entry.changes.length);
}
