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
import { isExportRequest } from '../shared/export-contract';
import { AuditError, toErrorPayload, type AuditErrorCode } from '../shared/errors';
import {
  discardRest,
  describeByteLimit,
  isJsonContentType,
  oneLine,
  parseRequest,
  readBody,
  statusForErrorCode,
  UNAUTHORIZED_MESSAGE,
  type ApiHandlerOptions,
} from './http-api';
import { sendApiError, sendMethodNotAllowed } from './replies';
import { hasValidToken, isAllowedOrigin } from './security';

/** Where the endpoint is, below `/api/` (not a contract call name, so it cannot clash with one). */
export const EXPORT_CALL = 'export';
export const EXPORT_TOTAL_HEADER = 'X-Export-Total';

export async function handleExportRequest(req: IncomingMessage, res: ServerResponse, options: ApiHandlerOptions): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const discardCap = Math.max(options.maxBodyBytes * 16, 1024 * 1024);
  const refuse = (status: number, code: AuditErrorCode, message: string) => {
    if (!req.readableEnded) discardRest(req, discardCap);
    sendApiError(req, res, status, { code, message });
  };
  if (req.method !== 'POST') return sendMethodNotAllowed(req, res, 'POST', true);
  if (!isAllowedOrigin(req.headers.origin, options.port)) {
    return refuse(403, 'unauthorized', 'Audit Trail Browser answers only its own pages, not other web sites.');
  }
  if (!hasValidToken(req, options.token)) return refuse(401, 'unauthorized', UNAUTHORIZED_MESSAGE);
  if (!isJsonContentType(req.headers['content-type'])) {
    return refuse(415, 'bad-request', 'An export must be asked for as JSON (Content-Type: application/json).');
  }
  const body = await readBody(req, options.maxBodyBytes);
  if (body.kind === 'too-large') {
    return refuse(413, 'bad-request', `An export request may be at most ${describeByteLimit(options.maxBodyBytes)} long.`);
  }
  let request: unknown;
  try {
    request = parseRequest(body.bytes);
  } catch {
    return refuse(400, 'bad-request', 'The request is not valid JSON.');
  }
  if (!isExportRequest(request)) {
    return refuse(400, 'bad-request', 'An export needs a source (a record\'s log or the activity) and a format (csv or jsonl).');
  }

  // The client going away (download cancelled, tab closed) abandons the export.
  const abandoned = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });

  let opened;
  try {
    opened = await openExport(options.api, { source: request.source, format: request.format, signal: abandoned.signal });
  } catch (error) {
    if (abandoned.signal.aborted) return;
    const payload = toErrorPayload(error);
    const status = statusForErrorCode(payload.code);
    if (status >= 500) {
      options.log(`web shell: export failed: ${oneLine(error)}`);
      if (!(error instanceof AuditError)) payload.message = 'Audit Trail Browser hit an unexpected error; its log has the details.';
    }
    return sendApiError(req, res, status, payload);
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
    if (!abandoned.signal.aborted) options.log(`web shell: export failed while streaming: ${oneLine(error)}`);
    // Headers are out: cutting the connection is the only way to say the file is incomplete.
    res.destroy();
  }
}
