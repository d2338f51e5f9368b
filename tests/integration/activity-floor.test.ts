/**
 * Activity read at the floor, once per engine: the cue filter by stored spellings (odd ones read
 * exactly as `normalizeChangeCue` reads them, with and without an index leading with the cue),
 * the field filter decided in SQL (first entries, a value that changes back, NULL ↔ value, a
 * masked field) with exact pages however rare the change, and the total estimated at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { normalizeChangeCue } from '../../shared/change-cue';
import type { ActivityEntry, ActivityFilter, ChangeCue } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource, writeToFixture } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

const PADDED_DELETED = `${' '.repeat(100)}deleted`;

/** Gadget_log: id, record, Phone, Income, cue (times rise with the id). */
const ROWS: Array<[number, number, string | null, string | null, string | null]> = [
  [1, 1, '111', 's1', 'Added'],
  [2, 1, '111', 's1', 'modified'],
  [3, 1, '222', 's1', 'Modified'],
  [4, 1, '111', 's2', 'Modified'], // Phone changes back
  [5, 1, null, 's2', 'Modified'], // value -> NULL
  [6, 1, '333', 's2', 'Modified'], // NULL -> value
  [7, 2, '444', null, 'Modified'], // first entry of record 2
  [8, 2, '444', null, ' deleted '],
  [9, 3, null, null, null], // legacy row, cue NULL
  [10, 3, '555', null, 'DELETE'],
  [11, 4, '666', 'x', 'Remove\t'],
  [12, 4, '666', 'x', 'No Change'],
  [13, 4, '777', 'x', 'bogus'],
  [14, 5, '', null, 'Modified'], // first entry, Phone empty: not a change of Phone
  [15, 6, null, 'z', PADDED_DELETED],
];

const literal = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
const values = ROWS.map(([id, rec, phone, secret, cue]) =>
  `(${id}, ${rec}, ${literal(phone)}, ${literal(secret)}, 1, 'Ann', '2024-01-01 00:00:${String(id).padStart(2, '0')}', ${literal(cue)})`,
).join(',\n');

/** The bulk log: 210,000 entries, of which only the two oldest (record 1's) set a Phone. */
const BULK_ROWS = 210_000;

const FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Ann', 'ann');
CREATE TABLE "Gadget" ("ID" INTEGER PRIMARY KEY, "Phone" TEXT, "Income" TEXT);
CREATE TABLE "Gadget_log" ("ID" INTEGER PRIMARY KEY, "GadgetID" INTEGER, "Phone" TEXT, "Income" TEXT,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT NOT NULL, "ChangeCue" TEXT);
INSERT INTO "Gadget_log" VALUES ${values};
CREATE INDEX "IX_Gadget_log_history" ON "Gadget_log" ("GadgetID", "ByTime", "ID");
CREATE INDEX "IX_Gadget_log_time" ON "Gadget_log" ("ByTime", "ID");
CREATE TABLE "Widget" ("ID" INTEGER PRIMARY KEY, "Phone" TEXT, "Income" TEXT);
CREATE TABLE "Widget_log" ("ID" INTEGER PRIMARY KEY, "WidgetID" INTEGER, "Phone" TEXT, "Income" TEXT,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT NOT NULL, "ChangeCue" TEXT);
INSERT INTO "Widget_log" SELECT * FROM "Gadget_log";
CREATE INDEX "IX_Widget_log_history" ON "Widget_log" ("WidgetID", "ByTime", "ID");
CREATE INDEX "IX_Widget_log_time" ON "Widget_log" ("ByTime", "ID");
CREATE INDEX "IX_Widget_log_cue" ON "Widget_log" ("ChangeCue", "ByTime");
CREATE TABLE "Bulk" ("ID" INTEGER PRIMARY KEY, "Phone" TEXT);
CREATE TABLE "Bulk_log" ("ID" INTEGER PRIMARY KEY, "BulkID" INTEGER, "Phone" TEXT,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT NOT NULL, "ChangeCue" TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BULK_ROWS})
INSERT INTO "Bulk_log" SELECT i, CASE WHEN i <= 2 THEN 1 ELSE i END, CASE WHEN i = 1 THEN '000' WHEN i = 2 THEN '999' END,
  1, 'Ann', '2023-06-01 00:00:00', 'Modified' FROM n;
CREATE INDEX "IX_Bulk_log_history" ON "Bulk_log" ("BulkID", "ByTime", "ID");
CREATE INDEX "IX_Bulk_log_time" ON "Bulk_log" ("ByTime", "ID");
ANALYZE "Bulk_log";
`;

describe.each(ENGINES)('Activity at the floor on %s', (engine) => {
  let api: AuditService;
  let revealing: AuditService;
  let source: DataSource;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'activity-floor', FIXTURE);
    const sensitivity = { 'Gadget.Income': 'masked' as const, 'Widget.Income': 'masked' as const };
    api = await openSource(source, { osLogin: 'ann', sensitivity });
    revealing = await openSource(source, { osLogin: 'ann', sensitivity, revealSensitive: true });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await revealing?.close();
  });

  async function activity(filter: ActivityFilter, limit = 50, service = api): Promise<ActivityEntry[]> {
    return collectPages(async (cursor) => {
      const page = await service.listActivity({ filter, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }
  const ids = (entries: ActivityEntry[]) => entries.map((e) => e.logId);
  /** The fixture's ids whose stored cue reads as one of `cues`, newest first. */
  const readingAs = (cues: ChangeCue[]) => ROWS.filter((r) => cues.includes(normalizeChangeCue(r[4]).cue)).map((r) => r[0]).reverse();

  describe.each(['Gadget', 'Widget'])('the cue filter on %s (Widget has an index leading with the cue)', (table) => {
    it('reads every stored spelling exactly as normalizeChangeCue does, on every page size', async () => {
      expect(readingAs(['Deleted'])).toEqual([15, 11, 10, 8]);
      expect(readingAs(['Other'])).toEqual([13, 9]);
      for (const cues of [['Deleted'], ['Other'], ['Added', 'Unchanged'], ['Modified', 'Other'], ['Deleted', 'Other']] as ChangeCue[][]) {
        for (const limit of [1, 2, 50]) {
          expect(ids(await activity({ tables: [table], cues }, limit)), `${cues.join('+')}, pages of ${limit}`).toEqual(readingAs(cues));
        }
      }
    });

    it('counts exactly what it lists', async () => {
      for (const cues of [['Deleted'], ['Other'], ['Modified']] as ChangeCue[][]) {
        const page = await api.listActivity({ filter: { tables: [table], cues }, withTotal: true });
        expect(page.total, cues.join('+')).toBe(readingAs(cues).length);
        expect(page.totalIsEstimate).toBeFalsy();
      }
    });
  });

  it('finds a spelling first written after the database was opened (Widget: its cues listed by the index)', async () => {
    const page = async () => ids((await api.listActivity({ filter: { tables: ['Widget'], cues: ['Deleted'] }, limit: 50 })).entries);
    expect(await page()).toEqual([15, 11, 10, 8]);
    await writeToFixture(source, `INSERT INTO "Widget_log" VALUES (16, 7, '888', NULL, 1, 'Ann', '2024-01-01 00:00:16', 'REMOVED');
      INSERT INTO "Widget_log" VALUES (17, 7, '888', NULL, 1, 'Ann', '2024-01-01 00:00:00', 'DELETE')`);
    expect([normalizeChangeCue('REMOVED').cue, normalizeChangeCue('DELETE').cue]).toEqual(['Deleted', 'Deleted']);
    expect(await page()).toEqual([16, 15, 11, 10, 8, 17]);
    const counted = await api.listActivity({ filter: { tables: ['Widget'], cues: ['Deleted'] }, withTotal: true });
    expect(counted.total).toBe(6);
    await writeToFixture(source, `DELETE FROM "Widget_log" WHERE "ID" IN (16, 17)`);
  });

  describe.each(['Gadget', 'Widget'])('the field filter on %s', (table) => {
    it('keeps first entries, values that change back, NULL ↔ value, Added and Deleted with a value', async () => {
      for (const limit of [1, 3, 50]) {
        expect(ids(await activity({ tables: [table], field: 'Phone' }, limit)), `pages of ${limit}`).toEqual([13, 11, 10, 8, 7, 6, 5, 4, 3, 1]);
      }
    });

    it('keeps the changes of a masked field, masked unless revealed', async () => {
      const masked = await activity({ tables: [table], field: 'Income' });
      expect(ids(masked)).toEqual([15, 11, 4, 1]);
      const change = masked.find((e) => e.logId === 4)!.changes.find((c) => c.field === 'Income')!;
      expect(change).toMatchObject({ redacted: 'masked' });
      expect(JSON.stringify(masked)).not.toContain('s2');
      const clear = (await activity({ tables: [table], field: 'Income' }, 50, revealing)).find((e) => e.logId === 4)!;
      expect(clear.changes.find((c) => c.field === 'Income')).toMatchObject({ old: 's1', new: 's2' });
    });
  });

  it('gives full pages however rarely the field changes (no scan budget, no short pages)', async () => {
    const page = await api.listActivity({ filter: { tables: ['Bulk'], field: 'Phone' }, limit: 5 });
    expect(page.entries.map((e) => e.logId)).toEqual([2, 1]);
    expect(page.nextCursor).toBeNull();
  }, 60_000);

  it('estimates the total of large logs at once and counts it exactly on demand', async () => {
    const exact = BULK_ROWS + 2 * ROWS.length;
    const estimated = await api.listActivity({ limit: 1, withTotal: true });
    expect(estimated.totalIsEstimate).toBe(true);
    expect(Math.abs(estimated.total! - exact) / exact).toBeLessThan(0.2);
    const counted = await api.listActivity({ limit: 1, exactTotal: true });
    expect(counted).toMatchObject({ total: exact, totalIsEstimate: false });

    // A filtered read: PostgreSQL's planner estimates it; SQLite keeps no statistics of values.
    const deleted = await api.listActivity({ limit: 1, withTotal: true, filter: { cues: ['Deleted'] } });
    if (engine === 'postgres') expect(deleted.totalIsEstimate).toBe(true);
    else expect(deleted).toMatchObject({ total: null, totalIsEstimate: false });
    expect(await api.listActivity({ limit: 1, exactTotal: true, filter: { cues: ['Deleted'] } })).toMatchObject({ total: 8, totalIsEstimate: false });
  }, 60_000);
});
