/** The keys that move a list's selection, as in a desktop list; shared by the record grid and the log. */

/**
 * The index `key` moves the selection to (clamped to the list), or undefined when the key does
 * not move it. `pageRows` is how many rows a Page Up/Down jumps.
 */
export function selectionAfterKey(key: string, selected: number, count: number, pageRows: number): number | undefined {
  const last = count - 1;
  if (last < 0) return undefined;
  const moves: Record<string, number> = {
    ArrowDown: selected + 1,
    ArrowUp: selected - 1,
    PageDown: selected + pageRows,
    PageUp: selected - pageRows,
    Home: 0,
    End: last,
  };
  const target = moves[key];
  return target === undefined ? undefined : Math.max(0, Math.min(last, target));
}
