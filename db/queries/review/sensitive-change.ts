/**
 * `sensitive-change`: changes to columns that are masked or hidden (bank, tax and card numbers,
 * passwords; which columns is decided by the schema's sensitivity, shared/sensitivity.ts through
 * `sensitivityOf`), by one person, reported when made outside working hours (high) or, in working
 * hours, when one session holds at least `count` of them (medium). One finding per person, session
 * and column, so that Activity's field filter lists exactly its entries. Automation accounts are
 * left to automation-anomaly. No value is ever read
 * into a sentence: only the column's name.
 *
 * Read per log by one GROUP BY over the period: each row beside its record's previous entry (a
 * probe of the (parent key, ByTime, ID) index), kept when a sensitive column differs from it, or is
 * set by an `Added` entry. Only people's changing entries are compared, picked from the aggregate
 * index (db/schema/index-hints.ts) where the log has it, so that automation's entries (most of a
 * large log's) are never read from the table. An entry with no usable previous entry (the log starts later, or the one
 * before is a legacy row) only first records its values: nobody is credited with setting them.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ChangeCue, RecordId } from '../../../shared/domain';
import { column } from '../../engine';
import type { LogTableInfo } from '../../schema/catalog';
import { bucketSql } from '../../time-codec';
import { toRecordId } from '../../values';
import { timeCodec } from '../context';
import { olderThanRow } from '../log-entries';
import { hasAggregateIndex, hasPersonIndex, hasUniqueId } from '../log-indexes';
import { cueCondition, cueMatch, storedCues } from '../stored-cues';
import { spanConditions } from './aggregates';
import { count, justAfter, once, sessions, type Draft, type Moment, type ReviewRun } from './run-context';

const CHANGING: ReadonlySet<ChangeCue> = new Set(['Added', 'Modified', 'Other']);
const ADDED: ReadonlySet<ChangeCue> = new Set(['Added']);

export function sensitiveChanges(run: ReviewRun): Promise<Draft[]> {
  return once(run, 'sensitive-change', () => findSensitive(run));
}

async function findSensitive(run: ReviewRun): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const info of run.ctx.catalog.tables) {
    const fields = info.fields.filter((f) => f.sensitivity !== 'none').map((f) => f.name);
    if (fields.length === 0) continue;
    const rows = await readChanges(run, info, fields);
    // Per person and field: the minutes it changed, with their entries.
    const moments = new Map<string, { by: RecordId | null; field: string; moments: Moment[] }>();
    for (const row of rows) {
      fields.forEach((field, k) => {
        const n = Number(row[`c${k}`] ?? 0);
        if (n === 0) return;
        const key = `${String(row.by)}\u0000${field}`;
        let entry = moments.get(key);
        if (!entry) moments.set(key, (entry = { by: row.by, field, moments: [] }));
        entry.moments.push({ start: row.start, count: n, firstMs: row.firstMs, lastMs: row.lastMs, first: row.first, last: row.last, tables: new Map([[info.name, n]]), cues: new Set(), loggedName: row.name });
      });
    }
    for (const { by, field, moments: list } of moments.values()) {
      // Automation's routine work is automation-anomaly's to judge.
      if (run.isAutomation(by)) continue;
      list.sort((a, b) => a.start - b.start);
      for (const session of sessions(list, run.thresholds.offHours.gapMinutes * 60)) {
        const n = session.reduce((sum, m) => sum + m.count, 0);
        const outside = session.some((m) => run.offHours(m.firstMs) || run.offHours(m.lastMs));
        if (!outside && n < run.thresholds.sensitiveChange.count) continue;
        const head = session[0]!;
        const tail = session[session.length - 1]!;
        const sensitivity = info.sensitivityOf(field) === 'hidden' ? 'hidden' : 'masked';
        const span = run.clock.span(head.firstMs, tail.lastMs);
        const records = n === 1 ? `1 ${info.name} record` : `${count(n)} ${info.name} records`;
        drafts.push({
          kind: 'sensitive-change',
          severity: outside ? 'high' : 'medium',
          count: n,
          from: head.first,
          to: justAfter(tail.last),
          by,
          tables: [info.name],
          cues: [],
          fields: [field],
          loggedName: tail.loggedName,
          say: (name) => `${name} changed ${field} (${sensitivity}) of ${records} ${span}${outside ? `, outside working hours (${run.workingTimeText})` : ''}`,
        });
      }
    }
  }
  return drafts;
}

/**
 * Entries of no automation account, as ranges of the `(ByID, ByTime)` index between the accounts'
 * ids, for SQLite's whole history: that index holds the rowid (the log's id, where it is the
 * integer primary key, as in the demo), so people's entries are picked from it alone, and on a
 * large log they are a small part (the benchmark's Customer_log: 660,000 of 4.6 million entries,
 * 35 ms against 730 ms for filtering every entry of the aggregate index). The same rows as `NOT
 * IN`: SQLite orders all values, numbers by value and every text after every number, so a value
 * equal to no account's id lies in exactly one range. Null where that order is not known here
 * (an id kept as text, past 2^53).
 */
export function peopleRanges(who: RawBuilder<unknown>, ids: readonly RecordId[]): RawBuilder<boolean> | null {
  if (ids.length === 0 || !ids.every((id) => typeof id === 'number')) return null;
  const sorted = [...(ids as number[])].sort((a, b) => a - b);
  const ranges = sorted.map((id, i) => (i === 0 ? sql`${who} < ${id}` : sql`(${who} > ${sorted[i - 1]!} AND ${who} < ${id})`));
  ranges.push(sql`${who} > ${sorted[sorted.length - 1]!}`);
  return sql<boolean>`(${who} IS NULL OR ${sql.join(ranges, sql` OR `)})`;
}

interface ChangeRow {
  by: RecordId | null;
  name: string | null;
  start: number;
  firstMs: number;
  lastMs: number;
  first: string;
  last: string;
  [count: `c${number}`]: unknown;
}

/** Per person and minute: the entries that changed each sensitive field (see the module comment). */
async function readChanges(run: ReviewRun, info: LogTableInfo, fields: readonly string[]): Promise<ChangeRow[]> {
  const { ctx } = run;
  const codec = await timeCodec(ctx, info);
  const { parentKey, byTime, id, changeCue, byId, byName } = info.columns;
  const log = ctx.engine.table(info.logTable);
  const t = column('l', byTime);
  const start = bucketSql(codec, t, ctx.engine.kind, 60);
  const stored = changeCue ? await storedCues(ctx, info) : null;
  const cueOf = (match: ReturnType<typeof cueMatch>, alias = 'l'): RawBuilder<boolean> =>
    changeCue ? cueCondition(match, column(alias, changeCue), (i) => match.values[i]) : sql<boolean>`${sql.lit(match.withNull ? 1 : 0)} = 1`;
  const added = cueOf(cueMatch(stored, ADDED));
  const previousOf = (columns: RawBuilder<unknown>) => sql`SELECT ${columns} FROM ${log} AS q
      WHERE ${column('q', parentKey)} = ${column('l', parentKey)} AND ${olderThanRow(info, 'q', 'l')}
      ORDER BY ${column('q', byTime)} DESC, ${column('q', id)} DESC LIMIT 1`;
  // Each row's previous entry. PostgreSQL: one LATERAL probe of the (parent key, ByTime, ID) index
  // per row (a join on a scalar subquery is planned there as a hash of the whole log, which on a
  // whole history outran the statement timeout). SQLite, which has no LATERAL: the previous id by
  // that index, then its row by key.
  const previous =
    ctx.engine.kind === 'postgres'
      ? sql`LEFT JOIN LATERAL (${previousOf(sql.join([...new Set([id, ...info.fieldNames])].map((f) => column('q', f))))}) AS p ON TRUE`
      : sql`LEFT JOIN ${log} AS p ON ${column('p', id)} = (${previousOf(column('q', id))})`;
  // A legacy previous row keeps no values: what follows it is first recorded, not changed.
  const legacy = sql.join(info.fieldNames.map((f) => sql`${column('p', f)} IS NULL`), sql` AND `);
  const distinct = (f: string) =>
    ctx.engine.kind === 'postgres' ? sql`${column('l', f)} IS DISTINCT FROM ${column('p', f)}` : sql`${column('l', f)} IS NOT ${column('p', f)}`;
  const changed = (f: string) =>
    sql<boolean>`((${column('p', id)} IS NOT NULL AND NOT (${legacy}) AND ${distinct(f)}) OR (${column('p', id)} IS NULL AND ${added} AND ${column('l', f)} IS NOT NULL))`;
  const sums = fields.map((f, k) => sql`sum(CASE WHEN ${changed(f)} THEN 1 ELSE 0 END) AS ${sql.id(`c${k}`)}`);
  const by = byId ? column('l', byId) : sql`NULL`;
  // The entries to compare: the period's changing entries of people. Automation's are not this
  // kind's (and on large logs most entries are theirs), so they are left out before any previous
  // entry is looked up. Where the log has the aggregate index, they are picked from it alone (it
  // holds the time, the id, the person and the cue) and only the rows kept are read, by key; on
  // SQLite's whole history, from the person index (see peopleRanges), the cue then read from the
  // rows kept; else the conditions are on the rows read, as the planner chooses.
  const automation = byId ? run.automation.ids : [];
  const picked = (alias: string): RawBuilder<boolean>[] => {
    const conditions = [...spanConditions(codec, column(alias, byTime), run.span), cueOf(cueMatch(stored, CHANGING), alias)];
    if (automation.length) {
      const who = column(alias, byId!);
      conditions.push(sql<boolean>`(${who} IS NULL OR ${who} NOT IN (${sql.join(automation.map((a) => sql`${a}`))}))`);
    }
    return conditions;
  };
  const whole = run.span.from === null && run.span.toExclusive === null;
  const people = ctx.engine.kind === 'sqlite' && whole && (await hasPersonIndex(ctx, info)) ? peopleRanges(column('k', byId!), automation) : null;
  const candidates = people ? [people] : (await hasAggregateIndex(ctx, info)) ? picked('k') : null;
  const pick = candidates && sql`SELECT ${column('k', id)} FROM ${log} AS k WHERE ${sql.join(candidates, sql` AND `)}`;
  // PostgreSQL, where an index keeps the id unique: each candidate's row fetched by its key, in
  // the order picked (OFFSET 0 keeps the planner from turning it back into a join). As a
  // semi-join it was planned as a parallel scan of the whole table to hash it: the benchmark's
  // Customer_log, 4.6 million rows read by three processes (4.5 s of the server's time) for the
  // 414,521 kept, against 1.4 s of one process by key; on a database shared with its users, and
  // beside Review's other reads, the server's time is what counts. Where the id may repeat, the
  // semi-join reads each row once whichever ids it shares.
  const byKey = pick !== null && ctx.engine.kind === 'postgres' && (await hasUniqueId(ctx, info));
  const rowsRead = byKey
    ? sql`(${pick}) AS c CROSS JOIN LATERAL (SELECT * FROM ${log} AS r WHERE ${column('r', id)} = ${column('c', id)} OFFSET 0) AS l`
    : sql`${log} AS l`;
  const conditions = [
    ...(pick && !byKey ? [sql<boolean>`${column('l', id)} IN (${pick})`] : []),
    // (Again on the row itself: an id the log does not keep unique picks no other row.)
    ...picked('l'),
    sql<boolean>`(${sql.join(fields.map(changed), sql` OR `)})`,
  ];
  // Read aside (db/engine.ts): the longest read of a look, with a small answer, beside the quarter hours.
  const rows = await ctx.engine.readAside(sql<Record<string, unknown>>`SELECT ${by} AS ${sql.id('by')}, ${byName ? sql`max(${column('l', byName)})` : sql`NULL`} AS ${sql.id('name')},
      ${start} AS ${sql.id('start')}, min(${t}) AS ${sql.id('first')}, max(${t}) AS ${sql.id('last')}, ${sql.join(sums)}
    FROM ${rowsRead} ${previous}
    WHERE ${sql.join(conditions, sql` AND `)}
    GROUP BY ${byId ? sql`${by}, ` : sql``}${start}`.compile(ctx.engine.db));
  const result: ChangeRow[] = [];
  for (const row of rows) {
    const first = row.start === null ? null : codec.decode(row.first);
    const last = row.start === null ? null : codec.decode(row.last);
    // Unreadable times are counted by the minute buckets (aggregates.ts); they fall in no session.
    if (first === null || last === null) continue;
    const out: ChangeRow = {
      by: row.by === null || row.by === undefined ? null : toRecordId(row.by),
      name: row.name === null || row.name === undefined ? null : String(row.name),
      start: Number(row.start) * 60,
      firstMs: Date.parse(first),
      lastMs: Date.parse(last),
      first,
      last,
    };
    fields.forEach((_, k) => (out[`c${k}`] = row[`c${k}`]));
    result.push(out);
  }
  return result;
}
