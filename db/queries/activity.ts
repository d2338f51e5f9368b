/**
 * Activity: every change across the logged tables, newest first, filtered and paged by key. The
 * logs are merged and paged by db/queries/merged-logs.ts (the order, the cursor, the reads at the
 * floor); the total by db/queries/activity-total.ts.
 */
import type { ListActivityRequest, ListActivityResponse } from '../../shared/contract';
import type { ActivityEntry } from '../../shared/domain';
import type { LogTableInfo } from '../schema/catalog';
import type { TimeCodec } from '../time-codec';
import { chooseActivityTables, resolveActivityFilter } from './activity-filter';
import { activityTotal } from './activity-total';
import { pageSize, timeCodec, type QueryContext } from './context';
import { buildEntries, type LogRow } from './log-entries';
import { logFilterOf, openStream, positionOf, readMerged, type Stream } from './merged-logs';
import { previousOf } from './predecessors';
import { titleOfShown } from './shown-record';

/**
 * Lists the activity page by page: `limit` entries (fewer only at the end) and a cursor exactly
 * when more match. The total (first page, `withTotal`) is exact where counting is cheap or
 * `exactTotal` asks for it, else the engine's estimate (see db/queries/activity-total.ts); null
 * with a field filter (counting would mean diffing every row).
 */
export async function listActivity(ctx: QueryContext, req: ListActivityRequest): Promise<ListActivityResponse> {
  const limit = pageSize(req.limit, 50);
  const filter = await resolveActivityFilter(ctx, req.filter ?? {});
  const position = req.cursor ? positionOf(req.cursor) : null;
  const infos = chooseActivityTables(ctx, req.filter ?? {}, filter);

  const streams: Stream[] = await Promise.all(
    infos.map(async (info) => {
      const codec = await timeCodec(ctx, info);
      return openStream(info, codec, await logFilterOf(ctx, info, codec, filter));
    }),
  );
  const page = await readMerged(ctx, streams, position, limit, filter);

  let total: { count: number | null; estimate: boolean } = { count: null, estimate: false };
  // A field or an hour-of-week filter is decided entry by entry: SQL alone cannot count it.
  if ((req.withTotal || req.exactTotal) && !position && filter.field === null && filter.hoursOfWeek === null) {
    total = await activityTotal(ctx, streams.map((s) => ({ info: s.info, filter: s.filter })), req.exactTotal === true);
  }

  return { entries: page.entries, total: total.count, totalIsEstimate: total.estimate, nextCursor: page.nextCursor };
}

/** Rows of one log as activity entries, each diffed against its record's previous entry. */
export async function activityEntries(ctx: QueryContext, info: LogTableInfo, rows: LogRow[], codec?: TimeCodec): Promise<ActivityEntry[]> {
  const previous = await previousOf(ctx, info, rows);
  const entries = buildEntries(info, rows, previous, codec ?? (await timeCodec(ctx, info)), ctx.settings.revealSensitive === true);
  return entries.map((entry) => ({ ...entry, table: info.name, title: titleOfShown(info, entry.snapshot) }));
}
