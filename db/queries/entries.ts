/**
 * Chosen entries of one record (to compare side by side), each diffed against its own predecessor;
 * or one entry with its long values whole (`wholeValues`: exports, `getFullValue`).
 */
import type { GetEntriesRequest, GetEntriesResponse } from '../../shared/contract';
import type { RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import { parseId, requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { buildEntries, type LogRow } from './log-entries';
import { previousOf } from './predecessors';

export const MAX_ENTRIES = 20;

export async function getEntries(ctx: QueryContext, req: GetEntriesRequest): Promise<GetEntriesResponse> {
  const info = requireTable(ctx, req.table);
  const recordId = requireRecordId(info, req.id);
  if (!Array.isArray(req.logIds) || req.logIds.length === 0 || req.logIds.length > MAX_ENTRIES) {
    throw new AuditError('bad-request', `Say which entries to show: a list of 1 to ${MAX_ENTRIES} log ids.`);
  }
  const whole = req.wholeValues === true;
  // Whole values may be megabytes each: one entry at a time keeps what is held to one entry's worth.
  if (whole && req.logIds.length !== 1) {
    throw new AuditError('bad-request', 'Whole values are given for one entry at a time: ask for exactly one log id.');
  }
  const logIds = req.logIds.map((raw) => {
    // Log ids are mostly integers; digits are compared as numbers (text columns still match them).
    const id = parseId(raw, true);
    if (id === null) throw new AuditError('bad-request', `"${String(raw)}" is not a log id.`);
    return id;
  });
  const rows = (await ctx.engine.db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .selectAll('l')
    .where(column('l', info.columns.parentKey), '=', recordId)
    .where(column('l', info.columns.id), 'in', [...new Set(logIds)])
    .execute()) as LogRow[];
  const byId = new Map(rows.map((row) => [String(row[info.columns.id]), row]));
  const missing = logIds.filter((id: RecordId) => !byId.has(String(id)));
  if (missing.length > 0) {
    throw new AuditError(
      'not-found',
      `${info.name} ${String(recordId)} has no log ${missing.length === 1 ? 'entry' : 'entries'} ${missing.map(String).join(', ')}.`,
    );
  }
  const asked = logIds.map((id) => byId.get(String(id))!);
  const previous = await previousOf(ctx, info, asked);
  const codec = await timeCodec(ctx, info);
  return { entries: buildEntries(info, asked, previous, codec, ctx.settings.revealSensitive === true, { wholeValues: whole }) };
}
