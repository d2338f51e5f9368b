/**
 * Time is exact in every zone: stored times keep their microseconds end to end, day filters are
 * whole days of the zone asked for whatever zone this process or the server runs in, and pages
 * (a record's log, Activity across logs) lose and repeat nothing at sub-millisecond ties. Run with
 * the process `TZ` east and west of UTC (npm test does both) against a cluster in a third zone.
 *
 * On PostgreSQL `Meter_log.ByTime` is a `timestamp` (UTC by the model) and `Gauge_log.ByTime` a
 * `timestamptz`; on SQLite both are text with six fraction digits. `Probe_log.ByTime` may be NULL or
 * unreadable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../../db/index';
import type { ActivityEntry, ActivityFilter, HistoryEntry, HistoryFilter } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource, type EngineKind } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { tempDir } from './fixtures/replica';

function fixture(engine: EngineKind): string {
  const pg = engine === 'postgres';
  const plain = pg ? 'timestamp' : 'TEXT';
  const zoned = pg ? 'timestamptz' : 'TEXT';
  // timestamptz literals carry their offset: the cluster runs in a zone of its own.
  const z = (text: string) => (pg ? `${text}+00` : `${text.replace(' ', 'T')}Z`);
  return `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Ann Admin', 'ann');
CREATE TABLE "Meter" ("ID" INTEGER PRIMARY KEY, "Reading" INTEGER, "ReadAt" ${plain});
INSERT INTO "Meter" VALUES (1, 5, '2024-03-30 18:29:59.123999');
CREATE TABLE "Meter_log" ("ID" INTEGER PRIMARY KEY, "MeterID" INTEGER, "Reading" INTEGER, "ReadAt" ${plain},
  "ByID" INTEGER, "ByName" TEXT, "ByTime" ${plain} NOT NULL, "ChangeCue" TEXT);
INSERT INTO "Meter_log" VALUES
 (1, 1, 1, '2024-03-30 18:29:59.123456', 1, 'Ann Admin', '2024-03-30 18:29:59.999999', 'Added'),
 (2, 1, 1, '2024-03-30 18:29:59.123999', 1, 'Ann Admin', '2024-03-30 18:30:00.000000', 'Modified'),
 (3, 1, 2, '2024-03-30 18:29:59.123999', 1, 'Ann Admin', '2024-03-30 18:30:00.000001', 'Modified'),
 (4, 1, 3, '2024-03-30 18:29:59.123999', 1, 'Ann Admin', '2024-03-30 18:30:00.000001', 'Modified'),
 (5, 1, 4, '2024-03-30 18:29:59.123999', 1, 'Ann Admin', '2024-03-31 03:59:59.999999', 'Modified'),
 (6, 1, 5, '2024-03-30 18:29:59.123999', 1, 'Ann Admin', '2024-03-31 04:00:00', 'Modified');
CREATE INDEX "IX_Meter_log" ON "Meter_log" ("MeterID", "ByTime", "ID");

CREATE TABLE "Gauge" ("ID" INTEGER PRIMARY KEY, "Level" INTEGER);
CREATE TABLE "Gauge_log" ("ID" INTEGER PRIMARY KEY, "GaugeID" INTEGER, "Level" INTEGER,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" ${zoned} NOT NULL, "ChangeCue" TEXT);
INSERT INTO "Gauge" VALUES (1, 3);
INSERT INTO "Gauge_log" VALUES
 (1, 1, 1, 1, 'Ann Admin', '${z('2024-03-30 18:30:00.000000')}', 'Added'),
 (2, 1, 2, 1, 'Ann Admin', '${z('2024-03-30 18:30:00.000001')}', 'Modified'),
 (3, 1, 3, 1, 'Ann Admin', '${z('2024-03-31 03:59:59.999998')}', 'Modified');

CREATE TABLE "Probe" ("ID" INTEGER PRIMARY KEY, "Value" INTEGER);
CREATE TABLE "Probe_log" ("ID" INTEGER PRIMARY KEY, "ProbeID" INTEGER, "Value" INTEGER,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" ${plain}, "ChangeCue" TEXT);
INSERT INTO "Probe" VALUES (1, 4);
INSERT INTO "Probe_log" VALUES
 (1, 1, 1, 1, 'Ann Admin', '2024-01-01 10:00:00', 'Added'),
 (2, 1, 2, 1, 'Ann Admin', NULL, 'Modified'),
 (3, 1, 3, 1, 'Ann Admin', NULL, 'Modified'),
 (4, 1, 4, 1, 'Ann Admin', '${pg ? 'infinity' : 'not a time'}', 'Modified'),
 (5, 1, 5, 1, 'Ann Admin', '2024-01-02 10:00:00', 'Modified');
`;
}

const dir = tempDir();

describe.each(ENGINES)('on %s', (engine) => {
  let api: AuditService;

  beforeAll(async () => {
    api = await openSource(await fixtureSource(engine, dir, 'time-exact', fixture(engine)));
  });
  afterAll(() => api?.close());

  async function history(table: string, filter: HistoryFilter = {}, limit = 50): Promise<HistoryEntry[]> {
    return collectPages(async (cursor) => {
      const page = await api.getHistory({ table, id: 1, filter, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }
  async function activity(filter: ActivityFilter, limit: number): Promise<ActivityEntry[]> {
    return collectPages(async (cursor) => {
      const page = await api.listActivity({ filter, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }
  const ids = (entries: HistoryEntry[]) => entries.map((e) => e.logId);

  it('keeps the stored microseconds in every time it hands out', async () => {
    const entries = await history('Meter');
    expect(entries.map((e) => e.byTime)).toEqual([
      '2024-03-31T04:00:00.000Z',
      '2024-03-31T03:59:59.999999Z',
      '2024-03-30T18:30:00.000001Z',
      '2024-03-30T18:30:00.000001Z',
      '2024-03-30T18:30:00.000Z',
      '2024-03-30T18:29:59.999999Z',
    ]);
    const gauge = await history('Gauge');
    expect(gauge.map((e) => e.byTime)).toEqual(['2024-03-31T03:59:59.999998Z', '2024-03-30T18:30:00.000001Z', '2024-03-30T18:30:00.000Z']);
  });

  it('sees a change below the millisecond as a change', async () => {
    const [, , , , second] = await history('Meter');
    expect(second?.logId).toBe(2);
    expect(second?.changes.map((c) => c.field)).toEqual(['ReadAt']);
    const change = second!.changes[0]!;
    expect(change.old).not.toEqual(change.new);
    expect(String(change.old)).toContain('59.123456');
    expect(String(change.new)).toContain('59.123999');
  });

  it('pages through sub-millisecond ties without losing or repeating an entry', async () => {
    for (const limit of [1, 2, 3, 4, 5]) expect(ids(await history('Meter', {}, limit)), `page size ${limit}`).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('reads a day as the whole day of the zone asked for, whatever zone this process runs in', async () => {
    // Midnight in Kolkata (UTC+5:30) on 31 March is 18:30 UTC on the 30th; in New York (EDT) 04:00 UTC on the 31st.
    expect(ids(await history('Meter', { from: '2024-03-31', to: '2024-03-31', timeZone: 'Asia/Kolkata' }))).toEqual([6, 5, 4, 3, 2]);
    expect(ids(await history('Meter', { to: '2024-03-30', timeZone: 'America/New_York' }))).toEqual([5, 4, 3, 2, 1]);
    expect(ids(await history('Meter', { from: '2024-03-31', timeZone: 'America/New_York' }))).toEqual([6]);
    expect(ids(await history('Gauge', { from: '2024-03-31', timeZone: 'Asia/Kolkata' }))).toEqual([3, 2, 1]);
    expect(ids(await history('Gauge', { to: '2024-03-30', timeZone: 'America/New_York' }))).toEqual([3, 2, 1]);
    expect(ids(await history('Gauge', { from: '2024-03-31', timeZone: 'America/New_York' }))).toEqual([]);
  });

  it('merges Activity by the exact instant, ties by table, and pages it exactly', async () => {
    const expected = ['Meter 6', 'Meter 5', 'Gauge 3', 'Gauge 2', 'Meter 4', 'Meter 3', 'Gauge 1', 'Meter 2', 'Meter 1'];
    for (const limit of [1, 2, 3, 4, 50]) {
      const entries = await activity({ tables: ['Meter', 'Gauge'] }, limit);
      expect(entries.map((e) => `${e.table} ${e.logId}`), `page size ${limit}`).toEqual(expected);
    }
    const kolkata = await activity({ tables: ['Meter', 'Gauge'], from: '2024-03-31', to: '2024-03-31', timeZone: 'Asia/Kolkata' }, 2);
    expect(kolkata.map((e) => `${e.table} ${e.logId}`)).toEqual(expected.slice(0, 8));
  });

  it('finds the record as of an instant to the microsecond', async () => {
    const at = (instant: string) => api.getRecordAsOf({ table: 'Meter', id: 1, at: instant }).then((r) => r.entry?.logId);
    expect(await at('2024-03-30T18:30:00Z')).toBe(2);
    expect(await at('2024-03-30T18:30:00.000001Z')).toBe(4);
    expect(await at('2024-03-30T18:29:59.999998Z')).toBe(undefined);
    expect(await at('2024-03-31T09:29:59.999999+05:30')).toBe(5);
  });

  describe('an entry whose time cannot be read', () => {
    // The database orders rows without a time: NULL sorts first (newest) on PostgreSQL, last on
    // SQLite; unreadable text by its text (after every digit).
    const expected = engine === 'postgres' ? [3, 2, 4, 5, 1] : [4, 5, 1, 3, 2];

    it('is shown, flagged, in the stated place, and paging passes it exactly once', async () => {
      for (const limit of [1, 2, 3, 50]) expect(ids(await history('Probe', {}, limit)), `page size ${limit}`).toEqual(expected);
      const entries = await history('Probe');
      const byId = new Map(entries.map((e) => [e.logId, e]));
      expect(byId.get(2)).toMatchObject({ byTime: null, storedTime: null });
      expect(byId.get(4)).toMatchObject({ byTime: null, storedTime: engine === 'postgres' ? 'infinity' : 'not a time' });
      expect(byId.get(5)?.byTime).toBe('2024-01-02T10:00:00.000Z');
      // Nothing that promises an ISO time carries anything else.
      for (const entry of entries) expect(entry.byTime === null || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,9}Z$/.test(entry.byTime)).toBe(true);
    });

    it('does not disable the table, and Activity passes it exactly once on every page size', async () => {
      const all = (await activity({}, 50)).map((e) => `${e.table} ${e.logId}`);
      expect(all).toHaveLength(6 + 3 + 5);
      expect(new Set(all).size).toBe(all.length);
      for (const limit of [1, 2, 3, 5]) expect((await activity({}, limit)).map((e) => `${e.table} ${e.logId}`), `page size ${limit}`).toEqual(all);
      expect((await api.listTables({})).tables.map((t) => t.name)).toContain('Probe');
    });

    it('is left out of a date range, which only readable times can fall in', async () => {
      expect(ids(await history('Probe', { from: '2024-01-01', to: '2024-12-31', timeZone: 'UTC' }))).toEqual([5, 1]);
    });
  });
});
