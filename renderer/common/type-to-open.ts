/**
 * Pickers (Blueprint Selects behind a button) driven by the keyboard as a desktop list is: a
 * letter typed on the closed button opens it with that letter already in its search box, then
 * arrows move and Enter picks (Blueprint's own keys once open). Without this, typing on the
 * button did nothing, and only arrows or Enter opened it.
 */
import { useState, type FocusEvent, type KeyboardEvent } from 'react';

export interface TypeToOpen {
  /** The picker's search text, controlled so the opening keystroke is not lost. */
  query: string;
  onQueryChange(query: string): void;
  /** Spread into the Select's `inputProps`: the search box takes the focus with the caret after what was typed. */
  searchBoxProps: { onFocus(e: FocusEvent<HTMLInputElement>): void };
  /** For the Select's `popoverTargetProps`. */
  popoverTargetProps: { onKeyDown(e: KeyboardEvent<HTMLElement>): void };
}

export function useTypeToOpen(): TypeToOpen {
  const [query, setQuery] = useState('');
  return {
    query,
    onQueryChange: setQuery,
    searchBoxProps: {
      onFocus(e) {
        const input = e.currentTarget;
        // Not selected-all: the next key goes after the letters already typed, not over them.
        requestAnimationFrame(() => input.setSelectionRange(input.value.length, input.value.length));
      },
    },
    popoverTargetProps: {
      onKeyDown(e) {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        // Blueprint puts aria-expanded on the target's wrapper (this element) while the list is open.
        const open = e.currentTarget.getAttribute('aria-expanded') === 'true';
        if (open) {
          // Keys typed before the search box has the focus belong in it (a space too: "new york").
          e.preventDefault();
          e.stopPropagation();
          setQuery((q) => q + e.key);
          // And the focus goes there now: a space's keyup on the button would click it shut.
          const listbox = document.getElementById(e.currentTarget.getAttribute('aria-controls') ?? '');
          listbox?.closest('.bp6-popover-content')?.querySelector<HTMLInputElement>('input')?.focus();
          return;
        }
        if (e.key === ' ') return; // Space on the closed button opens it, as on any button.
        e.preventDefault();
        setQuery(e.key);
        (e.currentTarget.querySelector('button') ?? e.currentTarget).click();
      },
    },
  };
}
