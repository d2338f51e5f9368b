/**
 * The engines' reads that differ per engine (db/engine.ts), once per engine: `eachRow` hands every
 * row over as it arrives, as arrays in the order selected, and ends with an error `visit` throws or
 * with an abandoned call; `readAside` answers exactly what the main connection answers.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithSignal } from '../../db/cancellation';
import type { AuditService } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir('audit-trail-engine-reads-');
// (A log beside the table: the app opens only a database that has one.)
const FIXTURE = `
CREATE TABLE "Thing_log" ("ID" INTEGER PRIMARY KEY, "ThingID" INTEGER, "ByTime" TEXT);
INSERT INTO "Thing_log" VALUES (1, 1, '2026-10-01 10:00:00');
CREATE TABLE "Thing" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Size" INTEGER);
INSERT INTO "Thing" VALUES (1, 'one', 10), (2, 'two''s', NULL), (3, 'three
lines', 30), (4, NULL, 40), (5, 'five', 50);`;

describe.each(ENGINES)('reads on %s', (kind) => {
  let service: AuditService;
  beforeAll(async () => {
    service = await openSource(await fixtureSource(kind, dir, `engine_reads_${kind}`, FIXTURE));
  }, 120_000);
  afterAll(async () => {
    await service?.close();
  });

  const things = () => {
    const { engine } = service;
    return sql`SELECT ${sql.id('Name')}, ${sql.id('ID')}, ${sql.id('Size')} FROM ${engine.table('Thing')} ORDER BY ${sql.id('ID')}`.compile(engine.db);
  };

  it('hands every row over as it arrives, as arrays of the columns in the order selected', async () => {
    const rows: unknown[][] = [];
    await service.engine.eachRow(things(), (values) => rows.push(values));
    expect(rows.map(([name, id, size]) => [name, Number(id), size === null ? null : Number(size)])).toEqual([
      ['one', 1, 10],
      ["two's", 2, null],
      ['three\nlines', 3, 30],
      [null, 4, 40],
      ['five', 5, 50],
    ]);
  });

  it('ends with the error its visitor throws, visiting nothing after it', async () => {
    const seen: number[] = [];
    const read = service.engine.eachRow(things(), (values) => {
      seen.push(Number(values[1]));
      if (seen.length === 2) throw new Error('the visitor gave up');
    });
    await expect(read).rejects.toThrow('the visitor gave up');
    expect(seen).toEqual([1, 2]);
    // The connection serves the next read.
    let n = 0;
    await service.engine.eachRow(things(), () => n++);
    expect(n).toBe(5);
  });

  it('stops when its call is abandoned', async () => {
    const { engine } = service;
    const slow =
      kind === 'postgres'
        ? sql`SELECT pg_sleep(5), 1`.compile(engine.db)
        : sql`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5000000) SELECT i FROM s`.compile(engine.db);
    const abandon = new AbortController();
    const started = performance.now();
    const read = runWithSignal(abandon.signal, () => engine.eachRow(slow, () => undefined));
    setTimeout(() => abandon.abort(), 50);
    await expect(read).rejects.toThrow(/abandoned/);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('reads aside exactly what the main connection reads', async () => {
    const { engine } = service;
    expect(await engine.readAside(things())).toEqual((await engine.db.executeQuery(things())).rows);
  });
});
