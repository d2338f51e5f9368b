/**
 * Log health on the benchmark's database: the first figures (`detail: 'quick'`: rows, oldest and
 * newest, missing indexes) and the whole view (also entries per month, size and rows past
 * retention), beside a hand-written floor: per log, `min`/`max` of the time, then one indexed
 * range count per month (UTC months: as many as ours, whose are the organisation's) and one for
 * the retention cutoff, the same queries a DBA would type.
 */
import type { LogHealth } from '../shared/domain';
import { time, timePair } from './measure';
import type { BenchTarget, Row } from './suite';

/** The floor of the whole view: the same counts, hand-written, on the raw connection. */
async function healthFloor(target: BenchTarget, logs: readonly LogHealth[], cutoff: string): Promise<number> {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  // The stored shape of a time, as the demo stores it on each engine (text on SQLite, timestamptz on PostgreSQL).
  const stored = (iso: string) => (target.engine === 'sqlite' ? iso.slice(0, 19).replace('T', ' ') : iso);
  let total = 0;
  for (const log of logs) {
    const table = q(log.logTable);
    await target.raw.all(`SELECT (SELECT min("ByTime") FROM ${table}) AS lo, (SELECT max("ByTime") FROM ${table}) AS hi`, []);
    const [older] = await target.raw.all(`SELECT count(*) AS n FROM ${table} WHERE "ByTime" < ?`, [stored(cutoff)]);
    total += Number(older?.n ?? 0);
    for (const month of log.perMonth ?? []) {
      const from = new Date(`${month.month}-01T00:00:00Z`);
      const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
      await target.raw.all(`SELECT count(*) AS n FROM ${table} WHERE "ByTime" >= ? AND "ByTime" < ?`, [stored(from.toISOString()), stored(to.toISOString())]);
    }
  }
  return total;
}

export async function healthRows(target: BenchTarget, runs: number, slowRuns: number): Promise<Row[]> {
  const { api } = target;
  const rows: Row[] = [];
  const quick = () => api.getLogHealth({ detail: 'quick' });
  rows.push({ read: 'log health, first figures (rows, oldest, newest, indexes)', ours: await time(quick, runs), note: 'target: at once' });
  const full = await api.getLogHealth({});
  const ours = () => api.getLogHealth({});
  const floor = () => healthFloor(target, full.logs, full.retention.cutoff);
  const older = full.logs.reduce((sum, l) => sum + (l.olderThanRetention ?? 0), 0);
  if ((await floor()) !== older) throw new Error(`Log health counts ${older} rows past retention, the hand-written SQL ${await floor()}.`);
  const [oursTime, floorTime] = await timePair(ours, floor, slowRuns, 1);
  const rowsTotal = full.logs.reduce((sum, l) => sum + (l.rows ?? 0), 0);
  rows.push({
    read: `log health, whole view (${full.logs.length} logs, ${rowsTotal.toLocaleString('en-GB')} rows)`,
    ours: oursTime,
    floor: floorTime,
    note: `target < 10 s; ${older.toLocaleString('en-GB')} rows older than ${full.retention.months} months`,
  });
  // The exact row count, on request: every index entry of every log.
  rows.push({ read: 'log health, first figures counted exactly', ours: await time(() => api.getLogHealth({ detail: 'quick', exactRows: true }), slowRuns, 1) });
  return rows;
}
