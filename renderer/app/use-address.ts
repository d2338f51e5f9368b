/**
 * The address as React state: read from the location's hash, followed through Back and Forward,
 * and written back as the user moves. Only `address.ts` knows the hash's form.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatAddress, parseAddress, type Address } from './address';

/** How a move is written: a step Back can return to, or a correction of the current one. */
export interface MoveOptions {
  /** Rewrite the current history entry (selecting another entry, fitting a stale address). */
  replace?: boolean;
  /** Sentences to show with it (what of the address could not be followed). */
  problems?: string[];
}

export type Navigate = (next: Address, options?: MoveOptions) => void;

/**
 * Replacements (arrow keys through a log) are written once the user pauses: browsers throttle
 * a page that rewrites its history entry hundreds of times a second.
 */
const REPLACE_DELAY_MS = 250;

export function useAddress(): { address: Address; problems: string[]; navigate: Navigate; dismissProblems(): void } {
  const [state, setState] = useState(() => parseAddress(window.location.hash));
  /** A replacement not yet written: its timer and hash. */
  const pending = useRef<{ timer: number; hash: string } | null>(null);

  /** Writes a waiting replacement now (`write`), or forgets it (the user went elsewhere). */
  const settle = useCallback((write: boolean) => {
    const waiting = pending.current;
    if (!waiting) return;
    window.clearTimeout(waiting.timer);
    pending.current = null;
    if (write && window.location.hash !== waiting.hash) window.history.replaceState(window.history.state, '', waiting.hash);
  }, []);

  useEffect(() => {
    // Back, Forward, or an address typed into the bar (hashchange): read it again.
    const onMove = () => {
      settle(false);
      setState(parseAddress(window.location.hash));
    };
    window.addEventListener('popstate', onMove);
    window.addEventListener('hashchange', onMove);
    return () => {
      window.removeEventListener('popstate', onMove);
      window.removeEventListener('hashchange', onMove);
      settle(true);
    };
  }, [settle]);

  const navigate = useCallback<Navigate>(
    (next, options) => {
      const hash = formatAddress(next);
      const replace = options?.replace === true;
      // The state follows at once; the history entry is what Back returns to.
      setState((s) => ({ address: next, problems: [...(replace ? s.problems : []), ...(options?.problems ?? [])] }));
      settle(true);
      if (replace) {
        pending.current = { hash, timer: window.setTimeout(() => settle(true), REPLACE_DELAY_MS) };
      } else if (window.location.hash !== hash) {
        window.history.pushState(null, '', hash);
      }
    },
    [settle],
  );

  const dismissProblems = useCallback(() => setState((s) => ({ ...s, problems: [] })), []);
  return { address: state.address, problems: state.problems, navigate, dismissProblems };
}
