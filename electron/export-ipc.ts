/**
 * Export in the desktop shell, main-process side. The renderer asks to export (with an id of its
 * choosing, so it can cancel before the answer comes); main asks where to save with the system's
 * save dialog, streams the export into that file (the renderer never holds it), sends progress
 * events to the asking window, and resolves with the outcome. Cancelling aborts the export (its
 * running query is cancelled) and removes the partial file.
 *
 * Electron's objects come in as parameters (dialog, file opening), so this is tested with fakes.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { openExport, writableSink } from '../db/export/index';
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
  /** `dialog.showSaveDialog` for the asking window: the chosen path, or null when cancelled. */
  chooseFile(defaultName: string): Promise<string | null>;
  /** Opens the file for writing (default: fs.createWriteStream). */
  openFile?: (path: string) => Writable;
  /** Deletes a partial file (default: fs.rmSync, ignoring errors). */
  removeFile?: (path: string) => void;
}

type ExportEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { send(channel: string, payload: unknown): void } };

function fail(error: unknown): IpcEnvelope<never> {
  return { ok: false, error: toErrorPayload(error) };
}

/** Registers the export channels; returns their removal. */
export function registerExportHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: ExportDeps): () => void {
  const running = new Map<string, AbortController>();
  const openFile = deps.openFile ?? ((path: string) => fs.createWriteStream(path));
  const removeFile = deps.removeFile ?? ((path: string) => fs.rmSync(path, { force: true }));

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
    const controller = new AbortController();
    running.set(exportId, controller);
    let path: string | null = null;
    let file: Writable | null = null;
    try {
      let last: ExportProgress = { entries: 0, total: null, rows: 0, bytes: 0 };
      const onProgress = (p: ExportProgress) => {
        last = p;
        event.sender.send(EXPORT_PROGRESS_CHANNEL, { exportId, ...p } satisfies ExportProgressEvent);
      };
      // Role, filter and first page before the dialog: a refusal should not follow a file choice.
      const opened = await openExport(api, { ...request, signal: controller.signal, onProgress });
      path = await deps.chooseFile(opened.fileName);
      if (path === null) {
        await opened.chunks.return();
        return { ok: true, result: { canceled: true } };
      }
      if (controller.signal.aborted) throw new AuditError('cancelled', 'The export was cancelled.');
      file = openFile(path);
      const sink = writableSink(file);
      for await (const chunk of opened.chunks) await sink(chunk);
      file.end();
      await finished(file);
      const fileName = path.split(/[\\/]/).pop() ?? path;
      return { ok: true, result: { canceled: false, entries: last.entries, rows: last.rows, bytes: last.bytes, fileName } };
    } catch (error) {
      file?.destroy();
      if (path !== null && file !== null) removeFile(path);
      return fail(controller.signal.aborted ? new AuditError('cancelled', 'The export was cancelled; the partial file was removed.') : error);
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

