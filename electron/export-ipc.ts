/**
 * Export in the desktop shell, main-process side. The renderer asks to export (with an id of its
 * choosing, so it can cancel before the answer comes); main asks where to save with the system's
 * save dialog, streams the export into that file (the renderer never holds it), sends progress
 * events to the asking window, and resolves with the outcome. The file is written by
 * db/export/destination.ts, as the CLI's is: never over the replica being read (the save dialog
 * can point anywhere), and through a temporary file renamed into place only when complete, so
 * cancelling (which also cancels the running query) or a failure leaves no file behind.
 *
 * Electron's objects come in as parameters (dialog, the open database), so this is tested with fakes.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { openExport, writeExportFile, type OpenedExport } from '../db/export/index';
import type { AuditApi } from '../shared/contract';
import { AuditError, toErrorPayload } from '../shared/errors';
import { isExportRequest, type ExportOutcome, type ExportProgress, type ExportProgressEvent } from '../shared/export-contract';
import { EXPORT_CANCEL_CHANNEL, EXPORT_PROGRESS_CHANNEL, EXPORT_START_CHANNEL } from './channels';
import { NO_REPLICA_MESSAGE, type IpcEnvelope, type SenderCheck } from './ipc';

/** What the renderer sends to start an export. */
export interface ExportStartRequest {
  /** Chosen by the renderer; names the export in progress events and in cancel. */
  exportId: string;
  request: unknown;
}

export interface ExportDeps {
  getApi(): AuditApi | null;
  isTrustedSender: SenderCheck;
  /** The replica files the current database reads (none for PostgreSQL): an export never goes over them. */
  databaseFiles(): readonly string[];
  /** `dialog.showSaveDialog` for the asking window: the chosen path, or null when cancelled. */
  chooseFile(defaultName: string): Promise<string | null>;
}

type ExportEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { send(channel: string, payload: unknown): void } };

function fail(error: unknown): IpcEnvelope<never> {
  return { ok: false, error: toErrorPayload(error) };
}

/** Registers the export channels; returns their removal. */
export function registerExportHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: ExportDeps): () => void {
  const running = new Map<string, AbortController>();

  async function start(event: ExportEvent, raw: unknown): Promise<IpcEnvelope<ExportOutcome>> {
    if (!deps.isTrustedSender(event.senderFrame)) {
      return fail(new AuditError('unauthorized', 'This call did not come from the application window, so it was refused.'));
    }
    const { exportId, request } = (raw ?? {}) as Partial<ExportStartRequest>;
    if (typeof exportId !== 'string' || !isExportRequest(request)) {
      return fail(new AuditError('bad-request', 'An export needs an id, a source and a format (csv or jsonl).'));
    }
    const api = deps.getApi();
    if (!api) return fail(new AuditError('cannot-open', NO_REPLICA_MESSAGE));
    // Taken with the api: the database this export reads, even if the app switches meanwhile.
    const databaseFiles = deps.databaseFiles();
    const controller = new AbortController();
    running.set(exportId, controller);
    let opened: OpenedExport | undefined;
    try {
      let last: ExportProgress = { entries: 0, total: null, rows: 0, bytes: 0 };
      const onProgress = (p: ExportProgress) => {
        last = p;
        event.sender.send(EXPORT_PROGRESS_CHANNEL, { exportId, ...p } satisfies ExportProgressEvent);
      };
      // Role, filter and first page before the dialog: a refusal should not follow a file choice.
      opened = await openExport(api, { ...request, signal: controller.signal, onProgress });
      const path = await deps.chooseFile(opened.fileName);
      if (path === null) {
        await opened.chunks.return();
        return { ok: true, result: { canceled: true } };
      }
      if (controller.signal.aborted) throw new AuditError('cancelled', 'The export was cancelled.');
      const { chunks } = opened;
      await writeExportFile(path, databaseFiles, async (sink) => {
        for await (const chunk of chunks) await sink(chunk);
      });
      const fileName = path.split(/[\\/]/).pop() ?? path;
      return { ok: true, result: { canceled: false, entries: last.entries, rows: last.rows, bytes: last.bytes, fileName } };
    } catch (error) {
      // A refused destination leaves the export unread: let go of it (its first page).
      await opened?.chunks.return().catch(() => undefined);
      return fail(controller.signal.aborted ? new AuditError('cancelled', 'The export was cancelled; no file was written.') : error);
    } finally {
      running.delete(exportId);
    }
  }
  ipcMain.handle(EXPORT_START_CHANNEL, (event, raw: unknown) => start(event as unknown as ExportEvent, raw));
  ipcMain.handle(EXPORT_CANCEL_CHANNEL, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, raw: unknown): IpcEnvelope<boolean> => {
    if (!deps.isTrustedSender(event.senderFrame)) {
      return fail(new AuditError('unauthorized', 'This call did not come from the application window, so it was refused.'));
    }
    const id = (raw as { exportId?: unknown } | null)?.exportId;
    const controller = typeof id === 'string' ? running.get(id) : undefined;
    controller?.abort();
    return { ok: true, result: controller !== undefined };
  });
  return () => {
    for (const controller of running.values()) controller.abort();
    ipcMain.removeHandler(EXPORT_START_CHANNEL);
    ipcMain.removeHandler(EXPORT_CANCEL_CHANNEL);
  };
}

