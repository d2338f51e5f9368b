/**
 * "Copy restore SQL" for DBAs: an INSERT that would put a deleted record back as its last log
 * snapshot recorded it. The application only writes the statement out for a person to review;
 * it never runs it (it never writes to the database at all).
 *
 * Values that may not leave the data layer in clear are left out, with a comment saying so:
 * password-like columns always, masked columns unless the user may see them. Columns the table
 * no longer has, and binary values (the log gives only their size and digest), are left out too.
 */
import { sql } from 'kysely';
import type { GetRestoreSqlRequest, GetRestoreSqlResponse } from '../../shared/contract';
import type { FieldValue } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { secondFraction, unreadableTimeText } from '../../shared/instant-text';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { toFieldValue } from '../values';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { newestFirst, snapshotOf, type LogRow } from './log-entries';
import { titleOf } from './records';

type Omission = GetRestoreSqlResponse['omitted'][number];

function literal(value: FieldValue, integerColumn: boolean): string | null {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') return null;
  // Integers past 2^53 arrive as decimal text; in an integer column they go back unquoted.
  if (integerColumn && /^-?\d+$/.test(value)) return value;
  return `'${value.replaceAll("'", "''")}'`;
}

function isAllNull(info: LogTableInfo, row: LogRow): boolean {
  return info.fieldNames.every((f) => row[f] === null || row[f] === undefined);
}

export async function getRestoreSql(ctx: QueryContext, req: GetRestoreSqlRequest): Promise<GetRestoreSqlResponse> {
  const info = requireTable(ctx, req.table);
  const id = requireRecordId(info, req.id);
  const { engine } = ctx;
  if (info.baseExists && info.recordKey) {
    const present = await engine.db
      .selectFrom(engine.table(info.name).as('b'))
      .select(sql<number>`1`.as('one'))
      .where(column('b', info.recordKey), '=', id)
      .executeTakeFirst();
    if (present) throw new AuditError('bad-request', `${info.name} ${id} still exists, so there is nothing to restore.`);
  }
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
  const columns: string[] = [keyColumn];
  const values: string[] = [literal(toFieldValue(source[info.columns.parentKey]), info.integerKey) ?? 'NULL'];
  const omitted: Omission[] = [];
  const fieldType = new Map(info.fields.map((f) => [f.name, f.dataType]));
  for (const field of info.fieldNames) {
    if (field === keyColumn) continue;
    const sensitivity = info.sensitivityOf(field);
    if (sensitivity === 'hidden') {
      omitted.push({ field, reason: 'never shown (password-like)' });
      continue;
    }
    if (sensitivity === 'masked' && !reveal) {
      omitted.push({ field, reason: 'masked for you' });
      continue;
    }
    if (info.baseExists && !baseColumns.has(field)) {
      omitted.push({ field, reason: `no longer a column of ${info.name}` });
      continue;
    }
    const text = literal(snapshot.values[field] ?? null, /int|serial/i.test(fieldType.get(field) ?? ''));
    if (text === null) {
      omitted.push({ field, reason: 'a binary value the log shows only as a size and digest' });
      continue;
    }
    columns.push(field);
    values.push(text);
  }

  const codec = await timeCodec(ctx, info);
  const byTime = codec.decode(source[info.columns.byTime]);
  const by = info.columns.byName ? toFieldValue(source[info.columns.byName]) : null;
  const title = titleOf(info, snapshot.values);
  const logId = toFieldValue(source[info.columns.id]);
  const target = sql`${engine.table(info.name)}`.compile(engine.db).sql;
  const quoted = columns.map((c) => sql.id(c).compile(engine.db).sql);
  const cue = snapshot.changeCue;
  const lines = [
    `-- Restores ${info.name} ${id}${title ? ` (${title.replaceAll('\n', ' ')})` : ''} as its last log snapshot recorded it:`,
    `-- log entry ${String(logId)}, ${cue}${by !== null ? ` by ${String(by)}` : ''} at ${byTime === null ? unreadableTimeText(null) : `${byTime.slice(0, 19).replace('T', ' ')}${secondFraction(byTime)} UTC`}.`,
    '-- Review it before running it. Audit Trail Browser never runs it; your logging triggers will log the insert as Added.',
    ...(omitted.length ? [`-- Left out: ${omitted.map((o) => `${o.field} (${o.reason})`).join(', ')}.`] : []),
    ...(!info.baseExists ? [`-- The table ${info.name} no longer exists; create it first.`] : []),
    ...(engine.kind === 'postgres' ? [`-- If ${keyColumn} is GENERATED ALWAYS, add OVERRIDING SYSTEM VALUE before VALUES.`] : []),
    `INSERT INTO ${target} (${quoted.join(', ')})`,
    `VALUES (${values.join(', ')});`,
  ];
  return {
    sql: lines.join('\n'),
    omitted,
    basedOn: { logId: typeof logId === 'number' || typeof logId === 'string' ? logId : String(logId), byTime, changeCue: cue },
  };
}
