/**
 * Counting entries in an export as it streams through the browser (the web shell's download): the
 * server says up front how many entries the file holds (`X-Export-Total`), and this counts how
 * many have arrived. JSONL: one entry per line. CSV: one line per field change, so an entry is
 * counted when the line's `Table` and `Log ID` differ from the line before; the scanner follows
 * RFC 4180 quoting, so line breaks inside a quoted value are not mistaken for lines.
 */
import { CSV_LOG_ID_COLUMN, CSV_TABLE_COLUMN, type ExportFormat } from '../../shared/export-contract';

export interface EntryCounter {
  /** Feeds decoded text; returns the entries and lines completed so far. */
  push(text: string): { entries: number; rows: number };
}

export function createEntryCounter(format: ExportFormat): EntryCounter {
  let entries = 0;
  let rows = 0;
  if (format === 'jsonl') {
    return {
      push(text) {
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows += 1;
        entries = rows;
        return { entries, rows };
      },
    };
  }
  let header = true;
  let inQuotes = false;
  let quotePending = false;
  let column = 0;
  let field = '';
  let table = '';
  let logId = '';
  let lastKey: string | null = null;
  const endField = () => {
    if (column === CSV_TABLE_COLUMN) table = field;
    else if (column === CSV_LOG_ID_COLUMN) logId = field;
    field = '';
    column += 1;
  };
  const endLine = () => {
    endField();
    if (header) header = false;
    else {
      rows += 1;
      const key = `${table}\u0000${logId}`;
      if (key !== lastKey) entries += 1;
      lastKey = key;
    }
    column = 0;
  };
  const keep = () => column === CSV_TABLE_COLUMN || column === CSV_LOG_ID_COLUMN;
  return {
    push(text) {
      for (let i = 0; i < text.length; i += 1) {
        const c = text[i]!;
        if (inQuotes) {
          if (c === '"') {
            inQuotes = false;
            quotePending = true;
          } else if (keep()) field += c;
          continue;
        }
        if (c === '"') {
          // A quote right after a closing one is an escaped quote inside the value.
          if (quotePending && keep()) field += '"';
          inQuotes = true;
          quotePending = false;
          continue;
        }
        quotePending = false;
        if (c === ',') endField();
        else if (c === '\n') endLine();
        else if (c !== '\r' && c !== '\uFEFF' && keep()) field += c;
      }
      return { entries, rows };
    },
  };
}
