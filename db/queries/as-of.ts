/**
 * The record as it stood at an instant: the newest entry of its log at or before that instant;
 * and, when asked, its children as they stood then, level by level down its family (family.ts).
 */
import type { GetRecordAsOfRequest, GetRecordAsOfResponse, RecordAsOf, RelatedAsOf } from '../../shared/contract';
import type { RecordId, Role } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { readFamily } from './family';
import { compareRecordIds, newestRowsOf, recordKeyOf } from './newest-rows';
import { presentRecords } from './record-access';
import { titleOfShown } from './shown-record';
import { column } from '../engine';
import { decodeTime, timeCondition, type Instant } from '../time-codec';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { buildEntries, isAllNull, newestFirst, snapshotOf, type LogRow } from './log-entries';
import type { LogTableInfo } from '../schema/catalog';
import { toRecordId } from '../values';

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

export async function getRecordAsOf(ctx: QueryContext, req: GetRecordAsOfRequest, role: Role = 'dba'): Promise<GetRecordAsOfResponse> {
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
  const related = req.related === true ? { related: await relatedAsOf(ctx, info, recordId, at, req.depth ?? 2, role) } : {};
  if (rows.length === 0) return { entry: null, exists: false, ...related };
  const [entry] = buildEntries(info, rows.slice(0, 1), [rows[1] ?? null], codec, ctx.settings.revealSensitive === true);
  return { entry: entry!, exists: entry!.changeCue !== 'Deleted', ...related };
}

/**
 * The record's family as it stood at `at`: a child stood under it when its entry in force then
 * named the record (or, a level down, a child that stood then) and was no deletion. Each child's
 * entry is built as the record's is (diffed against its own entry before, masked as everywhere).
 * A plain user is not shown the children that are deleted now (only admins read the logs of
 * deleted records); the table says how many were left out.
 */
async function relatedAsOf(ctx: QueryContext, info: LogTableInfo, id: RecordId, at: Instant, depth: number, role: Role): Promise<RelatedAsOf[]> {
  const reveal = ctx.settings.revealSensitive === true;
  const family = await readFamily(ctx, info, id, depth);
  // The records that stood then, per table, by key: the parents the level below must name.
  const standing = new Map<string, Set<string>>([[info.name, new Set([recordKeyOf(id)!])]]);
  const tables: RelatedAsOf[] = [];
  for (const member of family) {
    if (!member.relation) continue;
    const child = member.info;
    const { column: parentColumn, parent } = member.relation;
    const parents = standing.get(parent) ?? new Set<string>();
    const stood = new Set<string>();
    standing.set(child.name, stood);
    const rowsOf = await newestRowsOf(ctx, child, parents.size ? member.records : [], 2, at);
    const codec = await timeCodec(ctx, child);
    const found: Array<{ key: string; rows: LogRow[] }> = [];
    let unknown = 0;
    for (const [key, rows] of rowsOf) {
      const inForce = rows[0]!;
      // A legacy entry kept no values: which parent it named then is unknown, not "none".
      if (isAllNull(child, inForce)) {
        unknown += 1;
        continue;
      }
      const named = recordKeyOf(inForce[parentColumn]);
      if (named === null || !parents.has(named) || snapshotOf(child, inForce).changeCue === 'Deleted') continue;
      stood.add(key);
      found.push({ key, rows });
    }
    // A plain user reads only the records still in their tables.
    const present = role === 'user' ? await presentRecords(ctx, child, found.map((f) => toRecordId(f.rows[0]![child.columns.parentKey])!)) : null;
    const shown = present ? found.filter((f) => present.has(f.key)) : found;
    const entries = buildEntries(child, shown.map((f) => f.rows[0]!), shown.map((f) => f.rows[1] ?? null), codec, reveal);
    const records: RecordAsOf[] = entries
      .map((entry) => ({ id: entry.recordId, title: titleOfShown(child, entry.snapshot), entry }))
      .sort((a, b) => compareRecordIds(a.id, b.id));
    tables.push({ table: child.name, parent, column: parentColumn, depth: member.depth, records, notShown: found.length - shown.length, unknown });
  }
  return tables;
}
