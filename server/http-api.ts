/**
 * The contracts over HTTP: `POST <httpPath><callName>` (the path each contract declares: `/api/`,
 * `/api/connections/`) with the request object as a JSON body, answered with `{"result": ...}` or
 * `{"error": {"code", "message"}}`. The router has already checked the Host header; everything
 * else a call needs is checked here, cheapest first, and before any of the body is read. The call
 * itself is answered by the one serving path (node/serving.ts), as the desktop shell's IPC is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerCall, oneLine, type ServedContract } from '../node/serving';
import { unknownCallError } from '../shared/contract-kit';
import type { AuditErrorCode } from '../shared/errors';
import { sendApiError, sendJson, sendMethodNotAllowed } from './replies';
import { hasValidToken, isAllowedOrigin } from './security';


/** What the gate every JSON POST passes needs to know (see `admitJsonPost`). */
export interface ApiHandlerOptions {
  token: string;
  port: number;
  maxBodyBytes: number;
  log: (line: string) => void;
}

/** The HTTP status for each error code; what is not listed is the server's fault (500). */
const STATUS_BY_CODE: Partial<Record<AuditErrorCode, number>> = {
  'unauthorized': 401,
  'unknown-call': 404,
  'bad-request': 400,
  'unknown-table': 404,
  'not-found': 404,
  'unknown-person': 409,
  'locked': 503,
  'unreachable': 503,
  'connection-lost': 503,
  'auth-failed': 502,
  'no-such-database': 502,
  'permission-denied': 403,
  'forbidden': 403,
  'timeout': 504,
  // The client went away; nobody reads this status, but it is not the server's fault.
  'cancelled': 499,
};

export function statusForErrorCode(code: AuditErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export const UNAUTHORIZED_MESSAGE =
  'This address needs the access token that Audit Trail Browser printed when it started; open the full address it printed.';

/** `application/json`, with at most a UTF-8 charset: JSON has no other encoding worth accepting. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => param === '' || /^charset="?utf-8"?$/.test(param));
}

/** How a limit reads in a sentence: "64 KiB" rather than "65536". */
export function describeByteLimit(bytes: number): string {
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes.toLocaleString('en-US')} bytes)`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** Why a body could not be read. */
type BodyResult = { kind: 'body'; bytes: Buffer } | { kind: 'too-large' };

/**
 * Reads the body up to `limit` bytes. A body declared larger is refused before a byte is read;
 * one that grows past the limit is refused as soon as it does. Either way nothing more is kept:
 * what is still arriving is discarded (see `discardRest`).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ kind: 'body', bytes: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * After refusing a body, lets the rest of it arrive and throws it away, so the client, which may
 * still be sending, can read the refusal instead of seeing its connection reset. Past `cap`
 * bytes it is no longer worth it and the connection is cut.
 */
export function discardRest(req: IncomingMessage, cap: number): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > cap) req.socket.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

/** Parses the body as the call's request object; an empty body means no arguments. */
export function parseRequest(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return {};
  return JSON.parse(text) as unknown;
}

/** A refusal: the status, the error code and the sentence. */
export interface Refusal {
  status: number;
  code: AuditErrorCode;
  message: string;
}

/**
 * The gate every JSON POST passes, calls and exports alike, kept in one place so the two cannot
 * drift apart: POST only, this shell's own Origin, the launch token, then `refuseName` (an unknown
 * call), JSON content, the size limit, valid JSON. Resolves with the request and a signal that is
 * aborted when the client goes away before the answer is written (the user moved on: the database
 * cancels the query); null when it refused, the reply then already sent. A body not read yet is
 * discarded (within a cap), never kept.
 */
export async function admitJsonPost(
  req: IncomingMessage,
  res: ServerResponse,
  options: ApiHandlerOptions,
  what: { noun: 'call' | 'export'; refuseName?: () => Refusal | null },
): Promise<{ request: unknown; abandoned: AbortSignal } | null> {
  // Answers change with the replica and may hold personal data: never keep them.
  res.setHeader('Cache-Control', 'no-store');
  const discardCap = Math.max(options.maxBodyBytes * 16, 1024 * 1024);
  const refuse = (status: number, code: AuditErrorCode, message: string): null => {
    if (!req.readableEnded) discardRest(req, discardCap);
    sendApiError(req, res, status, { code, message });
    return null;
  };
  const article = what.noun === 'call' ? 'A call' : 'An export';

  if (req.method !== 'POST') {
    sendMethodNotAllowed(req, res, 'POST', true);
    return null;
  }
  if (!isAllowedOrigin(req.headers.origin, options.port)) {
    return refuse(403, 'unauthorized', 'Audit Trail Browser answers only its own pages, not other web sites.');
  }
  if (!hasValidToken(req, options.token)) return refuse(401, 'unauthorized', UNAUTHORIZED_MESSAGE);
  const named = what.refuseName?.();
  if (named) return refuse(named.status, named.code, named.message);
  if (!isJsonContentType(req.headers['content-type'])) {
    return refuse(415, 'bad-request', `${article} must be sent as JSON (Content-Type: application/json).`);
  }
  const body = await readBody(req, options.maxBodyBytes);
  if (body.kind === 'too-large') {
    return refuse(413, 'bad-request', `${article}'s request may be at most ${describeByteLimit(options.maxBodyBytes)} long.`);
  }
  let request: unknown;
  try {
    request = parseRequest(body.bytes);
  } catch {
    return refuse(400, 'bad-request', 'The request is not valid JSON.');
  }
  const abandoned = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });
  return { request, abandoned: abandoned.signal };
}

/** Answers one call of `served`. `callName` is the raw text after the contract's path, not yet trusted. */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  served: ServedContract,
  callName: string,
  options: ApiHandlerOptions,
): Promise<void> {
  const admitted = await admitJsonPost(req, res, options, {
    noun: 'call',
    refuseName: () => (served.isCall(callName) ? null : { status: 404, code: 'unknown-call', message: unknownCallError(callName).message }),
  });
  if (!admitted) return;
  const { request, abandoned } = admitted;

  const answer = await answerCall(served, callName, request, { signal: abandoned, log: (line) => options.log(`web shell: ${line}`) });
  // The client went away: nobody reads an answer.
  if (abandoned.aborted) return;
  if (!answer.ok) return sendApiError(req, res, statusForErrorCode(answer.error.code), answer.error);
  try {
    sendJson(req, res, 200, { result: answer.result });
  } catch (error) {
    // Only a value JSON cannot carry gets here: a data-layer bug, not the caller's fault.
    options.log(`web shell: ${callName} answered with something JSON cannot carry: ${oneLine(error)}`);
    sendApiError(req, res, 500, { code: 'internal', message: 'Audit Trail Browser could not send its answer; its log has the details.' });
  }
}
