/**
 * Opens a SQLite replica file read-only by construction: the file is opened with SQLite's
 * read-only flag and the connection is also set to `query_only`, so a write fails twice over and
 * nothing (not even a journal) is ever created beside the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { AuditError } from '../../../shared/errors';
import { cancelledError, currentSignal } from '../../cancellation';
import type { DynamicKysely, Engine, ForeignKey, PrimaryKeyColumn, TableIndex } from '../../engine';
import { arrayRowBytes, STREAM_BATCH_BYTES } from '../../stream-batches';
import { AsideReader } from './aside-reader';
import { translateSqliteError } from './sqlite-errors';

export interface SqliteOpenOptions {
  /** How long to wait for another program's write lock before reporting the file as locked. */
  busyTimeoutMs?: number;
  /**
   * A better-sqlite3 binary built for another runtime's ABI (the Electron shell passes one), so
   * the same code loads under Node and under Electron.
   */
  nativeBinding?: string;
}

export function openSqliteEngine(file: string, options: SqliteOpenOptions = {}): Engine {
  const label = `The replica file ${path.basename(file)}`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AuditError('file-not-found', `There is no replica file at ${file}.`);
  }
  if (stat.isDirectory()) {
    throw new AuditError('cannot-open', `${file} is a folder, not a replica file.`);
  }
  if (stat.size === 0) {
    // SQLite would treat an empty file as a new, empty database; for a replica that is an error.
    throw new AuditError('not-a-database', `${label} is empty, so it is not a SQLite database.`);
  }

  let raw: Database.Database;
  try {
    raw = new Database(file, {
      readonly: true,
      fileMustExist: true,
      timeout: options.busyTimeoutMs ?? 2000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw translateSqliteError(error, label);
  }
  try {
    raw.pragma('query_only = ON');
    // Integers arrive as BigInt so ids past 2^53 are not silently rounded; values.ts narrows them.
    raw.defaultSafeIntegers(true);
    // Read the header and schema now, so a file that is not a database, is damaged or is locked
    // is reported when it is opened rather than at the first click.
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    raw.close();
    throw translateSqliteError(error, label);
  }

  const db: DynamicKysely = new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  const aside = new AsideReader(file, { busyTimeoutMs: options.busyTimeoutMs ?? 2000, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) }, async (query) => {
    if (closed) throw closedError(label);
    return (await db.executeQuery<Record<string, unknown>>(query)).rows;
  });
  /** Statements being streamed: closing the database ends them first (SQLite refuses to close under them). */
  const streams = new Set<IterableIterator<unknown>>();
  let closed = false;
  const engine: Engine = {
    kind: 'sqlite',
    db,
    label,
    source: { name: path.basename(file), location: path.resolve(file) },
    nullsSortHigh: false,
    caseInsensitiveLike: 'like',
    table: (name) => sql.id(name),
    introspect: async () => ({
      tables: await db.introspection.getTables(),
      // A file that opened is readable throughout: SQLite has no per-table permissions.
      unreadable: new Set<string>(),
      primaryKeys: await primaryKeys(db),
      // SQLite has no partitioned tables.
      partitioned: new Set<string>(),
      foreignKeys: await foreignKeys(db),
    }),
    indexes: async (table) => {
      const list = await sql<{ name: string; unique: bigint | number; partial: bigint | number }>`
        SELECT name, "unique", partial FROM pragma_index_list(${table})`.execute(db);
      const out: TableIndex[] = [];
      for (const { name, unique, partial } of list.rows) {
        if (Number(partial) !== 0) continue;
        const info = await sql<{ name: string | null }>`SELECT name FROM pragma_index_info(${name}) ORDER BY seqno`.execute(db);
        out.push({ name, columns: info.rows.map((r) => r.name), unique: Number(unique) !== 0 });
      }
      return out;
    },
    translateError: (error) => translateSqliteError(error, label),
    streamRows: async function* (query, { batchSize, signal }) {
      // A statement of its own (not the cache's), iterated: SQLite hands out one row at a time.
      if (closed) throw closedError(label);
      const rows = raw.prepare(query.sql).raw(true).iterate(...(query.parameters as unknown[])) as IterableIterator<unknown[]>;
      streams.add(rows);
      try {
        for (;;) {
          if (signal?.aborted) throw cancelledError();
          if (closed) throw closedError(label);
          // A batch ends at its count or its size, whichever comes first (stream-batches.ts).
          const batch: unknown[][] = [];
          let bytes = 0;
          let next = rows.next();
          while (!next.done) {
            batch.push(next.value);
            bytes += arrayRowBytes(next.value);
            if (batch.length >= batchSize || bytes >= STREAM_BATCH_BYTES) break;
            next = rows.next();
          }
          if (batch.length > 0) yield batch;
          if (next.done) return;
        }
      } finally {
        streams.delete(rows);
        rows.return?.();
      }
    },
    eachRow: async (query, visit) => {
      const signal = currentSignal();
      for await (const batch of engine.streamRows(query, { batchSize: EACH_ROW_BATCH, ...(signal ? { signal } : {}) })) {
        for (const values of batch) visit(values);
        // A turn of the event loop between batches (a generator's turns are microtasks only): the
        // shell's other calls, an abandoned call's signal and the reader aside's answer get theirs.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    readAside: async (query) => {
      if (closed) throw closedError(label);
      try {
        return await aside.read(query, currentSignal());
      } catch (error) {
        throw translateSqliteError(error, label);
      }
    },
    // SQLite's own: another connection's commit changes it (https://sqlite.org/pragma.html#pragma_data_version).
    dataVersion: () => (closed ? null : String(raw.pragma('data_version', { simple: true }))),
    close: () => {
      closed = true;
      aside.stop();
      for (const rows of streams) rows.return?.();
      streams.clear();
      return db.destroy();
    },
  };
  return engine;
}

/** Rows stepped between turns of the event loop in `eachRow` (a bucket row is a few short values). */
const EACH_ROW_BATCH = 10_000;

/** What a stream reads after its database was closed under it. */
function closedError(label: string): AuditError {
  return new AuditError('cannot-open', `${label} was closed while it was being read.`);
}

/**
 * The declared primary key of each table (`pk` numbers a key's columns from 1, in key order). A
 * single INTEGER PRIMARY KEY is the rowid, which SQLite numbers.
 */
async function primaryKeys(db: DynamicKysely): Promise<Map<string, PrimaryKeyColumn[]>> {
  const { rows } = await sql<{ tableName: string; columnName: string; type: string }>`
    SELECT m.name AS "tableName", p.name AS "columnName", p.type AS type
    FROM sqlite_master AS m, pragma_table_info(m.name) AS p
    WHERE m.type = 'table' AND p.pk > 0
    ORDER BY m.name, p.pk`.execute(db);
  const keys = new Map<string, PrimaryKeyColumn[]>();
  for (const { tableName, columnName, type } of rows) {
    keys.set(tableName, [...(keys.get(tableName) ?? []), { name: columnName, numbered: type.toUpperCase() === 'INTEGER' }]);
  }
  for (const key of keys.values()) if (key.length > 1) key.forEach((column) => (column.numbered = false));
  return keys;
}

/** The declared single-column foreign keys (`id` numbers a table's keys, `seq` a key's columns). */
async function foreignKeys(db: DynamicKysely): Promise<ForeignKey[]> {
  const { rows } = await sql<{ tableName: string; id: number; columnName: string; references: string; referencedColumn: string | null; columns: number }>`
    SELECT m.name AS "tableName", f.id AS id, f."from" AS "columnName", f."table" AS "references", f."to" AS "referencedColumn",
           (SELECT count(*) FROM pragma_foreign_key_list(m.name) AS g WHERE g.id = f.id) AS columns
    FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f
    WHERE m.type = 'table'
    ORDER BY m.name, f.id`.execute(db);
  return rows
    .filter((r) => Number(r.columns) === 1)
    .map((r) => ({ table: r.tableName, column: r.columnName, references: r.references, referencedColumn: r.referencedColumn }));
}

/** How many distinct prepared statements one connection keeps. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The connection as kysely sees it, with prepared statements reused. Kysely prepares every query
 * anew, yet a user paging and clicking runs the same few query texts again and again (values are
 * parameters, so the text repeats), and preparing costs as much as running a small query.
 */
function withStatementCache(raw: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare(text) {
      const cached = cache.get(text);
      // A statement still being iterated (a stream) cannot run again until it finishes.
      if (cached && !cached.busy) return cached;
      const statement = raw.prepare(text);
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}
