/**
 * Whether a log table has the index that reading one record's history needs: one whose first
 * column is the record-id column (ideally followed by ByTime and ID, which also serves the order
 * and the key paging). Without it every history read scans the whole log, which on a log of
 * millions of rows is the difference between milliseconds and seconds; the app says so and offers
 * the statement rather than being silently slow. It never creates the index itself.
 */
import { sql } from 'kysely';
import type { MissingIndex } from '../../shared/domain';
import type { Engine } from '../engine';
import type { LogTableInfo } from './catalog';

export async function findMissingHistoryIndex(engine: Engine, info: LogTableInfo): Promise<MissingIndex | null> {
  // A view cannot be indexed: whatever it reads from is the DBA's to index, and nothing here knows it.
  if (info.logKind === 'view') return null;
  const { parentKey, byTime, id } = info.columns;
  const indexes = await engine.indexes(info.logTable);
  if (indexes.some((index) => index.columns[0] === parentKey)) return null;
  const columns = [parentKey, byTime, id];
  const name = `${info.logTable}_history`.replace(/[^\w]+/g, '_');
  const list = columns.map((c) => sql.id(c));
  // On a live PostgreSQL server, CONCURRENTLY builds the index without blocking the writers; but
  // PostgreSQL refuses it on a partitioned table, where a plain CREATE INDEX builds it on every partition.
  const statement =
    engine.kind === 'postgres' && info.logKind !== 'partitioned'
      ? sql`CREATE INDEX CONCURRENTLY ${sql.id(name)} ON ${engine.table(info.logTable)} (${sql.join(list)});`
      : sql`CREATE INDEX ${sql.id(name)} ON ${engine.table(info.logTable)} (${sql.join(list)});`;
  return { columns, createStatement: statement.compile(engine.db).sql };
}
