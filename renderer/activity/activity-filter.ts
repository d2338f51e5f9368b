/**
 * The Activity view's filter, how it becomes the contract's ActivityFilter, and the pure helpers
 * the view needs (people merged across tables, the changed fields a row shows).
 */
import { NAMED_CHANGE_CUES } from '../../shared/change-cue';
import { isFirstRecorded } from '../../shared/diff';
import type { ActivityEntry, ActivityFilter, ChangeCue, HowMadeFilter, InstantRange, LoggedTable, ModifiedBy, PerformedBy, PersonInLog } from '../../shared/domain';
import { filteredParts } from '../../shared/how-made';
import type { HourOfWeek } from '../../shared/hours-of-week';
import { comparePeopleInLog } from '../../shared/people-order';
import { fieldLabel } from '../format/values';

/** The log's filter (see `audit/log-filter.ts`, whose date shortcuts the bar reuses), and more. */
export interface ActivityViewFilter {
  /** First and last day (`YYYY-MM-DD`, inclusive), in the user's time zone. */
  from: string | null;
  to: string | null;
  by: ModifiedBy;
  /** Only these tables (empty: all). */
  tables: string[];
  /** Only these cues (empty: all). */
  cues: ChangeCue[];
  /** Only entries that changed this field. */
  field: string | null;
  /** Only entries made this way (method, application, IP address, correlation id; exact values). */
  made: HowMadeFilter;
  /** Only changes by people, or by automation accounts (null: anyone). */
  performedBy: PerformedBy | null;
  /** Only entries within these instants (a finding's, from Review): shown as a removable chip. */
  between: InstantRange | null;
  /** Only entries in these hours of the week, on the shown zone's clock (an Insights heat-map cell; empty: any). */
  hoursOfWeek?: HourOfWeek[];
}

export const NO_ACTIVITY_FILTER: ActivityViewFilter = { from: null, to: null, by: { kind: 'all' }, tables: [], cues: [], field: null, made: {}, performedBy: null, between: null };

/** The cues the picker offers (`Other`, whatever no named cue matches, is not one people pick). */
export const CUES: readonly ChangeCue[] = NAMED_CHANGE_CUES;

export function isActivityFiltered(filter: ActivityViewFilter): boolean {
  return (
    filter.from !== null ||
    filter.to !== null ||
    filter.by.kind !== 'all' ||
    filter.tables.length > 0 ||
    filter.cues.length > 0 ||
    filter.field !== null ||
    filteredParts(filter.made).length > 0 ||
    filter.performedBy !== null ||
    filter.between !== null ||
    (filter.hoursOfWeek?.length ?? 0) > 0
  );
}

export function toActivityFilter(filter: ActivityViewFilter, timeZone: string): ActivityFilter {
  const out: ActivityFilter = { timeZone, by: filter.by };
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  if (filter.tables.length) out.tables = [...filter.tables];
  if (filter.cues.length) out.cues = [...filter.cues];
  if (filter.field) out.field = filter.field;
  if (filteredParts(filter.made).length > 0) out.made = Object.fromEntries(filteredParts(filter.made));
  if (filter.performedBy) out.performedBy = filter.performedBy;
  if (filter.between) out.between = { ...filter.between };
  if (filter.hoursOfWeek?.length) out.hoursOfWeek = filter.hoursOfWeek.map((h) => ({ ...h }));
  return out;
}

/**
 * The fields one may filter by: the snapshot columns of the chosen tables (of every table when
 * none is chosen), each name once, sorted, without the tables' own keys.
 */
export function fieldChoices(tables: readonly LoggedTable[], chosen: readonly string[]): string[] {
  const from = chosen.length ? tables.filter((t) => chosen.includes(t.name)) : tables;
  const names = new Set<string>();
  for (const t of from) {
    for (const f of t.fields) if (f.name !== t.parentKey && f.name !== t.recordKey) names.add(f.name);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/**
 * The people of several tables' logs as one list: one row per person, entries summed (unknown when
 * any list did not count them), in the data layer's order.
 */
export function mergePeople(lists: readonly PersonInLog[][]): PersonInLog[] {
  const byId = new Map<string, PersonInLog>();
  for (const list of lists) {
    for (const p of list) {
      const key = String(p.id);
      const seen = byId.get(key);
      if (!seen) byId.set(key, { ...p });
      else {
        seen.entryCount = seen.entryCount === null || p.entryCount === null ? null : seen.entryCount + p.entryCount;
        if ((p.lastTime ?? '') > (seen.lastTime ?? '')) seen.lastTime = p.lastTime;
        seen.name ??= p.name;
        seen.login ??= p.login;
      }
    }
  }
  return [...byId.values()].sort(comparePeopleInLog);
}

/** What a row says changed, right in the list: "Phone, Email", or why there is no field to name. */
export function changedFieldsText(entry: Pick<ActivityEntry, 'changeCue' | 'legacy' | 'changes' | 'previousKnown'>): string {
  if (entry.legacy) return 'Legacy entry (values not logged)';
  if (entry.changeCue === 'Unchanged') return 'Saved with a related record';
  if (entry.changeCue === 'Deleted') return 'Record deleted';
  const names = entry.changes.map((c) => fieldLabel(c.field)).join(', ');
  if (entry.changeCue === 'Added') return names ? `Created: ${names}` : 'Created';
  if (isFirstRecorded(entry)) return names ? `First recorded: ${names}` : 'First recorded';
  return names || 'No field changes';
}

/** A stable key for an activity row (log ids repeat across tables). */
export function activityKey(entry: Pick<ActivityEntry, 'table' | 'logId'>): string {
  return `${entry.table}:${String(entry.logId)}`;
}
