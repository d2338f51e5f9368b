import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms`: a search waits for the typing to pause. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * True once `busy` has stayed true for `ms` for the same `key` (the query): a slow answer is then
 * said to be still on its way, rather than leaving a list that looks frozen.
 */
export function useStillBusy(busy: boolean, key: string, ms: number): boolean {
  const [late, setLate] = useState<string | null>(null);
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => setLate(key), ms);
    return () => clearTimeout(timer);
  }, [busy, key, ms]);
  return busy && late === key;
}
