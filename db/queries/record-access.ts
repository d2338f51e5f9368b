/**
 * Which records a call may read. Only the log tables know a deleted record (docs/data-model.md: deleted
 * records are what DBAs and admins inspect), so a plain user reads the logs of the records still
 * in their tables, and nothing of the others: not their snapshot, log, field history, state as of
 * a date, chosen entries, or the entries a save wrote to them. Whether a record is still there is
 * asked of its base table, in one place.
 */
import type { ActivityEntry, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { toRecordId } from '../values';
import { parseId, requireRecordId, requireTable, type QueryContext } from './context';

/**
 * The keys (as text) of those of `ids` that are rows of the record's table now. None when the
 * table is gone, or has no key to look them up by.
 */
export async function presentRecords(ctx: QueryContext, info: LogTableInfo, ids: readonly RecordId[]): Promise<Set<string>> {
  if (ids.length === 0 || !info.baseExists || !info.recordKey) return new Set();
  const key = column('b', info.recordKey);
  const rows = await ctx.engine.db
    .selectFrom(ctx.engine.table(info.name).as('b'))
    .select(key.as('k'))
    .where(key, 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => String(toRecordId(row.k))));
}

/** Whether a record is a row of its table now (its row may be gone while its log remains). */
export async function recordExists(ctx: QueryContext, info: LogTableInfo, id: RecordId): Promise<boolean> {
  // Any row that comes back is the record: no comparison of key spellings needed.
  return (await presentRecords(ctx, info, [id])).size > 0;
}

function forbidden(info: LogTableInfo, id: RecordId): AuditError {
  return new AuditError(
    'forbidden',
    `${info.name} ${String(id)} is not a current record of ${info.name}, and the logs of deleted records are for admins; ask an administrator to add you to the admins in the settings.`,
  );
}

/**
 * Refuses, with `forbidden`, a plain user's call about a record that is not in its table now
 * (deleted, or never there: the two are not told apart, so the answer reveals no log). Checked
 * before any log row is read. Bad tables and ids get the same sentences the queries give.
 */
export async function requireReadable(ctx: QueryContext, table: unknown, id: unknown): Promise<void> {
  const info = requireTable(ctx, table);
  const recordId = requireRecordId(info, id);
  if (!(await recordExists(ctx, info, recordId))) throw forbidden(info, recordId);
}

/**
 * A change set as a plain user may read it: refused when the asked-for entry's record is gone,
 * and without the entries the same save wrote to records that are gone since.
 */
export async function readableChangeSet(
  ctx: QueryContext,
  table: unknown,
  logId: unknown,
  entries: readonly ActivityEntry[],
): Promise<ActivityEntry[]> {
  const info = requireTable(ctx, table);
  const asked = String(parseId(logId, true));
  const byTable = new Map<string, ActivityEntry[]>();
  for (const entry of entries) byTable.set(entry.table, [...(byTable.get(entry.table) ?? []), entry]);
  const present = new Map<string, Set<string>>();
  await Promise.all(
    ctx.catalog.tables
      .filter((t) => byTable.has(t.name))
      .map(async (t) => present.set(t.name, await presentRecords(ctx, t, byTable.get(t.name)!.map((e) => e.recordId)))),
  );
  const readable = (entry: ActivityEntry): boolean => present.get(entry.table)?.has(String(entry.recordId)) === true;
  const own = entries.find((e) => e.table === info.name && String(e.logId) === asked);
  if (own && !readable(own)) throw forbidden(info, own.recordId);
  return entries.filter(readable);
}
