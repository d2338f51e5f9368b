/**
 * Deleted records: records whose log remains but whose row is gone from the table (or whose whole
 * table is gone). Only the log tables know them. Each is shown with its last entry, which names
 * who deleted it and when if the deletion was logged.
 */
import { sql } from 'kysely';
import type { ListDeletedRecordsRequest, ListDeletedRecordsResponse } from '../../shared/contract';
import type { DeletedRecord } from '../../shared/domain';
import { cursorPart, decodeCursor, encodeCursor } from '../cursor';
import { cutRecordValues } from '../cut-values';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { toFieldValue, toRecordId } from '../values';
import { pageSize, requireTable, timeCodec, type QueryContext } from './context';
import { newestFirst, olderThan, snapshotOf, type LogRow } from './log-entries';
import { shownRecord } from './shown-record';

const LAST_ID = 'audit_trail_browser_last_id';

export async function listDeletedRecords(
  ctx: QueryContext,
  req: ListDeletedRecordsRequest,
): Promise<ListDeletedRecordsResponse> {
  const info = requireTable(ctx, req.table);
  const limit = pageSize(req.limit, 100);
  const after = req.cursor ? decodeCursor(req.cursor, 2) : null;
  const codec = await timeCodec(ctx, info);
  const log = ctx.engine.table(info.logTable);
  const { id, parentKey, byId, byName, changeCue } = info.columns;

  // Each record id in the log once, kept when its row is gone, with its newest entry's id.
  // When the table itself is gone, every record in its log is a deleted record.
  const onlyGone =
    info.baseExists && info.recordKey
      ? sql`WHERE NOT EXISTS (SELECT 1 FROM ${ctx.engine.table(info.name)} AS b WHERE ${column('b', info.recordKey)} = d.k)`
      : sql``;
  const deletedKeys = sql`(SELECT d.k AS k,
        (SELECT ${column('q', id)} FROM ${log} AS q WHERE ${column('q', parentKey)} = d.k ORDER BY ${newestFirst(info, 'q')} LIMIT 1) AS ${sql.id(LAST_ID)}
      FROM (SELECT DISTINCT ${column('l', parentKey)} AS k FROM ${log} AS l WHERE ${column('l', parentKey)} IS NOT NULL) AS d
      ${onlyGone})`;

  let query = ctx.engine.db
    .selectFrom(deletedKeys.as('x'))
    .innerJoin(log.as('l'), (join) => join.on(sql<boolean>`${column('l', id)} = ${column('x', LAST_ID)}`))
    .selectAll('l');
  if (after) query = query.where(olderThan(info, 'l', after[0], after[1]));
  const rows = (await query.orderBy(newestFirst(info, 'l')).limit(limit + 1).execute()) as LogRow[];
  const page = rows.slice(0, limit);
  const entryCounts = await countEntriesOf(ctx, info, page.map((row) => row[parentKey]));
  const reveal = ctx.settings.revealSensitive === true;

  const records: DeletedRecord[] = page.map((row) => {
    const snapshot = snapshotOf(info, row);
    const logged = snapshot.changeCue === 'Deleted';
    const name = byName ? toFieldValue(row[byName]) : null;
    const shown = shownRecord(info, snapshot.values, reveal);
    return {
      id: toRecordId(row[parentKey]) ?? '',
      title: shown.title,
      lastTime: codec.decode(row[info.columns.byTime]),
      deletedById: logged && byId ? toRecordId(row[byId]) : null,
      deletedByName: logged && name !== null ? String(name) : null,
      deletionLogged: logged && changeCue !== null,
      lastSnapshot: cutRecordValues(shown.values),
      logEntryCount: entryCounts.get(String(toRecordId(row[parentKey]))) ?? 0,
    };
  });
  const last = page[page.length - 1];
  return {
    records,
    nextCursor:
      rows.length > limit && last ? encodeCursor([cursorPart(last[info.columns.byTime]), cursorPart(last[id])]) : null,
  };
}

/** The log size of each of a page's records (counted for the page only, not for every deleted record). */
async function countEntriesOf(ctx: QueryContext, info: LogTableInfo, keys: unknown[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const key = column('l', info.columns.parentKey);
  const rows = await ctx.engine.db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .select([key.as('k'), sql<number>`count(*)`.as('n')])
    .where(key, 'in', keys)
    .groupBy(key)
    .execute();
  return new Map(rows.map((r) => [String(toRecordId(r.k)), Number(r.n)]));
}
