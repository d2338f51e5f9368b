/**
 * The previous entry of any log rows, whatever records they belong to: the views across records
 * (activity, change sets, chosen entries) diff each entry against its record's true previous entry
 * (docs/data-model.md), which is rarely on the same page. All of a page's look-ups go in one query, one
 * indexed probe per entry on the (parent key, ByTime, ID) index.
 */
import { sql } from 'kysely';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import type { QueryContext } from './context';
import { newestFirst, olderThanRow, type LogRow } from './log-entries';

/** Alias for the entry id beside each predecessor row; unlikely to clash with a real column. */
const ENTRY_ID = 'audit_trail_browser_entry_id';

/** For each given row of one log, its record's entry just before it (null for a first entry). */
export async function previousOf(
  ctx: QueryContext,
  info: LogTableInfo,
  rows: readonly LogRow[],
): Promise<Array<LogRow | null>> {
  if (rows.length === 0) return [];
  const { id, parentKey } = info.columns;
  const log = ctx.engine.table(info.logTable);
  const previousId = sql`(SELECT ${column('q', id)} FROM ${log} AS q
      WHERE ${column('q', parentKey)} = ${column('e', parentKey)}
        AND ${olderThanRow(info, 'q', 'e')}
      ORDER BY ${newestFirst(info, 'q')} LIMIT 1)`;
  const ids = [...new Set(rows.map((row) => row[id]))];
  const found = await ctx.engine.db
    .selectFrom(log.as('e'))
    .innerJoin(log.as('p'), (join) => join.on(sql<boolean>`${column('p', id)} = ${previousId}`))
    .selectAll('p')
    .select(column('e', id).as(ENTRY_ID))
    .where(column('e', id), 'in', ids)
    .execute();
  const byEntry = new Map<string, LogRow>();
  for (const row of found as LogRow[]) {
    const { [ENTRY_ID]: entryId, ...rest } = row;
    byEntry.set(String(entryId), rest);
  }
  return rows.map((row) => byEntry.get(String(row[id])) ?? null);
}
