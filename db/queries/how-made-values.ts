/**
 * The values a part of how a change was made takes, for the filter's picker: never a read of a
 * whole large log. One record's log is read by its (parent key, …) index; a whole log from an
 * index leading with the part's column where there is one (a skip scan: one probe per distinct
 * value, up to {@link MAX_VALUES}), else from its newest {@link SAMPLE_ROWS} rows on the
 * `(ByTime, ID)` index, and then the list may be incomplete (it says so).
 */
import { sql } from 'kysely';
import type { ListHowMadeValuesRequest, ListHowMadeValuesResponse } from '../../shared/contract';
import { AuditError } from '../../shared/errors';
import { isHowMadePart } from '../../shared/how-made';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { requireRecordId, requireTable, type QueryContext } from './context';
import { logIndexes } from './log-indexes';
import { howMadeValue, newestFirst } from './log-entries';

/** At most this many values are listed. */
export const MAX_VALUES = 100;
/** Rows read from a log without an index on the part's column. */
export const SAMPLE_ROWS = 20_000;

export async function listHowMadeValues(ctx: QueryContext, req: ListHowMadeValuesRequest): Promise<ListHowMadeValuesResponse> {
  if (!isHowMadePart(req.part)) throw new AuditError('bad-request', 'Say which part of how a change was made to list: method, application, ip or correlation.');
  const part = req.part;
  if (req.recordId !== undefined && req.table === undefined) throw new AuditError('bad-request', 'A record is named by its table and id: give the table too.');
  const infos = req.table !== undefined ? [requireTable(ctx, req.table)] : ctx.catalog.tables;
  const recording = infos.filter((info) => info.howMade[part] !== undefined);
  const reveal = ctx.settings.revealSensitive === true;
  // A masked part lists nothing: its values cannot be shown, nor filtered by.
  if (recording.some((info) => info.howMade[part]!.sensitivity === 'hidden' || (info.howMade[part]!.sensitivity === 'masked' && !reveal))) {
    return { values: [], complete: true, masked: true };
  }
  const values = new Set<string>();
  let complete = true;
  for (const info of recording) {
    const columnName = info.howMade[part]!.column;
    const found =
      req.recordId !== undefined
        ? await ofRecord(ctx, info, columnName, requireRecordId(info, req.recordId))
        : await ofLog(ctx, info, columnName);
    if (!found.complete) complete = false;
    for (const raw of found.values) {
      const text = howMadeValue(raw, false);
      if (text !== null) values.add(text);
    }
  }
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length > MAX_VALUES) complete = false;
  return { values: sorted.slice(0, MAX_VALUES), complete, masked: false };
}

interface Found {
  values: unknown[];
  complete: boolean;
}

async function ofRecord(ctx: QueryContext, info: LogTableInfo, columnName: string, recordId: unknown): Promise<Found> {
  const log = ctx.engine.table(info.logTable);
  const c = column('l', columnName);
  const { rows } = await sql<{ v: unknown }>`SELECT DISTINCT ${c} AS v FROM ${log} AS l
      WHERE ${column('l', info.columns.parentKey)} = ${recordId} AND ${c} IS NOT NULL LIMIT ${sql.lit(MAX_VALUES + 1)}`.execute(ctx.engine.db);
  return { values: rows.map((r) => r.v), complete: rows.length <= MAX_VALUES };
}

async function ofLog(ctx: QueryContext, info: LogTableInfo, columnName: string): Promise<Found> {
  const log = ctx.engine.table(info.logTable);
  const indexed = (await logIndexes(ctx, info)).some((index) => index.columns[0] === columnName);
  if (indexed) {
    // A skip scan: the least value, then the least one above it, … each one probe of the index.
    const c = sql.id(columnName);
    const { rows } = await sql<{ v: unknown }>`WITH RECURSIVE audit_trail_values(v) AS (
        SELECT min(${c}) FROM ${log}
        UNION ALL
        SELECT (SELECT min(${c}) FROM ${log} WHERE ${c} > audit_trail_values.v) FROM audit_trail_values WHERE audit_trail_values.v IS NOT NULL
      ) SELECT v FROM audit_trail_values WHERE v IS NOT NULL LIMIT ${sql.lit(MAX_VALUES + 1)}`.execute(ctx.engine.db);
    return { values: rows.map((r) => r.v), complete: rows.length <= MAX_VALUES };
  }
  const { rows } = await sql<{ v: unknown; n: unknown }>`SELECT s.v AS v, count(*) AS n FROM (
      SELECT ${column('l', columnName)} AS v FROM ${log} AS l ORDER BY ${newestFirst(info, 'l')} LIMIT ${sql.lit(SAMPLE_ROWS)}
    ) AS s GROUP BY s.v`.execute(ctx.engine.db);
  const read = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return { values: rows.filter((r) => r.v !== null).map((r) => r.v), complete: read < SAMPLE_ROWS };
}
