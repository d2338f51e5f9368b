/**
 * A change set: the entries one save wrote, found as the rows of every log with the same person
 * (ByID) and the same time (ByTime) as a given entry. Each log's (ByID, ByTime) index makes that
 * one probe per table.
 */
import { sql } from 'kysely';
import type { GetChangeSetRequest, GetChangeSetResponse } from '../../shared/contract';
import type { ActivityEntry } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import { activityEntries } from './activity';
import { parseId, requireTable, timeCodec, type QueryContext } from './context';
import { newestFirst, type LogRow } from './log-entries';

/** Rows read per table: a save touches a handful of records; this bounds a pathological one. */
const MAX_PER_TABLE = 1000;

/**
 * The asked-for entry and every entry with its ByID and ByTime across the logged tables, ordered
 * as Activity orders them (by table name, then log id descending; the times are equal). Its own
 * table is matched on the stored time exactly, the others on the same instant written in their
 * storage shape (a table that keeps less precision than the instant has cannot hold it, and is
 * not matched). An entry without a person, or without a readable time, is a change set of its own.
 */
export async function getChangeSet(ctx: QueryContext, req: GetChangeSetRequest): Promise<GetChangeSetResponse> {
  const info = requireTable(ctx, req.table);
  const logId = parseId(req.logId, true);
  if (logId === null) throw new AuditError('bad-request', 'Say which log entry to start from (a log id).');
  const { db } = ctx.engine;
  const own = (await db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .selectAll('l')
    .where(column('l', info.columns.id), '=', logId)
    .executeTakeFirst()) as LogRow | undefined;
  if (!own) throw new AuditError('not-found', `The ${info.logTable} log has no entry ${String(logId)}.`);
  const byId = info.columns.byId ? own[info.columns.byId] : null;
  const rawTime = own[info.columns.byTime];
  if (byId === null || byId === undefined || rawTime === null || rawTime === undefined) {
    return { entries: await activityEntries(ctx, info, [own]) };
  }
  const instant = (await timeCodec(ctx, info)).decode(rawTime);

  const perTable = await Promise.all(
    [...ctx.catalog.tables]
      .filter((t) => t.columns.byId !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(async (table): Promise<ActivityEntry[]> => {
        const codec = await timeCodec(ctx, table);
        const encoded = table === info ? { value: rawTime, exact: true } : instant === null ? null : codec.bound(instant, '=');
        if (encoded === null || !encoded.exact) return [];
        const time = encoded.value;
        const rows = (await db
          .selectFrom(ctx.engine.table(table.logTable).as('l'))
          .selectAll('l')
          .where(column('l', table.columns.byId!), '=', byId)
          .where(sql<boolean>`${column('l', table.columns.byTime)} = ${time}`)
          .orderBy(newestFirst(table, 'l'))
          .limit(MAX_PER_TABLE)
          .execute()) as LogRow[];
        return rows.length ? activityEntries(ctx, table, rows, codec) : [];
      }),
  );
  return { entries: perTable.flat() };
}
