/** What every query needs: the open engine, the discovered schema and the user's settings. */
import { sql } from 'kysely';
import { AuditError } from '../../shared/errors';
import type { RecordId } from '../../shared/domain';
import { column, type Engine } from '../engine';
import type { Catalog, LogTableInfo } from '../schema/catalog';
import { printableName } from '../schema/identifiers';
import type { AuditSettings } from '../settings';
import { timeCodecFor, type TimeCodec } from '../time-codec';

export interface QueryContext {
  engine: Engine;
  catalog: Catalog;
  settings: AuditSettings;
  /** The ByTime codec of each log table, learnt from its first stored value. */
  timeCodecs: Map<string, Promise<TimeCodec>>;
}

/**
 * The logged table a request names, by its name or its log's: the exact name first, else the one
 * table whose name differs only in case. A request that could mean two tables (PostgreSQL's
 * `"Customer"` and `customer`) is refused rather than answered from either.
 */
export function requireTable(ctx: QueryContext, table: unknown): LogTableInfo {
  if (typeof table !== 'string' || table === '') throw new AuditError('bad-request', 'Say which table to read.');
  const { tables } = ctx.catalog;
  const exact = tables.find((t) => t.name === table) ?? tables.find((t) => t.logTable === table);
  if (exact) return exact;
  const lower = table.toLowerCase();
  const matching = tables.filter((t) => t.name.toLowerCase() === lower || t.logTable.toLowerCase() === lower);
  if (matching.length === 1) return matching[0]!;
  const requested = printableName(table);
  if (matching.length > 1) {
    throw new AuditError(
      'unknown-table',
      `"${requested}" could mean any of the logged tables ${matching.map((t) => t.name).join(', ')}, whose names differ only in case; name one exactly.`,
    );
  }
  const known = tables.map((t) => t.name).join(', ');
  throw new AuditError('unknown-table', `"${requested}" is not a logged table here; the logged tables are ${known}.`);
}

/**
 * An id from a request (null when there is none). The CLI and URLs hand ids over as text; where
 * the column holds integers, digits become a number so the comparison is typed like the column.
 */
export function parseId(id: unknown, integerColumn: boolean): RecordId | null {
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  if (typeof id !== 'string' || id === '') return null;
  if (integerColumn && /^-?\d+$/.test(id)) {
    const n = Number(id);
    return Number.isSafeInteger(n) ? n : id;
  }
  return id;
}

/** A record id from a request, typed like the key column. */
export function requireRecordId(info: LogTableInfo, id: unknown): RecordId {
  const parsed = parseId(id, info.integerKey);
  if (parsed === null) throw new AuditError('bad-request', `Say which ${info.name} record to read (an id).`);
  return parsed;
}

/** A page size within bounds. */
export function pageSize(limit: unknown, fallback: number): number {
  if (limit === undefined || limit === null) return fallback;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new AuditError('bad-request', 'The page size must be a whole number of at least 1.');
  }
  return Math.min(limit, 1000);
}

export function timeCodec(ctx: QueryContext, info: LogTableInfo): Promise<TimeCodec> {
  let codec = ctx.timeCodecs.get(info.logTable);
  if (!codec) {
    const byTime = column('l', info.columns.byTime);
    codec = ctx.engine.db
      .selectFrom(ctx.engine.table(info.logTable).as('l'))
      .select(byTime.as('t'))
      .where(sql<boolean>`${byTime} IS NOT NULL`)
      .limit(1)
      .executeTakeFirst()
      .then((row) => timeCodecFor(row?.t ?? null));
    // A failed read (say, the file was locked) must not be remembered: the next call tries again.
    codec.catch(() => ctx.timeCodecs.delete(info.logTable));
    ctx.timeCodecs.set(info.logTable, codec);
  }
  return codec;
}
