/**
 * The open database's saved views, read once and shared by the sidebar's "Saved" list and every
 * "Save view…" button, and read again after any of them saves, renames or deletes one.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { ListSavedViewsResponse } from '../../shared/contract';
import type { SavedViewSpec } from '../../shared/saved-views';
import { useApi, useFirstCall } from '../api/api-context';
import { useCall } from '../common/use-call';

export interface SavedViews {
  /** Null until read (or when reading failed: `error`). */
  listed: ListSavedViewsResponse | null;
  error: Error | null;
  /** Saves a view (replacing one of the same name with `replace`), then reads the list again. */
  save(name: string, view: SavedViewSpec, replace: boolean): Promise<void>;
  rename(name: string, newName: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** The address shown now, as `formatAddress` writes it: a view whose address it is, is the open one. */
  here: string;
}

const SavedViewsContext = createContext<SavedViews | null>(null);

export function SavedViewsProvider({ here, children }: { here: string; children: ReactNode }) {
  const api = useApi();
  const first = useFirstCall('savedViews');
  const call = useCall('saved-views', (signal) => first?.take(signal) ?? api.listSavedViews({}, { signal }));
  const { reload } = call;
  const save = useCallback(async (name: string, view: SavedViewSpec, replace: boolean) => {
    try {
      await api.saveView({ name, view, replace });
    } finally {
      reload();
    }
  }, [api, reload]);
  const rename = useCallback(async (name: string, newName: string) => {
    try {
      await api.renameView({ name, newName });
    } finally {
      reload();
    }
  }, [api, reload]);
  const remove = useCallback(async (name: string) => {
    try {
      await api.deleteView({ name });
    } finally {
      reload();
    }
  }, [api, reload]);
  const value = useMemo(() => ({ listed: call.value, error: call.error, save, rename, remove, here }), [call.value, call.error, save, rename, remove, here]);
  return <SavedViewsContext.Provider value={value}>{children}</SavedViewsContext.Provider>;
}

/** The saved views; null outside a provider (a view shown on its own offers no saving). */
export function useSavedViews(): SavedViews | null {
  return useContext(SavedViewsContext);
}
