/**
 * The contracts over IPC, main-process side: one `ipcMain.handle` channel per contract call,
 * registered from the contract's own list of calls, so a call that is not declared is not served.
 * The connections contract is registered the same way, with the same sender check.
 *
 * Handlers never throw: Electron passes a thrown error to the renderer as a bare message with a
 * prefix, losing its code. Every handler resolves with an envelope instead, and the preload turns
 * a failed one back into an AuditError.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { API_CALL_NAMES, dispatchApiCall, type ApiCallName, type AuditApi } from '../shared/contract';
import { CONNECTIONS_CALL_NAMES, dispatchConnectionsCall, type ConnectionsApi, type ConnectionsCallName } from '../shared/connections-contract';
import { toErrorPayload, type AuditErrorPayload } from '../shared/errors';
import { isAppPageUrl } from './app-url';
import { channelFor, connectionsChannelFor } from './channels';

export { CHANNEL_PREFIX, channelFor, CONNECTIONS_CHANNEL_PREFIX, connectionsChannelFor } from './channels';

/** What every handler resolves with. */
export type IpcEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: AuditErrorPayload };

/** What the sender check looks at: the frame's URL and whether it is the top frame. */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;

/** Decides whether the frame a call came from may use the contract. */
export type SenderCheck = (frame: SenderFrame | null | undefined) => boolean;

/** The sentence shown when a call arrives while no database is open. */
export const NO_REPLICA_MESSAGE =
  'No database is open: choose one with the database button at the top left, or open a replica from the File menu (File > Open replica...).';

const untrusted = (): IpcEnvelope => ({
  ok: false,
  error: { code: 'unauthorized', message: 'This call did not come from the application window, so it was refused.' },
});

/** The part of an invoke event a handler reads. */
export type ApiInvokeEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** Serves one call: checks the sender, finds the open replica, and wraps the outcome. */
export async function handleApiCall(
  name: ApiCallName,
  event: ApiInvokeEvent,
  request: unknown,
  getApi: () => AuditApi | null,
  isTrustedSender: SenderCheck,
): Promise<IpcEnvelope> {
  try {
    if (!isTrustedSender(event.senderFrame)) return untrusted();
    const api = getApi();
    if (!api) return { ok: false, error: { code: 'cannot-open', message: NO_REPLICA_MESSAGE } };
    return { ok: true, result: await dispatchApiCall(api, name, request) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

/**
 * Registers one handler per contract call and returns a function that removes them all.
 * `getApi` is read on every call, so opening another replica needs no re-registration.
 */
export function registerApiHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  getApi: () => AuditApi | null,
  isTrustedSender: SenderCheck,
): () => void {
  const channels: string[] = [];
  for (const name of API_CALL_NAMES) {
    const channel = channelFor(name);
    ipcMain.handle(channel, (event: ApiInvokeEvent, request: unknown) =>
      handleApiCall(name, event, request, getApi, isTrustedSender),
    );
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Serves one connections call: checks the sender first, and wraps the outcome. */
export async function handleConnectionsCall(
  name: ConnectionsCallName,
  event: ApiInvokeEvent,
  request: unknown,
  connections: ConnectionsApi,
  isTrustedSender: SenderCheck,
): Promise<IpcEnvelope> {
  try {
    if (!isTrustedSender(event.senderFrame)) return untrusted();
    return { ok: true, result: await dispatchConnectionsCall(connections, name, request) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

/** Registers one handler per connections call (`audit:connections:<call>`); returns their removal. */
export function registerConnectionsHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  connections: ConnectionsApi,
  isTrustedSender: SenderCheck,
): () => void {
  const channels: string[] = [];
  for (const name of CONNECTIONS_CALL_NAMES) {
    const channel = connectionsChannelFor(name);
    ipcMain.handle(channel, (event: ApiInvokeEvent, request: unknown) =>
      handleConnectionsCall(name, event, request, connections, isTrustedSender),
    );
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * The sender check for a window showing `appPageUrl`: only the app's own page, in the top frame
 * (no iframe, even one showing an app file, may call the contract).
 */
export function isTrustedSenderFor(appPageUrl: string): SenderCheck {
  return (frame) => !!frame && frame.parent === null && isAppPageUrl(frame.url, appPageUrl);
}
