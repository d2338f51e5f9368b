/**
 * Exports from the renderer, in whichever shell it runs (as connect.ts picks the transport): in
 * the desktop shell, main shows the save dialog and writes the file, sending progress events; in
 * the web shell, the file streams from `POST /api/export`, is counted as it arrives, gathered into
 * a Blob and handed to the browser as a download. The whole file then sits in the browser's
 * memory until it is saved, which is fine for the web shell (the desktop one never holds it).
 */
import { AuditError, fromErrorPayload, isErrorPayload } from '../../shared/errors';
import type { DesktopExportApi, ExportProgress, ExportRequest, ExportResult } from '../../shared/export-contract';
import { connectDesktopExport, shellBridge } from './connect';
import { createEntryCounter } from './export-count';

export interface RunningExport {
  /** Resolves with the result; null when the user closed the save dialog. Rejects with an AuditError (code `cancelled` after cancel). */
  done: Promise<ExportResult | null>;
  cancel(): void;
}

export interface ExportCallbacks {
  onProgress?(progress: ExportProgress): void;
}

let exportCount = 0;

/**
 * Main shows the save dialog and writes the file, sending `exportProgress` events named by the
 * export's id; cancelling abandons the call, which aborts the export (and its query) in main.
 */
function viaDesktop(api: DesktopExportApi, request: ExportRequest, callbacks: ExportCallbacks): RunningExport {
  exportCount += 1;
  const exportId = `export-${Date.now()}-${exportCount}`;
  const unsubscribe = shellBridge()?.on('exportProgress', (event) => {
    if (event.exportId !== exportId) return;
    const { exportId: _id, ...progress } = event;
    callbacks.onProgress?.(progress);
  });
  const controller = new AbortController();
  const done = api
    .saveExport({ exportId, request }, { signal: controller.signal })
    .then((outcome) => (outcome.canceled ? null : { entries: outcome.entries, rows: outcome.rows, bytes: outcome.bytes, fileName: outcome.fileName }))
    .finally(() => unsubscribe?.());
  return { done, cancel: () => controller.abort() };
}

/** The file name from `Content-Disposition: attachment; filename="…"`. */
function fileNameOf(header: string | null, fallback: string): string {
  const match = header ? /filename="?([^";]+)"?/.exec(header) : null;
  return match?.[1] ?? fallback;
}

/** Hands a Blob to the browser as a download of `fileName`. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the Blob by the time click() returns; let the URL go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function viaHttp(request: ExportRequest, callbacks: ExportCallbacks, base = ''): RunningExport {
  const controller = new AbortController();
  const done = (async (): Promise<ExportResult> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/export`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw new AuditError('cancelled', 'The export was cancelled.', { cause: error });
      throw new AuditError('internal', "Audit Trail Browser's server is not answering; it may have stopped.", { cause: error });
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
      if (body && isErrorPayload(body.error)) throw fromErrorPayload(body.error);
      throw new AuditError('internal', `The export failed (HTTP status ${response.status}).`);
    }
    const totalHeader = response.headers.get('X-Export-Total');
    const total = totalHeader === null ? null : Number(totalHeader);
    const fileName = fileNameOf(response.headers.get('Content-Disposition'), `export.${request.format}`);
    const counter = createEntryCounter(request.format);
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    const parts: Uint8Array[] = [];
    let bytes = 0;
    let counted = { entries: 0, rows: 0 };
    callbacks.onProgress?.({ entries: 0, total, rows: 0, bytes: 0 });
    try {
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        parts.push(value);
        bytes += value.byteLength;
        counted = counter.push(decoder.decode(value, { stream: true }));
        callbacks.onProgress?.({ ...counted, total, bytes });
      }
    } catch (error) {
      if (controller.signal.aborted) throw new AuditError('cancelled', 'The export was cancelled.', { cause: error });
      throw new AuditError('connection-lost', 'The export stopped before the end of the file; nothing was saved.', { cause: error });
    }
    counted = counter.push(decoder.decode());
    callbacks.onProgress?.({ ...counted, total: counted.entries, bytes });
    download(new Blob(parts as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }), fileName);
    return { entries: counted.entries, rows: counted.rows, bytes, fileName };
  })();
  return { done, cancel: () => controller.abort() };
}

/** Starts an export in this shell. */
export function startExport(request: ExportRequest, callbacks: ExportCallbacks = {}): RunningExport {
  const desktop = connectDesktopExport();
  return desktop ? viaDesktop(desktop, request, callbacks) : viaHttp(request, callbacks);
}
