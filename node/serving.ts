/**
 * The one serving path: how a shell answers a call of any contract, whichever way it came (the
 * desktop shell's IPC, the web shell's HTTP). Both shells hand the raw call name, the request and
 * the caller's abort signal to `answerCall`, so they refuse an unknown call with the same sentence,
 * pass cancellation on to the database the same way, and tell the caller the same thing when a
 * call fails: an AuditError's code and sentence as they are, anything else (a bug, a driver's raw
 * message, which may hold SQL or paths) logged in one line and told only that it happened.
 *
 * The shells keep only what is theirs: checking the caller (the window's frame; the token, Host
 * and Origin) and carrying the answer (an IPC envelope; a status and a JSON body).
 */
import { abandonedError, unknownCallError, type CallMap, type CallOptions, type Contract } from '../shared/contract-kit';
import { AuditError, toErrorPayload, type AuditErrorPayload } from '../shared/errors';

/** A contract together with what implements it, as a shell serves it. */
export interface ServedContract {
  /** The IPC channel the contract's calls arrive on. */
  readonly channel: string;
  /** The HTTP path its calls are posted under, if it is served over HTTP. */
  readonly httpPath: string | undefined;
  isCall(name: string): boolean;
  call(name: string, request: unknown, options: CallOptions): Promise<unknown>;
}

/** Serves `contract` from `api` (for the audit contract, the connection service's `api`, which answers from whatever database is open). */
export function serveContract<Api extends CallMap<Api>>(contract: Contract<Api>, api: Api): ServedContract {
  return {
    channel: contract.channel,
    httpPath: contract.httpPath,
    isCall: (name) => contract.isCall(name),
    call: (name, request, options) => {
      if (!contract.isCall(name)) throw unknownCallError(name);
      return contract.dispatch(api, name, request, options);
    },
  };
}

/** What a call answers, as both shells carry it (the IPC envelope; the HTTP body's `result` or `error`). */
export type CallAnswer = { ok: true; result: unknown } | { ok: false; error: AuditErrorPayload };

/** Where a shell writes failures that are its own fault, one line each. */
export type ServingLog = (line: string) => void;

/** The sentence a caller gets for a failure that is not an AuditError. */
export const UNEXPECTED_MESSAGE = 'Audit Trail Browser hit an unexpected error; its log has the details.';

/**
 * What a failure tells the caller. A call the caller abandoned answers `cancelled`, whatever the
 * database said when it stopped; an AuditError carries its sentence, written for people; anything
 * else is logged (`what` says which call) and replaced by {@link UNEXPECTED_MESSAGE}.
 */
export function publicError(error: unknown, what: string, log: ServingLog, signal?: AbortSignal): AuditErrorPayload {
  if (signal?.aborted) return toErrorPayload(abandonedError());
  if (error instanceof AuditError && error.code !== 'internal') return toErrorPayload(error);
  log(`${what} failed: ${oneLine(error)}`);
  return { code: 'internal', message: error instanceof AuditError ? error.message : UNEXPECTED_MESSAGE };
}

/**
 * Answers one call of `served`. `name` is the raw name the caller sent, not yet trusted; `signal`
 * is aborted when the caller no longer wants the answer (the database then cancels the query).
 * Never throws.
 */
export async function answerCall(
  served: ServedContract,
  name: string,
  request: unknown,
  context: { signal: AbortSignal; log: ServingLog },
): Promise<CallAnswer> {
  try {
    if (!served.isCall(name)) throw unknownCallError(name);
    return { ok: true, result: await served.call(name, request, { signal: context.signal }) };
  } catch (error) {
    return { ok: false, error: publicError(error, name, context.log, context.signal) };
  }
}

/** An error as one log line: its name, code and message, no stack, no line breaks. */
export function oneLine(error: unknown): string {
  const text = error instanceof AuditError
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
