/**
 * Esc closes the innermost thing open, and only that. Blueprint's date inputs close their calendar
 * on Esc but let the key go on to the window under them, which closed too (the properties window
 * with the filter the user was typing). Given to such an input: while its popover is open, Esc is
 * kept from the layers below; once it is closed, Esc goes on as usual.
 */
import { useRef, type KeyboardEvent } from 'react';

export interface EscapeInnermost {
  /** Spread into the input's `popoverProps` (merged with any others). */
  popoverProps: { onOpening(): void; onClosing(): void };
  /** Call from the input's `onKeyDown` (Blueprint calls it after its own handler, on the same event). */
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
}

export function useEscapeInnermost(): EscapeInnermost {
  const open = useRef(false);
  return {
    popoverProps: {
      onOpening: () => void (open.current = true),
      onClosing: () => void (open.current = false),
    },
    onKeyDown(e) {
      // The popover's closing is rendered after this event, so `open` still says how it was.
      if (e.key === 'Escape' && open.current) {
        e.stopPropagation();
        e.nativeEvent.stopImmediatePropagation();
      }
    },
  };
}

/**
 * The same for a list that says whether it is open (`aria-expanded` on its input, as Blueprint's
 * MultiSelect does), read from the page when the key comes: given as the `onKeyDown` of an
 * element around it, Esc stops there while the list inside is expanded. (MultiSelect's popover
 * reports its opening late or not at all, so the callbacks above would miss it.)
 */
export function stopEscapeWhileExpanded(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'Escape' && e.currentTarget.querySelector('[aria-expanded="true"]')) {
    e.stopPropagation();
    e.nativeEvent.stopImmediatePropagation();
  }
}
