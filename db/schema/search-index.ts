/**
 * Text search over a table's records, and the index that can serve it where a DBA made one:
 * PostgreSQL's trigram indexes (pg_trgm, GIN or GiST, on a column or on `CAST(column AS text)`), or
 * on SQLite an FTS5 table kept over the base table (`content='<table>'`, `tokenize='trigram'`).
 * Which columns may be searched is decided here once, for the query and for the hint alike.
 *
 * Results never depend on the index: the query always keeps the case-insensitive substring test
 * (`LIKE`/`ILIKE` on each searchable column). A trigram index only finds candidates for it:
 * PostgreSQL rechecks every candidate itself, and on SQLite the FTS5 trigram table (which folds case
 * at least as widely as SQLite's LIKE) narrows the rows the same LIKE test then decides. An FTS5
 * table that could miss a match (another tokenizer, case-sensitive, lacking a searchable column,
 * no phrase positions) is not used, and neither is one for a text shorter than a trigram.
 */
import { sql, type RawBuilder } from 'kysely';
import { column, type Engine } from '../engine';
import type { LogTableInfo } from './catalog';

/** How a table's text search can find its candidates. */
export type SearchIndex =
  | { kind: 'none' }
  /**
   * PostgreSQL: the columns with a trigram index. The query is the same with or without: the
   * planner uses them when every searched column has one (one OR'd arm without makes it a scan).
   */
  | { kind: 'trigram'; columns: string[] }
  /** SQLite: an FTS5 trigram table over the base table (its indexed columns), its rowid the base table's `rowid` column. */
  | { kind: 'fts5'; table: string; rowid: string; columns: string[] };

/** Whether an index covers every column some user may search, so that no hint is needed. */
export function coversSearch(info: LogTableInfo, index: SearchIndex): boolean {
  return index.kind !== 'none' && covers(index.columns, indexableColumns(info));
}

/** Whether `columns` include every one of `wanted` (names compared as the engine does: SQLite ignores case). */
function covers(columns: readonly string[], wanted: readonly string[]): boolean {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  return wanted.every((c) => have.has(c.toLowerCase()));
}

/** The columns a search looks in: searching a masked column would tell its value away, character by character. */
export function searchableColumns(info: LogTableInfo, reveal: boolean): string[] {
  return info.baseColumns.filter((c) => {
    const s = info.sensitivityOf(c);
    return s === 'none' || (s === 'masked' && reveal);
  });
}

/** The columns a search index should cover: every column some user may search (never a hidden one). */
export function indexableColumns(info: LogTableInfo): string[] {
  return info.baseColumns.filter((c) => info.sensitivityOf(c) !== 'hidden');
}

/** `LIKE` patterns match `%` and `_` literally only when escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** FTS5 query syntax for the text as one phrase (never operators): quotes doubled inside quotes. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Trigram indexes cannot find a text shorter than three characters. */
const TRIGRAM = 3;

/**
 * The condition a search adds to a records query over alias `b`: the substring test on each
 * searchable column, and where an index is known to cover them, its candidates first.
 */
export async function searchCondition(engine: Engine, info: LogTableInfo, text: string, reveal: boolean): Promise<RawBuilder<boolean>> {
  const columns = searchableColumns(info, reveal);
  if (columns.length === 0) return sql<boolean>`1 = 0`;
  const pattern = likePattern(text);
  const like = sql.raw(engine.caseInsensitiveLike);
  // One comparison per column, OR'd: PostgreSQL combines the columns' trigram index scans.
  const exact = sql<boolean>`(${sql.join(
    columns.map((c) => sql`CAST(${column('b', c)} AS TEXT) ${like} ${pattern} ESCAPE '\\'`),
    sql` OR `,
  )})`;
  const index = await searchIndexOf(engine, info);
  // Only an FTS5 table that holds every searched column can name all the candidates.
  if (index.kind !== 'fts5' || [...text].length < TRIGRAM || !covers(index.columns, columns)) return exact;
  // Column names in an FTS5 column filter are strings: quotes doubled, like the phrase.
  const filter = `{${columns.map(ftsPhrase).join(' ')}} : ${ftsPhrase(text)}`;
  const fts = sql.id(index.table);
  return sql<boolean>`(${column('b', index.rowid)} IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${filter}) AND ${exact})`;
}

const known = new WeakMap<LogTableInfo, Promise<SearchIndex>>();

/** The search index of a table, found once per discovered table (at discovery, by the table list's hints). */
export function searchIndexOf(engine: Engine, info: LogTableInfo): Promise<SearchIndex> {
  let found = known.get(info);
  if (!found) {
    found = info.baseExists ? (engine.kind === 'postgres' ? findTrigramIndex(engine, info) : findFtsTable(engine, info)) : Promise.resolve({ kind: 'none' as const });
    // A failed look-up is not remembered: the next call asks again.
    found.catch(() => known.delete(info));
    known.set(info, found);
  }
  return found;
}

/** `"public"."Customer"` as text, for `to_regclass`: the same reference the queries use. */
export function regclassText(engine: Engine, table: string): string {
  return sql`${engine.table(table)}`.compile(engine.db).sql;
}

/** Text without the parentheses outside double-quoted identifiers, for comparing index expressions. */
function withoutParentheses(text: string): string {
  return text.replace(/"(?:[^"]|"")*"|[()\s]/g, (m) => (m.startsWith('"') ? m : ''));
}

/** A column as PostgreSQL prints it in an index definition: quoted unless a plain lower-case name. */
function printedColumn(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

async function findTrigramIndex(engine: Engine, info: LogTableInfo): Promise<SearchIndex> {
  const { rows } = await sql<{ definition: string; column: string | null }>`
    SELECT pg_get_indexdef(x.indexrelid, k.ord::int, true) AS definition, a.attname AS column
    FROM pg_index x
    CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_opclass oc ON oc.oid = x.indclass[(k.ord - 1)::int]
    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
    WHERE x.indrelid = to_regclass(${regclassText(engine, info.name)}) AND x.indisvalid AND x.indpred IS NULL
      AND oc.opcname IN ('gin_trgm_ops', 'gist_trgm_ops')`.execute(engine.db);
  const covered = info.baseColumns.filter((c) =>
    rows.some((r) => r.column === c || withoutParentheses(r.definition) === `${printedColumn(c)}::text`),
  );
  return covered.length > 0 ? { kind: 'trigram', columns: covered } : { kind: 'none' };
}

/** An FTS5 table's declaration: its columns (indexed ones only) and options. */
interface FtsDeclaration {
  columns: string[];
  options: Map<string, string>;
}

/** Removes SQL quoting ('…', "…", `…`, […]) from one token. */
function unquote(token: string): string {
  const t = token.trim();
  const open = t[0];
  const close = open === '[' ? ']' : open;
  if (t.length >= 2 && (open === "'" || open === '"' || open === '`' || open === '[') && t.endsWith(close!)) {
    const inner = t.slice(1, -1);
    return open === '[' ? inner : inner.split(`${open}${open}`).join(open);
  }
  return t;
}

/** Splits `a, "b, c", d` at the commas outside quotes and parentheses. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const token = /'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|[(),]/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (m[0] === '(') depth += 1;
    else if (m[0] === ')') depth -= 1;
    else if (m[0] === ',' && depth === 0) {
      parts.push(text.slice(start, m.index));
      start = m.index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Reads `CREATE VIRTUAL TABLE x USING fts5(…)`; null when it is not one. */
export function parseFtsDeclaration(statement: string): FtsDeclaration | null {
  const using = /\busing\s+fts5\s*\(/i.exec(statement);
  const end = statement.lastIndexOf(')');
  if (!using || end < using.index) return null;
  const columns: string[] = [];
  const options = new Map<string, string>();
  for (const part of splitArguments(statement.slice(using.index + using[0].length, end))) {
    const option = /^([A-Za-z_]+)\s*=\s*([\s\S]*)$/.exec(part);
    if (option) {
      options.set(option[1]!.toLowerCase(), unquote(option[2]!));
      continue;
    }
    const name = /^("(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|'(?:[^']|'')*'|\S+)\s*(.*)$/s.exec(part);
    // An UNINDEXED column cannot be matched, so it does not count as covered.
    if (name && !/\bunindexed\b/i.test(name[2]!)) columns.push(unquote(name[1]!));
  }
  return { columns, options };
}

/** Whether a tokenize option is trigram, folding case (its default): never missing a LIKE match. */
function isCaseFoldingTrigram(tokenize: string | undefined): boolean {
  const words = (tokenize ?? '').split(/\s+/).map(unquote).filter((w) => w !== '');
  if (words[0]?.toLowerCase() !== 'trigram') return false;
  const at = words.findIndex((w) => w.toLowerCase() === 'case_sensitive');
  return at < 0 || words[at + 1] === '0';
}

async function findFtsTable(engine: Engine, info: LogTableInfo): Promise<SearchIndex> {
  const { rows } = await sql<{ name: string; sql: string }>`
    SELECT name, sql FROM sqlite_master
    WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND lower(sql) LIKE '%fts5%'
    ORDER BY name`.execute(engine.db);
  for (const row of rows) {
    const declaration = parseFtsDeclaration(row.sql);
    if (!declaration) continue;
    const { columns, options } = declaration;
    const content = options.get('content');
    if (content === undefined || content.toLowerCase() !== info.name.toLowerCase()) continue;
    // Phrase queries need positions (detail=full, the default).
    if ((options.get('detail') ?? 'full').toLowerCase() !== 'full') continue;
    if (!isCaseFoldingTrigram(options.get('tokenize'))) continue;
    const rowid = options.get('content_rowid') ?? 'rowid';
    // The first such table (by name); which columns it holds is checked for each search.
    return { kind: 'fts5', table: row.name, rowid: info.baseColumns.find((c) => c.toLowerCase() === rowid.toLowerCase()) ?? rowid, columns };
  }
  return { kind: 'none' };
}
