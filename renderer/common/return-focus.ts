/**
 * Closing a window gives the focus back to what opened it (the grid row's list, the Activity row),
 * so the keyboard user goes on where they were. Blueprint returns the focus only when an overlay is
 * closed by `isOpen`; our windows are unmounted instead, so this does it for them.
 */
import { useEffect, useState } from 'react';

/** Call at the top of a window's component: remembers the focused element as it first renders. */
export function useReturnFocus(): void {
  // Read during the first render, before the window's own focus handling moves it.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  useEffect(
    () => () => {
      // After the window's DOM is gone (and Blueprint's own focus handling is done).
      requestAnimationFrame(() => {
        if (opener && opener !== document.body && opener.isConnected) opener.focus({ preventScroll: true });
      });
    },
    [opener],
  );
}
