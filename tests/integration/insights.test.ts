/**
 * Insights (getInsights) once per engine on a fixture whose times sit around a daylight-saving
 * change and in zones with half- and quarter-hour offsets, stored in several text shapes (some
 * only the codec reads, some nobody can), with entries whose person is unknown; and Activity's
 * hour-of-week filter, which a heat-map cell opens, agreeing with the cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../../db/index';
import type { ActivityEntry, ActivityFilter } from '../../shared/domain';
import type { Insights } from '../../shared/insights';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { tempDir } from './fixtures/replica';

/**
 * Shift_log: times in several shapes. UTC instants, and where they are on three clocks:
 *   id  stored                         UTC             New York          Kolkata      Kathmandu
 *   1   2024-03-10 06:30:00            06:30           Sun 01:30 EST     Sun 12:00    Sun 12:15
 *   2   2024-03-10T07:15:00Z           07:15           Sun 03:15 EDT     Sun 12:45    Sun 13:00
 *   3   2024-03-10T12:45:00+05:30      07:15           Sun 03:15 EDT     Sun 12:45    Sun 13:00
 *   4   2024-03-10 07:14:59.5          07:14:59.5      Sun 03:14 EDT     Sun 12:44    Sun 12:59
 *   5   2024-03-10t08:00:00            08:00 (codec)   Sun 04:00 EDT     Sun 13:30    Sun 13:45
 *   6   2024-03-10T13:30:00+0530       08:00 (codec)   Sun 04:00 EDT     Sun 13:30    Sun 13:45
 *   7   2024-03-10 04:59:00            04:59           Sat 23:59 EST     Sun 10:29    Sun 10:44
 *   8   NULL                           unreadable
 *   9   garbage                        unreadable
 *  10   2024-02-30 10:00:00            unreadable (not on the calendar)
 *  11   2024-10-27 00:30:00            00:30           Sat 20:30 EDT     Sun 06:00    Sun 06:15
 *  12   2024-10-27 01:30:00            01:30           Sat 21:30 EDT     Sun 07:00    Sun 07:15
 * (11 and 12 are both 01:30 on London's clock: BST then GMT.)
 * People: Alice (1) ids 1-4, Bob (2) 5-7 and 11, nobody recorded on 8-10 and 12.
 * Cues: Added 1, 2; Deleted 3; the rest Modified (6 stored as ' modified').
 */
const FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice'), (2, 'Bob Baker', 'bob');
CREATE TABLE "Shift" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
INSERT INTO "Shift" VALUES (1, 'Night'), (2, 'Day');
CREATE TABLE "Shift_log" ("ID" INTEGER PRIMARY KEY, "ShiftID" INTEGER, "Name" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Shift_log" VALUES
 (1, 1, 'Night', 1, 'Alice Archer', '2024-03-10 06:30:00', 'Added'),
 (2, 2, 'Day', 1, 'Alice Archer', '2024-03-10T07:15:00Z', 'Added'),
 (3, 2, 'Day', 1, 'Alice Archer', '2024-03-10T12:45:00+05:30', 'Deleted'),
 (4, 1, 'Night 2', 1, 'Alice Archer', '2024-03-10 07:14:59.5', 'Modified'),
 (5, 1, 'Night 3', 2, 'Bob Baker', '2024-03-10t08:00:00', 'Modified'),
 (6, 1, 'Night 4', 2, 'Bob Baker', '2024-03-10T13:30:00+0530', ' modified'),
 (7, 1, 'Night 5', 2, 'Bob Baker', '2024-03-10 04:59:00', 'Modified'),
 (8, 1, 'Night 6', NULL, NULL, NULL, 'Modified'),
 (9, 1, 'Night 7', NULL, NULL, 'garbage', 'Modified'),
 (10, 1, 'Night 8', NULL, NULL, '2024-02-30 10:00:00', 'Modified'),
 (11, 1, 'Night 9', 2, 'Bob Baker', '2024-10-27 00:30:00', 'Modified'),
 (12, 1, 'Night 10', NULL, NULL, '2024-10-27 01:30:00', 'Modified');
CREATE INDEX "IX_Shift_log_history" ON "Shift_log" ("ShiftID", "ByTime", "ID");
CREATE INDEX "IX_Shift_log_time" ON "Shift_log" ("ByTime", "ID");
`;

/** A log whose ids (SQLite's rowids) are far apart: 1 to 999,999. */
const SPREAD = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice');
CREATE TABLE "Badge" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
CREATE TABLE "Badge_log" ("ID" INTEGER PRIMARY KEY, "BadgeID" INTEGER, "Name" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Badge_log" VALUES
 (1, 1, 'a', 1, 'Alice Archer', '2024-05-01 09:00:00', 'Added'),
 (249999, 2, 'b', 1, 'Alice Archer', '2024-05-01 09:10:00', 'Added'),
 (250000, 1, 'c', 1, 'Alice Archer', '2024-05-01 09:20:00', 'Modified'),
 (500000, 1, 'd', 1, 'Alice Archer', '2024-05-02 23:00:00', 'Modified'),
 (750001, 1, 'e', 1, 'Alice Archer', '2024-05-02 23:30:00', 'Modified'),
 (999999, 2, 'b', 1, 'Alice Archer', '2024-05-02 23:59:59', 'Deleted');
CREATE INDEX "IX_Badge_log_history" ON "Badge_log" ("BadgeID", "ByTime", "ID");
`;

const dir = tempDir();

/** The non-zero heat-map cells as `weekday hour: count`. */
function cells(insights: Insights): Record<string, number> {
  const out: Record<string, number> = {};
  insights.heatmap.forEach((row, w) => row.forEach((n, h) => n && (out[`${w + 1} ${String(h).padStart(2, '0')}`] = n)));
  return out;
}

describe.each(ENGINES)('insights on %s', (engine) => {
  let api: AuditService;

  beforeAll(async () => {
    api = await openSource(await fixtureSource(engine, dir, 'insights', FIXTURE), { organisation: { timeZone: 'Asia/Kathmandu' } });
  });
  afterAll(() => api?.close());

  it('places every readable time in its hour on the zone’s clock, across a DST change and in +05:30 and +05:45', async () => {
    const ny = await api.getInsights({ filter: { timeZone: 'America/New_York' } });
    expect(cells(ny)).toEqual({ '7 01': 1, '7 03': 3, '7 04': 2, '6 23': 1, '6 20': 1, '6 21': 1 });
    const kolkata = await api.getInsights({ filter: { timeZone: 'Asia/Kolkata' } });
    expect(cells(kolkata)).toEqual({ '7 12': 4, '7 13': 2, '7 10': 1, '7 06': 1, '7 07': 1 });
    // The organisation's zone by default: Kathmandu, where 07:14:59.5 and 07:15 UTC are in different hours.
    const kathmandu = await api.getInsights({});
    expect(kathmandu.timeZone).toBe('Asia/Kathmandu');
    expect(cells(kathmandu)).toEqual({ '7 12': 2, '7 13': 4, '7 10': 1, '7 06': 1, '7 07': 1 });
  });

  it('counts unreadable times apart, in the total and the people but in no bucket or cell', async () => {
    const ny = await api.getInsights({ filter: { timeZone: 'America/New_York' }, granularity: 'day' });
    expect(ny.total).toBe(12);
    expect(ny.unreadableTimes).toBe(3);
    expect(ny.buckets.reduce((n, b) => n + b.total, 0)).toBe(9);
    expect(ny.from).toBe('2024-03-09');
    expect(ny.to).toBe('2024-10-26');
    const byDay = Object.fromEntries(ny.buckets.filter((b) => b.total).map((b) => [b.key, b.total]));
    expect(byDay).toEqual({ '2024-03-09': 1, '2024-03-10': 6, '2024-10-26': 2 });
    expect(ny.buckets.length).toBe(232);
  });

  it('credits nobody with entries whose person the log does not record', async () => {
    const all = await api.getInsights({ filter: { timeZone: 'UTC' } });
    expect(all.people).toEqual([
      { id: 1, name: 'Alice Archer', count: 4 },
      { id: 2, name: 'Bob Baker', count: 4 },
    ]);
    expect(all.unknownPerson).toBe(4);
    expect(all.otherPeople).toEqual({ people: 0, count: 0 });
    const top1 = await api.getInsights({ filter: { timeZone: 'UTC' }, people: 1 });
    expect(top1.people.map((p) => p.id)).toEqual([1]);
    expect(top1.otherPeople).toEqual({ people: 1, count: 4 });
  });

  it('splits buckets by cue as normalizeChangeCue reads them, and filters by cue, person and days exactly', async () => {
    const all = await api.getInsights({ filter: { timeZone: 'UTC' }, granularity: 'month', split: 'cue' });
    // Split by table only, the cues are not read.
    expect((await api.getInsights({ filter: { timeZone: 'UTC' }, granularity: 'month' })).buckets.find((b) => b.key === '2024-03-01')!.byCue).toEqual({});
    const march = all.buckets.find((b) => b.key === '2024-03-01')!;
    expect(march.byCue).toEqual({ Added: 2, Deleted: 1, Modified: 4 });
    expect(march.byTable).toEqual({ Shift: 7 });
    const modified = await api.getInsights({ filter: { timeZone: 'UTC', cues: ['Modified'], by: { kind: 'person', personId: 2 } } });
    expect(modified.total).toBe(4);
    const days = await api.getInsights({ filter: { timeZone: 'America/New_York', from: '2024-03-10', to: '2024-03-10' } });
    expect(days.total).toBe(6);
    expect(days.buckets.map((b) => [b.key, b.total])).toEqual([['2024-03-10', 6]]);
    expect(days.granularity).toBe('day');
  });

  it('narrows to one record for its timeline', async () => {
    const record = await api.getInsights({ filter: { timeZone: 'UTC' }, record: { table: 'Shift', id: 2 } });
    expect(record.total).toBe(2);
    expect(record.buckets.length).toBe(1);
  });

  it('refuses a field filter and a wrong granularity in one sentence each', async () => {
    await expect(api.getInsights({ filter: { field: 'Name' } })).rejects.toThrow(/cannot be narrowed by field/);
    await expect(api.getInsights({ granularity: 'year' as never })).rejects.toThrow(/granularity must be one of/);
  });

  describe('Activity by hours of the week (a heat-map cell)', () => {
    async function activity(filter: ActivityFilter): Promise<ActivityEntry[]> {
      return collectPages(async (cursor) => {
        const page = await api.listActivity({ filter, limit: 2, cursor });
        return { items: page.entries, nextCursor: page.nextCursor };
      });
    }

    it('lists exactly the cell’s entries, on the filter’s clock', async () => {
      const ny = await activity({ timeZone: 'America/New_York', hoursOfWeek: [{ weekday: 7, hour: 3 }] });
      expect(ny.map((e) => e.logId).sort()).toEqual([2, 3, 4]);
      const kathmandu = await activity({ timeZone: 'Asia/Kathmandu', hoursOfWeek: [{ weekday: 7, hour: 13 }] });
      expect(kathmandu.map((e) => e.logId).sort()).toEqual([2, 3, 5, 6]);
      const london = await activity({ timeZone: 'Europe/London', hoursOfWeek: [{ weekday: 7, hour: 1 }], from: '2024-10-27', to: '2024-10-27' });
      expect(london.map((e) => e.logId).sort()).toEqual([11, 12]);
    });

    it('agrees with the heat map cell by cell', async () => {
      for (const timeZone of ['America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) {
        const insights = await api.getInsights({ filter: { timeZone } });
        for (const [cell, n] of Object.entries(cells(insights))) {
          const [weekday, hour] = cell.split(' ').map(Number) as [number, number];
          expect((await activity({ timeZone, hoursOfWeek: [{ weekday, hour }] })).length, `${timeZone} ${cell}`).toBe(n);
        }
      }
    });

    it('gives no SQL-only total for it, and refuses a malformed hour', async () => {
      const page = await api.listActivity({ filter: { timeZone: 'UTC', hoursOfWeek: [{ weekday: 7, hour: 7 }] }, withTotal: true });
      expect(page.total).toBeNull();
      await expect(api.listActivity({ filter: { hoursOfWeek: [{ weekday: 8, hour: 1 }] } })).rejects.toThrow(/weekday from 1/);
    });
  });

  it('counts a log whose ids span more than one read of rowids exactly once each', async () => {
    // On SQLite a whole large log is grouped a range of rowids at a time (250,000 each).
    const spread = await openSource(await fixtureSource(engine, dir, 'insights-spread', SPREAD));
    try {
      const all = await spread.getInsights({ filter: { timeZone: 'UTC' }, granularity: 'day', split: 'cue' });
      expect(all.total).toBe(6);
      expect(all.buckets.filter((b) => b.total).map((b) => [b.key, b.total, b.byCue])).toEqual([
        ['2024-05-01', 3, { Added: 2, Modified: 1 }],
        ['2024-05-02', 3, { Modified: 2, Deleted: 1 }],
      ]);
      expect(cells(all)).toEqual({ '3 09': 3, '4 23': 3 });
      expect(all.people).toEqual([{ id: 1, name: 'Alice Archer', count: 6 }]);
    } finally {
      await spread.close();
    }
  });

  it.runIf(engine === 'sqlite')('reads epoch seconds and milliseconds stored as numbers, to the quarter hour', async () => {
    const epoch = await openSource(
      await fixtureSource(engine, dir, 'insights-epoch', `${SPREAD.split('INSERT INTO "Badge_log"')[0]!.replace('"ByTime" TEXT', '"ByTime" NUMERIC')}
INSERT INTO "Badge_log" VALUES (1, 1, 'a', 1, 'Alice Archer', 1710052200, 'Added'), (2, 1, 'b', 1, 'Alice Archer', 1710054900000, 'Modified'),
 (3, 1, 'c', 1, 'Alice Archer', 1710054899.5, 'Modified'), (4, 1, 'd', 1, 'Alice Archer', 1e999, 'Modified');`),
    );
    try {
      const kathmandu = await epoch.getInsights({ filter: { timeZone: 'Asia/Kathmandu' } });
      expect(cells(kathmandu)).toEqual({ '7 12': 2, '7 13': 1 });
      expect(kathmandu.unreadableTimes).toBe(1);
    } finally {
      await epoch.close();
    }
  });

  it('is for admins, except a readable record’s timeline', async () => {
    const user = await openSource(await fixtureSource(engine, dir, 'insights-user', FIXTURE), { osLogin: 'bob', roles: { admins: [1] } });
    try {
      await expect(user.getInsights({})).rejects.toThrow(/Insights is for admins/);
      expect((await user.getInsights({ record: { table: 'Shift', id: 1 }, filter: { timeZone: 'UTC' } })).total).toBe(10);
    } finally {
      await user.close();
    }
  });
});
