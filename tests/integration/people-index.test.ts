/**
 * The people of a log, with and without an index leading with the person and the time, once per
 * engine: the same people, names and last times either way; counts where asked for (or where the
 * log is read whole anyway), never a guess; the hint that offers the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../../db/index';
import type { PersonInLog } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { lit, tempDir } from './fixtures/replica';

const dir = tempDir();

/**
 * People 1–3 are in Person; 9 is not (named by the log, latest name first); some rows have no
 * person. Person 2's last entry is the newest; person 1 has the most entries.
 */
function logSql(withIndex: boolean): string {
  const rows: string[] = [];
  let id = 0;
  const add = (record: number, by: number | null, name: string | null, time: string) => {
    id += 1;
    rows.push(`(${id}, ${record}, 'v${id}', ${by ?? 'NULL'}, ${lit(name)}, '${time}', 'Modified')`);
  };
  for (let i = 0; i < 30; i += 1) add(1 + (i % 4), 1, 'Ann', `2024-01-${String(1 + i).padStart(2, '0')} 09:00:00`);
  for (let i = 0; i < 5; i += 1) add(2, 2, 'Bob', `2024-02-0${1 + i} 10:00:00.123456`);
  add(3, 3, 'Cy', '2024-01-15 08:00:00');
  add(3, 9, 'Old Name', '2023-05-01 08:00:00');
  add(4, 9, 'New Name', '2023-06-01 08:00:00');
  add(4, null, 'Nobody', '2024-03-01 08:00:00');
  return `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Ann Archer', 'ann'), (2, 'Bob Baker', 'bob'), (3, 'Cy Cole', 'cy');
CREATE TABLE "Item" ("ID" INTEGER PRIMARY KEY, "Label" TEXT);
CREATE TABLE "Item_log" ("ID" INTEGER PRIMARY KEY, "ItemID" INTEGER, "Label" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
CREATE INDEX "Item_log_history" ON "Item_log" ("ItemID", "ByTime", "ID");
${withIndex ? 'CREATE INDEX "Item_log_by_person" ON "Item_log" ("ByID", "ByTime");' : ''}
INSERT INTO "Item_log" VALUES ${rows.join(',\n')};
`;
}

const withoutCounts = (people: PersonInLog[]) => people.map((p) => ({ ...p, entryCount: null }));

describe.each(ENGINES)('the people of a log with and without a person index on %s', (engine) => {
  let plain: AuditService;
  let indexed: AuditService;

  beforeAll(async () => {
    plain = await openSource(await fixtureSource(engine, dir, 'people-plain', logSql(false)));
    indexed = await openSource(await fixtureSource(engine, dir, 'people-indexed', logSql(true)));
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), indexed?.close()]);
  });

  it('counts every person where the log is read whole anyway, most entries first', async () => {
    const { people } = await plain.listPeople({ table: 'Item' });
    expect(people).toEqual([
      { id: 1, name: 'Ann Archer', login: 'ann', entryCount: 30, lastTime: '2024-01-30T09:00:00.000Z' },
      { id: 2, name: 'Bob Baker', login: 'bob', entryCount: 5, lastTime: '2024-02-05T10:00:00.123456Z' },
      { id: 9, name: 'New Name', login: null, entryCount: 2, lastTime: '2023-06-01T08:00:00.000Z' },
      { id: 3, name: 'Cy Cole', login: 'cy', entryCount: 1, lastTime: '2024-01-15T08:00:00.000Z' },
    ]);
  });

  it('reads the same people from the person index, uncounted unless asked, most recent first', async () => {
    const counted = (await plain.listPeople({ table: 'Item' })).people;
    expect((await indexed.listPeople({ table: 'Item', withCounts: true })).people).toEqual(counted);
    const uncounted = (await indexed.listPeople({ table: 'Item' })).people;
    // The same people, names and last times; no count rather than a guessed one.
    expect(uncounted.map((p) => p.id)).toEqual([2, 1, 3, 9]);
    expect([...uncounted].sort((a, b) => Number(a.id) - Number(b.id))).toEqual(withoutCounts(counted).sort((a, b) => Number(a.id) - Number(b.id)));
  });

  it('counts the people of one record\'s log either way', async () => {
    for (const api of [plain, indexed]) {
      expect((await api.listPeople({ table: 'Item', recordId: 3 })).people.map((p) => [p.id, p.name, p.entryCount])).toEqual([
        [1, 'Ann Archer', 7],
        [3, 'Cy Cole', 1],
        [9, 'Old Name', 1],
      ]);
    }
  });

  it('offers the person index where it is missing, and not where it exists', async () => {
    const hint = (await plain.listTables({})).tables[0]?.indexHints.find((h) => h.read === 'people');
    expect(hint?.statements).toBe(
      engine === 'postgres'
        ? 'CREATE INDEX CONCURRENTLY "Item_log_by_person" ON "public"."Item_log" ("ByID", "ByTime");'
        : 'CREATE INDEX "Item_log_by_person" ON "Item_log" ("ByID", "ByTime");',
    );
    expect((await indexed.listTables({})).tables[0]?.indexHints.filter((h) => h.read === 'people')).toEqual([]);
  });
});
