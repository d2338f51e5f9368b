/**
 * The contract over IPC, main-process side: one `ipcMain.handle` channel per contract call,
 * registered from the contract's own list of calls, so a call that is not declared is not served.
 *
 * Handlers never throw: Electron passes a thrown error to the renderer as a bare message with a
 * prefix, losing its code. Every handler resolves with an envelope instead, and the preload turns
 * a failed one back into an AuditError.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { API_CALL_NAMES, dispatchApiCall, type ApiCallName, type AuditApi } from '../shared/contract';
import { toErrorPayload, type AuditErrorPayload } from '../shared/errors';
import { isAppPageUrl } from './app-url';
import { channelFor } from './channels';

export { CHANNEL_PREFIX, channelFor } from './channels';

/** What every handler resolves with. */
export type IpcEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: AuditErrorPayload };

/** What the sender check looks at: the frame's URL and whether it is the top frame. */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;

/** Decides whether the frame a call came from may use the contract. */
export type SenderCheck = (frame: SenderFrame | null | undefined) => boolean;

/** The sentence shown when a call arrives while no replica is open. */
export const NO_REPLICA_MESSAGE = 'No replica is open: open one from the File menu (File > Open replica...).';

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
    if (!isTrustedSender(event.senderFrame)) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'This call did not come from the application window, so it was refused.' },
      };
    }
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

/**
 * The sender check for a window showing `appPageUrl`: only the app's own page, in the top frame
 * (no iframe, even one showing an app file, may call the contract).
 */
export function isTrustedSenderFor(appPageUrl: string): SenderCheck {
  return (frame) => !!frame && frame.parent === null && isAppPageUrl(frame.url, appPageUrl);
}
