/**
 * "Copy restore SQL" for DBAs: an INSERT that would put a deleted record back as its last log
 * snapshot recorded it. The application only writes the statement out for a person to review;
 * it never runs it (it never writes to the database at all).
 *
 * The script is built for a person to run, from hostile input: every value is a literal of its
 * column's type that no value can break out of (restore-values.ts), and every text from the log in
 * a comment goes through `commentText` (sql-script.ts), so no name, title or value can end a
 * comment and run as SQL.
 *
 * Values that may not leave the data layer in clear are left out, with a comment saying so:
 * password-like columns always, masked columns unless the user may see them. Columns the table
 * no longer has, and columns the database computes itself, are left out too.
 */
import { sql } from 'kysely';
import type { GetRestoreSqlRequest, GetRestoreSqlResponse } from '../../shared/contract';
import { AuditError } from '../../shared/errors';
import { secondFraction, unreadableTimeText } from '../../shared/instant-text';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { toFieldValue } from '../values';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { newestFirst, snapshotOf, type LogRow } from './log-entries';
import { recordExists } from './record-access';
import { snapshotLiterals, type ColumnToWrite } from './restore-values';
import { shownRecord } from './shown-record';
import { commentLine } from './sql-script';

type Omission = GetRestoreSqlResponse['omitted'][number];

function isAllNull(info: LogTableInfo, row: LogRow): boolean {
  return info.fieldNames.every((f) => row[f] === null || row[f] === undefined);
}

export async function getRestoreSql(ctx: QueryContext, req: GetRestoreSqlRequest): Promise<GetRestoreSqlResponse> {
  const info = requireTable(ctx, req.table);
  const id = requireRecordId(info, req.id);
  const { engine } = ctx;
  if (await recordExists(ctx, info, id)) throw new AuditError('bad-request', `${info.name} ${id} still exists, so there is nothing to restore.`);
  // The newest entry that holds a snapshot (legacy rows hold none). A few rows are enough: only
  // legacy rows can come before it.
  const rows = (await engine.db
    .selectFrom(engine.table(info.logTable).as('l'))
    .selectAll('l')
    .where(column('l', info.columns.parentKey), '=', id)
    .orderBy(newestFirst(info, 'l'))
    .limit(20)
    .execute()) as LogRow[];
  if (rows.length === 0) throw new AuditError('not-found', `${info.name} ${id} has no log entries, so there is nothing to restore it from.`);
  const source = rows.find((row) => !isAllNull(info, row));
  if (!source) {
    throw new AuditError('not-found', `The log of ${info.name} ${id} holds no snapshot of the record (only legacy entries), so it cannot be restored from it.`);
  }

  const snapshot = snapshotOf(info, source);
  const reveal = ctx.settings.revealSensitive === true;
  const baseColumns = new Set(info.baseColumns);
  const keyColumn = info.recordKey ?? 'ID';
  const toWrite: ColumnToWrite[] = [{ logColumn: info.columns.parentKey, baseColumn: keyColumn }];
  const omitted: Omission[] = [];
  for (const field of info.fieldNames) {
    if (field === keyColumn) continue;
    const sensitivity = info.sensitivityOf(field);
    if (sensitivity === 'hidden') omitted.push({ field, reason: 'never shown (password-like)' });
    else if (sensitivity === 'masked' && !reveal) omitted.push({ field, reason: 'masked for you' });
    else if (info.baseExists && !baseColumns.has(field)) omitted.push({ field, reason: `no longer a column of ${info.name}` });
    else toWrite.push({ logColumn: field, baseColumn: field });
  }
  const { literals, computed, alwaysGenerated } = await snapshotLiterals(ctx, info, source, toWrite);
  const written = toWrite.filter((c) => {
    if (!computed.has(c.baseColumn)) return true;
    omitted.push({ field: c.logColumn, reason: 'computed by the database' });
    return false;
  });

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
  const lines = [
    commentLine(`Restores ${info.name} ${id}${title ? ` (${title})` : ''} as its last log snapshot recorded it:`),
    commentLine(`log entry ${String(logId)}, ${cue}${by !== null ? ` by ${String(by)}` : ''} at ${byTime === null ? unreadableTimeText(null) : `${byTime.slice(0, 19).replace('T', ' ')}${secondFraction(byTime)} UTC`}.`),
    commentLine('Review it before running it. Audit Trail Browser never runs it; your logging triggers will log the insert as Added.'),
    ...(omitted.length ? [commentLine(`Left out: ${omitted.map((o) => `${o.field} (${o.reason})`).join(', ')}.`)] : []),
    ...(!info.baseExists ? [commentLine(`The table ${info.name} no longer exists; create it first.`)] : []),
    // An identity GENERATED ALWAYS accepts a value only when the INSERT says so.
    `INSERT INTO ${target} (${quoted.join(', ')})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''}`,
    `VALUES (${written.map((c) => literals.get(c.logColumn) ?? 'NULL').join(', ')});`,
  ];
  return {
    sql: lines.join('\n'),
    omitted,
    basedOn: { logId: typeof logId === 'number' || typeof logId === 'string' ? logId : String(logId), byTime, changeCue: cue },
  };
}
