/**
 * Small helpers that finish a response. Security headers are set by the router before any of
 * these run, so they only deal with status, type, caching and body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditErrorPayload } from '../shared/errors';

/** Ends the response with `body`, leaving it out for HEAD (but keeping the length it would have). */
function finish(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', bytes.length);
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  finish(req, res, status, 'text/plain; charset=utf-8', text.endsWith('\n') ? text : `${text}\n`);
}

export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, html: string): void {
  finish(req, res, status, 'text/html; charset=utf-8', html);
}

export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  finish(req, res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** An API error in the contract's wire form: `{"error": {"code", "message"}}`. */
export function sendApiError(req: IncomingMessage, res: ServerResponse, status: number, error: AuditErrorPayload): void {
  sendJson(req, res, status, { error: { code: error.code, message: error.message } });
}

/** 405, naming the methods that would have worked (HTTP requires the Allow header). */
export function sendMethodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string, json: boolean): void {
  res.setHeader('Allow', allow);
  const message = `This address answers only ${allow.split(', ').join(' and ')} requests.`;
  if (json) sendApiError(req, res, 405, { code: 'bad-request', message });
  else sendText(req, res, 405, message);
}
