/**
 * The desktop shell's events (shared/shell-events.ts) for components: `useShellEvent('themeChanged',
 * …)`. In the web shell there are none, and the hook does nothing.
 */
import { useEffect, useRef } from 'react';
import type { ShellEventName, ShellEvents } from '../../shared/shell-events';
import { shellBridge } from './connect';

/** Calls `listener` on every `event` the shell sends while the component is mounted. */
export function useShellEvent<K extends ShellEventName>(event: K, listener: (payload: ShellEvents[K]) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => shellBridge()?.on(event, (payload) => latest.current(payload)), [event]);
}
