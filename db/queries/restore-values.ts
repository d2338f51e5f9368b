/**
 * A log snapshot's values as SQL literals of their columns' types, exactly, for restore SQL. Each
 * engine gives its own text of each value, so no value passes through a JavaScript number, a date
 * or a JSON rendering on the way (which is how arrays came out as JSON, and how big numbers and
 * microseconds were lost):
 *
 * - PostgreSQL: each snapshot column is read as text (`"col"::text`) in a transaction whose
 *   settings make that text read back the same in any session (ISO dates, ISO intervals,
 *   round-trip floats, hex bytea), and written as a literal of the base table column's declared
 *   type (`format_type`, schema-qualified; the log column's when the table is gone): numbers as
 *   their digits, booleans as TRUE/FALSE, text quoted, anything else `'<text>'::<type>`.
 * - SQLite: integers as their digits (bigint past 2^53 too), reals as SQLite's own round-trip text
 *   (`quote()`), text quoted (line breaks and other control characters joined in as `char(10)`,
 *   or by its bytes where that cannot be exact), blobs as `X'…'`.
 */
import { sql } from 'kysely';
import { AuditError } from '../../shared/errors';
import { column, type DynamicKysely, type Engine } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import type { QueryContext } from './context';
import type { LogRow } from './log-entries';
import { postgresString, sqliteBlob, sqliteText } from './sql-script';

/** A snapshot column to write, and the base table column it goes back into. */
export interface ColumnToWrite {
  logColumn: string;
  baseColumn: string;
}

export interface SnapshotLiterals {
  /** The literal of each column to write, by log column. */
  literals: Map<string, string>;
  /** Base columns whose values the database computes (generated columns): an INSERT must leave them out. */
  computed: Set<string>;
  /** Base columns that are identities GENERATED ALWAYS: an INSERT that writes one needs OVERRIDING SYSTEM VALUE. */
  alwaysGenerated: Set<string>;
}

/** A snapshot field a restore INSERT leaves out, and why. */
export interface Omission {
  field: string;
  reason: string;
}

/**
 * Which of a table's snapshot fields a restore INSERT writes, and which it leaves out and why:
 * the one place that decides it for every INSERT of a script (the record's and each child's).
 * Password-like columns never leave the data layer, masked ones only for a user who may see them,
 * and columns the table no longer has cannot be written. The record key is always written.
 */
export function restoreColumns(info: LogTableInfo, reveal: boolean): { toWrite: ColumnToWrite[]; omitted: Omission[] } {
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
  return { toWrite, omitted };
}

/** The literals of a log row's columns, as its engine writes them. */
export function snapshotLiterals(
  ctx: QueryContext,
  info: LogTableInfo,
  source: LogRow,
  columns: readonly ColumnToWrite[],
): Promise<SnapshotLiterals> {
  return ctx.engine.kind === 'postgres' ? postgresLiterals(ctx, info, source, columns) : sqliteLiterals(ctx, info, source, columns);
}

/** The same log row again, found by its id and record id, to select its columns in other forms. */
function sameRow(db: DynamicKysely, ctx: QueryContext, info: LogTableInfo, source: LogRow) {
  const { id, parentKey } = info.columns;
  return db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .where(column('l', id), '=', source[id])
    .where(column('l', parentKey), '=', source[parentKey])
    .limit(1);
}

function rowGone(info: LogTableInfo): AuditError {
  return new AuditError('not-found', `The log entry of ${info.name} that restore SQL was being built from is no longer in ${info.logTable}.`);
}

// --- PostgreSQL -------------------------------------------------------------------------------

interface PostgresColumnType {
  /** The declared type as SQL, schema-qualified unless built in: `numeric(12,2)`, `public.mood[]`. */
  type: string;
  /** pg_type.typcategory (a domain has its base type's): N numeric, B boolean, S string, ... */
  category: string;
  /** pg_attribute.attgenerated: `s` for a stored generated column (absent before PostgreSQL 12). */
  generated: string | null;
  /** pg_attribute.attidentity: `a` for GENERATED ALWAYS AS IDENTITY (absent before PostgreSQL 10). */
  identity: string | null;
}

/** Digits, a point and an exponent: a number PostgreSQL reads back exactly, unquoted. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

async function postgresLiterals(
  ctx: QueryContext,
  info: LogTableInfo,
  source: LogRow,
  columns: readonly ColumnToWrite[],
): Promise<SnapshotLiterals> {
  return ctx.engine.db.transaction().execute(async (trx) => {
    // For this transaction only. An empty search_path makes format_type qualify every type that is
    // not built in, so the script means the same in the DBA's session, whatever its search_path.
    const settings = await sql<{ encoding: string }>`SELECT set_config('search_path', '', true), set_config('DateStyle', 'ISO, YMD', true),
      set_config('IntervalStyle', 'iso_8601', true), set_config('extra_float_digits', '3', true),
      set_config('bytea_output', 'hex', true), current_setting('server_encoding') AS encoding`.execute(trx);
    const utf8 = settings.rows[0]?.encoding === 'UTF8';
    const baseTypes = info.baseExists ? await postgresColumnTypes(trx, ctx.engine, info.name) : new Map<string, PostgresColumnType>();
    const logTypes = await postgresColumnTypes(trx, ctx.engine, info.logTable);
    const row = (await sameRow(trx, ctx, info, source)
      .select(columns.map((c, i) => sql<string | null>`(${column('l', c.logColumn)})::text`.as(`v${i}`)))
      .executeTakeFirst()) as Record<string, string | null> | undefined;
    if (!row) throw rowGone(info);
    const literals = new Map<string, string>();
    columns.forEach((c, i) => literals.set(c.logColumn, postgresLiteral(row[`v${i}`] ?? null, baseTypes.get(c.baseColumn) ?? logTypes.get(c.logColumn), utf8)));
    const computed = new Set([...baseTypes].filter(([, t]) => t.generated !== null && t.generated !== '').map(([name]) => name));
    const alwaysGenerated = new Set([...baseTypes].filter(([, t]) => t.identity === 'a').map(([name]) => name));
    return { literals, computed, alwaysGenerated };
  });
}

/** A value's text (as `::text` gives it) as a literal of its column's type. */
function postgresLiteral(text: string | null, type: PostgresColumnType | undefined, utf8Server: boolean): string {
  if (text === null) return 'NULL';
  if (!type) return postgresString(text, utf8Server);
  if (type.category === 'N' && PLAIN_NUMBER.test(text)) return text;
  if (type.category === 'B' && (text === 'true' || text === 'false')) return text.toUpperCase();
  // A string constant goes into a text column (or a domain over one) as it is.
  if (type.category === 'S') return postgresString(text, utf8Server);
  return `${postgresString(text, utf8Server)}::${type.type}`;
}

/** The declared columns of a table (by name), from the catalog. */
async function postgresColumnTypes(trx: DynamicKysely, engine: Engine, table: string): Promise<Map<string, PostgresColumnType>> {
  const name = sql`${engine.table(table)}`.compile(engine.db).sql;
  // attgenerated and attidentity are read through to_jsonb so that servers older than the
  // columns answer null rather than fail.
  const { rows } = await sql<PostgresColumnType & { name: string }>`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category,
           to_jsonb(a) ->> 'attgenerated' AS generated, to_jsonb(a) ->> 'attidentity' AS identity
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = to_regclass(${name}) AND a.attnum > 0 AND NOT a.attisdropped`.execute(trx);
  return new Map(rows.map(({ name: column, ...type }) => [column, type]));
}

// --- SQLite -----------------------------------------------------------------------------------

async function sqliteLiterals(
  ctx: QueryContext,
  info: LogTableInfo,
  source: LogRow,
  columns: readonly ColumnToWrite[],
): Promise<SnapshotLiterals> {
  const literals = new Map<string, string>();
  // Values whose text SQLite must give: reals (its quote() text reads back to the same double;
  // anything else unforeseen is quoted by SQLite too) and text that must be written by its bytes
  // (hex() gives them in the database's encoding).
  const asked: Array<{ logColumn: string; reals: boolean }> = [];
  for (const { logColumn } of columns) {
    const raw = source[logColumn];
    if (raw === null || raw === undefined) literals.set(logColumn, 'NULL');
    // Integers arrive as BigInt (open-sqlite.ts turns safe integers on): their digits are exact.
    else if (typeof raw === 'bigint') literals.set(logColumn, raw.toString());
    else if (typeof raw === 'number') asked.push({ logColumn, reals: true });
    else if (typeof raw === 'string') {
      const literal = sqliteText(raw);
      if (literal === null) asked.push({ logColumn, reals: false });
      else literals.set(logColumn, literal);
    } else if (raw instanceof Uint8Array) literals.set(logColumn, sqliteBlob(raw));
    else asked.push({ logColumn, reals: true });
  }
  if (asked.length > 0) {
    const row = (await sameRow(ctx.engine.db, ctx, info, source)
      .select(asked.map((a, i) => (a.reals ? sql<string>`quote(${column('l', a.logColumn)})` : sql<string>`hex(${column('l', a.logColumn)})`).as(`v${i}`)))
      .executeTakeFirst()) as Record<string, string> | undefined;
    if (!row) throw rowGone(info);
    asked.forEach((a, i) => {
      const text = row[`v${i}`] ?? '';
      literals.set(a.logColumn, a.reals ? text : `CAST(X'${text}' AS TEXT)`);
    });
  }
  return { literals, computed: new Set(), alwaysGenerated: new Set() };
}
