/**
 * Export: what is on screen (a record's filtered log, or the filtered activity) written out as a
 * file. Not a call of the main contract: an export is a stream (with progress and cancel), which
 * each shell carries its own way (HTTP response body, the desktop's save dialog and progress
 * events, the CLI's stdout). The types and the file's layout live here so every shell and the
 * renderer agree on them; the desktop's calls are a small contract of their own, declared below.
 */
import { defineContract, type CallOptions } from './contract-kit';
import type { ActivityFilter, HistoryFilter, RecordId } from './domain';

/**
 * What to export: the same filters the screen shows. `related` is a record's whole story, as the
 * log shows it with "With related records" (`getRelatedHistory`): each entry names its own table
 * and record in the file's Table and Record columns.
 */
export type ExportSource =
  | { kind: 'history'; table: string; id: RecordId; filter?: HistoryFilter }
  | { kind: 'related'; table: string; id: RecordId; depth?: number; filter?: HistoryFilter & { tables?: string[] } }
  | { kind: 'activity'; filter?: ActivityFilter };

/** CSV (one line per field change) or JSON Lines (one entry per line). */
export type ExportFormat = 'csv' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'jsonl'];

export interface ExportRequest {
  source: ExportSource;
  format: ExportFormat;
}

/** How far an export has got. */
export interface ExportProgress {
  /** Log entries written so far. */
  entries: number;
  /** Entries the export will hold, when known (counted on the first page). */
  total: number | null;
  /** Lines written so far (CSV: one per field change; JSONL: one per entry). */
  rows: number;
  /** Bytes written so far (UTF-8, the CSV's byte-order mark included). */
  bytes: number;
}

export interface ExportResult {
  entries: number;
  rows: number;
  bytes: number;
  /** The file's name (the web shell's download, or the file chosen in the desktop save dialog). */
  fileName: string;
}

/**
 * The CSV's columns. Times are UTC (ISO 8601) whatever the screen's time zone, so a file means
 * the same on every machine; `Log ID` names the log row, so a line can be traced back to it (and
 * lines of one entry told apart from the next entry's).
 */
export const CSV_COLUMNS = [
  'Time (UTC)',
  'Person',
  'Person ID',
  'Table',
  'Record',
  'Log ID',
  'Change cue',
  'Field',
  'Old value',
  'New value',
] as const;

/** The column the renderer watches to count entries in a CSV stream (see `Log ID`). */
export const CSV_TABLE_COLUMN = CSV_COLUMNS.indexOf('Table');
export const CSV_LOG_ID_COLUMN = CSV_COLUMNS.indexOf('Log ID');

/** Written where a hidden (password-like) field changed: the field is named, its values never appear. */
export const HIDDEN_VALUE_TEXT = '(hidden)';

/**
 * Written as the old value of a field the log first recorded (`oldKnown: false`: no usable entry
 * before, so what it held is unknown). An empty cell means a known empty value; this must never be
 * read as one. Parenthesised like {@link HIDDEN_VALUE_TEXT}, so it is no formula either.
 */
export const UNKNOWN_OLD_VALUE_TEXT = '(unknown: first recorded)';

/**
 * Written in a how-made column (Method, IP address, …) for an entry of a log that does not record
 * it (an export across logs of which only some do): the log says nothing about it, so the cell
 * must not read as empty. A NULL in a log that records it is `(unknown)` (shared/how-made.ts).
 */
export const NOT_RECORDED_TEXT = '(not recorded)';

export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/jsonl; charset=utf-8',
};

/**
 * The tables a story's export writes entries of: its family's, narrowed by the Entity filter (as
 * the related log resolves it, ignoring case). Both ways of reading an export (the data layer's
 * stream, the contract's pages) take the file's columns from these, so they write the same file.
 */
export function storyTables(family: ReadonlyArray<{ table: string }>, chosen: readonly string[] | undefined): string[] {
  const names = family.map((f) => f.table);
  if (!chosen || chosen.length === 0) return names;
  const wanted = new Set(chosen.map((t) => t.toLowerCase()));
  return names.filter((name) => wanted.has(name.toLowerCase()));
}

/** A file name that says what was exported and when: `Customer-1-log-20240101-0930.csv`. */
export function exportFileName(source: ExportSource, format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const what = source.kind === 'history' ? `${source.table}-${source.id}-log` : source.kind === 'related' ? `${source.table}-${source.id}-log-with-related` : 'activity';
  // Only characters every file system and the Content-Disposition header take as they are.
  return `${what.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.${format}`;
}

/** One line for people: what the export holds ("Customer 1's log · 1 Mar 2024 – … · by person 10"). */
export function describeExportSource(source: ExportSource): string {
  const filter = source.filter ?? {};
  const parts = [
    source.kind === 'history'
      ? `${source.table} ${source.id}'s log`
      : source.kind === 'related'
        ? `${source.table} ${source.id}'s log with its related records`
        : 'Activity across tables',
  ];
  if (source.kind === 'related' && source.filter?.tables?.length) parts.push(`tables ${source.filter.tables.join(', ')}`);
  if (source.kind === 'activity') {
    const f = source.filter ?? {};
    if (f.tables?.length) parts.push(`tables ${f.tables.join(', ')}`);
    if (f.cues?.length) parts.push(`cues ${f.cues.join(', ')}`);
    if (f.field) parts.push(`field ${f.field}`);
  }
  parts.push(filter.from || filter.to ? `${filter.from ?? '…'} – ${filter.to ?? '…'}${filter.timeZone ? ` (${filter.timeZone})` : ''}` : 'all dates');
  const by = filter.by;
  parts.push(!by || by.kind === 'all' ? 'anyone' : by.kind === 'mine' ? 'mine' : `by person ${by.personId}`);
  return parts.join(' · ');
}

/** True for a value that has the shape of an ExportRequest (shells check before exporting). */
export function isExportRequest(value: unknown): value is ExportRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { source, format } = value as { source?: unknown; format?: unknown };
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) return false;
  if (typeof source !== 'object' || source === null) return false;
  const s = source as { kind?: unknown; table?: unknown; id?: unknown; filter?: unknown; depth?: unknown };
  const filterOk = s.filter === undefined || (typeof s.filter === 'object' && s.filter !== null && !Array.isArray(s.filter));
  if (s.kind === 'activity') return filterOk;
  const recordOk = typeof s.table === 'string' && (typeof s.id === 'string' || typeof s.id === 'number') && filterOk;
  if (s.kind === 'related') return recordOk && (s.depth === undefined || typeof s.depth === 'number');
  return s.kind === 'history' && recordOk;
}

/** What a desktop export resolves with: the result, or that the user closed the save dialog. */
export type ExportOutcome = ({ canceled: false } & ExportResult) | { canceled: true };

/** A progress event of the export named `exportId` (the desktop shell's `exportProgress` event). */
export interface ExportProgressEvent extends ExportProgress {
  exportId: string;
}

export interface SaveExportRequest {
  /** Chosen by the caller: names the export's progress events. */
  exportId: string;
  request: ExportRequest;
}

/**
 * The desktop shell's export: main shows the save dialog and writes the file; the renderer sees
 * `exportProgress` events and the outcome, and cancels by abandoning the call (its signal), as
 * any other call.
 */
export interface DesktopExportApi {
  /** Exports to the file the user chooses in the save dialog. */
  saveExport(req: SaveExportRequest, options?: CallOptions): Promise<ExportOutcome>;
}

/**
 * The desktop export as the desktop shell carries it (contract-kit.ts): IPC channel
 * `audit:export`, `window.auditTrailExport`. Not served over HTTP: there, an export is a download
 * (`POST /api/export`, server/export-endpoint.ts).
 */
export const DESKTOP_EXPORT_CONTRACT = defineContract<DesktopExportApi>({
  calls: { saveExport: true },
  channel: 'audit:export',
  global: 'auditTrailExport',
});
