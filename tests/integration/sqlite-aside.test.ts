/**
 * SQLite's read aside (db/dialects/sqlite/aside-reader.ts): a second read-only connection in a
 * worker thread. It answers as the main connection does, runs beside it (the main connection
 * answers while a long read aside is still running), refuses writes, stops when its call is
 * abandoned, and ends with the engine.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runWithSignal } from '../../db/cancellation';
import { openSqliteEngine } from '../../db/dialects/sqlite/open-sqlite';
import type { Engine } from '../../db/engine';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir();
const file = writeReplica(path.join(dir, 'aside.sqlite'), STANDARD_FIXTURE);
const engines: Engine[] = [];

function open(): Engine {
  const engine = openSqliteEngine(file);
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** A read that takes a while (a few hundred milliseconds): counting a long recursive series. */
const SLOW = sql<{ n: bigint }>`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000000) SELECT count(*) AS n FROM s`;

describe('reading aside on SQLite', () => {
  it('answers exactly as the main connection does, values and types alike', async () => {
    const engine = open();
    const query = sql`SELECT * FROM sqlite_master ORDER BY name`.compile(engine.db);
    const main = (await engine.db.executeQuery<Record<string, unknown>>(query)).rows;
    expect(main.length).toBeGreaterThan(0);
    expect(await engine.readAside(query)).toEqual(main);
    const numbers = sql`SELECT 9007199254740993 AS big, 1.5 AS real, NULL AS empty, x'00ff' AS bytes`.compile(engine.db);
    expect(await engine.readAside(numbers)).toEqual((await engine.db.executeQuery(numbers)).rows);
  });

  it('runs beside the main connection: a quick read there is answered while a long one runs aside', async () => {
    const engine = open();
    await engine.readAside(sql`SELECT 1`.compile(engine.db)); // the worker started
    const order: string[] = [];
    const long = engine.readAside(SLOW.compile(engine.db)).then((rows) => {
      order.push('aside');
      return rows;
    });
    const quick = sql`SELECT count(*) AS n FROM sqlite_master`.execute(engine.db).then(() => order.push('main'));
    await Promise.all([long, quick]);
    expect(order).toEqual(['main', 'aside']);
    expect(Number((await long)[0]!.n)).toBe(3_000_000);
  });

  it('never writes: a write read aside is refused with one sentence', async () => {
    const engine = open();
    await expect(engine.readAside(sql`CREATE TABLE intruder (x)`.compile(engine.db))).rejects.toThrow(/only reads the database|readonly|read-only/i);
    await expect(engine.readAside(sql`SELECT x FROM nowhere`.compile(engine.db))).rejects.toThrow(/no such table/);
  });

  it('stops when its call is abandoned, and the next read starts afresh', async () => {
    const engine = open();
    const abandon = new AbortController();
    const read = runWithSignal(abandon.signal, () => engine.readAside(SLOW.compile(engine.db)));
    setTimeout(() => abandon.abort(), 20);
    await expect(read).rejects.toThrow(/abandoned/);
    expect(await engine.readAside(sql`SELECT 2 AS two`.compile(engine.db))).toEqual([{ two: 2n }]);
  });

  it("abandoning one read leaves another's aside: it still runs beside the main connection", async () => {
    // (As when a look is abandoned and the next one starts: the next look's read must not fall
    // back to the main connection, behind the quarter hours.)
    const engine = open();
    const abandon = new AbortController();
    const first = runWithSignal(abandon.signal, () => engine.readAside(SLOW.compile(engine.db)));
    const order: string[] = [];
    const second = engine.readAside(SLOW.compile(engine.db)).then((rows) => {
      order.push('aside');
      return rows;
    });
    setTimeout(() => abandon.abort(), 20);
    await expect(first).rejects.toThrow(/abandoned/);
    await sql`SELECT count(*) AS n FROM sqlite_master`.execute(engine.db).then(() => order.push('main'));
    expect(Number((await second)[0]!.n)).toBe(3_000_000);
    expect(order).toEqual(['main', 'aside']);
  });

  it('ends with the engine: a read after closing says the replica was closed', async () => {
    const engine = openSqliteEngine(file);
    await engine.readAside(sql`SELECT 1`.compile(engine.db));
    await engine.close();
    await expect(engine.readAside(sql`SELECT 1`.compile(engine.db))).rejects.toThrow(/closed/);
  });
});
