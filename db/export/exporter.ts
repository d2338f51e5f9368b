/**
 * The streaming exporter: writes a record's filtered log, or the filtered activity, as a file handed
 * out in text chunks, one per batch of entries. Entries come from the data layer's export stream
 * (entry-stream.ts: one read per log, each row with its previous entry, values whole, masked where
 * every view masks them), so only one batch is ever held and memory stays flat however large the
 * log; a consumer that writes each chunk before asking for the next gets back-pressure for free.
 *
 * An API that speaks only the contract (no `openExportEntries`: a stand-in, a remote client) is
 * read page by page instead: pages carry long texts cut, so an entry with a cut value is read again
 * on its own with its values whole and let go, at most one such entry held at a time.
 *
 * Export is an admin view: a plain user is refused before any row is read.
 */
import type { AuditApi, CallOptions, RelatedTable } from '../../shared/contract';
import type { ActivityEntry, HistoryEntry } from '../../shared/domain';
import type { ExportFormat, ExportProgress, ExportSource } from '../../shared/export-contract';
import { exportFileName, EXPORT_MEDIA_TYPES, storyTables } from '../../shared/export-contract';
import { HOW_MADE_PARTS } from '../../shared/how-made';
import { readsExportEntries } from '../audit-service';
import { cancelledError } from '../cancellation';
import { hasCutValue } from '../cut-values';
import { requireAdmin } from '../roles';
import { csvHeader, entryCsvLineCount, entryCsvLines } from './csv';
import type { ExportEntries } from './entry-stream';

/** Entries per page when an export is read through the contract's pages. */
export const EXPORT_PAGE_SIZE = 500;

export interface ExportOptions {
  source: ExportSource;
  format: ExportFormat;
  /** Aborting stops reading, and cancels the query that is running. */
  signal?: AbortSignal;
  /** Called after every chunk (and once before the first, with the total). */
  onProgress?: (progress: ExportProgress) => void;
  /** Entries per batch (per page through the contract). */
  pageSize?: number;
}

/** An export whose reads have started: its total is known, the rest streams. */
export interface OpenedExport {
  /** Entries the export will hold (null when the data layer could not count them). */
  total: number | null;
  fileName: string;
  contentType: string;
  /** The file, chunk by chunk; read it once. */
  chunks: AsyncGenerator<string, void, undefined>;
}

type Entry = HistoryEntry | ActivityEntry;

/** The same entry with its long values whole (an activity entry keeps its table and title). */
async function wholeEntry(api: AuditApi, entry: Entry, table: string, options: CallOptions): Promise<Entry> {
  const { entries } = await api.getEntries({ table, id: entry.recordId, logIds: [entry.logId], wholeValues: true }, options);
  const whole = entries[0];
  if (!whole) throw new Error(`Log entry ${String(entry.logId)} of ${table} ${String(entry.recordId)} could not be read again with its whole values.`);
  return 'table' in entry ? { ...whole, table: entry.table, title: entry.title } : whole;
}

/** The table an entry is written under: an activity entry's own, else the history's as asked for. */
function tableOf(entry: Entry, source: ExportSource): string {
  return 'table' in entry ? (entry as ActivityEntry).table : source.kind === 'activity' ? '' : source.table;
}

/**
 * The export's entries through the contract's pages: the role checked, the first page read (so
 * its errors and the total come first), entries with cut values read again whole, each alone.
 */
async function contractEntries(api: AuditApi, source: ExportSource, limit: number, options: CallOptions): Promise<ExportEntries> {
  const me = await api.whoAmI({}, options);
  requireAdmin(me.role, 'Export');
  /** A story's family, as its first page names it (the file's columns come from its tables). */
  let family: RelatedTable[] = [];
  const read = async (cursor: string | undefined): Promise<{ entries: Entry[]; nextCursor: string | null; total: number | null }> => {
    const withTotal = cursor === undefined;
    if (source.kind === 'history') {
      return api.getHistory({ table: source.table, id: source.id, filter: source.filter, limit, cursor, withTotal }, options);
    }
    if (source.kind === 'related') {
      // Not counted: a related log has no total (its family's logs are read as they merge).
      const page = await api.getRelatedHistory({ table: source.table, id: source.id, depth: source.depth, filter: source.filter, limit, cursor }, options);
      if (cursor === undefined) family = page.family;
      return { ...page, total: null };
    }
    return api.listActivity({ filter: source.filter, limit, cursor, withTotal }, options);
  };
  const first = await read(undefined);
  const { tables } = await api.listTables({}, options);
  const chosen =
    source.kind === 'history'
      ? [source.table]
      : source.kind === 'related'
        ? storyTables(family, source.filter?.tables)
        : source.filter?.tables?.length
          ? source.filter.tables
          : tables.map((t) => t.name);
  const howMade = HOW_MADE_PARTS.filter((part) => tables.some((t) => chosen.includes(t.name) && t.howMade?.[part] && t.howMade[part].sensitivity !== 'hidden'));
  async function* batches(): AsyncGenerator<Entry[], void, undefined> {
    let page: { entries: Entry[]; nextCursor: string | null } | null = first;
    while (page) {
      let run: Entry[] = [];
      for (const entry of page.entries) {
        if (!hasCutValue(entry)) {
          run.push(entry);
          continue;
        }
        // What came before goes out first; then this entry, read whole, alone, and let go.
        if (run.length > 0) yield run;
        run = [];
        if (options.signal?.aborted) throw cancelledError();
        yield [await wholeEntry(api, entry, tableOf(entry, source), options)];
      }
      const next = page.nextCursor;
      page = null;
      if (run.length > 0) yield run;
      if (next === null) return;
      if (options.signal?.aborted) throw cancelledError();
      page = await read(next);
    }
  }
  return { total: first.total, batches: batches(), howMade };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Checks the role, opens the reads (so errors such as an unknown table or a bad filter come before
 * any of the file is sent, and the total is known) and returns the stream of the file.
 */
export async function openExport(api: AuditApi, options: ExportOptions): Promise<OpenedExport> {
  const { source, format, signal, onProgress } = options;
  const callOptions: CallOptions = signal ? { signal } : {};
  const checkCancelled = () => {
    if (signal?.aborted) throw cancelledError();
  };
  checkCancelled();
  const opened = readsExportEntries(api)
    ? await api.openExportEntries(source, {
        ...callOptions,
        ...(options.pageSize !== undefined ? { batchSize: options.pageSize } : {}),
        // A CSV line holds who, when, the cue and the changes: nothing else is built for it.
        changesOnly: format === 'csv',
      })
    : await contractEntries(api, source, options.pageSize ?? EXPORT_PAGE_SIZE, callOptions);
  checkCancelled();
  const howMade = opened.howMade ?? [];
  const progress: ExportProgress = { entries: 0, total: opened.total, rows: 0, bytes: 0 };
  onProgress?.({ ...progress });

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    try {
      if (format === 'csv') {
        const header = csvHeader(howMade);
        progress.bytes += byteLength(header);
        yield header;
      }
      for await (const batch of opened.batches) {
        checkCancelled();
        let text = '';
        for (const entry of batch) {
          if (format === 'csv') {
            progress.rows += entryCsvLineCount(entry);
            text += entryCsvLines(entry, tableOf(entry, source), howMade);
          } else {
            progress.rows += 1;
            text += `${JSON.stringify(entry)}\n`;
          }
        }
        progress.entries += batch.length;
        progress.bytes += byteLength(text);
        if (text) yield text;
        onProgress?.({ ...progress });
      }
    } finally {
      // Stopped early (cancelled, or the consumer went away): the reads close with it.
      await opened.batches.return(undefined);
    }
    // An export that read everything reached its total, whatever was counted up front.
    if (progress.total === null || progress.total !== progress.entries) {
      progress.total = progress.entries;
      onProgress?.({ ...progress });
    }
  }

  return {
    total: opened.total,
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
