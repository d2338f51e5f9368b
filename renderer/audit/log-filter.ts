/** The expander bar's filter, and how it becomes the contract's HistoryFilter. */
import { addDays, startOfMonth, startOfYear, subYears, endOfYear } from 'date-fns';
import type { HistoryFilter, HowMadeFilter, ModifiedBy, PerformedBy } from '../../shared/domain';
import { filteredParts } from '../../shared/how-made';
import { localDayOf } from '../../shared/day-range';
import { dateOfDay } from '../format/time';

export interface LogFilter {
  /** First and last day (`YYYY-MM-DD`, inclusive), in the user's time zone. */
  from: string | null;
  to: string | null;
  by: ModifiedBy;
  /**
   * The Entity filter of a record's related log: only the entries of these tables of its family
   * (empty: all of them). The record's own log ignores it.
   */
  tables: string[];
  /** Only entries made this way (method, application, …; exact values). The record's own log only. */
  made: HowMadeFilter;
  /** Only changes by people, or by automation accounts (null: anyone). */
  performedBy: PerformedBy | null;
}

export const NO_FILTER: LogFilter = { from: null, to: null, by: { kind: 'all' }, tables: [], made: {}, performedBy: null };

/** Whether the filter narrows the log shown (`related`: the related log, where the Entity filter counts). */
export function isFiltered(filter: LogFilter, related = false): boolean {
  return (
    filter.from !== null ||
    filter.to !== null ||
    filter.by.kind !== 'all' ||
    filter.performedBy !== null ||
    (related ? filter.tables.length > 0 : filteredParts(filter.made).length > 0)
  );
}

export function toHistoryFilter(filter: LogFilter, timeZone: string): HistoryFilter {
  const made = filteredParts(filter.made);
  return {
    from: filter.from ?? undefined,
    to: filter.to ?? undefined,
    timeZone,
    by: filter.by,
    ...(made.length > 0 ? { made: Object.fromEntries(made) } : {}),
    ...(filter.performedBy ? { performedBy: filter.performedBy } : {}),
  };
}

/** The related log's filter: the dates and Modified By as the record's own, and the Entity filter. */
export function toRelatedFilter(filter: LogFilter, timeZone: string): HistoryFilter & { tables?: string[] } {
  // How a change was made is the record's own log's filter (its family's logs may not record it).
  const history = toHistoryFilter({ ...filter, made: {} }, timeZone);
  return filter.tables.length > 0 ? { ...history, tables: filter.tables } : history;
}

/**
 * A shortcut as Blueprint's date range input takes it (its `DateRangeShortcut`), written out here
 * so that this pure module, and the tests that import it, need no React types.
 */
export interface DayRangeShortcut {
  label: string;
  dateRange: [Date, Date];
}

/**
 * Shortcuts for the date range, counted from today in the user's time zone (not the browser's:
 * someone reading London's logs from New York means London's "today").
 */
export function dateShortcuts(timeZone: string, now = new Date()): DayRangeShortcut[] {
  const today = dateOfDay(localDayOf(now, timeZone));
  return [
    { label: 'Today', dateRange: [today, today] },
    { label: 'Last 7 days', dateRange: [addDays(today, -6), today] },
    { label: 'Last 30 days', dateRange: [addDays(today, -29), today] },
    { label: 'This month', dateRange: [startOfMonth(today), today] },
    { label: 'This year', dateRange: [startOfYear(today), today] },
    { label: 'Last year', dateRange: [startOfYear(subYears(today, 1)), endOfYear(subYears(today, 1))] },
  ];
}
