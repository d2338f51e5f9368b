/**
 * One request a component wants while `key` stays the same (the page-by-page kind is
 * `usePagedList`, beside this). It is made when the component mounts and again when `key`
 * changes; the older request is aborted then, and when the component goes away, so the shell
 * cancels its query on the database; an answer that arrives after that is dropped, and an answer
 * to another key is never shown. A null key makes no request (nothing to ask yet). `reload()`
 * asks again for the same key, showing the last answer until the new one arrives.
 *
 *   const record = useCall(`${table}:${id}`, (signal) => api.getRecord({ table, id }, { signal }));
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Call<T> {
  /** The answer to the current key; null until it arrives (and while a new key's is on its way). */
  value: T | null;
  /** Why the current key's request failed; null while it has not. */
  error: Error | null;
  /** True while the current key's request is on its way. */
  loading: boolean;
  /** Makes the current key's request again (after an error, say). */
  reload(): void;
}

export function useCall<T>(key: string | null, call: (signal: AbortSignal) => Promise<T>): Call<T> {
  const [state, setState] = useState<{ key: string | null; value: T | null; error: Error | null; loading: boolean }>({
    key,
    value: null,
    error: null,
    loading: key !== null,
  });
  const latest = useRef(call);
  latest.current = call;
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (key === null) {
      setState({ key, value: null, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => (s.key === key ? { ...s, error: null, loading: true } : { key, value: null, error: null, loading: true }));
    latest.current(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ key, value, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ key, value: null, error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => controller.abort();
  }, [key, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  // Until the effect has run for a new key, what the state holds answers the old one.
  const current = state.key === key;
  return { value: current ? state.value : null, error: current ? state.error : null, loading: current ? state.loading : key !== null, reload };
}
