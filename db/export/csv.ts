/**
 * The CSV writer: RFC 4180 (fields with a comma, quote, CR or LF quoted, quotes doubled, CRLF
 * after every line), UTF-8 with a byte-order mark first so spreadsheet programs do not read it as
 * their own code page. One line per field change; an entry that changed nothing (Unchanged, a
 * legacy row) still gets one line, with the field columns empty, so every entry is in the file.
 *
 * Every text that came from the log (names, ids, table, field, values, even the time) is hostile
 * input to the spreadsheet that opens the file: a cell starting with `=`, `+`, `-`, `@`, a tab or
 * a CR would be run as a formula (OWASP "CSV injection"), so such a cell gets a leading `'`, which
 * spreadsheets take as "this is text" (spreadsheetText). Values that are JavaScript numbers are
 * written as they are: a negative number is not a formula. JSON Lines carries the raw values.
 */
import { isOldKnown } from '../../shared/diff';
import type { ActivityEntry, FieldValue, HistoryEntry, HowMadePart } from '../../shared/domain';
import { CSV_COLUMNS, HIDDEN_VALUE_TEXT, NOT_RECORDED_TEXT, UNKNOWN_OLD_VALUE_TEXT } from '../../shared/export-contract';
import { HOW_MADE_LABELS, UNKNOWN_HOW_MADE_TEXT } from '../../shared/how-made';
import { unreadableTimeText } from '../../shared/instant-text';

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

/** What a spreadsheet would read as the start of a formula (or, tab and CR, hide one behind). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text as a spreadsheet shows it, never runs it: a leading `'` before a formula's first character. */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell of text or a number: text made spreadsheet-safe, a number as JavaScript writes it. */
function cell(value: string | number): string {
  return typeof value === 'number' ? String(value) : spreadsheetText(value);
}

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
 * The header of an export whose logs record parts of how a change was made: each such part gets a
 * column after the common ones (Method, Application, IP address, Correlation ID), so a file of logs
 * that record none is as it always was.
 */
export function csvHeader(howMade: readonly HowMadePart[] = []): string {
  return howMade.length === 0 ? CSV_HEADER : BOM + csvLine([...CSV_COLUMNS, ...howMade.map((part) => HOW_MADE_LABELS[part])]);
}

/** An entry's how-made cells: its value, `(unknown)` for a NULL, `(not recorded)` where its log lacks the column. */
function howMadeCells(entry: HistoryEntry, howMade: readonly HowMadePart[]): string[] {
  return howMade.map((part) => {
    if (!entry.made || !Object.hasOwn(entry.made, part)) return NOT_RECORDED_TEXT;
    const value = entry.made[part];
    return value === null || value === undefined ? UNKNOWN_HOW_MADE_TEXT : cell(value);
  });
}

/**
 * A value as a cell: text in full (line breaks kept, quoted; a leading `'` before a formula),
 * numbers and booleans as JavaScript writes them, empty for null, a binary value as its
 * description (its bytes never leave the data layer). Masked values arrive masked and are written
 * exactly so.
 */
export function csvValue(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    // The exporter writes whole values: a cut one here would pass its beginning off as the whole.
    if (value.kind === 'truncated') throw new Error('A cut value reached the CSV writer; exports must write whole values.');
    return `binary data (${value.bytes} bytes, digest ${value.digest})`;
  }
  if (typeof value === 'boolean') return String(value);
  return cell(value);
}

/**
 * The lines of one entry: one per field change, or one with empty field columns. The cells the
 * lines share (who, when, the record; how it was made) are quoted and joined once per entry, not
 * once per line: an export writes millions of lines.
 */
export function entryCsvLines(entry: HistoryEntry | ActivityEntry, table: string, howMade: readonly HowMadePart[] = []): string {
  const head =
    csvField(cell(entry.byTime ?? unreadableTimeText(entry.storedTime))) +
    ',' +
    csvField(cell(entry.byName ?? '')) +
    ',' +
    (entry.byId === null ? '' : csvField(cell(entry.byId))) +
    ',' +
    csvField(cell(table)) +
    ',' +
    csvField(cell(entry.recordId)) +
    ',' +
    csvField(cell(entry.logId)) +
    ',' +
    csvField(cell(entry.changeCue)) +
    ',';
  const made = howMade.length === 0 ? CRLF : `,${howMadeCells(entry, howMade).map(csvField).join(',')}${CRLF}`;
  if (entry.changes.length === 0) return `${head},,${made}`;
  let text = '';
  for (const change of entry.changes) {
    const hidden = change.redacted === 'hidden';
    // Unknown is not empty (nor hidden: nothing was there to hide), whatever the field.
    const old = !isOldKnown(change) ? UNKNOWN_OLD_VALUE_TEXT : hidden ? HIDDEN_VALUE_TEXT : csvValue(change.old);
    const now = hidden ? HIDDEN_VALUE_TEXT : csvValue(change.new);
    text += `${head}${csvField(cell(change.field))},${csvField(old)},${csvField(now)}${made}`;
  }
  return text;
}

/** How many CSV lines an entry makes. */
export function entryCsvLineCount(entry: HistoryEntry): number {
  return Math.max(1, entry.changes.length);
}
