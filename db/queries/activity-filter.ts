/**
 * Activity's filter and merge order, one set of rules for every reader of the activity: its pages
 * (activity.ts) and the export's whole-log stream (db/export/entry-stream.ts), so an export holds
 * exactly the entries Activity shows, in its order. What the filter means, which logs it reads,
 * the exact reading of an entry against it, and the key that merges the logs newest first.
 */
import { sql, type RawBuilder } from 'kysely';
import { CHANGE_CUES } from '../../shared/change-cue';
import { dayRangeToUtc, isValidTimeZone } from '../../shared/day-range';
import type { ActivityEntry, ActivityFilter, ChangeCue, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { instantOfDate, NEWEST_KEY, OLDEST_KEY, storedTimeKey, timeCondition, type TimeCodec } from '../time-codec';
import { requireTable, type QueryContext } from './context';
import { hoursOfWeekCondition, hoursOfWeekLogFilter, inHoursOfWeek, resolveHoursOfWeek, type ResolvedHoursOfWeek } from './hours-of-week';
import { storedShape } from './insights/slot-sql';
import { resolveModifiedBy } from './people';
import { cueCondition, cueMatch, storedCues } from './stored-cues';

/** The filter in database terms, shared by every table (times are encoded per table). */
export interface ResolvedActivityFilter {
  fromUtc: Date | null;
  toUtcExclusive: Date | null;
  personId: RecordId | null;
  cues: ReadonlySet<ChangeCue> | null;
  field: string | null;
  /** Only entries in these hours of the week (hours-of-week.ts), null for none. */
  hoursOfWeek: ResolvedHoursOfWeek | null;
}

/** The filter as asked for, checked, with its person resolved to an id. */
export async function resolveActivityFilter(ctx: QueryContext, filter: ActivityFilter): Promise<ResolvedActivityFilter> {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new AuditError('bad-request', 'The activity filter must be an object.');
  }
  const bounds = dayRangeToUtc({ from: filter.from, to: filter.to, timeZone: filter.timeZone });
  const personId = await resolveModifiedBy(ctx, filter.by);
  let cues: Set<ChangeCue> | null = null;
  if (filter.cues !== undefined && filter.cues !== null) {
    if (!Array.isArray(filter.cues) || filter.cues.some((c) => !CHANGE_CUES.includes(c))) {
      throw new AuditError('bad-request', `Change cues must be among ${CHANGE_CUES.join(', ')}.`);
    }
    // An empty list is no filter, as an empty picker means "any".
    if (filter.cues.length > 0) cues = new Set(filter.cues);
  }
  let field: string | null = null;
  if (filter.field !== undefined && filter.field !== null && filter.field !== '') {
    if (typeof filter.field !== 'string') throw new AuditError('bad-request', 'The field to filter by must be a field name.');
    field = filter.field;
  }
  let hoursOfWeek: ResolvedHoursOfWeek | null = null;
  if (filter.hoursOfWeek !== undefined && filter.hoursOfWeek !== null) {
    const zone = filter.timeZone ?? 'UTC';
    if (!isValidTimeZone(zone)) throw new AuditError('bad-request', `"${zone}" is not a known time zone (use an IANA name such as Europe/London).`);
    hoursOfWeek = resolveHoursOfWeek(filter.hoursOfWeek, zone, bounds.fromUtc, bounds.toUtcExclusive);
  }
  return { fromUtc: bounds.fromUtc, toUtcExclusive: bounds.toUtcExclusive, personId, cues, field, hoursOfWeek };
}

/** The field as the table spells it: exactly, else ignoring case; null when it has no such field. */
export function fieldOf(info: LogTableInfo, field: string): string | null {
  if (info.fieldNames.includes(field)) return field;
  const lower = field.toLowerCase();
  return info.fieldNames.find((f) => f.toLowerCase() === lower) ?? null;
}

/** The logs the filter reads, sorted by table name (the merge's order among equal times). */
export function chooseActivityTables(ctx: QueryContext, raw: ActivityFilter, filter: ResolvedActivityFilter): LogTableInfo[] {
  let infos: LogTableInfo[];
  if (raw.tables !== undefined && raw.tables !== null && (!Array.isArray(raw.tables) || raw.tables.length > 0)) {
    if (!Array.isArray(raw.tables)) throw new AuditError('bad-request', 'The tables to show must be a list of table names.');
    infos = [...new Set(raw.tables.map((t) => requireTable(ctx, t)))];
  } else {
    infos = [...ctx.catalog.tables];
  }
  // A log that does not say who made a change has no entries by any one person.
  if (filter.personId !== null) infos = infos.filter((info) => info.columns.byId !== null);
  if (filter.field !== null) {
    const field = filter.field;
    const withField = infos.filter((info) => fieldOf(info, field) !== null);
    if (withField.length === 0) {
      throw new AuditError('bad-request', `No ${raw.tables?.length ? 'chosen ' : ''}logged table has a field named "${field}".`);
    }
    infos = withField;
  }
  return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The conditions a whole-log read of one log carries: the filter in that log's storage terms. The
 * cue condition is the one Activity's pages use (stored-cues.ts: the stored spellings, or a
 * superset); {@link activityEntryMatches} is the exact reading, and the field filter is decided
 * there only (an entry must be diffed to know what it changed).
 */
export async function activityFilterConditions(
  ctx: QueryContext,
  info: LogTableInfo,
  codec: TimeCodec,
  filter: ResolvedActivityFilter,
  alias: string,
): Promise<RawBuilder<boolean>[]> {
  const byTime = column(alias, info.columns.byTime);
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.fromUtc) conditions.push(timeCondition(codec, byTime, '>=', instantOfDate(filter.fromUtc)));
  if (filter.toUtcExclusive) conditions.push(timeCondition(codec, byTime, '<', instantOfDate(filter.toUtcExclusive)));
  if (filter.personId !== null) conditions.push(sql<boolean>`${column(alias, info.columns.byId!)} = ${filter.personId}`);
  if (filter.cues) {
    if (!info.columns.changeCue) {
      // Without a cue column every entry reads as Other.
      if (!filter.cues.has('Other')) conditions.push(sql<boolean>`1 = 0`);
    } else {
      const match = cueMatch(await storedCues(ctx, info), filter.cues);
      conditions.push(cueCondition(match, column(alias, info.columns.changeCue), (i) => match.values[i]));
    }
  }
  if (filter.hoursOfWeek) {
    const how = hoursOfWeekLogFilter(filter.hoursOfWeek, codec, await storedShape(ctx, info));
    conditions.push(hoursOfWeekCondition(byTime, how, ctx.engine.kind, how.spanFrom.value, how.spanTo.value));
  }
  return conditions;
}

/**
 * Whether a built entry is one the filter keeps (the exact reading). `field` is the filter's field
 * as the entry's table spells it ({@link fieldOf}, found once per table), null without a field filter.
 */
export function activityEntryMatches(entry: ActivityEntry, filter: ResolvedActivityFilter, field: string | null): boolean {
  if (filter.cues && !filter.cues.has(entry.changeCue)) return false;
  if (field !== null && !entry.changes.some((c) => c.field === field)) return false;
  if (filter.hoursOfWeek && !inHoursOfWeek(entry.byTime, filter.hoursOfWeek)) return false;
  return true;
}

/**
 * The merge key of a log row's stored time, given the key of the row before it in its log's
 * newest-first order (`NEWEST_KEY` for the first): a readable time's instant key; a NULL time the
 * band where the engine sorts NULL; any other unreadable value the key of the row before it, so a
 * log's keys never rise and the merge keeps each log's order. Logs are merged by this key,
 * highest first, ties going to the table whose name sorts first.
 */
export function activityMergeKey(info: LogTableInfo, raw: unknown, previous: string): string {
  if (raw === null || raw === undefined) return info.nullTimes === 'oldest' ? OLDEST_KEY : NEWEST_KEY;
  return storedTimeKey(raw) ?? previous;
}
