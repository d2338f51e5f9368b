/**
 * Opens an organisation's PostgreSQL database for reading only. Every session starts read-only
 * (`default_transaction_read_only`, checked after connecting), with a statement timeout so that
 * no query can hold the server indefinitely, and a connect timeout so an unreachable server is
 * reported in seconds. A call its caller abandons is cancelled on the server (see cancellation.ts).
 */
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient, type TableMetadata } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { AuditError } from '../../../shared/errors';
import { cancelledError, currentSignal } from '../../cancellation';
import type { DynamicKysely, Engine, ForeignKey, PrimaryKeyColumn, StreamRowsOptions, TableIndex } from '../../engine';
import { CursorReadSize } from '../../stream-batches';
import { translatePostgresError, type ErrorContext } from './postgres-errors';
import { targetUrl, type PostgresTarget } from './target';
import { typeParsers } from './type-parsers';

export interface PostgresOpenOptions {
  target: PostgresTarget;
  /** Held by the pool only; never logged, never returned. */
  password?: string;
  /** How long to wait for the server to accept a connection (default 5 s). */
  connectTimeoutMs?: number;
  /** How long one query may run before the server stops it (default 30 s). */
  statementTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
/**
 * How long one fetch of a streamed read may run: its first fetch waits for the server to sort a
 * whole log (an export's order), which can take minutes on a large log. Aborting still cancels it.
 */
export const STREAM_STATEMENT_TIMEOUT_MS = 30 * 60_000;
/** A reader needs few connections: the UI makes a handful of calls at a time. */
const POOL_SIZE = 4;

function clientConfig(options: PostgresOpenOptions, context: ErrorContext): pg.ClientConfig {
  const { target } = options;
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    // pg would otherwise fall back to PGPASSWORD or ~/.pgpass; the caller decides where it comes from.
    password: options.password ?? '',
    ssl: target.ssl === 'disable' || target.ssl === 'prefer' ? false : { rejectUnauthorized: target.ssl === 'verify-full' },
    connectionTimeoutMillis: context.connectTimeoutMs,
    application_name: 'Audit Trail Browser',
    // Startup options cost no round trip and apply before the first query can run.
    // UTC and ISO dates: timestamps are read as text (type-parsers.ts), which must not depend on
    // the server's or the role's zone and date style.
    options: [
      '-c default_transaction_read_only=on',
      '-c TimeZone=UTC',
      '-c DateStyle=ISO,YMD',
      '-c IntervalStyle=postgres',
      `-c statement_timeout=${context.statementTimeoutMs}`,
      `-c lock_timeout=${context.statementTimeoutMs}`,
      '-c idle_in_transaction_session_timeout=60000',
      // No JIT: the app's aggregates (Review, Insights) cost enough to be compiled, and compiling
      // them took longer than it saved (Review's quarter hours of the 4.6-million-row log of the
      // benchmark: 7.5 s with JIT, 5.1 s without).
      '-c jit=off',
    ].join(' '),
    types: typeParsers,
  };
}

export async function openPostgresEngine(options: PostgresOpenOptions): Promise<Engine> {
  const context: ErrorContext = {
    target: options.target,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  };
  const { target } = options;
  const config = clientConfig(options, context);
  const translate = (error: unknown): unknown => translatePostgresError(error, context);
  const pool = new pg.Pool({ ...config, max: POOL_SIZE, idleTimeoutMillis: 30_000 });
  // An idle connection the server drops must not crash the app; the next call reconnects.
  pool.on('error', () => undefined);

  try {
    await checkSession(config, target);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw translate(error);
  }

  const db: DynamicKysely = new Kysely({ dialect: new PostgresDialect({ pool: cancellablePool(pool, config) }) });
  const streamConfig = clientConfig(options, { ...context, statementTimeoutMs: Math.max(context.statementTimeoutMs, STREAM_STATEMENT_TIMEOUT_MS) });
  /** The connections of streams being read (closing the database ends them). */
  const streams = new Set<pg.Client>();
  let closed = false;
  /** What a read started after close says. */
  const closedError = (): AuditError => new AuditError('cannot-open', `${target.database} was closed.`);
  return {
    kind: 'postgres',
    db,
    label: `The database ${target.database} on ${target.host}:${target.port}`,
    source: { name: `${target.database} (${target.schema})`, location: targetUrl(target) },
    nullsSortHigh: true,
    caseInsensitiveLike: 'ilike',
    table: (name) => sql.id(target.schema, name),
    introspect: async () => {
      const all = await db.introspection.getTables();
      const { rows: relations } = await sql<{ name: string; kind: string; partition: boolean; readable: boolean }>`
        SELECT c.relname AS name, c.relkind AS kind, c.relispartition AS partition,
               has_table_privilege(c.oid, 'SELECT') AS readable
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${target.schema} AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`.execute(db);
      // A partition's rows are read through its partitioned table; on its own it is no logged table.
      const partitions = new Set(relations.filter((r) => r.partition).map((r) => r.name));
      const { rows: keyColumns } = await sql<{ tableName: string; columnName: string; numbered: boolean }>`
        SELECT t.relname AS "tableName", a.attname AS "columnName",
               (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS numbered
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
        WHERE n.nspname = ${target.schema} AND x.indisprimary
        ORDER BY t.relname, k.ord`.execute(db);
      const primaryKeys = new Map<string, PrimaryKeyColumn[]>();
      for (const { tableName, columnName, numbered } of keyColumns) {
        primaryKeys.set(tableName, [...(primaryKeys.get(tableName) ?? []), { name: columnName, numbered }]);
      }
      // Single-column foreign keys between tables of the schema (a key into another schema
      // cannot name a table this connection reads as logged).
      const { rows: foreignKeys } = await sql<ForeignKey>`
        SELECT t.relname AS "table", a.attname AS "column", r.relname AS "references", ra.attname AS "referencedColumn"
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class r ON r.oid = c.confrelid
        JOIN pg_namespace rn ON rn.oid = r.relnamespace
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
        JOIN pg_attribute ra ON ra.attrelid = r.oid AND ra.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND n.nspname = ${target.schema} AND rn.nspname = ${target.schema} AND cardinality(c.conkey) = 1
        ORDER BY t.relname, c.conname`.execute(db);
      return {
        foreignKeys,
        tables: all.filter((t: TableMetadata) => t.schema === target.schema && !partitions.has(t.name)),
        unreadable: new Set(relations.filter((r) => !r.readable).map((r) => r.name)),
        primaryKeys,
        partitioned: new Set(relations.filter((r) => r.kind === 'p').map((r) => r.name)),
      };
    },
    indexes: async (table) => {
      const { rows } = await sql<TableIndex>`
        SELECT i.relname AS name, bool_and(x.indisunique) AS unique,
               array_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END ORDER BY k.ord) AS columns
        FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class i ON i.oid = x.indexrelid
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = ${target.schema} AND t.relname = ${table} AND x.indisvalid AND x.indpred IS NULL
          AND k.ord <= x.indnkeyatts
        GROUP BY i.relname`.execute(db);
      return rows;
    },
    translateError: translate,
    dataVersion: () => null,
    streamRows: (query, streamOptions) => {
      if (closed) throw closedError();
      return streamRows(streamConfig, streams, query.sql, query.parameters, streamOptions);
    },
    // The pool serves it beside the call's other queries (the pool's signal and timeout apply).
    readAside: async (query) => (await db.executeQuery<Record<string, unknown>>(query)).rows,
    eachRow: async (query, visit) => {
      if (closed) throw closedError();
      const client = await pool.connect();
      try {
        await cancellable(client, config, () => eachRowOf(client, query.sql, query.parameters, visit));
      } finally {
        client.release();
      }
    },
    close: async () => {
      closed = true;
      // Streams have connections of their own: ending them stops their reads with an error.
      await Promise.all([...streams].map((client) => client.end().catch(() => undefined)));
      await db.destroy();
    },
  };
}

/**
 * A query's rows through a server-side cursor, a batch per round trip, on a connection of its own
 * (closed at the end): a stream may stay open for minutes, and must neither hold one of the
 * pool's few connections nor be stopped by the pool's statement timeout. The connection starts
 * with the same read-only options as the pool's.
 */
async function* streamRows(
  config: pg.ClientConfig,
  open: Set<pg.Client>,
  text: string,
  parameters: readonly unknown[],
  { batchSize, signal }: StreamRowsOptions,
): AsyncGenerator<unknown[][], void, undefined> {
  if (signal?.aborted) throw cancelledError();
  const client = new pg.Client(config);
  // A dropped connection surfaces as the read's error, not as an unhandled event.
  client.on('error', () => undefined);
  open.add(client);
  let cancelling: Promise<void> | null = null;
  const onAbort = (): void => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid !== undefined && pid !== null) cancelling = cancelBackend(config, pid);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let cursor: Cursor<unknown[]> | null = null;
  try {
    await client.connect();
    if (signal?.aborted) throw cancelledError();
    cursor = client.query(new Cursor<unknown[]>(text, [...parameters], { rowMode: 'array' }));
    // The count asked for follows the rows' size (stream-batches.ts): long values, fewer rows.
    const readSize = new CursorReadSize(batchSize);
    for (;;) {
      const wanted = readSize.next();
      const rows = await cursor.read(wanted);
      if (signal?.aborted) throw cancelledError();
      readSize.saw(rows);
      if (rows.length > 0) yield rows;
      if (rows.length < wanted) return;
    }
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    open.delete(client);
    if (cancelling) await cancelling;
    // Ending the connection ends the cursor and its transaction with it.
    await client.end().catch(() => undefined);
  }
}

/** Asks the server to cancel the statement a session is running (from a short-lived connection of its own). */
async function cancelBackend(config: pg.ClientConfig, pid: number): Promise<void> {
  const canceller = new pg.Client({ ...config, options: undefined });
  try {
    await canceller.connect();
    await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    // Cancelling is best effort: the statement timeout still bounds the query.
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

/**
 * Connects once to report a bad address, password, database or schema at open time, and refuses a
 * session that is not read-only (a connection pooler can drop startup options).
 */
async function checkSession(config: pg.ClientConfig, target: PostgresTarget): Promise<void> {
  // A client of its own rather than the pool's: after a failed login (a password the server wants
  // but was not given) the driver keeps the socket open until the server's authentication timeout,
  // a minute, and only ending the client itself closes it.
  const client = new pg.Client(config);
  try {
    await client.connect();
    const { rows } = await client.query<{ read_only: string; usage: boolean | null }>(
      `SELECT current_setting('transaction_read_only') AS read_only,
              (SELECT has_schema_privilege(n.oid, 'USAGE') FROM pg_namespace n WHERE n.nspname = $1) AS usage`,
      [target.schema],
    );
    const row = rows[0];
    if (row?.read_only !== 'on') {
      throw new AuditError('cannot-open', `The session on ${target.host} could not be made read-only, so this application will not use it (is a connection pooler dropping startup options?).`);
    }
    if (row.usage === null) {
      throw new AuditError('no-such-database', `The database ${target.database} has no schema named ${target.schema}.`);
    }
    if (!row.usage) {
      throw new AuditError('permission-denied', `User ${target.user} is not allowed to use the schema ${target.schema}; ask a DBA to grant USAGE on it and SELECT on its tables.`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `read` on `client`, tied to the call's abort signal: when the signal fires, the server is asked
 * to cancel the running statement (through a separate short-lived connection, as
 * `pg_cancel_backend` must come from outside the busy session).
 */
async function cancellable<T>(client: pg.PoolClient, config: pg.ClientConfig, read: () => Promise<T>): Promise<T> {
  const signal = currentSignal();
  if (!signal) return read();
  if (signal.aborted) throw cancelledError();
  const pid = (client as unknown as { processID?: number }).processID;
  let cancelling: Promise<void> | null = null;
  const onAbort = (): void => {
    if (pid !== undefined) cancelling = cancelBackend(config, pid);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await read();
  } catch (error) {
    if (signal.aborted) throw cancelledError();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (cancelling) await cancelling;
  }
}

/**
 * The rows of one query handed to `visit` as they arrive, as arrays, none kept (pg keeps them only
 * when nobody listens for rows). The first error `visit` throws ends the read once the server is
 * done (the rest are not visited).
 */
function eachRowOf(client: pg.PoolClient, text: string, parameters: readonly unknown[], visit: (values: unknown[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: { error: unknown } | null = null;
    // (The types know rowMode on client.query's config only; the Query reads it the same way.)
    const config: pg.QueryArrayConfig = { text, values: [...parameters], rowMode: 'array' };
    const query = new pg.Query<unknown[]>(config);
    query.on('row', (values) => {
      if (failure) return;
      try {
        visit(values);
      } catch (error) {
        failure = { error };
      }
    });
    query.on('error', reject);
    query.on('end', () => (failure ? reject(failure.error) : resolve()));
    void client.query(query);
  });
}

/**
 * The pool as kysely sees it, with each query tied to its call's abort signal: when the signal
 * fires, the server is asked to cancel the running statement (through a separate short-lived
 * connection, as `pg_cancel_backend` must come from outside the busy session).
 */
function cancellablePool(pool: pg.Pool, config: pg.ClientConfig): PostgresPool {
  return {
    end: () => pool.end(),
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = (text: string, parameters: readonly unknown[]): Promise<pg.QueryResult> => cancellable(client, config, () => client.query(text, [...parameters]));
      return { query, release: () => client.release() } as unknown as PostgresPoolClient;
    },
  };
}
