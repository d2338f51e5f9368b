/**
 * Indexes beyond the history index (history-index.ts) that make a read fast, offered as statements
 * for a DBA where they are missing: the app never runs them (it never writes where it reads).
 *
 * - **search**: PostgreSQL, a GIN trigram index (pg_trgm) over every column a search may look in,
 *   as the search query writes it (`CAST(column AS text)` for a non-text column); SQLite, an FTS5
 *   trigram table over the base table, the triggers that keep it in step, and its first build.
 * - **people**: an index leading with the person column, then the time, from which the people of
 *   a log are read one probe per person instead of reading the log.
 * - **review**: an index on the time, the id, the person and the cue (the time index with the
 *   person and cue added), from which Review's and Insights' aggregates group a period's entries
 *   by time, person and cue reading the index alone, a range of it for a bounded period. Without
 *   the person and cue in it, each such read takes every row of the period from the table (or,
 *   on PostgreSQL, reads the whole person index). Offered where a time index exists but lacks
 *   them; where none exists, the time index's own hint (`timeIndexHint`) offers this one.
 * - **related**: for a child's log (db/schema/relations.ts), an index on the column naming its
 *   parent, then the time, the id and the child's record id: a record's family is read from it
 *   alone (db/queries/family.ts: which children ever named the parent, no row read), and a
 *   child's rows by parent in time order, instead of reading the log.
 */
import { sql, type RawBuilder } from 'kysely';
import type { IndexHint } from '../../shared/domain';
import type { Engine, TableIndex } from '../engine';
import type { LogTableInfo, Relation } from './catalog';
import { coversSearch, indexableColumns, regclassText, searchIndexOf } from './search-index';

/** The index the people list reads: the person column, then the time. */
export function isPersonIndex(info: LogTableInfo, index: Pick<TableIndex, 'columns'>): boolean {
  const { byId, byTime } = info.columns;
  return byId !== null && index.columns[0] === byId && index.columns[1] === byTime;
}

/** The hints of one logged table; `relations` are the catalog's (those where it is the child count). */
export async function findIndexHints(engine: Engine, info: LogTableInfo, relations: readonly Relation[] = []): Promise<IndexHint[]> {
  const hints: IndexHint[] = [];
  const search = await searchHint(engine, info);
  if (search) hints.push(search);
  const people = await peopleHint(engine, info);
  if (people) hints.push(people);
  const review = await reviewHint(engine, info);
  if (review) hints.push(review);
  hints.push(...(await relatedHints(engine, info, relations)));
  return hints;
}

/**
 * Whether an index serves reading a child log's rows by the column naming its parent: (column,
 * ByTime, ID), or (column, ByTime), whose ties by ID SQLite's rowid and a short sort settle.
 */
export function isRelationIndex(info: LogTableInfo, column: string, index: Pick<TableIndex, 'columns'>): boolean {
  return index.columns[0] === column && index.columns[1] === info.columns.byTime;
}

async function relatedHints(engine: Engine, info: LogTableInfo, relations: readonly Relation[]): Promise<IndexHint[]> {
  const columns = [...new Set(relations.filter((r) => r.child === info.name).map((r) => r.column))];
  if (info.logKind === 'view' || columns.length === 0) return [];
  const indexes = await engine.indexes(info.logTable);
  const { byTime, id, parentKey } = info.columns;
  const concurrently = engine.kind === 'postgres' && info.logKind !== 'partitioned' ? sql.raw(' CONCURRENTLY') : sql.raw('');
  return columns
    .filter((column) => !indexes.some((index) => isRelationIndex(info, column, index)))
    .map((column) => ({
      read: 'related' as const,
      reason: `${info.logTable} has no index on ${column}, ${byTime}, ${id} and ${parentKey}, so reading a record's related log (its ${info.name} records) reads the whole log.`,
      statements: text(
        engine,
        sql`CREATE INDEX${concurrently} ${sql.id(indexName(info.logTable, `by_${column}`))} ON ${engine.table(info.logTable)} (${sql.id(column)}, ${sql.id(byTime)}, ${sql.id(id)}, ${sql.id(parentKey)});`,
      ),
    }));
}

const text = (engine: Engine, statement: RawBuilder<unknown>): string => statement.compile(engine.db).sql;

/** A name for a new index or table: the table's name made a plain identifier, and what it is for. */
const indexName = (table: string, purpose: string): string => `${table}_${purpose}`.replace(/[^\w]+/g, '_');

/**
 * The index Activity, exports and log health read a whole log by: `(ByTime, ID)`, newest first,
 * each page an index range (and a log's oldest and newest entry two probes). Without it each of
 * those reads sorts the whole log. Null where it exists (any index leading with the time serves).
 * The statement offered is the aggregate index (`aggregateColumns`): `(ByTime, ID)` as its prefix
 * serves Activity as well, so one index serves both reads.
 */
export async function timeIndexHint(engine: Engine, info: LogTableInfo): Promise<IndexHint | null> {
  if (info.logKind === 'view') return null;
  const { byTime, id } = info.columns;
  if ((await engine.indexes(info.logTable)).some((index) => index.columns[0] === byTime)) return null;
  const concurrently = engine.kind === 'postgres' && info.logKind !== 'partitioned' ? sql.raw(' CONCURRENTLY') : sql.raw('');
  const columns = sql.join(aggregateColumns(info).map((c) => sql.id(c)));
  const statement = sql`CREATE INDEX${concurrently} ${sql.id(indexName(info.logTable, 'by_time'))} ON ${engine.table(info.logTable)} (${columns});`;
  return {
    read: 'activity',
    reason: `${info.logTable} has no index on ${byTime} and ${id}, so Activity, exports and log health read and sort the whole log.`,
    statements: text(engine, statement),
  };
}

/**
 * The aggregate index's columns: the time and the id (Activity's order, as a prefix), then the
 * person and the cue where the log records them (what Review and Insights group by).
 */
export function aggregateColumns(info: LogTableInfo): string[] {
  const { byTime, id, byId, changeCue } = info.columns;
  return [...new Set([byTime, id, ...(byId ? [byId] : []), ...(changeCue ? [changeCue] : [])])];
}

/** Whether an index serves Review's and Insights' aggregates: it leads with the time and holds the person and the cue. */
export function isAggregateIndex(info: LogTableInfo, index: Pick<TableIndex, 'columns'>): boolean {
  const { byTime, byId, changeCue } = info.columns;
  return index.columns[0] === byTime && (byId === null || index.columns.includes(byId)) && (changeCue === null || index.columns.includes(changeCue));
}

/**
 * The aggregate index, for a log whose time index lacks the person or the cue (a log without any
 * time index is offered it by `timeIndexHint`; a log recording neither person nor cue needs no more).
 */
async function reviewHint(engine: Engine, info: LogTableInfo): Promise<IndexHint | null> {
  const { byTime, id, byId, changeCue } = info.columns;
  if (info.logKind === 'view' || (byId === null && changeCue === null)) return null;
  const indexes = await engine.indexes(info.logTable);
  if (!indexes.some((index) => index.columns[0] === byTime) || indexes.some((index) => isAggregateIndex(info, index))) return null;
  const concurrently = engine.kind === 'postgres' && info.logKind !== 'partitioned' ? sql.raw(' CONCURRENTLY') : sql.raw('');
  const names = aggregateColumns(info);
  const statement = sql`CREATE INDEX${concurrently} ${sql.id(indexName(info.logTable, 'by_time_person_cue'))} ON ${engine.table(info.logTable)} (${sql.join(names.map((c) => sql.id(c)))});`;
  const listed = names.filter((c) => c !== byTime && c !== id);
  return {
    read: 'review',
    reason: `${info.logTable} has no index on ${byTime}, ${id}, ${listed.join(' and ')}, so Review and Insights read every row of the period.`,
    statements: text(engine, statement),
  };
}

async function peopleHint(engine: Engine, info: LogTableInfo): Promise<IndexHint | null> {
  const { byId, byTime } = info.columns;
  if (info.logKind === 'view' || byId === null) return null;
  if ((await engine.indexes(info.logTable)).some((index) => isPersonIndex(info, index))) return null;
  const concurrently = engine.kind === 'postgres' && info.logKind !== 'partitioned' ? sql.raw(' CONCURRENTLY') : sql.raw('');
  const statement = sql`CREATE INDEX${concurrently} ${sql.id(indexName(info.logTable, 'by_person'))} ON ${engine.table(info.logTable)} (${sql.id(byId)}, ${sql.id(byTime)});`;
  return {
    read: 'people',
    reason: `${info.logTable} has no index on ${byId} and ${byTime}, so listing the people in its log reads the whole log.`,
    statements: text(engine, statement),
  };
}

async function searchHint(engine: Engine, info: LogTableInfo): Promise<IndexHint | null> {
  if (!info.baseExists) return null;
  const columns = indexableColumns(info);
  if (columns.length === 0 || coversSearch(info, await searchIndexOf(engine, info))) return null;
  const statements = engine.kind === 'postgres' ? await trigramStatements(engine, info, columns) : await ftsStatements(engine, info, columns);
  if (statements === null) return null;
  return {
    read: 'search',
    reason: `${info.name} has no search index, so searching its records reads every record.`,
    statements,
  };
}

async function trigramStatements(engine: Engine, info: LogTableInfo, columns: string[]): Promise<string | null> {
  const { rows } = await sql<{ name: string; category: string; kind: string }>`
    SELECT a.attname AS name, t.typcategory AS category, c.relkind AS kind
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attrelid = to_regclass(${regclassText(engine, info.name)}) AND a.attnum > 0 AND NOT a.attisdropped`.execute(engine.db);
  const categoryOf = new Map(rows.map((r) => [r.name, r.category]));
  const kind = rows[0]?.kind;
  // A view cannot be indexed; a partitioned table cannot be indexed concurrently.
  if (kind !== 'r' && kind !== 'p') return null;
  const parts: RawBuilder<unknown>[] = [];
  for (const c of columns) {
    const category = categoryOf.get(c);
    if (category === 'S') parts.push(sql`${sql.id(c)} gin_trgm_ops`);
    // Numbers and booleans print the same whatever the session, so their text can be indexed;
    // the search writes the same expression, which is how the planner matches the two.
    else if (category === 'N' || category === 'B') parts.push(sql`(CAST(${sql.id(c)} AS text)) gin_trgm_ops`);
    // A time's text depends on the session's settings, so PostgreSQL refuses to index it; with
    // one column unindexed, the search reads the table whatever the others have.
    else return null;
  }
  const concurrently = sql.raw(kind === 'p' ? '' : ' CONCURRENTLY');
  return [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm;',
    text(engine, sql`CREATE INDEX${concurrently} ${sql.id(indexName(info.name, 'search'))} ON ${engine.table(info.name)} USING gin (${sql.join(parts)});`),
  ].join('\n');
}

async function ftsStatements(engine: Engine, info: LogTableInfo, columns: string[]): Promise<string | null> {
  const { rows } = await sql<{ type: string; sql: string | null }>`
    SELECT type, sql FROM sqlite_master WHERE name = ${info.name} AND type IN ('table', 'view')`.execute(engine.db);
  const declared = rows[0];
  // An FTS5 table over another table finds its rows by rowid, which views and WITHOUT ROWID tables lack.
  if (!declared || declared.type !== 'table' || /without\s+rowid\s*;?\s*$/i.test(declared.sql ?? '')) return null;
  const fts = indexName(info.name, 'search');
  const base = sql.id(info.name);
  const ftsId = sql.id(fts);
  const list = sql.join(columns.map((c) => sql.id(c)));
  const values = (row: 'new' | 'old') => sql.join(columns.map((c) => sql.id(row, c)));
  const literal = (value: string) => sql.raw(`'${value.replace(/'/g, "''")}'`);
  const trigger = (what: string) => sql.id(`${fts}_${what}`);
  const remove = sql`INSERT INTO ${ftsId} (${ftsId}, rowid, ${list}) VALUES ('delete', old.rowid, ${values('old')});`;
  const add = sql`INSERT INTO ${ftsId} (rowid, ${list}) VALUES (new.rowid, ${values('new')});`;
  return [
    sql`CREATE VIRTUAL TABLE ${ftsId} USING fts5(${list}, content=${literal(info.name)}, tokenize='trigram');`,
    sql`CREATE TRIGGER ${trigger('insert')} AFTER INSERT ON ${base} BEGIN ${add} END;`,
    sql`CREATE TRIGGER ${trigger('delete')} AFTER DELETE ON ${base} BEGIN ${remove} END;`,
    sql`CREATE TRIGGER ${trigger('update')} AFTER UPDATE ON ${base} BEGIN ${remove} ${add} END;`,
    sql`INSERT INTO ${ftsId} (${ftsId}) VALUES ('rebuild');`,
  ]
    .map((s) => text(engine, s))
    .join('\n');
}
