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
import { HOW_MADE_LABELS } from '../../shared/how-made';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { decodeTime, instantKey, instantOfDate, NEWEST_KEY, OLDEST_KEY, storedTimeKey, timeCondition, type Instant, type TimeCodec } from '../time-codec';
import { performerCondition, resolvePerformedBy, type Performer } from './automation';
import { requireTable, type QueryContext } from './context';
import { checkHowMadeFilter, howMadeColumnsOf, recordsAll, type HowMadeMatch } from './how-made-filter';
import { hoursOfWeekCondition, hoursOfWeekLogFilter, inHoursOfWeek, resolveHoursOfWeek, type ResolvedHoursOfWeek } from './hours-of-week';
import { storedShape } from './insights/slot-sql';
import { resolveModifiedBy } from './people';
import { cueCondition, cueMatch, storedCues } from './stored-cues';

/** The filter in database terms, shared by every table (times are encoded per table). */
export interface ResolvedActivityFilter {
  /** The day range intersected with `between`: `from <= ByTime < toExclusive` (null: unbounded). */
  from: Instant | null;
  toExclusive: Instant | null;
  personId: RecordId | null;
  /** "Performed by" (null: anyone). */
  performer: Performer | null;
  cues: ReadonlySet<ChangeCue> | null;
  field: string | null;
  /** How the change was made (db/queries/how-made-filter.ts); empty: no such filter. */
  made: HowMadeMatch;
  /** Only entries in these hours of the week (hours-of-week.ts), null for none. */
  hoursOfWeek: ResolvedHoursOfWeek | null;
}

/** The filter as asked for, checked, with its person resolved to an id. */
export async function resolveActivityFilter(ctx: QueryContext, filter: ActivityFilter): Promise<ResolvedActivityFilter> {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new AuditError('bad-request', 'The activity filter must be an object.');
  }
  const bounds = dayRangeToUtc({ from: filter.from, to: filter.to, timeZone: filter.timeZone });
  const between = instantRangeOf(filter.between);
  const personId = await resolveModifiedBy(ctx, filter.by);
  const performer = await resolvePerformedBy(ctx, filter.performedBy);
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
  const from = later(bounds.fromUtc && instantOfDate(bounds.fromUtc), between?.from ?? null);
  const toExclusive = earlier(bounds.toUtcExclusive && instantOfDate(bounds.toUtcExclusive), between?.to ?? null);
  let hoursOfWeek: ResolvedHoursOfWeek | null = null;
  if (filter.hoursOfWeek !== undefined && filter.hoursOfWeek !== null) {
    const zone = filter.timeZone ?? 'UTC';
    if (!isValidTimeZone(zone)) throw new AuditError('bad-request', `"${zone}" is not a known time zone (use an IANA name such as Europe/London).`);
    hoursOfWeek = resolveHoursOfWeek(filter.hoursOfWeek, zone, bounds.fromUtc, bounds.toUtcExclusive);
  }
  const made = checkHowMadeFilter(filter.made);
  return { from, toExclusive, personId, performer, cues, field, made, hoursOfWeek };
}

/** An ISO instant with its offset (`Z` or `±HH:MM`): a range of instants must not depend on a zone. */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `between`, checked and read as instants (null when absent). */
export function instantRangeOf(raw: unknown): { from: Instant; to: Instant } | null {
  if (raw === undefined || raw === null) return null;
  const range = raw as { from?: unknown; to?: unknown };
  const read = (value: unknown, what: string): Instant => {
    const instant = typeof value === 'string' && ZONED_INSTANT.test(value) ? decodeTime(value) : null;
    if (instant === null) throw new AuditError('bad-request', `The range's ${what} must be an ISO 8601 instant with its offset, such as 2026-10-03T02:10:00Z.`);
    return instant;
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AuditError('bad-request', 'The range must be an object with from and to.');
  const from = read(range.from, 'start');
  const to = read(range.to, 'end');
  if (instantKey(from) > instantKey(to)) throw new AuditError('bad-request', `The range starts at ${from} but ends earlier, at ${to}.`);
  return { from, to };
}

function later(a: Instant | null, b: Instant | null): Instant | null {
  if (a === null) return b;
  if (b === null) return a;
  return instantKey(a) >= instantKey(b) ? a : b;
}

function earlier(a: Instant | null, b: Instant | null): Instant | null {
  if (a === null) return b;
  if (b === null) return a;
  return instantKey(a) <= instantKey(b) ? a : b;
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
  // A log that does not say who made a change has no entries by any one person, nor by people or automation.
  if (filter.personId !== null || filter.performer !== null) infos = infos.filter((info) => info.columns.byId !== null);
  // A log that does not record how its changes were made has no entries made one way or another.
  if (filter.made.length > 0) {
    const recording = infos.filter((info) => recordsAll(info, filter.made));
    if (recording.length === 0) {
      const parts = filter.made.map(([part]) => HOW_MADE_LABELS[part].toLowerCase()).join(' and ');
      throw new AuditError('bad-request', `No ${raw.tables?.length ? 'chosen ' : ''}logged table records the ${parts} of its changes.`);
    }
    infos = recording;
  }
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
  if (filter.from) conditions.push(timeCondition(codec, byTime, '>=', filter.from));
  if (filter.toExclusive) conditions.push(timeCondition(codec, byTime, '<', filter.toExclusive));
  if (filter.personId !== null) conditions.push(sql<boolean>`${column(alias, info.columns.byId!)} = ${filter.personId}`);
  for (const m of howMadeColumnsOf(info, filter.made, ctx.settings.revealSensitive === true)) {
    conditions.push(m.column === null ? sql<boolean>`1 = 0` : sql<boolean>`${column(alias, m.column)} = ${m.value}`);
  }
  if (filter.performer) conditions.push(performerCondition(column(alias, info.columns.byId!), filter.performer));
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
