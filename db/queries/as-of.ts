/** The record as it stood at an instant: the newest entry of its log at or before that instant. */
import type { GetRecordAsOfRequest, GetRecordAsOfResponse } from '../../shared/contract';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import { decodeTime, timeCondition, type Instant } from '../time-codec';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { buildEntries, newestFirst, type LogRow } from './log-entries';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 instant, to the precision given (microseconds and beyond are kept). Without an
 * offset it is read as UTC (as `ByTime` is stored), never as the server's local time, so the
 * answer does not depend on where the data layer runs.
 */
export function parseInstant(at: unknown): Instant {
  if (typeof at !== 'string' || !ISO_INSTANT.test(at.trim())) {
    throw new AuditError('bad-request', `"${String(at)}" is not an instant; give one in ISO 8601, such as 2024-05-01T09:30:00Z.`);
  }
  // JavaScript would roll 30 February over into March; decodeTime refuses a date not on the calendar.
  const instant = decodeTime(at.trim());
  if (instant === null) {
    throw new AuditError('bad-request', `"${at}" is not a real date and time; give one in ISO 8601, such as 2024-05-01T09:30:00Z.`);
  }
  return instant;
}

export async function getRecordAsOf(ctx: QueryContext, req: GetRecordAsOfRequest): Promise<GetRecordAsOfResponse> {
  const info = requireTable(ctx, req.table);
  const recordId = requireRecordId(info, req.id);
  const at = parseInstant(req.at);
  const codec = await timeCodec(ctx, info);
  // The entry in force and the one before it (its predecessor, for what it changed).
  const rows = (await ctx.engine.db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .selectAll('l')
    .where(column('l', info.columns.parentKey), '=', recordId)
    .where(timeCondition(codec, column('l', info.columns.byTime), '<=', at))
    .orderBy(newestFirst(info, 'l'))
    .limit(2)
    .execute()) as LogRow[];
  if (rows.length === 0) return { entry: null, exists: false };
  const [entry] = buildEntries(info, rows.slice(0, 1), [rows[1] ?? null], codec, ctx.settings.revealSensitive === true);
  return { entry: entry!, exists: entry!.changeCue !== 'Deleted' };
}
