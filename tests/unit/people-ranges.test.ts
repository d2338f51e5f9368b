/**
 * sensitive-change's ranges between automation accounts' ids (SQLite's whole history) pick exactly
 * the entries `NOT IN` picks, whatever a person column holds: numbers, reals, texts, NULL, blobs,
 * in columns with and without a numeric affinity.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { peopleRanges } from '../../db/queries/review/sensitive-change';

const VALUES = [null, -5, 0, 1, 2, 2.0, 2.5, 3, 7, 9007199254740993n, '2', '3', 'abc', '', Buffer.from('2')];

describe('peopleRanges', () => {
  for (const type of ['INTEGER', 'TEXT', '']) {
    it(`picks what NOT IN picks in a column of ${type || 'no'} affinity`, async () => {
      const raw = new Database(':memory:');
      raw.defaultSafeIntegers(true);
      raw.exec(`CREATE TABLE log (ID INTEGER PRIMARY KEY, ByID ${type})`);
      const insert = raw.prepare('INSERT INTO log (ByID) VALUES (?)');
      for (const v of VALUES) insert.run(v);
      const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: raw }) });
      for (const ids of [[2], [3, 2], [7, 0, 2], [1, 2, 3, 7]]) {
        const ranges = peopleRanges(sql.ref('ByID'), ids)!;
        const notIn = sql`(ByID IS NULL OR ByID NOT IN (${sql.join(ids.map((i) => sql`${i}`))}))`;
        const picked = async (condition: typeof notIn) => (await sql<{ ID: bigint }>`SELECT ID FROM log WHERE ${condition} ORDER BY ID`.execute(db)).rows.map((r) => r.ID);
        expect(await picked(ranges)).toEqual(await picked(notIn));
      }
      expect(peopleRanges(sql.ref('ByID'), ['svc-1'])).toBeNull();
      await db.destroy();
    });
  }
});
