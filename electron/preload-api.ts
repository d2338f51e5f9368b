/**
 * The contracts as the preload exposes them, built from the contract maps by `createApiClient` and
 * `createConnectionsClient`: one function per call, each invoking that call's channel. Nothing
 * else is exposed: no `ipcRenderer`, no generic invoke, no channel names. Pure (no Electron
 * import), so it is tested in Node.
 */
import { createApiClient, type AuditApi } from '../shared/contract';
import { createConnectionsClient, type ConnectionsApi } from '../shared/connections-contract';
import { AuditError, fromErrorPayload, isErrorPayload, toErrorPayload, type AuditErrorCode, type AuditErrorPayload } from '../shared/errors';
import type { ExportOutcome, ExportProgressEvent, ExportRequest, PreloadExportApi } from '../shared/export-contract';
import { channelFor, connectionsChannelFor, EXPORT_CANCEL_CHANNEL, EXPORT_START_CHANNEL } from './channels';

/** The renderer finds the contract at `window.auditTrail`. */
export const PRELOAD_GLOBAL = 'auditTrail';
/** …and the connections contract at `window.auditTrailConnections`. */
export const PRELOAD_CONNECTIONS_GLOBAL = 'auditTrailConnections';

/** Sends a request on a channel and resolves with the main process's answer (`ipcRenderer.invoke`). */
export type Invoke = (channel: string, request: unknown) => Promise<unknown>;

/** The answer of one call: its result, or the AuditError the main process reported. */
function unwrap(name: string, answer: unknown): unknown {
  if (typeof answer === 'object' && answer !== null && 'ok' in answer) {
    const envelope = answer as { ok: unknown; result?: unknown; error?: unknown };
    if (envelope.ok === true) return envelope.result;
    if (envelope.ok === false && isErrorPayload(envelope.error)) throw fromErrorPayload(envelope.error);
  }
  throw new AuditError('internal', `The desktop shell gave a malformed answer to ${name}.`);
}

/** One call over `invoke` on `channel`, unwrapped. */
async function invokeCall(invoke: Invoke, channel: string, name: string, request: unknown): Promise<unknown> {
  let answer: unknown;
  try {
    answer = await invoke(channel, request);
  } catch (error) {
    // Only when the main process has no handler or the request cannot be cloned.
    throw new AuditError('internal', `The desktop shell could not serve ${name}: ${toErrorPayload(error).message}`, {
      cause: error,
    });
  }
  return unwrap(name, answer);
}

/** The whole contract over `invoke`; failures arrive as AuditErrors with the main process's code. */
export function buildPreloadApi(invoke: Invoke): AuditApi {
  return createApiClient((name, request) => invokeCall(invoke, channelFor(name), name, request));
}

/** The connections contract over `invoke`, the same way. */
export function buildPreloadConnectionsApi(invoke: Invoke): ConnectionsApi {
  return createConnectionsClient((name, request) => invokeCall(invoke, connectionsChannelFor(name), name, request));
}

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

function toBridgedError(error: unknown): BridgedAuditError {
  const { code, message }: { code: AuditErrorCode; message: string } = toErrorPayload(error);
  return { name: 'AuditError', code, message };
}

/**
 * The object handed to `contextBridge.exposeInMainWorld`: exactly the contract's calls, frozen,
 * each rejecting with a `BridgedAuditError` (not an Error) so the code survives the bridge.
 */
export function forContextBridge(api: AuditApi): AuditApi {
  return Object.freeze(createApiClient((name, request) => bridged(() => (api[name] as (req: unknown) => Promise<unknown>)(request))));
}

/** The connections contract for `contextBridge`, the same way. */
export function forContextBridgeConnections(api: ConnectionsApi): ConnectionsApi {
  return Object.freeze(
    createConnectionsClient((name, request) => bridged(() => (api[name] as (req: unknown) => Promise<unknown>)(request))),
  );
}

async function bridged(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return await call();
  } catch (error) {
    // A plain object on purpose: an Error would lose its code on the way through the bridge.
    throw toBridgedError(error);
  }
}

/** Adds a listener to the export progress channel (and only that one); returns its removal. */
export type SubscribeExportProgress = (listener: (payload: unknown) => void) => () => void;

/**
 * The export flow for `window.auditTrailExport` (see export-ipc.ts): start and cancel are invokes
 * unwrapped like contract calls (rejecting with a BridgedAuditError), progress is a subscription
 * whose listener sees only the event's payload, never the IPC event or `ipcRenderer`.
 */
export function buildPreloadExport(invoke: Invoke, subscribeProgress: SubscribeExportProgress): PreloadExportApi {
  return Object.freeze({
    start: (exportId: string, request: ExportRequest) =>
      bridged(() => invokeCall(invoke, EXPORT_START_CHANNEL, 'export', { exportId, request })) as Promise<ExportOutcome>,
    cancel: (exportId: string) => bridged(() => invokeCall(invoke, EXPORT_CANCEL_CHANNEL, 'export', { exportId })) as Promise<boolean>,
    onProgress: (listener: (event: ExportProgressEvent) => void) => subscribeProgress((payload) => listener(payload as ExportProgressEvent)),
  });
}
