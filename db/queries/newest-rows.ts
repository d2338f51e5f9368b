/**
 * The newest log rows of many records at once: one query per batch of records rather than one per
 * record, for the reads that look at each member of a family (restore with children, as of with
 * children). Each record's rows come newest first, in log order (`newestFirst`).
 */
import { sql } from 'kysely';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { timeCondition, type Instant } from '../time-codec';
import { toRecordId } from '../values';
import { timeCodec, type QueryContext } from './context';
import { newestFirst, type LogRow } from './log-entries';

/** Records per query: well inside every engine's limit on bound parameters. */
const BATCH = 500;
/** The rank column the query adds (removed from the rows it hands back). */
const RANK = 'atb_rank';

/** How a record id is compared across spellings (a log's 7, 7n and '7' are one record). */
export function recordKeyOf(raw: unknown): string | null {
  const id = toRecordId(raw);
  return id === null ? null : String(id);
}

/**
 * Up to `n` newest rows of each of `ids` (as the log stores them), by {@link recordKeyOf}; only
 * rows at or before `at` when given (rows without a readable time are then left out, as as-of
 * leaves them). A record without rows is absent from the map.
 */
export async function newestRowsOf(ctx: QueryContext, info: LogTableInfo, ids: readonly unknown[], n: number, at?: Instant): Promise<Map<string, LogRow[]>> {
  const byRecord = new Map<string, LogRow[]>();
  if (ids.length === 0) return byRecord;
  const codec = at === undefined ? null : await timeCodec(ctx, info);
  const key = column('l', info.columns.parentKey);
  const log = ctx.engine.table(info.logTable);
  const when = codec && at !== undefined ? sql` AND ${timeCondition(codec, column('l', info.columns.byTime), '<=', at)}` : sql``;
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const query = sql<LogRow>`SELECT * FROM (
        SELECT l.*, ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${newestFirst(info, 'l')}) AS ${sql.id(RANK)}
        FROM ${log} AS l WHERE ${key} IN (${sql.join(batch)})${when}
      ) AS r WHERE ${sql.id('r', RANK)} <= ${sql.lit(n)} ORDER BY ${sql.id('r', RANK)}`;
    for (const row of (await query.execute(ctx.engine.db)).rows) {
      delete row[RANK];
      const k = recordKeyOf(row[info.columns.parentKey]);
      if (k === null) continue;
      const rows = byRecord.get(k);
      if (rows) rows.push(row);
      else byRecord.set(k, [row]);
    }
  }
  return byRecord;
}

/** Record ids in a stable order: numbers by value, before texts in code-point order. */
export function compareRecordIds(a: unknown, b: unknown): number {
  const x = toRecordId(a);
  const y = toRecordId(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  const [s, t] = [String(x), String(y)];
  return s < t ? -1 : s > t ? 1 : 0;
}
