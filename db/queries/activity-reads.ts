/**
 * The two reads of an Activity page, per log, each a compiled shape (db/queries/compiled.ts):
 *
 * 1. **Pick**: the keys `(ByTime, ID)` of the log's next rows in newest-first order that the filter
 *    keeps, from the `(ByTime, ID)` index alone where the filter needs no other column. Rows
 *    without a time form a band of their own (above every time on PostgreSQL, below on SQLite);
 *    when a page starts inside the log, the band and the timed rows are read as two branches of
 *    one `UNION ALL`, so that neither condition needs an `OR` across them (SQLite cannot use an
 *    index for `(ByTime, ID) < (?, ?) OR ByTime IS NULL`, and scans the whole log instead).
 * 2. **Fetch**: the page's rows of that log by id, each beside its record's previous entry (one
 *    probe each on the (parent key, ByTime, ID) index), all in one query.
 *
 * A field filter is decided in the pick: a row is kept when the field's stored value differs
 * from the one in its record's previous entry (or it has none), or when the row is an `Added` or
 * `Deleted` that holds a value (such entries list every non-empty field). That is a superset of
 * what `diffValues` counts as a change of the field (SQL compares stored values strictly: no
 * `'1.0'` = `'1.00'`, no case-insensitive collation), and JavaScript's diff confirms each entry.
 *
 * A read kept `within` some records (a record's related log) names them by parent key, an `IN`
 * list read on the (parent key, ByTime, ID) index; a child's rows must also name one of the level
 * above in the relation's column, or follow an entry that did (the entry that moved the child away
 * belongs to the story). The lists are padded to a few sizes, which the compiled shapes key on.
 */
import { sql, type RawBuilder } from 'kysely';
import type { RecordId } from '../../shared/domain';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import type { TimeBound } from '../time-codec';
import { performerCondition, type Performer } from './automation';
import { runCompiled } from './compiled';
import { hoursOfWeekCondition, hoursOfWeekShape, type HoursOfWeekLogFilter } from './hours-of-week';
import type { QueryContext } from './context';
import { olderThanRow, type LogRow } from './log-entries';
import { cueCondition, cueShape, type CueMatch } from './stored-cues';

/** Where the timed rows of a log resume: all, none, strictly after a row's key, or by a time bound. */
export type TimedStart = 'all' | 'none' | { after: readonly [unknown, unknown] } | { bound: TimeBound };
/** Where the rows without a time resume: all, none, or below a log id. */
export type NullStart = 'all' | 'none' | { below: unknown };

/** What a read of one log keeps, whatever page it is on. */
export interface LogFilter {
  from: TimeBound | null;
  toExclusive: TimeBound | null;
  personId: RecordId | null;
  /** How the change was made: each column must hold the value (column null: the log does not record it, nothing matches). */
  made: ReadonlyArray<{ column: string | null; value: string }>;
  /** "Performed by" (null: anyone). */
  performer: Performer | null;
  /** The cue filter (null: none). */
  cues: CueMatch | null;
  /** The field filter, as the log spells it, and the stored cues that read as Added or Deleted. */
  field: { name: string; addedOrDeleted: CueMatch | null } | null;
  /** Only the rows of these records (null: the whole log). */
  within: Within | null;
  /** The hour-of-week filter's superset (db/queries/hours-of-week.ts); null: none. */
  hoursOfWeek?: HoursOfWeekLogFilter | null;
}

/** The records a read keeps (a record's related log: one table of its family). */
export interface Within {
  /** The records' parent keys, as the log stores them (never empty). */
  records: readonly unknown[];
  /**
   * For a child table: its column naming the parent, and the ids of the level above a row (or
   * the record's previous row) must name there. Null for the record's own table.
   */
  owners: { column: string; ids: readonly unknown[] } | null;
  /**
   * Whether every row of the records names an owner (no child ever moved or lost its parent):
   * then the rows are read by the owner column alone, in time order from its index
   * (db/queries/family.ts `everyRowNamesAnOwner`), and `records` only narrows them where it was
   * narrowed (a plain user's family). Absent whenever that is not known.
   */
  neverMoved?: { narrowed: boolean };
}

/** One pick: a log, its filter, where it resumes and how many keys to read. */
export interface Pick {
  info: LogTableInfo;
  filter: LogFilter;
  timed: TimedStart;
  nulls: NullStart;
  limit: number;
}

/** The band a pick's row came from: the key columns of a union's rows are read as these. */
const BAND = 'audit_trail_browser_band';

/** The conditions of a filter, its values given by `slot`. */
function filterConditions(
  info: LogTableInfo,
  log: TableRef,
  filter: LogFilter,
  slot: (name: string) => unknown,
  engineKind: 'sqlite' | 'postgres',
): RawBuilder<boolean>[] {
  const byTime = column('l', info.columns.byTime);
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.from) conditions.push(sql<boolean>`${byTime} ${sql.raw(filter.from.op)} ${slot('from')}`);
  if (filter.toExclusive) conditions.push(sql<boolean>`${byTime} ${sql.raw(filter.toExclusive.op)} ${slot('to')}`);
  if (filter.personId !== null) conditions.push(sql<boolean>`${column('l', info.columns.byId!)} = ${slot('person')}`);
  filter.made.forEach((m, k) => conditions.push(m.column === null ? sql<boolean>`1 = 0` : sql<boolean>`${column('l', m.column)} = ${slot(`made${k}`)}`));
  if (filter.performer) conditions.push(performerCondition(column('l', info.columns.byId!), filter.performer, (k) => slot(`auto${k}`)));
  if (filter.cues) {
    // A log without a cue column reads every entry as Other.
    if (info.columns.changeCue) conditions.push(cueCondition(filter.cues, column('l', info.columns.changeCue), (i) => slot(`cue${i}`)));
    else if (!filter.cues.withNull) conditions.push(sql<boolean>`1 = 0`);
  }
  if (filter.field) conditions.push(fieldChanged(info, log, filter.field.name, filter.field.addedOrDeleted, slot, engineKind));
  if (filter.within) conditions.push(...withinConditions(info, log, filter.within, slot));
  if (filter.hoursOfWeek) conditions.push(hoursOfWeekCondition(byTime, filter.hoursOfWeek, engineKind, slot('hwFrom'), slot('hwTo')));
  return conditions;
}

/**
 * The size an id list is padded to (by repeating its last id), so that few shapes are compiled:
 * a power of two up to 1,024, then a multiple of 1,024 (two lists of a family's most records stay
 * within SQLite's 32,766 parameters).
 */
export function paddedListSize(n: number): number {
  if (n > 1024) return Math.ceil(n / 1024) * 1024;
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/** The slots of a padded list. */
export function listSlots(prefix: string, length: number, slot: (name: string) => unknown): RawBuilder<unknown> {
  return sql.join(Array.from({ length: paddedListSize(length) }, (_, k) => slot(`${prefix}${k}`)));
}

/** The values of a padded list's slots (its last value repeated to the padded size). */
export function listValues(prefix: string, list: readonly unknown[], values: Record<string, unknown>): void {
  const size = paddedListSize(list.length);
  for (let k = 0; k < size; k++) values[`${prefix}${k}`] = list[Math.min(k, list.length - 1)];
}

/** Rows of the records `within` names (see the module comment). */
function withinConditions(info: LogTableInfo, log: TableRef, within: Within, slot: (name: string) => unknown): RawBuilder<boolean>[] {
  const { parentKey, byTime, id } = info.columns;
  const inRecords = sql<boolean>`${column('l', parentKey)} IN (${listSlots('rec', within.records.length, slot)})`;
  if (within.owners && within.neverMoved) {
    // Every row of these records names an owner: the owner column alone finds them, from its index.
    const named = sql<boolean>`${column('l', within.owners.column)} IN (${listSlots('own', within.owners.ids.length, slot)})`;
    return within.neverMoved.narrowed ? [named, inRecords] : [named];
  }
  const conditions = [inRecords];
  if (within.owners) {
    const owners = listSlots('own', within.owners.ids.length, slot);
    const ownerColumn = within.owners.column;
    const previous = sql`(SELECT ${column('p', ownerColumn)} FROM ${log} AS p
        WHERE ${column('p', parentKey)} = ${column('l', parentKey)} AND ${olderThanRow(info, 'p', 'l')}
        ORDER BY ${column('p', byTime)} DESC, ${column('p', id)} DESC LIMIT 1)`;
    conditions.push(sql<boolean>`(${column('l', ownerColumn)} IN (${owners}) OR ${previous} IN (${owners}))`);
  }
  return conditions;
}

/**
 * Whether a row may have changed `field` (a superset of the diff's answer; see the module
 * comment): its value differs strictly from its record's previous entry's (a missing previous
 * entry reads as NULL, so any value differs from it), or it is an Added/Deleted holding a value.
 */
function fieldChanged(
  info: LogTableInfo,
  log: TableRef,
  field: string,
  addedOrDeleted: CueMatch | null,
  slot: (name: string) => unknown,
  engineKind: 'sqlite' | 'postgres',
): RawBuilder<boolean> {
  const { parentKey, byTime, id } = info.columns;
  // Strict comparison of stored values: SQLite's binary collation (a column may be NOCASE);
  // PostgreSQL's text forms (numeric 1.0 = 1.00 as numbers, not as the values the diff sees).
  const strict = (ref: RawBuilder<unknown>) => (engineKind === 'postgres' ? sql`(CAST(${ref} AS TEXT) COLLATE "C")` : ref);
  const previous = sql`(SELECT ${strict(column('p', field))} FROM ${log} AS p
      WHERE ${column('p', parentKey)} = ${column('l', parentKey)} AND ${olderThanRow(info, 'p', 'l')}
      ORDER BY ${column('p', byTime)} DESC, ${column('p', id)} DESC LIMIT 1)`;
  const differs =
    engineKind === 'postgres'
      ? sql<boolean>`${strict(column('l', field))} IS DISTINCT FROM ${previous}`
      : sql<boolean>`${column('l', field)} IS NOT ${previous} COLLATE BINARY`;
  if (!info.columns.changeCue || !addedOrDeleted) return differs;
  const listed = cueCondition(addedOrDeleted, column('l', info.columns.changeCue), (i) => slot(`fcue${i}`));
  return sql<boolean>`((${column('l', field)} IS NOT NULL AND ${listed}) OR ${differs})`;
}

/** The values of a filter's slots. */
function filterValues(filter: LogFilter, values: Record<string, unknown>): void {
  if (filter.from) values.from = filter.from.value;
  if (filter.toExclusive) values.to = filter.toExclusive.value;
  if (filter.personId !== null) values.person = filter.personId;
  filter.made.forEach((m, k) => (values[`made${k}`] = m.value));
  filter.performer?.ids.forEach((id, k) => (values[`auto${k}`] = id));
  filter.cues?.values.forEach((v, i) => (values[`cue${i}`] = v));
  filter.field?.addedOrDeleted?.values.forEach((v, i) => (values[`fcue${i}`] = v));
  if (filter.hoursOfWeek) {
    values.hwFrom = filter.hoursOfWeek.spanFrom.value;
    values.hwTo = filter.hoursOfWeek.spanTo.value;
  }
  if (filter.within) {
    listValues('rec', filter.within.records, values);
    if (filter.within.owners) listValues('own', filter.within.owners.ids, values);
  }
}

function filterShape(filter: LogFilter): string {
  return [
    filter.from?.op ?? '',
    filter.toExclusive?.op ?? '',
    filter.personId !== null,
    JSON.stringify(filter.made.map((m) => m.column)),
    filter.performer ? `${filter.performer.kind}${filter.performer.ids.length}` : '',
    filter.cues ? cueShape(filter.cues) : '',
    filter.field ? `${filter.field.name}:${filter.field.addedOrDeleted ? cueShape(filter.field.addedOrDeleted) : ''}` : '',
    filter.within
      ? `in${paddedListSize(filter.within.records.length)}:${filter.within.owners ? `${JSON.stringify(filter.within.owners.column)}:${paddedListSize(filter.within.owners.ids.length)}` : ''}:${filter.within.neverMoved ? (filter.within.neverMoved.narrowed ? 'nn' : 'n') : ''}`
      : '',
    filter.hoursOfWeek ? hoursOfWeekShape(filter.hoursOfWeek) : '',
  ].join('|');
}

function startShape(start: TimedStart | NullStart): string {
  if (typeof start === 'string') return start;
  if ('after' in start) return 'after';
  if ('below' in start) return 'below';
  return `bound${start.bound.op}`;
}

/** A table reference qualified as the engine needs it (a slot-free raw builder). */
type TableRef = RawBuilder<unknown>;

/**
 * The keys `(ByTime, ID)` of a log's next rows that the filter keeps, newest first (see the
 * module comment). Returns rows with the log's own column names for ByTime and ID.
 */
export async function pickKeys(ctx: QueryContext, pick: Pick): Promise<LogRow[]> {
  const { info, filter, limit } = pick;
  // Without a NULL band (the column is NOT NULL, or a date range leaves those rows out) it is 'none'.
  const nulls: NullStart = info.nullTimes === 'none' || filter.from || filter.toExclusive ? 'none' : pick.nulls;
  const timed = pick.timed;
  if (timed === 'none' && nulls === 'none') return [];

  const values: Record<string, unknown> = { limit };
  filterValues(filter, values);
  if (typeof timed === 'object') {
    if ('after' in timed) [values.afterTime, values.afterId] = timed.after;
    else values.bound = timed.bound.value;
  }
  if (typeof nulls === 'object') values.nullBelow = nulls.below;

  const engineKind = ctx.engine.kind;
  const log = ctx.engine.table(info.logTable);
  const key = `activity-pick:${info.logTable}:${filterShape(filter)}:${startShape(timed)}:${startShape(nulls)}`;
  return runCompiled<LogRow>(
    ctx.engine,
    key,
    (slot) => ({ compile: () => pickSql(info, log, filter, timed, nulls, slot, engineKind).compile(ctx.engine.db) }),
    values,
  );
}

function pickSql(
  info: LogTableInfo,
  log: TableRef,
  filter: LogFilter,
  timed: TimedStart,
  nulls: NullStart,
  slot: (name: string) => unknown,
  engineKind: 'sqlite' | 'postgres',
): RawBuilder<LogRow> {
  const t = column('l', info.columns.byTime);
  const i = column('l', info.columns.id);
  const conditions = filterConditions(info, log, filter, slot, engineKind);
  const where = (extra: RawBuilder<boolean> | null): RawBuilder<unknown> => {
    const all = extra ? [...conditions, extra] : conditions;
    return all.length ? sql`WHERE ${sql.join(all, sql` AND `)}` : sql``;
  };
  const timedCondition =
    timed === 'all' || timed === 'none'
      ? info.nullTimes === 'none' ? null : sql<boolean>`${t} IS NOT NULL`
      : 'after' in timed
        ? sql<boolean>`(${t}, ${i}) < (${slot('afterTime')}, ${slot('afterId')})`
        : sql<boolean>`${t} ${sql.raw(timed.bound.op)} ${slot('bound')}`;
  const nullCondition = nulls === 'all' || nulls === 'none' ? sql<boolean>`${t} IS NULL` : sql<boolean>`${t} IS NULL AND ${i} < ${slot('nullBelow')}`;
  const order = sql`ORDER BY ${t} DESC, ${i} DESC LIMIT ${slot('limit')}`;
  const keys = sql`${t}, ${i}`;

  // One branch: a plain read in the index's order.
  if (timed === 'all' && nulls === 'all') return sql<LogRow>`SELECT ${keys} FROM ${log} AS l ${where(null)} ${order}`;
  if (nulls === 'none') return sql<LogRow>`SELECT ${keys} FROM ${log} AS l ${where(timedCondition)} ${order}`;
  if (timed === 'none') return sql<LogRow>`SELECT ${keys} FROM ${log} AS l ${where(nullCondition)} ${order}`;
  // Two branches, each an indexed range read, in the order the engine sorts NULL.
  const nullFirst = info.nullTimes === 'newest';
  const branch = (band: number, condition: RawBuilder<boolean> | null) =>
    sql`SELECT * FROM (SELECT ${sql.lit(band)} AS ${sql.id(BAND)}, ${keys} FROM ${log} AS l ${where(condition)} ${order}) AS ${sql.id(`b${band}`)}`;
  const [first, second] = nullFirst ? [nullCondition, timedCondition] : [timedCondition, nullCondition];
  return sql<LogRow>`${branch(0, first)} UNION ALL ${branch(1, second)} ORDER BY 1, 2 DESC, 3 DESC LIMIT ${slot('limit')}`;
}

/** Prefix of the columns that carry an entry's previous row beside it in a fetch. */
const PREVIOUS = 'audit_trail_browser_previous_';

/** The fetch's id lists come in these sizes (the list padded by repeating an id), so few shapes are compiled. */
function paddedSize(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/**
 * The rows of one log with the given ids, each with its record's previous entry (null for a
 * record's first), in the order of `ids`. One query: the rows by id, each joined to its
 * predecessor found by one probe on the (parent key, ByTime, ID) index.
 */
export async function fetchWithPrevious(
  ctx: QueryContext,
  info: LogTableInfo,
  ids: readonly unknown[],
): Promise<{ rows: LogRow[]; previous: Array<LogRow | null> }> {
  if (ids.length === 0) return { rows: [], previous: [] };
  const size = paddedSize(ids.length);
  const values: Record<string, unknown> = {};
  for (let k = 0; k < size; k++) values[`id${k}`] = ids[Math.min(k, ids.length - 1)];
  const { id, parentKey, byTime, changeCue } = info.columns;
  // What an entry's diff reads of its previous row: the fields and the cue (and its key).
  const previousColumns = [...new Set([...info.fieldNames, byTime, id, ...(changeCue ? [changeCue] : [])])];
  const log = ctx.engine.table(info.logTable);
  const found = await runCompiled<LogRow>(
    ctx.engine,
    `activity-fetch:${info.logTable}:${size}`,
    (slot) => {
      const previousId = sql`(SELECT ${column('q', id)} FROM ${log} AS q
          WHERE ${column('q', parentKey)} = ${column('e', parentKey)} AND ${olderThanRow(info, 'q', 'e')}
          ORDER BY ${column('q', byTime)} DESC, ${column('q', id)} DESC LIMIT 1)`;
      const list = Array.from({ length: size }, (_, k) => slot(`id${k}`));
      const query = sql<LogRow>`SELECT e.*, ${sql.join(previousColumns.map((c, k) => sql`${column('p', c)} AS ${sql.id(`${PREVIOUS}${k}`)}`))}
        FROM ${log} AS e LEFT JOIN ${log} AS p ON ${column('p', id)} = ${previousId}
        WHERE ${column('e', id)} IN (${sql.join(list)})`;
      return { compile: () => query.compile(ctx.engine.db) };
    },
    values,
  );
  const byId = new Map<string, LogRow>();
  for (const row of found) byId.set(String(row[id]), row);
  const previousIdAlias = `${PREVIOUS}${previousColumns.indexOf(id)}`;
  const rows: LogRow[] = [];
  const previous: Array<LogRow | null> = [];
  for (const wanted of ids) {
    const row = byId.get(String(wanted));
    if (!row) continue;
    rows.push(row);
    if (row[previousIdAlias] === null || row[previousIdAlias] === undefined) {
      previous.push(null);
      continue;
    }
    const before: LogRow = {};
    previousColumns.forEach((c, k) => (before[c] = row[`${PREVIOUS}${k}`]));
    previous.push(before);
  }
  return { rows, previous };
}

/** The conditions of a filter with its values in place (for counting; not compiled). */
export function filterWhere(ctx: QueryContext, info: LogTableInfo, filter: LogFilter): RawBuilder<unknown> {
  const conditions = filterConditionsOf(ctx, info, filter);
  return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}

/** The conditions of a filter with its values in place, on the log aliased `l` (not compiled). */
export function filterConditionsOf(ctx: QueryContext, info: LogTableInfo, filter: LogFilter): RawBuilder<boolean>[] {
  const values: Record<string, unknown> = {};
  filterValues(filter, values);
  return filterConditions(info, ctx.engine.table(info.logTable), filter, (name) => values[name], ctx.engine.kind);
}
