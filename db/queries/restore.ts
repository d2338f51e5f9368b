/**
 * "Copy restore SQL" for DBAs: an INSERT that would put a deleted record back as its last log
 * snapshot recorded it, and, when asked, its deleted children too (restore-children.ts decides
 * which), parents before children, in one transaction. The application only writes the script
 * out for a person to review; it never runs it (it never writes to the database at all).
 *
 * The script is built for a person to run, from hostile input: every value is a literal of its
 * column's type that no value can break out of (restore-values.ts), and every text from the log in
 * a comment goes through `commentText` (sql-script.ts), so no name, title or value can end a
 * comment and run as SQL.
 *
 * Values that may not leave the data layer in clear are left out, with a comment saying so, by
 * the same rule for every INSERT of a script (`restoreColumns`): password-like columns always,
 * masked columns unless the user may see them, columns the table no longer has, and columns the
 * database computes itself.
 */
import { sql } from 'kysely';
import type { GetRestoreSqlRequest, GetRestoreSqlResponse, RestoredChild } from '../../shared/contract';
import type { RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { unreadableTimeText } from '../../shared/instant-text';
import type { LogTableInfo } from '../schema/catalog';
import { toFieldValue } from '../values';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { isAllNull, snapshotOf, type LogRow } from './log-entries';
import { newestRowsOf, recordKeyOf } from './newest-rows';
import { recordExists } from './record-access';
import { deletedChildren, ROWS_PER_RECORD } from './restore-children';
import { restoreColumns, snapshotLiterals, type Omission } from './restore-values';
import { shownRecord } from './shown-record';
import { commentLine, utcText } from './sql-script';

/** One record's INSERT: what it comes from, what it leaves out, and its lines. */
interface RecordInsert {
  /** `log entry 3, Deleted by Mallory at 2024-01-03 09:00:00 UTC` */
  source: string;
  title: string | null;
  omitted: Omission[];
  basedOn: GetRestoreSqlResponse['basedOn'];
  /** Its comments on what is left out and on a missing table, then the statement (two lines). */
  lines: string[];
}

/** The INSERT that puts `id` of `info`'s table back as `source`'s snapshot recorded it. */
async function recordInsert(ctx: QueryContext, info: LogTableInfo, source: LogRow): Promise<RecordInsert> {
  const { engine } = ctx;
  const reveal = ctx.settings.revealSensitive === true;
  const { toWrite, omitted } = restoreColumns(info, reveal);
  const { literals, computed, alwaysGenerated } = await snapshotLiterals(ctx, info, source, toWrite);
  const written = toWrite.filter((c) => {
    if (!computed.has(c.baseColumn)) return true;
    omitted.push({ field: c.logColumn, reason: 'computed by the database' });
    return false;
  });

  const snapshot = snapshotOf(info, source);
  const codec = await timeCodec(ctx, info);
  const byTime = codec.decode(source[info.columns.byTime]);
  const by = info.columns.byName ? toFieldValue(source[info.columns.byName]) : null;
  // The title as the user may see it: a hidden field never names the record, a masked one masked.
  const { title } = shownRecord(info, snapshot.values, reveal);
  const logId = toFieldValue(source[info.columns.id]);
  const target = sql`${engine.table(info.name)}`.compile(engine.db).sql;
  const quoted = written.map((c) => sql.id(c.baseColumn).compile(engine.db).sql);
  const overriding = written.some((c) => alwaysGenerated.has(c.baseColumn));
  const cue = snapshot.changeCue;
  return {
    source: `log entry ${String(logId)}, ${cue}${by !== null ? ` by ${String(by)}` : ''} at ${byTime === null ? unreadableTimeText(null) : utcText(byTime)}.`,
    title,
    omitted,
    basedOn: { logId: typeof logId === 'number' || typeof logId === 'string' ? logId : String(logId), byTime, changeCue: cue },
    lines: [
      ...(omitted.length ? [commentLine(`Left out: ${omitted.map((o) => `${o.field} (${o.reason})`).join(', ')}.`)] : []),
      ...(!info.baseExists ? [commentLine(`The table ${info.name} no longer exists; create it first.`)] : []),
      // An identity GENERATED ALWAYS accepts a value only when the INSERT says so.
      `INSERT INTO ${target} (${quoted.join(', ')})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''}`,
      `VALUES (${written.map((c) => literals.get(c.logColumn) ?? 'NULL').join(', ')});`,
    ],
  };
}

const named = (table: string, id: RecordId, title: string | null): string => `${table} ${String(id)}${title ? ` (${title})` : ''}`;

export async function getRestoreSql(ctx: QueryContext, req: GetRestoreSqlRequest): Promise<GetRestoreSqlResponse> {
  const info = requireTable(ctx, req.table);
  const id = requireRecordId(info, req.id);
  if (await recordExists(ctx, info, id)) throw new AuditError('bad-request', `${info.name} ${id} still exists, so there is nothing to restore.`);
  // The newest entries: the one that holds a snapshot (legacy rows hold none) is among them.
  const rows = (await newestRowsOf(ctx, info, [id], ROWS_PER_RECORD)).get(recordKeyOf(id)!) ?? [];
  if (rows.length === 0) throw new AuditError('not-found', `${info.name} ${id} has no log entries, so there is nothing to restore it from.`);
  const source = rows.find((row) => !isAllNull(info, row));
  if (!source) {
    throw new AuditError('not-found', `The log of ${info.name} ${id} holds no snapshot of the record (only legacy entries), so it cannot be restored from it.`);
  }
  const own = await recordInsert(ctx, info, source);
  const base = { omitted: own.omitted, basedOn: own.basedOn };

  if (req.withChildren !== true) {
    // Offer the children only where there are some; a family too large to read together is not
    // counted here (asking with children says so in one sentence).
    let deleted: number | null = 0;
    if (ctx.catalog.relations.some((r) => r.parent === info.name)) {
      try {
        deleted = (await deletedChildren(ctx, info, id, rows)).restore.length;
      } catch (error) {
        if (!(error instanceof AuditError) || error.code !== 'bad-request') throw error;
        deleted = null;
      }
    }
    const lines = [
      commentLine(`Restores ${named(info.name, id, own.title)} as its last log snapshot recorded it:`),
      commentLine(own.source),
      commentLine('Review it before running it. Audit Trail Browser never runs it; your logging triggers will log the insert as Added.'),
      ...own.lines,
    ];
    return { sql: lines.join('\n'), ...base, children: [], childrenLeftOut: [], deletedChildren: deleted };
  }

  const family = await deletedChildren(ctx, info, id, rows);
  const children: RestoredChild[] = [];
  const inserts: string[] = [];
  for (const child of family.restore) {
    const insert = await recordInsert(ctx, child.info, child.source);
    children.push({ table: child.info.name, id: child.id, title: insert.title, parent: child.parent, basedOn: insert.basedOn, omitted: insert.omitted });
    inserts.push(commentLine(`${named(child.info.name, child.id, insert.title)}, of ${child.parent.table} ${String(child.parent.id)}: ${insert.source}`), ...insert.lines);
  }
  const count = children.length;
  const lines = [
    commentLine(
      `Restores ${named(info.name, id, own.title)} and ${count === 0 ? 'none' : count} of its deleted related records as their last log snapshots recorded them, parents before children, in one transaction.`,
    ),
    commentLine('Review it before running it. Audit Trail Browser never runs it; your logging triggers will log each insert as Added.'),
    ...family.leftOut.map((c) => commentLine(`Not restored: ${named(c.table, c.id, c.title)}: ${c.reason}`)),
    // Both engines start a transaction with BEGIN; all the INSERTs take effect together or none does.
    'BEGIN;',
    commentLine(`${named(info.name, id, own.title)}: ${own.source}`),
    ...own.lines,
    ...inserts,
    'COMMIT;',
  ];
  return { sql: lines.join('\n'), ...base, children, childrenLeftOut: family.leftOut, deletedChildren: count };
}
