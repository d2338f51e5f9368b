/**
 * Insights on the generated demo (six logs written by triggers): every number of every chart equals
 * a count written by hand in SQL, on SQLite (days and hours in Asia/Kolkata, a fixed +05:30, which
 * SQLite's date modifiers can shift by) and on PostgreSQL (in America/New_York, daylight saving
 * and all, by the server's own `AT TIME ZONE`).
 */
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService } from '../../db/index';
import type { ActivityFilter } from '../../shared/domain';
import type { Insights, InsightsGranularity } from '../../shared/insights';
import { DEMO_SEED } from '../support/pg-server';
import { openSource, postgresDemoSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const file = path.join(dir, 'demo.sqlite');
let sqlite: AuditService;
let postgres: AuditService;

beforeAll(async () => {
  generateDemoReplica({ out: file, seed: DEMO_SEED });
  sqlite = await openAuditDatabase({ file });
  postgres = await openSource(postgresDemoSource());
}, 120_000);
afterAll(async () => {
  await sqlite?.close();
  await postgres?.close();
});

interface Engine {
  name: string;
  api: () => AuditService;
  timeZone: string;
  /** Hand-written SQL expressions of a row's local day, month's first day, ISO weekday and hour. */
  local: { day: string; month: string; weekday: string; hour: string };
}

const ENGINES: Engine[] = [
  {
    name: 'sqlite',
    api: () => sqlite,
    timeZone: 'Asia/Kolkata',
    local: {
      day: `date("ByTime", '+330 minutes')`,
      month: `strftime('%Y-%m-01', "ByTime", '+330 minutes')`,
      weekday: `(CAST(strftime('%w', "ByTime", '+330 minutes') AS INTEGER) + 6) % 7 + 1`,
      hour: `CAST(strftime('%H', "ByTime", '+330 minutes') AS INTEGER)`,
    },
  },
  {
    name: 'postgres',
    api: () => postgres,
    timeZone: 'America/New_York',
    local: {
      day: `to_char("ByTime" AT TIME ZONE 'America/New_York', 'YYYY-MM-DD')`,
      month: `to_char("ByTime" AT TIME ZONE 'America/New_York', 'YYYY-MM-01')`,
      weekday: `CAST(extract(isodow FROM "ByTime" AT TIME ZONE 'America/New_York') AS INTEGER)`,
      hour: `CAST(extract(hour FROM "ByTime" AT TIME ZONE 'America/New_York') AS INTEGER)`,
    },
  },
];

async function query<T>(api: AuditService, text: string): Promise<T[]> {
  return (await sql.raw(text).execute(api.engine.db)).rows as T[];
}

async function logs(api: AuditService): Promise<Array<{ name: string; log: string }>> {
  return (await api.listTables({})).tables.map((t) => ({ name: t.name, log: `"${t.logTable}"` }));
}

/** The whole chart's numbers by hand: per bucket and table, per bucket and cue, per cell, per person. */
async function byHand(engine: Engine, where: string, bucket: 'day' | 'month') {
  const api = engine.api();
  const buckets: Record<string, Record<string, number>> = {};
  const cues: Record<string, Record<string, number>> = {};
  const heat: Record<string, number> = {};
  const people: Record<string, number> = {};
  let unknown = 0;
  for (const { name, log } of await logs(api)) {
    const expr = bucket === 'day' ? engine.local.day : engine.local.month;
    for (const row of await query<{ b: string; c: string; n: unknown }>(api, `SELECT ${expr} AS b, "ChangeCue" AS c, count(*) AS n FROM ${log} WHERE ${where} GROUP BY 1, 2`)) {
      (buckets[row.b] ??= {})[name] = ((buckets[row.b] ??= {})[name] ?? 0) + Number(row.n);
      (cues[row.b] ??= {})[row.c] = ((cues[row.b] ??= {})[row.c] ?? 0) + Number(row.n);
    }
    for (const row of await query<{ w: unknown; h: unknown; n: unknown }>(api, `SELECT ${engine.local.weekday} AS w, ${engine.local.hour} AS h, count(*) AS n FROM ${log} WHERE ${where} GROUP BY 1, 2`)) {
      heat[`${Number(row.w)} ${Number(row.h)}`] = (heat[`${Number(row.w)} ${Number(row.h)}`] ?? 0) + Number(row.n);
    }
    for (const row of await query<{ p: unknown; n: unknown }>(api, `SELECT "ByID" AS p, count(*) AS n FROM ${log} WHERE ${where} GROUP BY 1`)) {
      if (row.p === null) unknown += Number(row.n);
      else people[String(row.p)] = (people[String(row.p)] ?? 0) + Number(row.n);
    }
  }
  return { buckets, cues, heat, people, unknown };
}

function chartNumbers(insights: Insights) {
  const buckets: Record<string, Record<string, number>> = {};
  const cues: Record<string, Record<string, number>> = {};
  for (const b of insights.buckets) {
    if (b.total === 0) continue;
    buckets[b.key] = b.byTable;
    cues[b.key] = b.byCue as Record<string, number>;
    expect(Object.values(b.byTable).reduce((x, y) => x + y, 0)).toBe(b.total);
  }
  const heat: Record<string, number> = {};
  insights.heatmap.forEach((row, w) => row.forEach((n, h) => n && (heat[`${w + 1} ${h}`] = n)));
  return { buckets, cues, heat };
}

describe.each(ENGINES)('insights on the demo, $name', (engine) => {
  it('equals hand-written SQL counts over the whole history, per month', async () => {
    const insights = await engine.api().getInsights({ filter: { timeZone: engine.timeZone }, people: 'all', split: 'cue' });
    expect(insights.granularity).toBe<InsightsGranularity>('month');
    const hand = await byHand(engine, '1 = 1', 'month');
    expect(chartNumbers(insights)).toEqual({ buckets: hand.buckets, cues: hand.cues, heat: hand.heat });
    expect(Object.fromEntries(insights.people.map((p) => [String(p.id), p.count]))).toEqual(hand.people);
    expect(insights.unknownPerson).toBe(hand.unknown);
    expect(insights.unreadableTimes).toBe(0);
    // Ten most active by default, most first, then the rest counted.
    const top = await engine.api().getInsights({ filter: { timeZone: engine.timeZone } });
    expect(top.people).toEqual(insights.people.slice(0, 10));
    expect(top.otherPeople.count).toBe(insights.people.slice(10).reduce((n, p) => n + p.count, 0));
  });

  it('equals hand-written SQL counts for a month narrowed by tables and cues, per day', async () => {
    const api = engine.api();
    const tables = (await logs(api)).slice(0, 2);
    // The busiest month of the demo's history, on the zone's clock.
    const whole = await api.getInsights({ filter: { timeZone: engine.timeZone } });
    const busiest = [...whole.buckets].sort((a, b) => b.total - a.total)[0]!;
    const filter: ActivityFilter = { timeZone: engine.timeZone, from: busiest.from, to: busiest.to, tables: tables.map((t) => t.name), cues: ['Modified', 'Deleted'] };
    const insights = await api.getInsights({ filter, people: 'all' });
    expect(insights.granularity).toBe('day');
    const inPeriod = `${engine.local.day} BETWEEN '${busiest.from}' AND '${busiest.to}' AND "ChangeCue" IN ('Modified', 'Deleted')`;
    const hand = await byHand({ ...engine, api: () => api }, inPeriod, 'day');
    const named = new Set(tables.map((t) => t.name));
    for (const key of Object.keys(hand.buckets)) for (const t of Object.keys(hand.buckets[key]!)) if (!named.has(t)) delete hand.buckets[key]![t];
    const numbers = chartNumbers(insights);
    expect(numbers.buckets).toEqual(Object.fromEntries(Object.entries(hand.buckets).filter(([, v]) => Object.keys(v).length)));
    expect(insights.total).toBeGreaterThan(0);
    // Every bucket's count is the count Activity gives for its days.
    const day = insights.buckets.find((b) => b.total > 0)!;
    const page = await api.listActivity({ filter: { ...filter, from: day.from, to: day.to }, withTotal: true, exactTotal: true });
    expect(page.total).toBe(day.total);
  });
});

it('gives the same numbers on both engines for the same seed and zone', async () => {
  for (const timeZone of ['Asia/Kathmandu', 'Europe/London']) {
    const [a, b] = await Promise.all([sqlite.getInsights({ filter: { timeZone }, people: 'all', split: 'cue' }), postgres.getInsights({ filter: { timeZone }, people: 'all', split: 'cue' })]);
    expect(b).toEqual(a);
  }
});
