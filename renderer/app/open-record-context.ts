/**
 * Opening another record's properties window from deep inside one (a change set's entry): the
 * main window provides it; `logId` opens the window on its log with that entry selected.
 */
import { createContext, useContext } from 'react';
import type { RecordId } from '../../shared/domain';

/** How a record opens on an entry: `story` opens it with its related records, on a child's entry (`entryTable`). */
export interface OpenOptions {
  story?: { entryTable: string };
}

export type OpenRecord = (table: string, id: RecordId, logId?: RecordId, options?: OpenOptions) => void;

export const OpenRecordContext = createContext<OpenRecord | null>(null);

export const useOpenRecord = (): OpenRecord | null => useContext(OpenRecordContext);
