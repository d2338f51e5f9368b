/**
 * Log health (issue 12, part 5), once per engine: every figure equals a hand-written SQL count,
 * the retention boundary falls exactly at midnight of the organisation's zone east and west of
 * UTC, months are the zone's months, and a log without the app's indexes is reported with the
 * statements to add them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { dayRangeToUtc } from '../../shared/day-range';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

/** Event_log: times around the retention cutoffs of 15 June 2026 less 24 months, in Kolkata and New York. */
const HEALTH_FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice'), (2, 'Bob Baker', 'bob');
CREATE TABLE "Event" ("ID" INTEGER PRIMARY KEY, "Title" TEXT);
INSERT INTO "Event" VALUES (1, 'Kick-off');
CREATE TABLE "Event_log" ("ID" INTEGER PRIMARY KEY, "EventID" INTEGER, "Title" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Event_log" VALUES
 (1, 1, 'a', 1, 'Alice Archer', '2024-01-10 10:00:00', 'Added'),
 (2, 1, 'b', 1, 'Alice Archer', '2024-06-14 18:29:59', 'Modified'),
 (3, 1, 'c', 1, 'Alice Archer', '2024-06-14 18:30:00', 'Modified'),
 (4, 1, 'd', 2, 'Bob Baker', '2024-06-15 03:59:59', 'Modified'),
 (5, 1, 'e', 2, 'Bob Baker', '2024-06-15 04:00:00', 'Modified'),
 (6, 1, 'f', 2, 'Bob Baker', '2024-07-01 00:00:00', 'Modified'),
 (7, 1, 'g', 1, 'Alice Archer', '2025-03-31 23:30:00', 'Modified'),
 (8, 1, 'Kick-off', 1, 'Alice Archer', '2026-06-01 08:00:00', 'Modified'),
 (9, 1, 'Kick-off', 1, 'Alice Archer', NULL, 'Unchanged');
CREATE INDEX "IX_Event_log_history" ON "Event_log" ("EventID", "ByTime", "ID");
CREATE INDEX "IX_Event_log_time" ON "Event_log" ("ByTime", "ID", "ByID", "ChangeCue");
CREATE INDEX "IX_Event_log_person" ON "Event_log" ("ByID", "ByTime");
CREATE TABLE "Bare" ("ID" INTEGER PRIMARY KEY, "Title" TEXT);
CREATE TABLE "Bare_log" ("ID" INTEGER PRIMARY KEY, "BareID" INTEGER, "Title" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Bare_log" VALUES (1, 1, 'x', 1, 'Alice Archer', '2026-06-10 12:00:00', 'Added');
`;

const NOW = '2026-06-15T12:00:00Z';

describe.each(ENGINES)('on %s', (engine) => {
  let source: DataSource;
  const opened: AuditService[] = [];

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'log_health', HEALTH_FIXTURE);
  });
  afterAll(async () => {
    for (const api of opened) await api.close();
  });

  async function open(timeZone: string, extra = {}): Promise<AuditService> {
    const api = await openSource(source, { organisation: { timeZone, retentionMonths: 24 }, ...extra });
    opened.push(api);
    return api;
  }

  /** A hand-written count of Event_log's rows in `[from, to)` (stored times are UTC text). */
  async function handCount(api: AuditService, from: Date | null, to: Date | null): Promise<number> {
    const text = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
    const conditions = [sql`"ByTime" IS NOT NULL`];
    if (from) conditions.push(sql`"ByTime" >= ${text(from)}`);
    if (to) conditions.push(sql`"ByTime" < ${text(to)}`);
    const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM "Event_log" WHERE ${sql.join(conditions, sql` AND `)}`.execute(api.engine.db);
    return Number(rows[0]!.n);
  }

  for (const [zone, cutoff, older] of [
    ['Asia/Kolkata', '2024-06-14T18:30:00.000Z', 2],
    ['America/New_York', '2024-06-15T04:00:00.000Z', 4],
  ] as const) {
    it(`counts the rows older than the retention from midnight in ${zone}`, async () => {
      const api = await open(zone);
      const health = await api.getLogHealth({ now: NOW, tables: ['Event'] });
      expect(health.retention).toEqual({ months: 24, cutoff, timeZone: zone });
      const event = health.logs[0]!;
      expect(event.olderThanRetention).toBe(older);
      expect(event.olderThanRetention).toBe(await handCount(api, null, new Date(cutoff)));
    });

    it(`counts the entries of each month of ${zone}, as hand-written SQL does`, async () => {
      const api = await open(zone);
      const event = (await api.getLogHealth({ now: NOW, tables: ['Event'] })).logs[0]!;
      expect(event.perMonth).toHaveLength(30);
      expect(event.perMonth![0]!.month).toBe('2024-01');
      expect(event.perMonth!.at(-1)!.month).toBe('2026-06');
      for (const { month, entries } of event.perMonth!) {
        const { fromUtc } = dayRangeToUtc({ from: `${month}-01`, timeZone: zone });
        const [y, m] = month.split('-').map(Number) as [number, number];
        const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
        const to = dayRangeToUtc({ from: `${next}-01`, timeZone: zone }).fromUtc;
        expect(entries, month).toBe(await handCount(api, fromUtc, to));
      }
      // 2025-03-31 23:30 UTC is already April in Kolkata, still March in New York.
      const april = event.perMonth!.find((m) => m.month === '2025-04')!.entries;
      expect(april).toBe(zone === 'Asia/Kolkata' ? 1 : 0);
      expect(event.perMonth!.reduce((sum, m) => sum + m.entries, 0)).toBe(8);
    });
  }

  it('gives rows, oldest and newest entry as the log holds them, and the rows without a time', async () => {
    const api = await open('UTC');
    const health = await api.getLogHealth({ now: NOW });
    expect(health.logs.map((l) => l.table)).toEqual(['Bare', 'Event']);
    const event = health.logs.find((l) => l.table === 'Event')!;
    const { rows } = await sql<{ n: unknown; lo: unknown; hi: unknown }>`SELECT count(*) AS n, min("ByTime") AS lo, max("ByTime") AS hi FROM "Event_log"`.execute(api.engine.db);
    expect(event).toMatchObject({
      logTable: 'Event_log',
      rows: Number(rows[0]!.n),
      rowsEstimated: false,
      oldest: '2024-01-10T10:00:00.000Z',
      newest: '2026-06-01T08:00:00.000Z',
      unreadableTimes: 1,
      missingIndexes: [],
    });
    expect(String(rows[0]!.lo)).toBe('2024-01-10 10:00:00');
    expect(event.rows).toBe(9);
    expect(event.sizeBytes).toBeGreaterThan(0);
  });

  it('gives the first figures at once, without the aggregates', async () => {
    const api = await open('UTC');
    const quick = (await api.getLogHealth({ now: NOW, detail: 'quick', tables: ['Event'] })).logs[0]!;
    expect(quick).toMatchObject({ rows: 9, oldest: '2024-01-10T10:00:00.000Z', newest: '2026-06-01T08:00:00.000Z', perMonth: null, olderThanRetention: null, sizeBytes: null });
  });

  it('reports a log without the indexes the app needs, with the statements to add them', async () => {
    const api = await open('UTC');
    const bare = (await api.getLogHealth({ now: NOW, tables: ['Bare'] })).logs[0]!;
    expect(bare.missingIndexes.map((h) => h.read)).toEqual(['history', 'activity', 'people']);
    const statements = bare.missingIndexes.map((h) => h.statements).join('\n');
    expect(statements).toContain('"Bare_log" ("BareID", "ByTime", "ID")');
    expect(statements).toContain('"Bare_log" ("ByTime", "ID", "ByID", "ChangeCue")');
    expect(statements).toContain('"Bare_log" ("ByID", "ByTime")');
    if (engine === 'postgres') expect(statements).toContain('CONCURRENTLY');
  });

  it('is for admins, and refuses a bad request in one sentence', async () => {
    const api = await open('UTC', { osLogin: 'bob', roles: { admins: [1] } });
    await expect(api.getLogHealth({})).rejects.toMatchObject({ code: 'forbidden' });
    const admin = await open('UTC');
    await expect(admin.getLogHealth({ now: 'yesterday' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(admin.getLogHealth({ tables: ['Nope'] })).rejects.toMatchObject({ code: 'unknown-table' });
  });
});
