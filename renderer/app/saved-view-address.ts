/**
 * A saved view (shared/saved-views.ts) and the address it opens, both ways: what each view's
 * "Save view…" saves (from the filter on screen, in the contract's own types, with the zone its
 * days are in) and the address a saved view opens (an `Address`, which address.ts alone writes
 * as a hash: a view opens exactly as if that address had been pasted). Pure, so the round trip is
 * unit-tested.
 */
import type { ModifiedBy } from '../../shared/domain';
import { filteredParts } from '../../shared/how-made';
import type { LogViewFilter, SavedViewSpec } from '../../shared/saved-views';
import { NO_ACTIVITY_FILTER, toActivityFilter, type ActivityViewFilter } from '../activity/activity-filter';
import { NO_FILTER, toHistoryFilter, type LogFilter } from '../audit/log-filter';
import { asActivityFilter, NO_INSIGHTS_FILTER, type InsightsViewFilter } from '../insights/insights-filter';
import type { Address, MainView, RecordAddress } from './address';

/** Activity's filter as a view keeps it: its days in `timeZone`. */
export function activitySpec(filter: ActivityViewFilter, timeZone: string): SavedViewSpec {
  return { kind: 'activity', filter: toActivityFilter(filter, timeZone) };
}

/** Review's period: its days in the organisation's zone, as Review reads them. */
export function reviewSpec(from: string | null, to: string | null, timeZone: string): SavedViewSpec {
  return { kind: 'review', period: { ...(from ? { from } : {}), ...(to ? { to } : {}), timeZone } };
}

/** Insights' choices: the period and filter in `timeZone`, the periods counted and the split. */
export function insightsSpec(filter: InsightsViewFilter, timeZone: string): SavedViewSpec {
  // Insights filters what Activity does, so its filter is kept as Activity's.
  const activity = toActivityFilter(asActivityFilter(filter), timeZone);
  return { kind: 'insights', filter: activity, ...(filter.granularity ? { granularity: filter.granularity } : {}), split: filter.split };
}

/** A record's log with its expander bar's filter (the Entity filter only with its related records). */
export function logSpec(table: string, id: string | number, related: boolean, filter: LogFilter, timeZone: string): SavedViewSpec {
  const history = toHistoryFilter(filter, timeZone);
  const out: LogViewFilter = { timeZone, by: history.by ?? { kind: 'all' } };
  if (history.from) out.from = history.from;
  if (history.to) out.to = history.to;
  if (history.made) out.made = history.made;
  if (history.performedBy) out.performedBy = history.performedBy;
  if (related && filter.tables.length > 0) out.tables = [...filter.tables];
  return { kind: 'log', record: { table, id }, related, filter: out };
}

const byOf = (by: ModifiedBy | undefined): ModifiedBy => by ?? { kind: 'all' };

/** The address a saved view opens (nothing else open over it but its record, for a log view). */
export function addressOfView(view: SavedViewSpec): Address {
  let main: MainView;
  let record: RecordAddress | null = null;
  let zone: string | null;
  switch (view.kind) {
    case 'activity': {
      const f = view.filter;
      main = {
        kind: 'activity',
        filter: {
          ...NO_ACTIVITY_FILTER,
          from: f.from ?? null,
          to: f.to ?? null,
          by: byOf(f.by),
          tables: f.tables ?? [],
          cues: f.cues ?? [],
          field: f.field ?? null,
          made: Object.fromEntries(filteredParts(f.made)),
          performedBy: f.performedBy ?? null,
          between: f.between ?? null,
          ...(f.hoursOfWeek?.length ? { hoursOfWeek: f.hoursOfWeek } : {}),
        },
      };
      zone = f.timeZone ?? null;
      break;
    }
    case 'review':
      main = { kind: 'review', from: view.period.from ?? null, to: view.period.to ?? null };
      zone = view.period.timeZone ?? null;
      break;
    case 'insights': {
      const f = view.filter;
      main = {
        kind: 'insights',
        filter: { ...NO_INSIGHTS_FILTER, from: f.from ?? null, to: f.to ?? null, by: byOf(f.by), tables: f.tables ?? [], cues: f.cues ?? [], granularity: view.granularity ?? null, split: view.split ?? 'table' },
      };
      zone = f.timeZone ?? null;
      break;
    }
    case 'log': {
      const f = view.filter;
      // The log opens over the Activity (admins) or the record's table: the table's, which everyone may see.
      main = { kind: 'table', table: view.record.table, tab: 'records' };
      const filter: LogFilter = {
        ...NO_FILTER,
        from: f.from ?? null,
        to: f.to ?? null,
        by: byOf(f.by),
        tables: view.related ? (f.tables ?? []) : [],
        made: Object.fromEntries(filteredParts(f.made)),
        performedBy: f.performedBy ?? null,
      };
      record = { table: view.record.table, id: String(view.record.id), log: true, entry: null, entryTable: null, related: view.related, filter };
      zone = f.timeZone ?? null;
      break;
    }
  }
  return { view: main, record, zone };
}
