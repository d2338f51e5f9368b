/**
 * Export in the desktop shell, main-process side: the desktop export contract
 * (`DESKTOP_EXPORT_CONTRACT`, shared/export-contract.ts), served over IPC like every other
 * contract (ipc.ts). The renderer asks to export (with an id of its choosing, which names the
 * progress events); main asks where to save with the system's save dialog, streams the export into
 * that file (the renderer never holds it), sends `exportProgress` events, and resolves with the
 * outcome. Cancelling is abandoning the call: its signal aborts the export and the running query.
 * The file is written by db/export/destination.ts, as the CLI's is: never over the replica being
 * read (the save dialog can point anywhere), and through a temporary file renamed into place only
 * when complete, so cancelling or a failure leaves no file behind.
 *
 * Electron's objects come in as parameters (dialog, the open database), so this is tested with fakes.
 */
import { openExport, writeExportFile, type OpenedExport } from '../db/export/index';
import type { AuditApi } from '../shared/contract';
import type { CallOptions } from '../shared/contract-kit';
import { AuditError } from '../shared/errors';
import {
  isExportRequest,
  type DesktopExportApi,
  type ExportOutcome,
  type ExportProgress,
  type ExportProgressEvent,
  type SaveExportRequest,
} from '../shared/export-contract';

export interface DesktopExportDeps {
  /** The audit contract over whatever database is open (the connection service's `api`). */
  api: AuditApi;
  /** The replica files the current database reads (none for PostgreSQL): an export never goes over them. */
  databaseFiles(): readonly string[];
  /** `dialog.showSaveDialog` for the window: the chosen path, or null when cancelled. */
  chooseFile(defaultName: string): Promise<string | null>;
  /** Sends a progress event to the window (the `exportProgress` shell event). */
  progress(event: ExportProgressEvent): void;
}

/** The desktop export contract's implementation. */
export function createDesktopExport(deps: DesktopExportDeps): DesktopExportApi {
  return {
    async saveExport(req: SaveExportRequest, options?: CallOptions): Promise<ExportOutcome> {
      const { exportId, request } = (req ?? {}) as Partial<SaveExportRequest>;
      if (typeof exportId !== 'string' || !isExportRequest(request)) {
        throw new AuditError('bad-request', 'An export needs an id, a source and a format (csv or jsonl).');
      }
      const signal = options?.signal ?? new AbortController().signal;
      // Taken before anything is read: the database this export reads, even if the app switches meanwhile.
      const databaseFiles = deps.databaseFiles();
      let last: ExportProgress = { entries: 0, total: null, rows: 0, bytes: 0 };
      const onProgress = (p: ExportProgress) => {
        last = p;
        deps.progress({ exportId, ...p });
      };
      let opened: OpenedExport | undefined;
      try {
        // Role, filter and first page before the dialog: a refusal should not follow a file choice.
        opened = await openExport(deps.api, { ...request, signal, onProgress });
        const path = await deps.chooseFile(opened.fileName);
        if (path === null) {
          await opened.chunks.return();
          return { canceled: true };
        }
        if (signal.aborted) throw new AuditError('cancelled', 'The export was cancelled; no file was written.');
        const { chunks } = opened;
        await writeExportFile(path, databaseFiles, async (sink) => {
          for await (const chunk of chunks) await sink(chunk);
        });
        const fileName = path.split(/[\\/]/).pop() ?? path;
        return { canceled: false, entries: last.entries, rows: last.rows, bytes: last.bytes, fileName };
      } catch (error) {
        // A refused destination leaves the export unread: let go of it (its first page).
        await opened?.chunks.return().catch(() => undefined);
        throw error;
      }
    },
  };
}
