/**
 * The desktop shell's transport: the preload's functions for one contract (at the global the
 * contract declares), each call given an id, and the shell bridge's `cancel(id)` sent when the
 * caller aborts: the desktop's way of closing a request, as the web shell's transport closes its
 * fetch. Either way the shell aborts the call and the database cancels the query on the server.
 */
import { whileWanted, type Transport } from '../../shared/contract-kit';
import { fromErrorPayload, isErrorPayload } from '../../shared/errors';
import type { ShellBridge } from '../../shared/shell-events';

/** A contract as the preload exposes it: each call takes the request and a call id. */
export type PreloadedContract = Readonly<Record<string, (request: unknown, callId?: string) => Promise<unknown>>>;

let calls = 0;
/** Unique within this page (the shell keeps each window's calls apart). */
function nextCallId(): string {
  calls += 1;
  return `call-${calls}`;
}

/**
 * A transport over the preload's functions. The context bridge turns thrown Errors into plain
 * ones and drops their code, so the preload rejects with error payloads instead; they become
 * AuditErrors again here.
 */
export function createBridgeTransport(functions: PreloadedContract, shell: Pick<ShellBridge, 'cancel'>): Transport {
  return (name, request, options) => {
    const callId = nextCallId();
    const call = functions[name];
    return whileWanted(
      options?.signal,
      async () => {
        if (!call) throw new Error(`The desktop shell does not offer ${name}.`);
        try {
          return await call(request, callId);
        } catch (error) {
          throw isErrorPayload(error) ? fromErrorPayload(error) : error;
        }
      },
      () => void shell.cancel(callId).catch(() => undefined),
    );
  };
}
