/**
 * The aggregate index hint (issue 12, part 6), once per engine: a log whose time index lacks the
 * person or the cue is offered `(ByTime, ID, ByID, ChangeCue)` for Review and Insights, in the
 * table list and in Log health; a log whose time index holds them is offered nothing; a log with
 * no time index at all is offered the aggregate index once, as its time index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import type { IndexHint } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

const logTable = (name: string, indexes: string) => `
CREATE TABLE "${name}" ("ID" INTEGER PRIMARY KEY, "Title" TEXT);
INSERT INTO "${name}" VALUES (1, 'One');
CREATE TABLE "${name}_log" ("ID" INTEGER PRIMARY KEY, "${name}ID" INTEGER, "Title" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "${name}_log" VALUES (1, 1, 'One', 1, 'Alice Archer', '2026-06-10 12:00:00', 'Added');
CREATE INDEX "IX_${name}_log_history" ON "${name}_log" ("${name}ID", "ByTime", "ID");
CREATE INDEX "IX_${name}_log_person" ON "${name}_log" ("ByID", "ByTime");
${indexes}
`;

const FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice');
${logTable('Narrow', `CREATE INDEX "IX_Narrow_log_time" ON "Narrow_log" ("ByTime", "ID");`)}
${logTable('NoCue', `CREATE INDEX "IX_NoCue_log_time" ON "NoCue_log" ("ByTime", "ID", "ByID");`)}
${logTable('Wide', `CREATE INDEX "IX_Wide_log_time" ON "Wide_log" ("ByTime", "ID", "ByID", "ChangeCue");`)}
${logTable('Timeless', '')}
`;

describe.each(ENGINES)('on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'index_hints', FIXTURE);
    api = await openSource(source, { organisation: { timeZone: 'Asia/Kolkata' } });
  });
  afterAll(async () => {
    await api.close();
  });

  async function tableHints(): Promise<Record<string, IndexHint[]>> {
    return Object.fromEntries((await api.listTables({})).tables.map((t) => [t.name, t.indexHints.filter((h) => h.read !== 'search')]));
  }

  it('offers the aggregate index where the time index lacks the person or the cue', async () => {
    const hints = await tableHints();
    for (const [table, lacking] of [
      ['Narrow', 'ByID and ChangeCue'],
      ['NoCue', 'ByID and ChangeCue'],
    ] as const) {
      const review = hints[table]!.filter((h) => h.read === 'review');
      expect(review).toHaveLength(1);
      expect(review[0]!.reason).toBe(`${table}_log has no index on ByTime, ID, ${lacking}, so Review and Insights read every row of the period.`);
      expect(review[0]!.statements).toContain(`"${table}_log" ("ByTime", "ID", "ByID", "ChangeCue")`);
      if (engine === 'postgres') expect(review[0]!.statements).toContain('CONCURRENTLY');
    }
  });

  it('offers nothing more where the time index holds the person and the cue', async () => {
    const hints = await tableHints();
    expect(hints.Wide).toEqual([]);
  });

  it('offers one index, the aggregate one, where there is no time index at all', async () => {
    const timeless = (await api.getLogHealth({ tables: ['Timeless'] })).logs[0]!;
    expect(timeless.missingIndexes.map((h) => h.read)).toEqual(['activity']);
    expect(timeless.missingIndexes[0]!.statements).toContain('"Timeless_log" ("ByTime", "ID", "ByID", "ChangeCue")');
    expect((await tableHints()).Timeless).toEqual([]);
  });

  it('lists it in Log health, beside the other indexes the app needs', async () => {
    const health = await api.getLogHealth({ detail: 'quick' });
    const missing = Object.fromEntries(health.logs.map((l) => [l.table, l.missingIndexes.map((h) => h.read)]));
    expect(missing).toEqual({ Narrow: ['review'], NoCue: ['review'], Timeless: ['activity'], Wide: [] });
  });
});
