/**
 * One field's history: the entries of a record's log that changed the field, newest first, with
 * the value before and after each (masked or withheld as the field is), or `oldKnown: false` where
 * the log first recorded the value and nothing says what it was before.
 *
 * Only a diff says whether an entry changed the field, so the record's log is read newest first a
 * chunk at a time with one row more than the chunk: within a record's whole (unfiltered) log the
 * previous entry of each row is simply the next row down, so no look-ups are needed.
 */
import type { GetFieldHistoryRequest, GetFieldHistoryResponse } from '../../shared/contract';
import { isOldKnown } from '../../shared/diff';
import type { FieldHistoryEntry } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { cursorPart, decodeCursor, encodeCursor } from '../cursor';
import { column } from '../engine';
import { fieldOf } from './activity-filter';
import { pageSize, requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { buildEntries, newestFirst, olderThan, type LogRow } from './log-entries';

/** Log rows one call may look at before it returns what it found and a cursor to go on. */
export const FIELD_HISTORY_SCAN_BUDGET = 10_000;
const CHUNK = 500;

/**
 * The entries that changed `field`, newest first. An entry counts when its diff against the
 * record's previous entry lists the field: an `Added` entry that set it, a `Modified` one that
 * changed it (or first recorded it, with no usable entry before), a `Deleted` one that removed a value. A hidden (password-like) field is answered
 * like any other, but with `redacted: 'hidden'` and null values: when and by whom it changed is
 * what the record's history already shows. A call looks at no more than
 * {@link FIELD_HISTORY_SCAN_BUDGET} log rows: past that it returns fewer entries than asked for
 * (possibly none) with a cursor to continue.
 */
export async function getFieldHistory(ctx: QueryContext, req: GetFieldHistoryRequest): Promise<GetFieldHistoryResponse> {
  const info = requireTable(ctx, req.table);
  const recordId = requireRecordId(info, req.id);
  if (typeof req.field !== 'string' || req.field === '') throw new AuditError('bad-request', 'Say which field to show the history of.');
  const field = fieldOf(info, req.field);
  if (field === null) throw new AuditError('bad-request', `The ${info.name} log has no field named "${req.field}".`);
  const limit = pageSize(req.limit, 50);
  const codec = await timeCodec(ctx, info);
  const reveal = ctx.settings.revealSensitive === true;
  const { byTime, id, parentKey } = info.columns;

  let after = req.cursor ? decodeCursor(req.cursor, 2) : null;
  const entries: FieldHistoryEntry[] = [];
  let scanned = 0;
  let lastScanned: LogRow | null = null;
  let more = false;
  while (entries.length < limit && scanned < FIELD_HISTORY_SCAN_BUDGET) {
    const chunk = Math.min(CHUNK, FIELD_HISTORY_SCAN_BUDGET - scanned);
    let query = ctx.engine.db
      .selectFrom(ctx.engine.table(info.logTable).as('l'))
      .selectAll('l')
      .where(column('l', parentKey), '=', recordId);
    if (after) query = query.where(olderThan(info, 'l', after[0], after[1]));
    const rows = (await query.orderBy(newestFirst(info, 'l')).limit(chunk + 1).execute()) as LogRow[];
    const page = rows.slice(0, chunk);
    const built = buildEntries(info, page, page.map((_, i) => rows[i + 1] ?? null), codec, reveal);
    more = rows.length > chunk;
    let i = 0;
    for (; i < built.length && entries.length < limit; i++) {
      lastScanned = page[i]!;
      const entry = built[i]!;
      const change = entry.changes.find((c) => c.field === field);
      if (!change) continue;
      entries.push({
        logId: entry.logId,
        byId: entry.byId,
        byName: entry.byName,
        byTime: entry.byTime,
        changeCue: entry.changeCue,
        old: change.old,
        new: change.new,
        // The first value the log recorded: what it was before, and who set it, is unknown.
        ...(isOldKnown(change) ? {} : { oldKnown: false as const }),
        ...(change.redacted ? { redacted: change.redacted } : {}),
      });
    }
    scanned += i;
    if (i < built.length) {
      more = true;
      break;
    }
    if (!more || !lastScanned) break;
    after = [cursorPart(lastScanned[byTime]), cursorPart(lastScanned[id])];
  }
  return {
    entries,
    nextCursor: more && lastScanned ? encodeCursor([cursorPart(lastScanned[byTime]), cursorPart(lastScanned[id])]) : null,
  };
}
