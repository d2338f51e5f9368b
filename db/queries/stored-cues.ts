/**
 * How a cue filter reads in SQL: a comparison of the stored column with lists of stored values
 * (`cue IN (…)`, `cue NOT IN (…)`), which an index or a plain scan answers at once, never a
 * normalising function of the column, which no index helps and which SQL cannot make match
 * `normalizeChangeCue` exactly (whitespace, case of non-ASCII letters).
 *
 * Two ways, decided per table:
 * - Where an index leads with the cue column, the stored values are listed by a loose index scan
 *   (one index probe per distinct value: well under a millisecond for the handful a log holds),
 *   each is classified by `normalizeChangeCue` itself, and the filter is `cue IN (the values that
 *   read as a chosen cue)`: exact, and the index can serve it. They are listed again by every read
 *   that filters, never remembered: a spelling first written after the database was opened (a
 *   new application writing `DELETE`) must be found by the next read, and remembering it is what
 *   would save the probes, at the price of missing it.
 * - Otherwise listing them would scan the whole log (35 s on the 5.85-million-row demo), so no
 *   values are read: the filter is `cue NOT IN (the usual spellings of the cues not chosen)`, in
 *   their lower, capitalised and upper-case forms. Each listed spelling is classified by
 *   `normalizeChangeCue` too, so only rows that surely read as another cue are left out; an odd
 *   spelling (`' deleted '`, `DELETE`, `Remove\t`) passes and JavaScript's exact reading decides.
 *
 * The log is hostile input: values are listed cut to {@link LONGEST_SPELLING} + 1 characters, and
 * at most {@link MAX_SPELLINGS} of them. A longer value (it can only be padding around a cue) makes
 * the condition also take every long value, and too many distinct values fall back to the second
 * way; either way JavaScript's exact reading decides, so nothing is lost, only read more slowly.
 */
import { sql, type RawBuilder } from 'kysely';
import { cueSpellings, NAMED_CHANGE_CUES, normalizeChangeCue } from '../../shared/change-cue';
import type { ChangeCue } from '../../shared/domain';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import type { QueryContext } from './context';
import { logIndexes } from './log-indexes';

/** Stored cues longer than this are not listed (see the module comment). */
export const LONGEST_SPELLING = 64;
/** Past this many distinct stored cues the filter is left to JavaScript. */
export const MAX_SPELLINGS = 1000;

/** The cue values one log holds, where an index lets them be listed at once. */
export interface StoredCues {
  /** Each distinct stored value (at most {@link LONGEST_SPELLING} characters) with the cue it reads as. */
  spellings: Array<{ value: string; cue: ChangeCue }>;
  /** Whether some value is longer than {@link LONGEST_SPELLING} characters (not listed). */
  hasLong: boolean;
}

/**
 * The stored cues of a log with a cue column, as they are now, listed by a loose index scan; null
 * when no index leads with the column or the values are too many.
 */
export async function storedCues(ctx: QueryContext, info: LogTableInfo): Promise<StoredCues | null> {
  const cueColumn = info.columns.changeCue!;
  if (!(await logIndexes(ctx, info)).some((index) => index.columns[0] === cueColumn)) return null;
  const log = ctx.engine.table(info.logTable);
  const cue = column('l', cueColumn);
  // Each step the smallest value above the last, one probe each. NULL is never a step (min()
  // skips it); a filter that takes Other takes NULL by its own condition.
  const query = sql<{ s: string | null }>`WITH RECURSIVE c(v) AS (
      SELECT min(${cue}) FROM ${log} AS l
      UNION ALL
      SELECT (SELECT min(${cue}) FROM ${log} AS l WHERE ${cue} > c.v) FROM c WHERE c.v IS NOT NULL
    ) SELECT substr(CAST(v AS TEXT), 1, ${sql.lit(LONGEST_SPELLING + 1)}) AS s FROM c WHERE v IS NOT NULL LIMIT ${sql.lit(MAX_SPELLINGS + 1)}`;
  const rows = (await query.execute(ctx.engine.db)).rows;
  if (rows.length > MAX_SPELLINGS) return null;
  const spellings: StoredCues['spellings'] = [];
  let hasLong = false;
  for (const { s } of rows) {
    if (s === null) continue;
    if (s.length > LONGEST_SPELLING) hasLong = true;
    else spellings.push({ value: s, cue: normalizeChangeCue(s).cue });
  }
  return { spellings, hasLong };
}

/**
 * How a read matches a set of cues in SQL: `cue IN (values)` (exact, from the stored values) or
 * `cue NOT IN (values)` (a superset: only the usual spellings of other cues left out), or'd with
 * `cue IS NULL` when NULL (read as Other) is wanted and with long values when some cannot be listed.
 */
export interface CueMatch {
  /** The cues asked for (what JavaScript's reading must find). */
  chosen: ChangeCue[];
  kind: 'in' | 'not-in';
  values: string[];
  withNull: boolean;
  withLong: boolean;
}

/** The usual spellings of a cue as stored: each word lower case, capitalised and upper case. */
function usualSpellings(cue: Exclude<ChangeCue, 'Other'>): string[] {
  const words = cueSpellings(cue);
  const forms = words.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]);
  // Kept only where they read as this cue (they do: this is the one place that could go wrong).
  return forms.filter((form) => normalizeChangeCue(form).cue === cue);
}

export function cueMatch(stored: StoredCues | null, cues: ReadonlySet<ChangeCue>): CueMatch {
  if (stored) {
    return { chosen: [...cues], kind: 'in', values: stored.spellings.filter((s) => cues.has(s.cue)).map((s) => s.value), withNull: cues.has('Other'), withLong: stored.hasLong };
  }
  // Each cue's own name first: `NOT IN` stops at the first equal value (PostgreSQL walks the
  // list), and the names are what logs mostly hold.
  const excluded = NAMED_CHANGE_CUES.filter((cue) => !cues.has(cue));
  const others = [...new Set([...excluded, ...excluded.flatMap(usualSpellings)])];
  return { chosen: [...cues], kind: 'not-in', values: others, withNull: cues.has('Other'), withLong: false };
}

/** Whether SQL may keep rows whose cue is not one of the chosen (JavaScript's reading decides then). */
export function isCueSuperset(match: CueMatch): boolean {
  return match.kind === 'not-in' || match.withLong;
}

/**
 * The SQL condition of a {@link CueMatch} on `cue` (the column), each listed value given by
 * `value(i)` (a slot of a compiled query).
 */
export function cueCondition(match: CueMatch, cue: RawBuilder<unknown>, value: (i: number) => unknown): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  const list = () => sql.join(match.values.map((_, i) => value(i)));
  if (match.kind === 'not-in') {
    // NOT IN is never true for NULL: NULL is taken only where Other is wanted (below).
    parts.push(match.values.length > 0 ? sql<boolean>`${cue} NOT IN (${list()})` : sql<boolean>`${cue} IS NOT NULL`);
  } else if (match.values.length > 0) {
    parts.push(sql<boolean>`${cue} IN (${list()})`);
  }
  if (match.withNull) parts.push(sql<boolean>`${cue} IS NULL`);
  if (match.withLong) parts.push(sql<boolean>`length(CAST(${cue} AS TEXT)) > ${sql.lit(LONGEST_SPELLING)}`);
  if (parts.length === 0) return sql<boolean>`1 = 0`;
  return parts.length === 1 ? parts[0]! : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}

/** The part of a compiled query's key a {@link CueMatch} decides. */
export function cueShape(match: CueMatch): string {
  return `${match.kind}:${match.values.length}:${match.withNull}:${match.withLong}`;
}
