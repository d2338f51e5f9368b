/**
 * What travels over IPC besides the contracts' own channels (each contract declares its channel,
 * see shared/contract-kit.ts): the call message and its answer, the cancel message, and the
 * channels of the shell's events. Kept apart from ipc.ts so the preload bundle pulls in this and
 * nothing of the main process's handler code.
 */
import type { AuditErrorPayload } from '../shared/errors';
import type { ShellEventName } from '../shared/shell-events';

/** Every channel the shell uses starts with this, so they cannot clash with Electron's own. */
export const CHANNEL_PREFIX = 'audit:';

/** What a contract's channel carries: one call, named, with an id the caller chose for cancelling it. */
export interface IpcCallMessage {
  call: string;
  callId: string;
  request: unknown;
}

/** What every handler resolves with (handlers never throw: Electron would drop the error's code). */
export type IpcEnvelope<T = unknown> = { ok: true; result: T } | { ok: false; error: AuditErrorPayload };

/** `{ callId }`: the caller no longer wants that call's answer; main aborts it (the query is cancelled). */
export const CANCEL_CHANNEL = `${CHANNEL_PREFIX}cancel`;

/** The channel a shell event travels on, main → renderer: `audit:event:<name>`. */
export function shellEventChannel(name: ShellEventName): string {
  return `${CHANNEL_PREFIX}event:${name}`;
}
