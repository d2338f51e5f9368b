/**
 * Insights on SQLite where a log has an index leading with its time: counted along that index an
 * hour at a time (db/queries/insights/hour-walk.ts), never by sorting the log's rows, with the
 * same numbers as the grouping a log without such an index gets, whatever its times hold.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { GetInsightsRequest } from '../../shared/contract';
import type { Insights } from '../../shared/insights';
import { openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

/** A replica with Shift_log holding `times` (as SQL literals), with or without the time index. */
function replica(name: string, times: readonly string[], timeIndex: boolean): string {
  const file = path.join(dir, `${name}.sqlite`);
  const db = new Database(file);
  db.exec(`CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
    INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice'), (2, 'Bob Baker', 'bob');
    CREATE TABLE "Shift" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
    CREATE TABLE "Shift_log" ("ID" INTEGER PRIMARY KEY, "ShiftID" INTEGER, "Name" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime", "ChangeCue" TEXT);
    CREATE INDEX "Shift_log_by_parent" ON "Shift_log" ("ShiftID", "ByTime", "ID");
    CREATE INDEX "Shift_log_by_person" ON "Shift_log" ("ByID", "ByTime");
    ${timeIndex ? 'CREATE INDEX "Shift_log_by_time" ON "Shift_log" ("ByTime", "ID", "ByID", "ChangeCue");' : ''}`);
  const cues = ['Added', 'Modified', 'Deleted', ' modified', 'Restored'];
  times.forEach((time, i) => {
    db.exec(`INSERT INTO "Shift_log" VALUES (${i + 1}, ${(i % 3) + 1}, 'n', ${i % 4 === 3 ? 'NULL' : (i % 2) + 1}, NULL, ${time}, '${cues[i % cues.length]}')`);
  });
  db.close();
  return file;
}

/** Times in the common shape only, around London's and New York's DST changes and in several hours. */
const COMMON = [
  "'2024-03-10 06:30:00'",
  "'2024-03-10T07:15:00Z'",
  "'2024-03-10 07:14:59'",
  "'2024-03-10 07:45:00'",
  "'2024-03-31 00:59:59'",
  "'2024-03-31 01:00:00'",
  "'2024-10-27 00:30:00'",
  "'2024-10-27 01:30:00'",
  "'2024-10-27T01:30:00'",
  "'2024-11-03 05:59:59Z'",
  "'2024-11-03 06:00:00'",
  "'2023-12-31 23:59:59'",
  // Moncton's clocks went forward at 00:01 local (04:01 UTC) on 4 April 1993, Gaza's at 00:01 (22:01 UTC) on 26 March 2010:
  // whole-hour zones whose change is inside a UTC hour (the tz database has such changes in eight zones since 1970).
  "'1993-04-04 04:00:30'",
  "'1993-04-04 04:30:00'",
  "'2010-03-26 22:00:30'",
  "'2010-03-26 22:45:00'",
];

/** The common shape among every other thing a log's time may hold. */
const HOSTILE = [
  ...COMMON,
  'NULL',
  "''",
  "'garbage'",
  "'2024-02-30 10:00:00'",
  "'2024-03-10 07:14:59.5'",
  "'2024-03-10T12:45:00+05:30'",
  "'2024-03-10t08:00:00'",
  "'2024-03-10 0'",
  "'2024-03-10 07:61:00'",
  "'2024-03-10 07:15:00 '",
  "'2024-03-10 07'",
  "'2024-03-10 07:1'",
  "CAST(x'323032342d30332d31302030373a31353a3030ff' AS TEXT)",
  "CAST(x'ff' AS TEXT)",
  "x'323032342d30332d31302030373a31353a3030'",
  '1710052200',
  '1710054899.5',
  "'2024-03-10 07:30:00Z'",
];

const REQUESTS: GetInsightsRequest[] = [];
for (const timeZone of ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Moncton', 'Asia/Gaza']) {
  for (const split of ['table', 'cue'] as const) REQUESTS.push({ filter: { timeZone }, split, granularity: 'day', people: 'all' });
}
REQUESTS.push({ filter: { timeZone: 'Asia/Kolkata', from: '2024-03-10', to: '2024-03-31' }, split: 'cue', granularity: 'day' });
REQUESTS.push({ filter: { timeZone: 'Europe/London', cues: ['Modified'] }, split: 'table', granularity: 'day' });

type PlanRow = { id: number; parent: number; detail: string };

/** SQLite's plan of a statement, its parameters bound to NULL (better-sqlite3 does not say how many it has). */
function planOf(raw: Database.Database, source: string): PlanRow[] {
  const statement = raw.prepare(`EXPLAIN QUERY PLAN ${source}`);
  for (let n = 0; n <= (source.match(/\?/g) ?? []).length; n++) {
    try {
      return statement.all(...Array<null>(n).fill(null)) as PlanRow[];
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  throw new Error(`No plan for ${source}`);
}

async function insightsOf(file: string, requests: readonly GetInsightsRequest[] = REQUESTS): Promise<Insights[]> {
  const api = await openSource({ kind: 'sqlite', file });
  try {
    const out: Insights[] = [];
    for (const request of requests) out.push(await api.getInsights(request));
    return out;
  } finally {
    await api.close();
  }
}

describe('insights along the time index (SQLite)', () => {
  it('sorts no more than one hour of the log at a time over the whole history', async () => {
    const file = replica('walk-plans', COMMON, true);
    const prepared = new Set<string>();
    // Every statement the app prepares while counting, read back as SQLite plans it.
    const original = Database.prototype.prepare;
    Database.prototype.prepare = function (this: Database.Database, source: string) {
      prepared.add(source);
      return original.call(this, source);
    } as typeof original;
    let results: Insights[];
    try {
      // Unfiltered requests: a period's or a cue filter's people are counted from the rows the filter
      // keeps, grouped by person (and stored cue): a sort of those rows, as before.
      results = await insightsOf(
        file,
        REQUESTS.filter((r) => Object.keys(r.filter ?? {}).length === 1),
      );
    } finally {
      Database.prototype.prepare = original;
    }
    expect(results[0]!.total).toBe(COMMON.length);
    // 04:00:30 UTC was 00:00 in Moncton (AST), 04:30 was 01:30 (ADT): two hours, though one UTC hour
    // (with 05:59:59 UTC on 3 November 2024, 01:59 AST).
    const moncton = results.find((r) => r.timeZone === 'America/Moncton' && r.split === 'table')!;
    expect([moncton.heatmap[6]![0], moncton.heatmap[6]![1]]).toEqual([1, 2]);
    const raw = new Database(file, { readonly: true });
    try {
      const counting = [...prepared].filter((s) => s.includes('"Shift_log"') && /GROUP BY|count\(/i.test(s) && !/^\s*EXPLAIN/i.test(s));
      expect(counting.length).toBeGreaterThan(0);
      for (const source of counting) {
        const plan = planOf(raw, source);
        const byId = new Map(plan.map((row) => [row.id, row]));
        // A statement reading one range of times, or one time (an hour not in one local hour, read by its stored times).
        const ranged = plan.some((r) => /SEARCH .*\(ByTime(>\? AND ByTime<\?|=\?)\)/.test(r.detail));
        for (const row of plan.filter((r) => /TEMP B-TREE/.test(r.detail) && !ranged)) {
          // A sort inside a correlated subquery sorts one hour's rows; any other sorts the log's.
          let up = byId.get(row.parent);
          while (up && !/CORRELATED/.test(up.detail)) up = byId.get(up.parent);
          expect(up, `${row.detail} in ${source.replace(/\s+/g, ' ').slice(0, 200)}`).toBeDefined();
        }
      }
    } finally {
      raw.close();
    }
  });

  it('counts exactly as the grouping without the index, whatever the times hold', async () => {
    const walked = await insightsOf(replica('walk-hostile', HOSTILE, true));
    const grouped = await insightsOf(replica('group-hostile', HOSTILE, false));
    expect(walked).toEqual(grouped);
    expect(walked[0]!.total).toBe(HOSTILE.length);
    expect(walked[0]!.unreadableTimes).toBeGreaterThan(5);
  });
});
