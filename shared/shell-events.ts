/**
 * What the desktop shell tells the renderer unasked (main → renderer), as one typed map, and the
 * small bridge its preload exposes beside the contracts: listening to those events, and
 * cancelling a call the renderer no longer wants. The web shell sends no events (its calls are
 * cancelled by closing their request).
 */
import type { CurrentConnection } from './connections-contract';
import type { ExportProgressEvent } from './export-contract';

/** Every event main sends, with its payload. */
export interface ShellEvents {
  /** How far an export has got (named by the `exportId` its caller chose). */
  exportProgress: ExportProgressEvent;
  /** The View menu switched the theme. */
  themeChanged: { dark: boolean };
  /** Main opened another database (File › Open replica…, or `--db` given to a second launch): read everything afresh. */
  databaseSwitched: { current: CurrentConnection };
}

export type ShellEventName = keyof ShellEvents;

/** The event names at run time, as a map over `ShellEvents` so a missing one fails to compile. */
const EVENTS: { readonly [K in ShellEventName]: true } = {
  exportProgress: true,
  themeChanged: true,
  databaseSwitched: true,
};
export const SHELL_EVENT_NAMES = Object.keys(EVENTS) as readonly ShellEventName[];

export function isShellEventName(name: unknown): name is ShellEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);
}

/** What the desktop preload exposes at `window[SHELL_GLOBAL]`. */
export interface ShellBridge {
  /** Tells main the call `callId` (of any contract) is no longer wanted; resolves with whether it was still running. */
  cancel(callId: string): Promise<boolean>;
  /** Listens to one event; returns the unsubscribe. */
  on<K extends ShellEventName>(event: K, listener: (payload: ShellEvents[K]) => void): () => void;
}

export const SHELL_GLOBAL = 'auditTrailShell';
