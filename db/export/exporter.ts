/**
 * The streaming exporter: reads a record's filtered log, or the filtered activity, page by page
 * through the contract (so masking has already happened in the data layer) and hands out the file
 * as text chunks, one per page. Only one page is ever held, so memory stays flat however large
 * the log; a consumer that writes each chunk before asking for the next gets back-pressure for free.
 *
 * Files hold whole values. Pages carry long texts cut (`TruncatedValue`), which keeps a page of 500
 * small whatever its values; an entry with a cut value is read again on its own with its values
 * whole, written as a chunk of its own and let go, so at most one such entry is held at a time.
 *
 * Export is an admin view: a plain user is refused before any row is read.
 */
import type { AuditApi, CallOptions } from '../../shared/contract';
import type { ActivityEntry, HistoryEntry } from '../../shared/domain';
import type { ExportFormat, ExportProgress, ExportSource } from '../../shared/export-contract';
import { exportFileName, EXPORT_MEDIA_TYPES } from '../../shared/export-contract';
import { cancelledError } from '../cancellation';
import { hasCutValue } from '../cut-values';
import { requireAdmin } from '../roles';
import { CSV_HEADER, entryCsvLineCount, entryCsvLines } from './csv';

/** Entries per page: large enough that per-query cost vanishes, small enough to stay flat. */
export const EXPORT_PAGE_SIZE = 500;

export interface ExportOptions {
  source: ExportSource;
  format: ExportFormat;
  /** Aborting stops reading, and cancels the query that is running. */
  signal?: AbortSignal;
  /** Called after every chunk (and once before the first, with the total). */
  onProgress?: (progress: ExportProgress) => void;
  pageSize?: number;
}

/** An export whose first page has been read: its total is known, the rest streams. */
export interface OpenedExport {
  /** Entries the export will hold (null when the data layer could not count them). */
  total: number | null;
  fileName: string;
  contentType: string;
  /** The file, chunk by chunk; read it once. */
  chunks: AsyncGenerator<string, void, undefined>;
}

interface Page {
  entries: Array<HistoryEntry | ActivityEntry>;
  nextCursor: string | null;
  total: number | null;
}

function pageReader(api: AuditApi, source: ExportSource, limit: number, options: CallOptions) {
  return async (cursor: string | undefined): Promise<Page> => {
    const withTotal = cursor === undefined;
    if (source.kind === 'history') {
      const r = await api.getHistory({ table: source.table, id: source.id, filter: source.filter, limit, cursor, withTotal }, options);
      return r;
    }
    return api.listActivity({ filter: source.filter, limit, cursor, withTotal }, options);
  };
}

/** The same entry with its long values whole (an activity entry keeps its table and title). */
async function wholeEntry(api: AuditApi, entry: HistoryEntry | ActivityEntry, table: string, options: CallOptions): Promise<HistoryEntry | ActivityEntry> {
  const { entries } = await api.getEntries({ table, id: entry.recordId, logIds: [entry.logId], wholeValues: true }, options);
  const whole = entries[0];
  if (!whole) throw new Error(`Log entry ${String(entry.logId)} of ${table} ${String(entry.recordId)} could not be read again with its whole values.`);
  return 'table' in entry ? { ...whole, table: entry.table, title: entry.title } : whole;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Checks the role, reads the first page (so errors such as an unknown table or a bad filter come
 * before any of the file is sent, and the total is known) and returns the stream of the rest.
 */
export async function openExport(api: AuditApi, options: ExportOptions): Promise<OpenedExport> {
  const { source, format, signal, onProgress } = options;
  const callOptions: CallOptions = signal ? { signal } : {};
  const checkCancelled = () => {
    if (signal?.aborted) throw cancelledError();
  };
  checkCancelled();
  const me = await api.whoAmI({}, callOptions);
  requireAdmin(me.role, 'Export');
  const read = pageReader(api, source, options.pageSize ?? EXPORT_PAGE_SIZE, callOptions);
  const first = await read(undefined);
  checkCancelled();
  const progress: ExportProgress = { entries: 0, total: first.total, rows: 0, bytes: 0 };
  onProgress?.({ ...progress });

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    let page: Page | null = first;
    if (format === 'csv') {
      progress.bytes += byteLength(CSV_HEADER);
      yield CSV_HEADER;
    }
    /** One entry as the file's text, counted. */
    const write = (entry: HistoryEntry | ActivityEntry, table: string): string => {
      if (format === 'csv') {
        progress.rows += entryCsvLineCount(entry);
        return entryCsvLines(entry, table);
      }
      progress.rows += 1;
      return `${JSON.stringify(entry)}\n`;
    };
    while (page) {
      checkCancelled();
      let text = '';
      for (const entry of page.entries) {
        const table = 'table' in entry ? (entry as ActivityEntry).table : source.kind === 'history' ? source.table : '';
        if (!hasCutValue(entry)) {
          text += write(entry, table);
          continue;
        }
        // What came before goes out first; then this entry, read whole, alone, and let go.
        if (text) {
          progress.bytes += byteLength(text);
          yield text;
          text = '';
        }
        checkCancelled();
        const whole = write(await wholeEntry(api, entry, table, callOptions), table);
        progress.bytes += byteLength(whole);
        yield whole;
      }
      progress.entries += page.entries.length;
      progress.bytes += byteLength(text);
      const next = page.nextCursor;
      // Let go of the page before the consumer writes it out, so at most one page (and its text) is held.
      page = null;
      if (text) yield text;
      onProgress?.({ ...progress });
      if (next === null) break;
      checkCancelled();
      page = await read(next);
    }
    // An export that read everything reached its total, whatever the first page's count said.
    if (progress.total === null || progress.total !== progress.entries) {
      progress.total = progress.entries;
      onProgress?.({ ...progress });
    }
  }

  return {
    total: first.total,
    fileName: exportFileName(source, format),
    contentType: EXPORT_MEDIA_TYPES[format],
    chunks: chunks(),
  };
}

/** The whole export as an async iterable of text chunks (the role is checked on the first pull). */
export async function* exportRows(api: AuditApi, options: ExportOptions): AsyncGenerator<string, void, undefined> {
  const opened = await openExport(api, options);
  yield* opened.chunks;
}

/** Where an export is written: resolves once the chunk may be followed by the next (back-pressure). */
export type ExportSink = (chunk: string) => Promise<void> | void;

/** Runs an export into `sink`; resolves with the final progress. */
export async function exportTo(api: AuditApi, options: ExportOptions, sink: ExportSink): Promise<ExportProgress & { fileName: string }> {
  let last: ExportProgress = { entries: 0, total: null, rows: 0, bytes: 0 };
  const opened = await openExport(api, {
    ...options,
    onProgress: (p) => {
      last = p;
      options.onProgress?.(p);
    },
  });
  for await (const chunk of opened.chunks) await sink(chunk);
  return { ...last, fileName: opened.fileName };
}
