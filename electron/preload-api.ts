/**
 * What the preload exposes, built from the contracts' declarations (shared/contract-kit.ts): for
 * each contract, one function per call, each sending `{ call, callId, request }` on the
 * contract's channel; and the shell bridge, which cancels a call by its id and listens to the
 * shell's events (shared/shell-events.ts). Nothing else is exposed: no `ipcRenderer`, no generic
 * invoke, no channel names. Pure (no Electron import), so it is tested in Node.
 */
import type { Contract } from '../shared/contract-kit';
import { AuditError, fromErrorPayload, isErrorPayload, toErrorPayload, type AuditErrorCode, type AuditErrorPayload } from '../shared/errors';
import { isShellEventName, type ShellBridge } from '../shared/shell-events';
import { CANCEL_CHANNEL, shellEventChannel, type IpcCallMessage } from './channels';

/** Sends a message on a channel and resolves with the main process's answer (`ipcRenderer.invoke`). */
export type Invoke = (channel: string, message: unknown) => Promise<unknown>;

/** Adds a listener to one channel (`ipcRenderer.on`), handing it the payload only; returns its removal. */
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

/** A contract as the page sees it: each call takes the request and, to be cancellable, an id of the page's choosing. */
export type BridgedContract = Readonly<Record<string, (request: unknown, callId?: string) => Promise<unknown>>>;

/** The answer of one call: its result, or the AuditError the main process reported. */
function unwrap(name: string, answer: unknown): unknown {
  if (typeof answer === 'object' && answer !== null && 'ok' in answer) {
    const envelope = answer as { ok: unknown; result?: unknown; error?: unknown };
    if (envelope.ok === true) return envelope.result;
    if (envelope.ok === false && isErrorPayload(envelope.error)) throw fromErrorPayload(envelope.error);
  }
  throw new AuditError('internal', `The desktop shell gave a malformed answer to ${name}.`);
}

/** One message over `invoke` on `channel`, unwrapped. */
async function invokeChannel(invoke: Invoke, channel: string, name: string, message: unknown): Promise<unknown> {
  let answer: unknown;
  try {
    answer = await invoke(channel, message);
  } catch (error) {
    // Only when the main process has no handler or the request cannot be cloned.
    throw new AuditError('internal', `The desktop shell could not serve ${name}: ${toErrorPayload(error).message}`, {
      cause: error,
    });
  }
  return unwrap(name, answer);
}

let calls = 0;
/** An id for a call the page made without one (it cannot cancel it, but main still needs one). */
const freshCallId = () => `preload-${++calls}`;

/**
 * How an AuditError reaches the page through `contextBridge`. The bridge copies an Error as a
 * bare `Error(message)`, dropping its code and class, so the exposed functions reject with this
 * plain object instead (plain objects cross intact). The renderer turns it back into an AuditError
 * with `fromErrorPayload`.
 */
export interface BridgedAuditError extends AuditErrorPayload {
  name: 'AuditError';
}

/** True for a rejection value of the exposed API that carries an AuditError's code and message. */
export function isBridgedAuditError(value: unknown): value is BridgedAuditError {
  return isErrorPayload(value) && (value as { name?: unknown }).name === 'AuditError';
}

async function bridged(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return await call();
  } catch (error) {
    // A plain object on purpose: an Error would lose its code on the way through the bridge.
    const { code, message }: { code: AuditErrorCode; message: string } = toErrorPayload(error);
    throw { name: 'AuditError', code, message } satisfies BridgedAuditError;
  }
}

/**
 * The object handed to `contextBridge.exposeInMainWorld(contract.global, …)`: exactly the
 * contract's calls, frozen, each rejecting with a `BridgedAuditError` (not an Error) so the code
 * survives the bridge.
 */
export function bridgeContract(contract: Pick<Contract<unknown>, 'channel'> & { readonly names: readonly string[] }, invoke: Invoke): BridgedContract {
  const functions: Record<string, (request: unknown, callId?: string) => Promise<unknown>> = {};
  for (const call of contract.names) {
    functions[call] = (request, callId) => {
      const message: IpcCallMessage = { call, callId: typeof callId === 'string' && callId !== '' ? callId : freshCallId(), request };
      return bridged(() => invokeChannel(invoke, contract.channel, call, message));
    };
  }
  return Object.freeze(functions);
}

/** The object handed to `contextBridge.exposeInMainWorld(SHELL_GLOBAL, …)`: cancel, and the shell's events (payloads only). */
export function bridgeShell(invoke: Invoke, subscribe: Subscribe): ShellBridge {
  return Object.freeze({
    cancel: (callId: string) => bridged(() => invokeChannel(invoke, CANCEL_CHANNEL, 'cancel', { callId })) as Promise<boolean>,
    on: ((event: string, listener: (payload: unknown) => void) => {
      if (!isShellEventName(event)) throw new AuditError('bad-request', `The desktop shell sends no event named ${JSON.stringify(event)}.`);
      return subscribe(shellEventChannel(event), (payload) => listener(payload));
    }) as ShellBridge['on'],
  });
}
