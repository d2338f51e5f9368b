/**
 * End in a list read page by page goes to the last row of the whole list, not of the pages read so
 * far (an audit's End is its oldest entry): the remaining pages are read through the list's own
 * paging, one after another, and the selection moves when the last has arrived. Any other key, or
 * the list changing, forgets the pending End.
 */
import { useEffect, useState } from 'react';

export interface ListEnd {
  /** Starts going to the end (or goes at once when every page is read). */
  goToEnd(): void;
  /** Forgets a pending End (another key was pressed). */
  cancel(): void;
  /** True while pages are being read to reach the end. */
  pending: boolean;
}

export function useListEnd({
  count,
  hasMore,
  loadingMore,
  loadMore,
  onSelect,
}: {
  count: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  onSelect(index: number): void;
}): ListEnd {
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (!pending) return;
    if (hasMore) {
      if (!loadingMore) loadMore();
      return;
    }
    setPending(false);
    if (count > 0) onSelect(count - 1);
    // onSelect is left out on purpose: a new function each render must not re-run this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending, hasMore, loadingMore, count, loadMore]);
  return {
    pending,
    goToEnd: () => {
      if (hasMore) setPending(true);
      else if (count > 0) onSelect(count - 1);
    },
    cancel: () => setPending(false),
  };
}
