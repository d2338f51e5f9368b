/**
 * The web shell's transport: each call is `POST /api/<call>` with the request as JSON, answered
 * with `{"result": ...}` or `{"error": {"code", "message"}}` (see server/README.md). The access
 * token travels in the HttpOnly cookie the shell set when the printed address was opened, so
 * this code never sees it.
 */
import type { CallOptions } from '../../shared/contract';
import { AuditError, fromErrorPayload, isErrorPayload } from '../../shared/errors';

const NOT_ANSWERING = "Audit Trail Browser's server is not answering; it may have stopped. Start it again with npm start.";

/** Sends one call; assignable to both contracts' transports. */
export type HttpTransport = (call: string, request: unknown, options?: CallOptions) => Promise<unknown>;

/**
 * A transport for a contract's `client` that talks to the web shell at `base` (default: this
 * page's origin). `prefix` is where the contract is served, its declaration's `httpPath`: `/api/`
 * for the audit contract, `/api/connections/` for the connections contract.
 */
export function createHttpTransport(base = '', prefix = '/api/'): HttpTransport {
  return async (call, request, options) => {
    const signal = options?.signal;
    let response: Response;
    try {
      response = await fetch(`${base}${prefix}${call}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? {}),
        // Aborting closes the request, which tells the shell to cancel the query on the server.
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw new AuditError('cancelled', 'The request was abandoned.', { cause: error });
      throw new AuditError('internal', NOT_ANSWERING, { cause: error });
    }

    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new AuditError(
        'internal',
        `Audit Trail Browser's server gave an answer that is not JSON (HTTP status ${response.status}).`,
        { cause: error },
      );
    }
    if (body && typeof body === 'object') {
      const { result, error } = body as { result?: unknown; error?: unknown };
      if (isErrorPayload(error)) throw fromErrorPayload(error);
      if (response.ok && 'result' in body) return result;
    }
    throw new AuditError('internal', `Audit Trail Browser's server gave an unexpected answer (HTTP status ${response.status}).`);
  };
}
