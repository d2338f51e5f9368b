/**
 * An open database, whatever its engine. Query code is written once against kysely; what differs
 * between engines is kept here as small capability flags and factories, not as a second
 * implementation.
 */
import { sql, type CompiledQuery, type Kysely, type RawBuilder, type SelectQueryBuilder, type TableMetadata } from 'kysely';

export type EngineKind = 'sqlite' | 'postgres';

/**
 * Kysely over a schema known only at run time: every table and column name comes from
 * introspection, so there is no static database type to give it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DynamicKysely = Kysely<any>;
/** A query over such a schema, whatever it selects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DynamicSelect<Row> = SelectQueryBuilder<any, any, Row>;

/** What introspection learns about a database's tables, by their exact names. */
export interface Introspection {
  /**
   * The tables and views. The partitions of a partitioned table are left out: the partitioned
   * table itself holds their rows and stands for them.
   */
  tables: TableMetadata[];
  /** The tables the connection's user may not read. */
  unreadable: ReadonlySet<string>;
  /** The declared primary key of each table that has one, its columns in key order. */
  primaryKeys: ReadonlyMap<string, readonly PrimaryKeyColumn[]>;
  /** Partitioned tables (PostgreSQL's `PARTITION BY`), on which no index can be built concurrently. */
  partitioned: ReadonlySet<string>;
  /** The declared foreign keys of one column (keys of several columns are left out: no log row names a parent by two). */
  foreignKeys: readonly ForeignKey[];
}

/** A declared foreign key: `table.column` references `references.referencedColumn`. */
export interface ForeignKey {
  table: string;
  column: string;
  references: string;
  /** The referenced column (null: the referenced table's primary key, as SQLite lets a key say). */
  referencedColumn: string | null;
}

/** A column of a declared primary key. */
export interface PrimaryKeyColumn {
  name: string;
  /**
   * Whether the database numbers it (PostgreSQL: an identity column or a `nextval` default, as
   * serial makes; SQLite: an INTEGER PRIMARY KEY), so that on its own it tells rows apart.
   */
  numbered: boolean;
}

/** One index of a table. */
export interface TableIndex {
  name: string;
  /** Its columns in order (an expression as null). */
  columns: Array<string | null>;
  /** Whether it allows each combination of values once only. */
  unique: boolean;
}

export interface Engine {
  kind: EngineKind;
  db: DynamicKysely;
  /** A short description for messages, e.g. the replica's file name. */
  label: string;
  /** The database as the user knows it (the replica's file name) and where it is (its full path). */
  source: { name: string; location: string };
  /**
   * Whether NULL sorts above every value (PostgreSQL) rather than below (SQLite): where a
   * newest-first read puts rows without a time.
   */
  nullsSortHigh: boolean;
  /** The operator for case-insensitive text search (SQLite's LIKE already ignores ASCII case). */
  caseInsensitiveLike: 'like' | 'ilike';
  /** The tables and views of the database (of its chosen schema, where it has schemas). */
  introspect(): Promise<Introspection>;
  /**
   * The indexes of a table that cover all its rows (partial indexes are left out), each as its
   * columns in order (expression columns as null).
   */
  indexes(table: string): Promise<TableIndex[]>;
  /** A reference to a table, qualified by schema where the engine has one. */
  table(name: string): RawBuilder<unknown>;
  /** Turns an engine's error into an AuditError with one clear sentence, or returns it unchanged. */
  translateError(error: unknown): unknown;
  /**
   * The rows of one query a batch at a time, never the whole result in memory: for reads of a
   * whole log (exports). SQLite iterates the statement; PostgreSQL reads a server-side cursor on a
   * connection of its own. Aborting `signal` cancels the query on the server; leaving the loop
   * early closes the statement or cursor. Each row is an array of its values in the order the
   * query selects them (no object with a key per column is built for millions of rows: the
   * caller names the columns it selected).
   */
  streamRows(query: CompiledQuery, options: StreamRowsOptions): AsyncGenerator<unknown[][], void, undefined>;
  /**
   * The rows of one query, read beside this connection's other work: for a long read whose answer
   * is small, while the call goes on with other reads. SQLite runs it on a second read-only
   * connection in a worker thread (its driver runs a query to the end on the thread that asks);
   * PostgreSQL's pool already serves queries side by side. Tied to the call's abort signal.
   */
  readAside(query: CompiledQuery): Promise<Record<string, unknown>[]>;
  /**
   * Every row of one query handed to `visit` as it arrives (an array of its values, in the order
   * selected), none kept: for an aggregate of a million small rows read once (Review's quarter
   * hours), placed as they come rather than held until the last. SQLite steps the statement a batch
   * at a time (other calls run between batches); PostgreSQL streams the rows of one query on a pool
   * connection (no cursor: no round trip per batch, so the server never waits for this process).
   * Tied to the call's abort signal; an error thrown by `visit` ends the read with it.
   */
  eachRow(query: CompiledQuery, visit: (values: unknown[]) => void): Promise<void>;
  /**
   * A token that differs whenever the database has changed since it was last asked (another
   * program committed to it: the app itself never writes), so what was read from it may be
   * remembered exactly until then; null where the engine has no such token as cheap as a read
   * (PostgreSQL's statistics lag behind commits), and nothing is remembered.
   */
  dataVersion(): string | null;
  close(): Promise<void>;
}

export interface StreamRowsOptions {
  /** Rows per batch handed out (and, on PostgreSQL, fetched per round trip). */
  batchSize: number;
  signal?: AbortSignal;
}

/** A column of an aliased table, quoted as one identifier whatever characters its name holds. */
export function column(alias: string, name: string): RawBuilder<unknown> {
  return sql.id(alias, name);
}
