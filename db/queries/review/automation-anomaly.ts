/**
 * `automation-anomaly`: an automation account acting in an hour of the day, or on a table, that it
 * used on fewer than `minDays` days over the `baselineDays` before the period and the period itself
 * (the whole log when the period is open): a job that ran at the wrong time, or touched what it
 * never touches. Read as quarter-hour buckets of the automation accounts' entries alone (a range
 * read on the `(ByID, ByTime)` index), grouped per account into sessions of such entries.
 */
import { sql } from 'kysely';
import { hhmm } from '../../../shared/zone-clock';
import { column } from '../../engine';
import { instantOfDate } from '../../time-codec';
import { bucketsOf, type Bucket } from './aggregates';
import { byPerson, count, madeBy, personDraft, sessions, tableList, tablesOf, totals, type Draft, type ReviewRun } from './run-context';

const DAY_MS = 86_400_000;
const QUARTER = 900;

export async function automationAnomalies(run: ReviewRun): Promise<Draft[]> {
  const ids = run.automation.ids;
  if (ids.length === 0) return [];
  const { minDays, baselineDays } = run.thresholds.automationAnomaly;
  const from = run.span.from ? instantOfDate(new Date(Date.parse(run.span.from) - baselineDays * DAY_MS)) : null;
  // An open period's baseline is the period itself: its shared quarter hours (every cue together,
  // as here) already hold the accounts' buckets, read once for every kind.
  const buckets =
    from === null
      ? await accountsQuarters(run)
      : (
          await bucketsOf(run.ctx, { from, toExclusive: run.span.toExclusive }, QUARTER, {
            extra: (info) => (info.columns.byId ? sql<boolean>`${column('l', info.columns.byId)} IN (${sql.join(ids.map((id) => sql`${id}`))})` : null),
          })
        ).buckets;
  const periodStart = run.span.from ? Date.parse(run.span.from) : -Infinity;

  // What is usual for each account: the hours and tables it used on at least minDays days.
  const hourDays = new Map<string, Map<number, Set<string>>>();
  const tableDays = new Map<string, Map<string, Set<string>>>();
  for (const b of buckets) {
    const at = run.clock.at(b.firstMs);
    const key = String(b.by);
    const hours = hourDays.get(key) ?? new Map<number, Set<string>>();
    hourDays.set(key, hours);
    const hour = Math.floor(at.minute / 60);
    (hours.get(hour) ?? hours.set(hour, new Set()).get(hour)!).add(at.day);
    const tables = tableDays.get(key) ?? new Map<string, Set<string>>();
    tableDays.set(key, tables);
    (tables.get(b.table) ?? tables.set(b.table, new Set()).get(b.table)!).add(at.day);
  }
  const usualHour = (b: Bucket) => (hourDays.get(String(b.by))?.get(Math.floor(run.clock.at(b.firstMs).minute / 60))?.size ?? 0) >= minDays;
  const usualTable = (b: Bucket) => (tableDays.get(String(b.by))?.get(b.table)?.size ?? 0) >= minDays;

  const drafts: Draft[] = [];
  const inPeriod = buckets.filter((b) => b.firstMs >= periodStart);
  for (const reason of ['hours', 'tables'] as const) {
    const odd = byPerson(inPeriod, (b) => (reason === 'hours' ? !usualHour(b) : usualHour(b) && !usualTable(b)));
    for (const { by, moments } of odd.values()) {
      const usual = [...(hourDays.get(String(by))?.entries() ?? [])].filter(([, days]) => days.size >= minDays).map(([h]) => h).sort((a, b) => a - b);
      for (const session of sessions(moments, 3600)) {
        const t = totals(session);
        const tables = tablesOf(t);
        const span = run.clock.span(t.firstMs, t.lastMs);
        const why =
          reason === 'hours'
            ? `outside its usual hours (${usual.length ? hourRanges(usual) : 'none yet'}, ${run.org.timeZone})`
            : `on ${tableList(tables)}, which it seldom changes`;
        drafts.push(
          personDraft('automation-anomaly', 'medium', by, t, (name) =>
            `${name} (automation) made ${count(t.count)} ${t.count === 1 ? 'change' : 'changes'} to ${tableList(tables)} records ${span}, ${why}`,
          ),
        );
      }
    }
  }
  return drafts;
}

/** The accounts' buckets among the period's shared quarter hours. */
async function accountsQuarters(run: ReviewRun): Promise<Bucket[]> {
  const { columns } = await run.quarters();
  return columns.pick(madeBy(run, columns).automation);
}

/** Hours of the day as ranges: [2, 3, 7] → "02:00–04:00, 07:00–08:00". */
function hourRanges(hours: readonly number[]): string {
  const ranges: string[] = [];
  let start = hours[0]!;
  let prev = start;
  for (const h of [...hours.slice(1), Infinity]) {
    if (h === prev + 1) {
      prev = h;
      continue;
    }
    ranges.push(`${hhmm(start * 60)}–${hhmm((prev + 1) * 60)}`);
    start = h;
    prev = h;
  }
  return ranges.join(', ');
}
