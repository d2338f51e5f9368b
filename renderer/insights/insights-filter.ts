/**
 * The Insights view's choices (the address holds them), the requests they make, and the Activity
 * filter each chart element opens. Pure, so the first paint can read an Insights address without
 * loading the charts' chunk.
 */
import type { GetInsightsRequest } from '../../shared/contract';
import type { ChangeCue, ModifiedBy } from '../../shared/domain';
import type { HourOfWeek } from '../../shared/hours-of-week';
import { granularityFor, type InsightsBucket, type InsightsGranularity } from '../../shared/insights';
import { NO_ACTIVITY_FILTER, type ActivityViewFilter } from '../activity/activity-filter';

export interface InsightsViewFilter {
  /** The period's first and last day (`YYYY-MM-DD`) in the shown zone; null: the whole history. */
  from: string | null;
  to: string | null;
  by: ModifiedBy;
  tables: string[];
  cues: ChangeCue[];
  /** Null: chosen from the period's length. */
  granularity: InsightsGranularity | null;
  /** What the bars over time are stacked by. */
  split: 'table' | 'cue';
}

export const NO_INSIGHTS_FILTER: InsightsViewFilter = { from: null, to: null, by: { kind: 'all' }, tables: [], cues: [], granularity: null, split: 'table' };

export function isInsightsFiltered(filter: InsightsViewFilter): boolean {
  return filter.from !== null || filter.to !== null || filter.by.kind !== 'all' || filter.tables.length > 0 || filter.cues.length > 0;
}

/** The Activity filter bar's part of the choices (the bar is shared). */
export function asActivityFilter(filter: InsightsViewFilter): ActivityViewFilter {
  return { ...NO_ACTIVITY_FILTER, from: filter.from, to: filter.to, by: filter.by, tables: filter.tables, cues: filter.cues };
}

/**
 * The requests that count the view, one per log table (so the progress bar moves as each is
 * counted), each listing every person so the answers add up exactly (`mergeInsights`).
 */
export function insightsRequests(filter: InsightsViewFilter, timeZone: string, tables: readonly string[]): GetInsightsRequest[] {
  const chosen = filter.tables.length ? filter.tables : tables;
  // Every part counts in the same buckets: the granularity is settled before asking.
  const granularity = filter.granularity ?? granularityFor(filter.from, filter.to);
  return chosen.map((table) => ({
    filter: {
      timeZone,
      by: filter.by,
      tables: [table],
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      ...(filter.cues.length ? { cues: [...filter.cues] } : {}),
    },
    granularity,
    split: filter.split,
    people: 'all' as const,
  }));
}

/** Activity for a bar: its days, and its table or cue when one segment was clicked. */
export function activityOfBucket(filter: InsightsViewFilter, bucket: Pick<InsightsBucket, 'from' | 'to'>, series: string | null): ActivityViewFilter {
  const base = asActivityFilter(filter);
  const narrowed = { ...base, from: bucket.from, to: bucket.to };
  if (series === null) return narrowed;
  return filter.split === 'table' ? { ...narrowed, tables: [series] } : { ...narrowed, cues: [series as ChangeCue] };
}

/** Activity by one person over the period. */
export function activityOfPerson(filter: InsightsViewFilter, personId: string | number): ActivityViewFilter {
  return { ...asActivityFilter(filter), by: { kind: 'person', personId } };
}

/** Activity in one hour of the week over the period. */
export function activityOfHour(filter: InsightsViewFilter, hour: HourOfWeek): ActivityViewFilter {
  return { ...asActivityFilter(filter), hoursOfWeek: [hour] };
}
