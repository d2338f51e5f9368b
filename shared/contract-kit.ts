/**
 * The one way a contract is declared and carried. A contract is a map of calls, each taking one
 * request object (and per-call options) and answering with a promise. `defineContract` takes the
 * call names, the IPC channel, the HTTP path and the preload's global name, and everything that
 * carries the contract is built from what it returns: the client over any transport (the web
 * shell's HTTP client, the desktop preload, the renderer's bridge), and the dispatch that serves a
 * named call (the desktop shell's IPC handlers, the web shell's HTTP handlers). Nothing carries a
 * call that is not declared, and no contract has client or serving code of its own.
 *
 * Pure: no Node, no Electron, no DOM beyond AbortSignal.
 */
import { AuditError } from './errors';

/**
 * Per-call options. Aborting `signal` says the caller no longer wants the answer (the user moved
 * on): every shell passes that on, and the database cancels the query on the server.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

/** What a contract's interface looks like: calls taking one request object and options. */
export type CallMap<Api> = { [K in keyof Api]: (request: never, options?: CallOptions) => Promise<unknown> };

/** A contract's call names. */
export type CallName<Api> = keyof Api & string;

/** Sends one call over some channel (IPC, HTTP, the context bridge) and resolves with its answer. */
export type Transport<Name extends string = string> = (call: Name, request: unknown, options?: CallOptions) => Promise<unknown>;

/** What a contract is declared with. */
export interface ContractDeclaration<Api> {
  /**
   * Every call, by name. A map over the interface's keys, so that a call added to the interface
   * but not here (or the other way round) fails to compile.
   */
  calls: { readonly [K in CallName<Api>]: true };
  /** The IPC channel that carries every call of the contract (the call's name travels in the message). */
  channel: string;
  /** The HTTP path a call is posted to, followed by its name (`/api/` → `POST /api/listTables`). Absent: not served over HTTP. */
  httpPath?: string;
  /** Where the desktop preload exposes the contract: `window[global]`. */
  global: string;
}

/** A declared contract: its names, and the client and dispatch every shell is built from. */
export interface Contract<Api> extends Readonly<ContractDeclaration<Api>> {
  /** The call names at run time. */
  readonly names: readonly CallName<Api>[];
  /** Whether `name` is one of the contract's calls (never an inherited property such as `toString`). */
  isCall(name: string): name is CallName<Api>;
  /** The whole contract over `transport`: one function per call, each sending its name and request. */
  client(transport: Transport<CallName<Api>>): Api;
  /** Calls the implementation of `name` with `request` (an empty object for none). */
  dispatch(api: Api, name: CallName<Api>, request: unknown, options?: CallOptions): Promise<unknown>;
}

/** Declares a contract; see the file's comment. */
export function defineContract<Api extends CallMap<Api>>(declaration: ContractDeclaration<Api>): Contract<Api> {
  const names = Object.freeze(Object.keys(declaration.calls)) as readonly CallName<Api>[];
  const isCall = (name: string): name is CallName<Api> => Object.prototype.hasOwnProperty.call(declaration.calls, name);
  return Object.freeze({
    ...declaration,
    names,
    isCall,
    client(transport: Transport<CallName<Api>>): Api {
      const client: Record<string, (request: unknown, options?: CallOptions) => Promise<unknown>> = {};
      for (const name of names) client[name] = (request, options) => transport(name, request, options);
      return client as unknown as Api;
    },
    dispatch(api: Api, name: CallName<Api>, request: unknown, options?: CallOptions): Promise<unknown> {
      const handler = api[name] as unknown as (request: unknown, options?: CallOptions) => Promise<unknown>;
      return handler.call(api, request ?? {}, options);
    },
  });
}

/** The sentence for a call whose caller went away before the answer. */
export const ABANDONED_MESSAGE = 'The request was abandoned.';

/** The error a call rejects with once its caller abandoned it. */
export function abandonedError(cause?: unknown): AuditError {
  return new AuditError('cancelled', ABANDONED_MESSAGE, cause === undefined ? undefined : { cause });
}

/** The one sentence for a call a contract does not declare, whichever shell it reached. */
export function unknownCallError(name: string): AuditError {
  return new AuditError('unknown-call', `Audit Trail Browser has no call named ${JSON.stringify(name)}.`);
}

/**
 * Runs a call for a caller that may abandon it: without `signal`, just `start()`. Once `signal`
 * aborts, the promise rejects at once with {@link abandonedError} (the caller has moved on and
 * waits for nothing) and `onAbandon` tells the other side, so it stops the work.
 */
export function whileWanted<T>(signal: AbortSignal | undefined, start: () => Promise<T>, onAbandon: () => void): Promise<T> {
  if (!signal) return start();
  if (signal.aborted) return Promise.reject(abandonedError());
  return new Promise<T>((resolve, reject) => {
    const abandon = () => {
      onAbandon();
      reject(abandonedError());
    };
    signal.addEventListener('abort', abandon, { once: true });
    start()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', abandon));
  });
}
