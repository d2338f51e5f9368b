/**
 * The contracts over IPC, main-process side. Each served contract gets one `ipcMain.handle`
 * channel (the one its declaration names); a call arrives there as `{ call, callId, request }` and
 * is answered through the one serving path (node/serving.ts), as the web shell answers HTTP: the
 * same refusal of an unknown call, the same sentences, the same errors. The caller's call id
 * names the call so that a cancel message (`audit:cancel`, `{ callId }`) can abort it: the
 * signal reaches the database, which cancels the query on the server.
 *
 * Handlers never throw: Electron passes a thrown error to the renderer as a bare message with a
 * prefix, losing its code. Every handler resolves with an envelope instead, and the preload turns
 * a failed one back into an AuditError.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { AuditError, toErrorPayload } from '../shared/errors';
import type { ShellEventName, ShellEvents } from '../shared/shell-events';
import { answerCall, type ServedContract, type ServingLog } from '../node/serving';
import { isAppPageUrl } from './app-url';
import { CANCEL_CHANNEL, shellEventChannel, type IpcCallMessage, type IpcEnvelope } from './channels';

export type { IpcEnvelope } from './channels';

/** What the sender check looks at: the frame's URL and whether it is the top frame. */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;

/** Decides whether the frame a call came from may use the contract. */
export type SenderCheck = (frame: SenderFrame | null | undefined) => boolean;

/** The part of an invoke event a handler reads: the frame (checked), and the window (whose calls a cancel may reach). */
export type CallEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender?: { id: number } };

export interface IpcServingOptions {
  isTrustedSender: SenderCheck;
  /** Where failures that are the shell's own fault go, one line each; default stderr. */
  log?: ServingLog;
}

const UNTRUSTED: IpcEnvelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'This call did not come from the application window, so it was refused.' },
};

function refuse(error: AuditError): IpcEnvelope<never> {
  return { ok: false, error: toErrorPayload(error) };
}

/** The call message, if `raw` is one. */
function callMessage(raw: unknown): IpcCallMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { call, callId, request } = raw as Partial<IpcCallMessage>;
  return typeof call === 'string' && typeof callId === 'string' && callId !== '' ? { call, callId, request } : null;
}

/**
 * Registers one handler per served contract, and the cancel handler; returns a function that
 * aborts every running call and removes the handlers. The contracts' implementations are asked
 * on every call, so opening another database needs no re-registration.
 */
export function serveOverIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  contracts: readonly ServedContract[],
  options: IpcServingOptions,
): () => void {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  /** The calls still running, by window and call id: a window can cancel only its own. */
  const running = new Map<string, AbortController>();
  const key = (event: CallEvent, callId: string) => `${event.sender?.id ?? 0}\u0000${callId}`;

  for (const served of contracts) {
    ipcMain.handle(served.channel, async (event: CallEvent, raw: unknown): Promise<IpcEnvelope> => {
      if (!options.isTrustedSender(event.senderFrame)) return UNTRUSTED;
      const message = callMessage(raw);
      if (!message) return refuse(new AuditError('bad-request', 'A call needs a name and an id.'));
      const id = key(event, message.callId);
      if (running.has(id)) return refuse(new AuditError('bad-request', `A call with the id ${JSON.stringify(message.callId)} is still running.`));
      const controller = new AbortController();
      running.set(id, controller);
      try {
        return await answerCall(served, message.call, message.request, { signal: controller.signal, log: (line) => log(`desktop shell: ${line}`) });
      } finally {
        running.delete(id);
      }
    });
  }
  ipcMain.handle(CANCEL_CHANNEL, (event: CallEvent, raw: unknown): IpcEnvelope<boolean> => {
    if (!options.isTrustedSender(event.senderFrame)) return UNTRUSTED;
    const callId = (raw as { callId?: unknown } | null)?.callId;
    const controller = typeof callId === 'string' ? running.get(key(event, callId)) : undefined;
    controller?.abort();
    return { ok: true, result: controller !== undefined };
  });

  return () => {
    for (const controller of running.values()) controller.abort();
    for (const served of contracts) ipcMain.removeHandler(served.channel);
    ipcMain.removeHandler(CANCEL_CHANNEL);
  };
}

/** What an event is sent to (a window's `webContents`). */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
}

/** Sends the renderer one of the shell's events, typed by the map in shared/shell-events.ts. */
export function sendShellEvent<K extends ShellEventName>(target: EventTarget, event: K, payload: ShellEvents[K]): void {
  target.send(shellEventChannel(event), payload);
}

/**
 * The sender check for a window showing `appPageUrl`: only the app's own page, in the top frame
 * (no iframe, even one showing an app file, may call the contract).
 */
export function isTrustedSenderFor(appPageUrl: string): SenderCheck {
  return (frame) => !!frame && frame.parent === null && isAppPageUrl(frame.url, appPageUrl);
}
