/** A table's current records (paged by key, searchable) and one record with its log size. */
import { sql } from 'kysely';
import type { GetRecordRequest, GetRecordResponse, ListRecordsRequest, ListRecordsResponse } from '../../shared/contract';
import type { FieldValue, RecordId, RecordView } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { cursorPart, decodeCursor, encodeCursor } from '../cursor';
import { cutRecordValues } from '../cut-values';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { searchCondition } from '../schema/search-index';
import { normaliseRow, toRecordId } from '../values';
import { pageSize, requireRecordId, requireTable, type QueryContext } from './context';
import { newestFirst, snapshotOf } from './log-entries';
import { shownRecord } from './shown-record';

/**
 * A record's values ready to leave the data layer: sensitive values redacted and the title made
 * from them (shownRecord), the key dropped, then long texts cut unless `whole` (`getFullValue`).
 */
function viewOf(ctx: QueryContext, info: LogTableInfo, id: RecordId, values: Record<string, FieldValue>, whole = false): RecordView {
  const shown = shownRecord(info, values, ctx.settings.revealSensitive === true);
  const fields = shown.values;
  if (info.recordKey) delete fields[info.recordKey];
  return { id, title: shown.title, values: whole ? fields : cutRecordValues(fields) };
}

export async function listRecords(ctx: QueryContext, req: ListRecordsRequest): Promise<ListRecordsResponse> {
  const info = requireTable(ctx, req.table);
  const limit = pageSize(req.limit, 100);
  // A table that is gone has no current records: all of them are in the deleted view.
  if (!info.baseExists || !info.recordKey) return { records: [], nextCursor: null };
  const key = info.recordKey;
  const requested = requireSortField(info, req.sort);
  // Sorting by the key itself needs no second column: the key is unique.
  const sortField = requested === key ? null : requested;
  const descending = req.sort?.direction === 'desc';
  let query = ctx.engine.db.selectFrom(ctx.engine.table(info.name).as('b')).selectAll('b');
  if (req.cursor) {
    query = query.where(
      sortField === null
        ? sql<boolean>`${column('b', key)} ${sql.raw(descending ? '<' : '>')} ${decodeCursor(req.cursor, 1)[0]}`
        : afterSorted(column('b', sortField), column('b', key), decodeCursor(req.cursor, 2), descending),
    );
  }

  const search = typeof req.search === 'string' ? req.search.trim() : '';
  if (search !== '') query = query.where(await searchCondition(ctx.engine, info, search, ctx.settings.revealSensitive === true));
  if (sortField !== null) {
    // Empty values last in both directions, the same on every engine, then the key breaks ties.
    const direction = sql.raw(descending ? 'desc' : 'asc');
    query = query
      .orderBy(sql`(${column('b', sortField)} IS NULL)`)
      .orderBy(sql`${column('b', sortField)} ${direction}`)
      .orderBy(sql`${column('b', key)} ${direction}`);
  } else {
    query = query.orderBy(sql`${column('b', key)} ${sql.raw(descending ? 'desc' : 'asc')}`);
  }
  const rows = await query.limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const records = page.map((row) => viewOf(ctx, info, toRecordId(row[key]) ?? '', normaliseRow(row)));
  const last = page[page.length - 1];
  const cursorOf = (row: Record<string, unknown>) =>
    encodeCursor(sortField === null ? [cursorPart(row[key])] : [cursorPart(row[sortField]), cursorPart(row[key])]);
  return { records, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/** The field to sort by, when it is one of the table's own and may be shown. */
function requireSortField(info: LogTableInfo, sort: ListRecordsRequest['sort']): string | null {
  if (!sort) return null;
  const known = typeof sort.field === 'string' && info.baseColumns.includes(sort.field);
  // Sorting by a hidden or masked column would give its values away through the order.
  if (!known || info.sensitivityOf(sort.field) !== 'none' || (sort.direction !== 'asc' && sort.direction !== 'desc')) {
    throw new AuditError('bad-request', `Records of ${info.name} cannot be sorted by "${String(sort.field)}".`);
  }
  return sort.field;
}

/**
 * The rows after a cursor `[value, key]` in the order (value IS NULL), value, key: rows with a
 * value come first, in the chosen direction, and rows without one last, by key.
 */
function afterSorted(
  value: ReturnType<typeof column>,
  key: ReturnType<typeof column>,
  [cursorValue, cursorKey]: ReturnType<typeof decodeCursor>,
  descending: boolean,
) {
  const beyond = sql.raw(descending ? '<' : '>');
  if (cursorValue === null || cursorValue === undefined) return sql<boolean>`(${value} IS NULL AND ${key} ${beyond} ${cursorKey})`;
  return sql<boolean>`(${value} IS NULL OR ${value} ${beyond} ${cursorValue} OR (${value} = ${cursorValue} AND ${key} ${beyond} ${cursorKey}))`;
}

export async function countEntries(ctx: QueryContext, info: LogTableInfo, id: RecordId): Promise<number> {
  const row = await ctx.engine.db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .select(sql<number>`count(*)`.as('n'))
    .where(column('l', info.columns.parentKey), '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One record; with `wholeValues`, its long texts whole rather than cut (for `getFullValue`). */
export async function getRecord(ctx: QueryContext, req: GetRecordRequest, options: { wholeValues?: boolean } = {}): Promise<GetRecordResponse> {
  const whole = options.wholeValues === true;
  const info = requireTable(ctx, req.table);
  const id = requireRecordId(info, req.id);
  const logEntryCount = await countEntries(ctx, info, id);
  if (info.baseExists && info.recordKey) {
    const row = await ctx.engine.db
      .selectFrom(ctx.engine.table(info.name).as('b'))
      .selectAll('b')
      .where(column('b', info.recordKey), '=', id)
      .executeTakeFirst();
    if (row) return { record: { ...viewOf(ctx, info, id, normaliseRow(row), whole), exists: true, logEntryCount } };
  }
  // Gone from its table: what remains is the last snapshot its log holds.
  const last = await ctx.engine.db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .selectAll('l')
    .where(column('l', info.columns.parentKey), '=', id)
    .orderBy(newestFirst(info, 'l'))
    .limit(1)
    .executeTakeFirst();
  if (!last) throw new AuditError('not-found', `${info.name} ${id} does not exist and has no log entries.`);
  return { record: { ...viewOf(ctx, info, id, snapshotOf(info, last).values, whole), exists: false, logEntryCount } };
}
