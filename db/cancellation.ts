/**
 * Abandoned calls. A shell that learns its caller has gone (the browser aborted the request, the
 * window moved on) aborts the call's signal; the engine underneath then cancels the query on the
 * server instead of letting it run to the statement timeout. The signal travels with the call's
 * async context, so query code does not thread it through every function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AuditError } from '../shared/errors';

const callSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `task` with `signal` as the signal of every query it makes. */
export function runWithSignal<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
  return signal ? callSignal.run(signal, task) : task();
}

/** The signal of the call being served, if its shell gave one. */
export function currentSignal(): AbortSignal | undefined {
  return callSignal.getStore();
}

export const CANCELLED_MESSAGE = 'The request was abandoned, so its query was cancelled on the server.';

export function cancelledError(): AuditError {
  return new AuditError('cancelled', CANCELLED_MESSAGE);
}
