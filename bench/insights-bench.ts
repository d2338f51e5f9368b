/**
 * Insights at scale: a month's and the whole history's counts (every chart: per day or month by
 * table and cue, the people, the hour × weekday map), each beside a floor written by hand: per log,
 * one GROUP BY of the period's rows by UTC hour and stored cue (which gives the days, the cues and
 * the heat map in UTC) and one by person, on a raw connection. Ours places quarter hours on a
 * zone's clock and reads each log's time shape; the floor assumes UTC and the demo's one shape.
 * Counts are checked equal before timing (in UTC, where both mean the same days).
 */
import type { AuditService } from '../db/index';
import type { LoggedTable } from '../shared/domain';
import type { Insights } from '../shared/insights';
import { time, timePair } from './measure';
import type { RawReader, Row } from './suite';

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The hand-written counts of a period (null bounds: the whole history): total and per person. */
async function floor(raw: RawReader, engine: 'sqlite' | 'postgres', tables: readonly LoggedTable[], from: string | null, to: string | null, byCue: boolean): Promise<{ total: number; people: number }> {
  let total = 0;
  const people = new Set<string>();
  const hour = engine === 'sqlite' ? `substr(l."ByTime", 1, 13)` : `date_trunc('hour', l."ByTime")`;
  for (const table of tables) {
    const where = from !== null && to !== null ? `WHERE l."ByTime" >= ? AND l."ByTime" < ?` : '';
    const params = from !== null && to !== null ? [from, to] : [];
    const log = q(table.logTable);
    const byHour = byCue
      ? await raw.all(`SELECT ${hour} AS h, l."ChangeCue" AS c, count(*) AS n FROM ${log} AS l ${where} GROUP BY 1, 2`, params)
      : await raw.all(`SELECT ${hour} AS h, count(*) AS n FROM ${log} AS l ${where} GROUP BY 1`, params);
    for (const row of byHour) total += Number(row.n);
    for (const row of await raw.all(`SELECT l."ByID" AS p, count(*) AS n FROM ${log} AS l ${where} GROUP BY 1`, params)) people.add(String(row.p));
  }
  return { total, people: people.size };
}

function check(what: string, ours: Insights, theirs: { total: number }): void {
  if (ours.total !== theirs.total) throw new Error(`${what}: ours counts ${ours.total}, the floor ${theirs.total}.`);
}

export async function insightsRows(api: AuditService, raw: RawReader, engine: 'sqlite' | 'postgres', tables: readonly LoggedTable[], runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const slowRuns = Math.max(3, Math.min(5, runs));
  // The newest entry's month, the last full one before it.
  const whole = await api.getInsights({ filter: { timeZone: 'UTC' }, granularity: 'month' });
  const last = whole.buckets.filter((b) => b.total > 0).at(-2) ?? whole.buckets.at(-1);
  if (!last) return rows;
  const month = { from: last.from, to: last.to };
  const next = new Date(Date.parse(`${month.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const bounds = engine === 'sqlite' ? [`${month.from} 00:00:00`, `${next} 00:00:00`] : [`${month.from}T00:00:00Z`, `${next}T00:00:00Z`];

  for (const split of ['table', 'cue'] as const) {
    const oursMonth = () => api.getInsights({ filter: { timeZone: 'UTC', ...month }, split });
    const floorMonth = () => floor(raw, engine, tables, bounds[0]!, bounds[1]!, split === 'cue');
    check('a month of Insights', await oursMonth(), await floorMonth());
    const [monthOurs, monthFloor] = await timePair(oursMonth, floorMonth, runs, 1);
    rows.push({ read: `insights, a month (${month.from}…, UTC), by ${split}`, ours: monthOurs, floor: monthFloor, note: 'target < 1,000 ms' });
  }
  rows.push({
    read: 'insights, a month (Asia/Kathmandu, +05:45), by table',
    ours: await time(() => api.getInsights({ filter: { timeZone: 'Asia/Kathmandu', ...month } }), runs, 1),
  });
  for (const split of ['table', 'cue'] as const) {
    const oursWhole = () => api.getInsights({ filter: { timeZone: 'UTC' }, split });
    const floorWhole = () => floor(raw, engine, tables, null, null, split === 'cue');
    check('the whole history of Insights', await oursWhole(), await floorWhole());
    const [wholeOurs, wholeFloor] = await timePair(oursWhole, floorWhole, slowRuns, 0);
    rows.push({ read: `insights, the whole history (UTC), by ${split}`, ours: wholeOurs, floor: wholeFloor, note: `${whole.total.toLocaleString('en-GB')} entries; target < 10,000 ms` });
  }
  // Zones whose hours are not UTC's: a DST change (whole hours: counted by UTC hour) and +05:30 (by quarter hour).
  for (const timeZone of ['Europe/London', 'Asia/Kolkata']) {
    const zone = timeZone === 'Europe/London' ? 'Europe/London, DST' : 'Asia/Kolkata, +05:30';
    rows.push({ read: `insights, the whole history (${zone}), by table`, ours: await time(() => api.getInsights({ filter: { timeZone } }), slowRuns, 0), note: 'target < 10,000 ms' });
  }
  return rows;
}
