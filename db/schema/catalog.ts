/** What schema discovery learns about a database: the logged tables and the Person table. */
import type { FieldInfo, HowMadeColumn, HowMadePart, RelationLeftOut, Sensitivity, TableRelation } from '../../shared/domain';

/** The common log columns as actually named in one log table (null: the table lacks it). */
export interface LogColumns {
  id: string;
  parentKey: string;
  byId: string | null;
  byName: string | null;
  byTime: string;
  changeCue: string | null;
}

/** The columns that record how a change was made, by part (absent: the log does not record it). */
export type HowMadeColumns = Partial<Record<HowMadePart, HowMadeColumn>>;

export interface LogTableInfo {
  /** Base table name `T`, exactly as the database spells it (unique in the catalog). */
  name: string;
  logTable: string;
  /**
   * What the log table is: a plain table, a view (which cannot be indexed), or a partitioned
   * table (PostgreSQL; an index on it cannot be built concurrently).
   */
  logKind: 'table' | 'view' | 'partitioned';
  baseExists: boolean;
  /**
   * Key column of `T`: its declared primary key, else a column that identifies a row by
   * convention (null when `T` is gone or has no recognisable key).
   */
  recordKey: string | null;
  /** Columns of `T`, in order (empty when `T` is gone). */
  baseColumns: string[];
  columns: LogColumns;
  /**
   * How a change was made: the log's columns for it (never snapshot fields: not diffed, not shown
   * as a record's field, not restored).
   */
  howMade: HowMadeColumns;
  /** Snapshot columns of `T_log`, in order. */
  fields: FieldInfo[];
  fieldNames: string[];
  titleFields: string[];
  /**
   * Where rows whose `ByTime` is NULL come in the log's newest-first order: `none` when the column
   * cannot hold NULL, else where the engine sorts NULL (`newest`: PostgreSQL, `oldest`: SQLite).
   */
  nullTimes: 'none' | 'newest' | 'oldest';
  /** Whether record ids are integers (ids typed as text are then turned into numbers). */
  integerKey: boolean;
  sensitivityOf(field: string): Sensitivity;
}

export interface PersonTableInfo {
  table: string;
  id: string;
  name: string | null;
  login: string | null;
  /** A column saying what kind of account a person is (role, account type, job title), if any. */
  role: string | null;
}

/** Which records belong to which (db/schema/relations.ts). */
export type Relation = TableRelation;

export interface Catalog {
  tables: LogTableInfo[];
  skipped: Array<{ logTable: string; reason: string }>;
  person: PersonTableInfo | null;
  /** Which records belong to which (children of a parent), between logged tables. */
  relations: Relation[];
  /** References that are not ownership, or settings that could not be followed, and why. */
  relationsLeftOut: RelationLeftOut[];
}
