/**
 * One Tab stop for a group of like controls (the sidebar's tables, the record form's field-history
 * buttons): Tab enters the group at the control last used and leaves it in one step; the arrow
 * keys, Home and End move between its controls. The "roving tabindex" of the WAI-ARIA practices,
 * kept on the DOM so it works over components (Blueprint's) that render the controls themselves.
 */
import { useCallback, useEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';

const NEXT = new Set(['ArrowDown', 'ArrowRight']);
const PREVIOUS = new Set(['ArrowUp', 'ArrowLeft']);

export interface RovingFocus<T extends HTMLElement> {
  ref: React.RefObject<T>;
  onKeyDown(e: KeyboardEvent<T>): void;
  onFocus(e: FocusEvent<T>): void;
}

/** Props for the group's container; `itemSelector` finds its controls, in order. */
export function useRovingFocus<T extends HTMLElement>(itemSelector: string): RovingFocus<T> {
  const ref = useRef<T>(null) as React.RefObject<T>;
  const current = useRef(0);

  const items = useCallback(
    () => Array.from(ref.current?.querySelectorAll<HTMLElement>(itemSelector) ?? []).filter((el) => !el.closest('[aria-disabled="true"]') && !(el as HTMLButtonElement).disabled),
    [itemSelector],
  );
  const apply = useCallback(() => {
    const list = items();
    const at = Math.min(current.current, list.length - 1);
    list.forEach((el, i) => {
      const tabIndex = i === at ? 0 : -1;
      if (el.tabIndex !== tabIndex) el.tabIndex = tabIndex;
    });
  }, [items]);

  useEffect(() => {
    apply();
    // Controls come and go (a table list read again, fields of another entry): keep one stop.
    const node = ref.current;
    if (!node) return;
    const observer = new MutationObserver(apply);
    observer.observe(node, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [apply]);

  return {
    ref,
    onFocus(e) {
      const i = items().indexOf(e.target as HTMLElement);
      if (i >= 0 && i !== current.current) {
        current.current = i;
        apply();
      }
    },
    onKeyDown(e) {
      const list = items();
      const i = list.indexOf(e.target as HTMLElement);
      if (i < 0) return;
      const to = NEXT.has(e.key) ? Math.min(list.length - 1, i + 1) : PREVIOUS.has(e.key) ? Math.max(0, i - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : null;
      if (to === null) return;
      e.preventDefault();
      current.current = to;
      apply();
      list[to]?.focus();
    },
  };
}
