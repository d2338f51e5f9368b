/**
 * A list read page by page by cursor, as the user scrolls. Changing `key` (the query: table,
 * search, sort, filter) starts again from the first page; answers to an older query that arrive
 * late are dropped, so a fast typist never sees the results of what they typed before. The older
 * query is also aborted, so the database stops working on it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Only the first page may know the total (where the call can count). */
  total?: number | null;
}

export interface PagedList<T> {
  items: T[];
  /** Null until a page that counts has arrived (or when the call does not count). */
  total: number | null;
  /** True while the first page of the current query is on its way. */
  loading: boolean;
  /** True while a further page is on its way. */
  loadingMore: boolean;
  error: Error | null;
  hasMore: boolean;
  loadMore(): void;
  /** Reads the current query again from the first page (after an error, say). */
  reload(): void;
}

export function usePagedList<T>(
  key: string,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
): PagedList<T> {
  const [state, setState] = useState<{
    items: T[];
    total: number | null;
    cursor: string | null;
    loading: boolean;
    loadingMore: boolean;
    error: Error | null;
  }>({ items: [], total: null, cursor: null, loading: true, loadingMore: false, error: null });
  const generation = useRef(0);
  const inFlight = useRef(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const [reloads, setReloads] = useState(0);
  /** Aborted when the query changes or the list goes away: its pages are no longer wanted. */
  const abandon = useRef<AbortController | null>(null);

  useEffect(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    abandon.current = controller;
    inFlight.current = true;
    setState({ items: [], total: null, cursor: null, loading: true, loadingMore: false, error: null });
    fetchRef.current(undefined, controller.signal).then(
      (page) => {
        if (generation.current !== mine) return;
        inFlight.current = false;
        setState({ items: page.items, total: page.total ?? null, cursor: page.nextCursor, loading: false, loadingMore: false, error: null });
      },
      (error: unknown) => {
        if (generation.current !== mine) return;
        inFlight.current = false;
        setState((s) => ({ ...s, loading: false, error: asError(error) }));
      },
    );
    return () => controller.abort();
  }, [key, reloads]);

  // The cursor and error are read from a ref so that loadMore stays one stable function that a
  // scroll handler can call as often as it likes: it does nothing while a page is on its way.
  const latest = useRef(state);
  latest.current = state;
  const loadMore = useCallback(() => {
    const { cursor, error } = latest.current;
    if (!cursor || inFlight.current || error) return;
    const mine = generation.current;
    inFlight.current = true;
    setState((t) => ({ ...t, loadingMore: true }));
    fetchRef.current(cursor, abandon.current?.signal ?? new AbortController().signal).then(
      (page) => {
        if (generation.current !== mine) return;
        inFlight.current = false;
        setState((t) => ({ ...t, items: [...t.items, ...page.items], cursor: page.nextCursor, loadingMore: false }));
      },
      (failure: unknown) => {
        if (generation.current !== mine) return;
        inFlight.current = false;
        setState((t) => ({ ...t, loadingMore: false, error: asError(failure) }));
      },
    );
  }, []);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return {
    items: state.items,
    total: state.total,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    hasMore: state.cursor !== null,
    loadMore,
    reload,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
