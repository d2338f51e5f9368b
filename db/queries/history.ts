/**
 * A record's history, newest first, filtered and paged by key.
 *
 * What changed in an entry is always measured against the record's previous entry in time, even
 * when the filter hides that entry (docs/data-model.md). Date filters keep a contiguous run of the
 * record's log, so there the previous entry is simply the next row down (one extra row is read);
 * only the entries whose previous row is not at hand are looked up, all in one indexed query.
 */
import { sql } from 'kysely';
import type { GetHistoryRequest, GetHistoryResponse } from '../../shared/contract';
import { dayRangeToUtc } from '../../shared/day-range';
import type { HistoryFilter, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { cursorPart, decodeCursor, encodeCursor } from '../cursor';
import { column, type DynamicSelect } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { instantOfDate, type TimeCodec, type TimeOperator } from '../time-codec';
import { performerCondition, resolvePerformedBy, type Performer } from './automation';
import { runCompiled } from './compiled';
import { pageSize, requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { buildEntries, newestFirst, olderThan, type LogRow } from './log-entries';
import { previousOf } from './predecessors';
import { checkHowMadeFilter, howMadeColumnsOf, requireRecorded } from './how-made-filter';
import { resolveModifiedBy } from './people';

/** The filter in database terms: time bounds in the column's storage shape and a person id. */
export interface ResolvedFilter {
  from: ResolvedBound | null;
  toExclusive: ResolvedBound | null;
  personId: RecordId | null;
  /** How the change was made: each column must hold the value (empty: no such filter). */
  made: Array<{ column: string; value: string }>;
  /** "Performed by" (null: anyone). */
  performer: Performer | null;
}

/** A time bound as bound to the query, with the operator that makes it exact (see `timeCondition`). */
interface ResolvedBound {
  value: unknown;
  op: TimeOperator;
}

/** The whole log: what an absent filter resolves to. */
const NO_FILTER: ResolvedFilter = { from: null, toExclusive: null, personId: null, performer: null, made: [] };

export async function getHistory(ctx: QueryContext, req: GetHistoryRequest): Promise<GetHistoryResponse> {
  const info = requireTable(ctx, req.table);
  const recordId = requireRecordId(info, req.id);
  const limit = pageSize(req.limit, 50);
  const after = req.cursor ? decodeCursor(req.cursor, 2) : null;
  const codec = await timeCodec(ctx, info);
  const filter = req.filter === undefined || req.filter === null ? NO_FILTER : await resolveFilter(ctx, info, req.filter, codec);

  const { db } = ctx.engine;
  const log = ctx.engine.table(info.logTable);
  const values: Record<string, unknown> = {
    recordId,
    fromTime: filter.from?.value,
    toTime: filter.toExclusive?.value,
    personId: filter.personId,
    ...Object.fromEntries(filter.made.map((m, i) => [`made${i}`, m.value])),
    afterTime: after?.[0],
    afterId: after?.[1],
    limit: limit + 1,
  };
  filter.performer?.ids.forEach((id, k) => (values[`auto${k}`] = id));
  /** The record's rows the filter keeps, each value given by `value` (the value itself, or a slot). */
  const matching = (value: (name: string) => unknown) => {
    let query = db.selectFrom(log.as('l')).where(column('l', info.columns.parentKey), '=', value('recordId'));
    if (filter.from) query = query.where(column('l', info.columns.byTime), filter.from.op, value('fromTime'));
    if (filter.toExclusive) query = query.where(column('l', info.columns.byTime), filter.toExclusive.op, value('toTime'));
    if (filter.personId !== null) query = query.where(column('l', info.columns.byId!), '=', value('personId'));
    filter.made.forEach((m, i) => (query = query.where(column('l', m.column), '=', value(`made${i}`))));
    if (filter.performer) query = query.where(performerCondition(column('l', info.columns.byId!), filter.performer, (k) => value(`auto${k}`)));
    return query;
  };

  // The page and, when there is more, the next row down (the last entry's predecessor when the
  // filter keeps the log contiguous). One query shape per table and filter, compiled once.
  const afterTimeNull = after !== null && after[0] === null;
  const performer = filter.performer ? `${filter.performer.kind}${filter.performer.ids.length}` : '';
  const shape = `history:${info.logTable}:${filter.from?.op}:${filter.toExclusive?.op}:${filter.personId !== null}:${performer}:${JSON.stringify(filter.made.map((m) => m.column))}:${after !== null}:${afterTimeNull}`;
  const rows = await runCompiled<LogRow>(
    ctx.engine,
    shape,
    (slot) => {
      let pageQuery: DynamicSelect<LogRow> = matching(slot).selectAll('l');
      if (after) pageQuery = pageQuery.where(olderThan(info, 'l', slot('afterTime'), slot('afterId'), afterTimeNull));
      return pageQuery.orderBy(newestFirst(info, 'l')).limit(slot('limit') as number);
    },
    values,
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);

  const previous = await findPrevious(ctx, info, rows, limit, filter);
  const reveal = ctx.settings.revealSensitive === true;
  const entries = buildEntries(info, page, previous, codec, reveal);

  let total: number | null = null;
  if (req.withTotal && !after) {
    const counted = await matching((name) => (values as Record<string, unknown>)[name]).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  const last = page[page.length - 1];
  return {
    entries,
    total,
    nextCursor:
      hasMore && last ? encodeCursor([cursorPart(last[info.columns.byTime]), cursorPart(last[info.columns.id])]) : null,
  };
}

/**
 * The previous entry (in the whole log, unfiltered) of each row on the page. `rows` holds the page
 * plus, when there is more, the next row down.
 */
async function findPrevious(
  ctx: QueryContext,
  info: LogTableInfo,
  rows: LogRow[],
  limit: number,
  filter: ResolvedFilter,
): Promise<Array<LogRow | null>> {
  const pageLength = Math.min(rows.length, limit);
  const previous: Array<LogRow | null | undefined> = new Array(pageLength);
  // A person, people-or-automation or how-made filter leaves gaps in the record's log; a date range does not.
  const contiguous = filter.personId === null && filter.performer === null && filter.made.length === 0;
  const missing: number[] = [];
  for (let i = 0; i < pageLength; i++) {
    if (contiguous && i + 1 < rows.length) previous[i] = rows[i + 1]!;
    // Below the first entry of an unbounded log there is nothing: no lookup needed (unless rows
    // without a time, which sort oldest on this engine, were left out by an upper bound).
    else if (contiguous && filter.from === null && !(filter.toExclusive && info.nullTimes === 'oldest') && i === pageLength - 1) previous[i] = null;
    else missing.push(i);
  }
  if (missing.length === 0) return previous as Array<LogRow | null>;

  const found = await previousOf(ctx, info, missing.map((i) => rows[i]!));
  missing.forEach((i, k) => (previous[i] = found[k] ?? null));
  return previous as Array<LogRow | null>;
}

export async function resolveFilter(
  ctx: QueryContext,
  info: LogTableInfo,
  filter: HistoryFilter,
  codec: TimeCodec,
): Promise<ResolvedFilter> {
  const bounds = dayRangeToUtc({ from: filter.from, to: filter.to, timeZone: filter.timeZone });
  if (((filter.by && filter.by.kind !== 'all') || (filter.performedBy !== undefined && filter.performedBy !== null)) && !info.columns.byId) {
    throw new AuditError('bad-request', `The ${info.logTable} log does not record who made each change, so it cannot be filtered by person.`);
  }
  const made = checkHowMadeFilter(filter.made);
  requireRecorded(info, made);
  const personId = await resolveModifiedBy(ctx, filter.by);
  const performer = await resolvePerformedBy(ctx, filter.performedBy);
  return {
    performer,
    from: bounds.fromUtc ? resolveBound(codec, '>=', bounds.fromUtc) : null,
    toExclusive: bounds.toUtcExclusive ? resolveBound(codec, '<', bounds.toUtcExclusive) : null,
    personId,
    made: howMadeColumnsOf(info, made, ctx.settings.revealSensitive === true).map((m) => ({ column: m.column!, value: m.value })),
  };
}

function resolveBound(codec: TimeCodec, op: TimeOperator, at: Date): ResolvedBound {
  return codec.bound(instantOfDate(at), op);
}
