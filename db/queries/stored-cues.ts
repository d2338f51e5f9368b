/**
 * The change cues a log actually holds, as stored: what lets a cue filter compare the column with
 * a list of stored values (`cue IN (…)`, which an index or a plain scan can answer) instead of a
 * normalising function of the column, which no index helps and which SQL cannot make match
 * `normalizeChangeCue` exactly (whitespace, case of non-ASCII letters).
 *
 * How they are found, once per table and discovery (the cache is keyed by the catalog's table
 * entry, so a new discovery reads them again):
 * - where an index leads with the cue column, by a loose index scan (one index probe per distinct
 *   value: milliseconds on any size of log);
 * - else by one `SELECT DISTINCT` over the log (a full scan, about a second on 5.85 million rows):
 *   paid by the first cue filter of a connection, not by every call.
 * Each stored value is then classified in JavaScript by `normalizeChangeCue` itself, so an odd
 * spelling (`' deleted '`, `DELETE`, `Remove\t`) lands exactly where the entries' cue says.
 *
 * The log is hostile input: values are read cut to {@link LONGEST_SPELLING} + 1 characters, and at
 * most {@link MAX_SPELLINGS} of them. A longer value (it can only be padding around a cue) makes the
 * condition also take every long value, and too many distinct values give no SQL condition at all;
 * either way JavaScript's exact reading decides, so nothing is lost, only read more slowly.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../shared/change-cue';
import type { ChangeCue } from '../../shared/domain';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import type { QueryContext } from './context';

/** Stored cues longer than this are not listed (see the module comment). */
export const LONGEST_SPELLING = 64;
/** Past this many distinct stored cues the filter is left to JavaScript. */
export const MAX_SPELLINGS = 1000;

/** The cue values one log holds. */
export interface StoredCues {
  /** Each distinct stored value (at most {@link LONGEST_SPELLING} characters) with the cue it reads as. */
  spellings: Array<{ value: string; cue: ChangeCue }>;
  /** Whether some value is longer than {@link LONGEST_SPELLING} characters (not listed). */
  hasLong: boolean;
  /** False when the log holds more than {@link MAX_SPELLINGS} distinct values (none is listed then). */
  complete: boolean;
}

const found = new WeakMap<LogTableInfo, Promise<StoredCues>>();

/** The stored cues of a log with a cue column (read once per discovery, then remembered). */
export function storedCues(ctx: QueryContext, info: LogTableInfo): Promise<StoredCues> {
  let cues = found.get(info);
  if (!cues) {
    cues = readStoredCues(ctx, info);
    // A failed read must not be remembered: the next call tries again.
    cues.catch(() => found.delete(info));
    found.set(info, cues);
  }
  return cues;
}

async function readStoredCues(ctx: QueryContext, info: LogTableInfo): Promise<StoredCues> {
  const cueColumn = info.columns.changeCue!;
  const log = ctx.engine.table(info.logTable);
  const cut = (ref: RawBuilder<unknown>) => sql`substr(CAST(${ref} AS TEXT), 1, ${sql.lit(LONGEST_SPELLING + 1)})`;
  const indexes = info.logKind === 'view' ? [] : await ctx.engine.indexes(info.logTable);
  const leading = indexes.some((index) => index.columns[0] === cueColumn);
  const query = leading
    ? // A loose index scan: each step the smallest value above the last, one probe each. NULL is
      // never a step (min() skips it), so whether the log holds NULL is not needed: a filter that
      // takes Other takes NULL by condition anyway.
      sql<{ s: string | null }>`WITH RECURSIVE c(v) AS (
          SELECT min(${column('l', cueColumn)}) FROM ${log} AS l
          UNION ALL
          SELECT (SELECT min(${column('l', cueColumn)}) FROM ${log} AS l WHERE ${column('l', cueColumn)} > c.v) FROM c WHERE c.v IS NOT NULL
        ) SELECT ${cut(sql.ref('v'))} AS s FROM c WHERE v IS NOT NULL LIMIT ${sql.lit(MAX_SPELLINGS + 1)}`
    : sql<{ s: string | null }>`SELECT DISTINCT ${cut(column('l', cueColumn))} AS s FROM ${log} AS l
        WHERE ${column('l', cueColumn)} IS NOT NULL LIMIT ${sql.lit(MAX_SPELLINGS + 1)}`;
  const rows = (await query.execute(ctx.engine.db)).rows;
  if (rows.length > MAX_SPELLINGS) return { spellings: [], hasLong: false, complete: false };
  const spellings: StoredCues['spellings'] = [];
  let hasLong = false;
  for (const { s } of rows) {
    if (s === null) continue;
    if (s.length > LONGEST_SPELLING) hasLong = true;
    else spellings.push({ value: s, cue: normalizeChangeCue(s).cue });
  }
  return { spellings, hasLong, complete: true };
}

/**
 * How a read matches a set of cues: the stored values that read as one of them, whether NULL (read
 * as Other) is wanted, whether long values must be taken too (JavaScript then decides), and
 * `any` when no SQL condition can be given.
 */
export interface CueMatch {
  values: string[];
  withNull: boolean;
  withLong: boolean;
  any: boolean;
}

export function cueMatch(stored: StoredCues, cues: ReadonlySet<ChangeCue>): CueMatch {
  if (!stored.complete) return { values: [], withNull: false, withLong: false, any: true };
  return {
    values: stored.spellings.filter((s) => cues.has(s.cue)).map((s) => s.value),
    withNull: cues.has('Other'),
    withLong: stored.hasLong,
    any: false,
  };
}

/**
 * The SQL condition of a {@link CueMatch} on `cue` (the column), each listed value given by
 * `value(i)` (a slot of a compiled query); null when there is no condition (every row may match).
 */
export function cueCondition(match: CueMatch, cue: RawBuilder<unknown>, value: (i: number) => unknown): RawBuilder<boolean> | null {
  if (match.any) return null;
  const parts: RawBuilder<boolean>[] = [];
  if (match.values.length > 0) parts.push(sql<boolean>`${cue} IN (${sql.join(match.values.map((_, i) => value(i)))})`);
  if (match.withNull) parts.push(sql<boolean>`${cue} IS NULL`);
  if (match.withLong) parts.push(sql<boolean>`length(CAST(${cue} AS TEXT)) > ${sql.lit(LONGEST_SPELLING)}`);
  if (parts.length === 0) return sql<boolean>`1 = 0`;
  return parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}

/** The part of a compiled query's key a {@link CueMatch} decides. */
export function cueShape(match: CueMatch): string {
  return match.any ? 'any' : `${match.values.length}:${match.withNull}:${match.withLong}`;
}
