/**
 * IPC channel names, one per contract call. Kept apart from `ipc.ts` so the preload bundle pulls
 * in this and nothing of the main process's handler code.
 */
import type { ApiCallName } from '../shared/contract';
import type { ConnectionsCallName } from '../shared/connections-contract';

/** Every channel the shell serves starts with this, so they cannot clash with Electron's own. */
export const CHANNEL_PREFIX = 'audit:';

/** The channel that carries `name`: `audit:<name>`. */
export function channelFor(name: ApiCallName): string {
  return `${CHANNEL_PREFIX}${name}`;
}

/** The connections contract's channels: `audit:connections:<name>`. */
export const CONNECTIONS_CHANNEL_PREFIX = `${CHANNEL_PREFIX}connections:`;

export function connectionsChannelFor(name: ConnectionsCallName): string {
  return `${CONNECTIONS_CHANNEL_PREFIX}${name}`;
}

/**
 * Export's channels (see export-ipc.ts): start (invoke; shows the save dialog and resolves when the
 * file is written), cancel (invoke), and progress (main → renderer events).
 */
export const EXPORT_START_CHANNEL = `${CHANNEL_PREFIX}export:start`;
export const EXPORT_CANCEL_CHANNEL = `${CHANNEL_PREFIX}export:cancel`;
export const EXPORT_PROGRESS_CHANNEL = `${CHANNEL_PREFIX}export:progress`;
