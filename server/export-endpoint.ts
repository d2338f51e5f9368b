/**
 * `POST /api/export`: an export as a file download. The request passes the same checks as every
 * contract call (POST, Origin, token, JSON type and size, in that order), with an ExportRequest as
 * the body. The answer is the file itself, streamed chunk by chunk (chunked transfer encoding)
 * with `Content-Disposition: attachment`, written only as fast as the client reads it.
 *
 * Progress: the length is not known up front, so the count of entries is, instead: the first page
 * is read before the headers go out, and `X-Export-Total` says how many entries the file will hold.
 * A client counts entries as they arrive (JSONL: lines; CSV: changes of the `Table` and `Log ID`
 * columns). Reading the first page first also means a refusal (a plain user, an unknown table, a
 * bad filter) is an ordinary JSON error with its status, not a truncated file.
 *
 * A client that disconnects aborts the export: reading stops and the running query is cancelled.
 * A failure after the headers went out can only cut the response short (the client sees an
 * incomplete body, never a complete-looking file).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openExport, writableSink } from '../db/export/index';
import { oneLine, publicError } from '../node/serving';
import type { AuditApi } from '../shared/contract';
import { isExportRequest } from '../shared/export-contract';
import { admitJsonPost, statusForErrorCode, type ApiHandlerOptions } from './http-api';
import { sendApiError } from './replies';

/** Where the endpoint is, below `/api/` (not a contract call name, so it cannot clash with one). */
export const EXPORT_CALL = 'export';
export const EXPORT_TOTAL_HEADER = 'X-Export-Total';

/** Answers `POST /api/export` from `api` (the audit contract over whatever database is open). */
export async function handleExportRequest(req: IncomingMessage, res: ServerResponse, api: AuditApi, options: ApiHandlerOptions): Promise<void> {
  const admitted = await admitJsonPost(req, res, options, { noun: 'export' });
  if (!admitted) return;
  const { request } = admitted;
  // The client going away (download cancelled, tab closed) abandons the export.
  const abandoned = admitted.abandoned;
  if (!isExportRequest(request)) {
    sendApiError(req, res, 400, { code: 'bad-request', message: 'An export needs a source (a record\'s log or the activity) and a format (csv or jsonl).' });
    return;
  }

  let opened;
  try {
    opened = await openExport(api, { source: request.source, format: request.format, signal: abandoned });
  } catch (error) {
    if (abandoned.aborted) return;
    // What the caller is told, as for any call (node/serving.ts).
    const payload = publicError(error, 'export', (line) => options.log(`web shell: ${line}`));
    return sendApiError(req, res, statusForErrorCode(payload.code), payload);
  }

  res.statusCode = 200;
  res.setHeader('Content-Type', opened.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${opened.fileName}"`);
  if (opened.total !== null) res.setHeader(EXPORT_TOTAL_HEADER, String(opened.total));
  res.setHeader('Access-Control-Expose-Headers', EXPORT_TOTAL_HEADER);
  const sink = writableSink(res);
  try {
    for await (const chunk of opened.chunks) await sink(chunk);
    res.end();
  } catch (error) {
    if (!abandoned.aborted) options.log(`web shell: export failed while streaming: ${oneLine(error)}`);
    // Headers are out: cutting the connection is the only way to say the file is incomplete.
    res.destroy();
  }
}
