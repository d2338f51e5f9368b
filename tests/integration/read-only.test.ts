import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openAuditDatabase, type AuditService } from '../../db/index';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir();

function fingerprint(file: string): { hash: string; mtimeMs: number; siblings: string[] } {
  return {
    hash: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
    mtimeMs: fs.statSync(file).mtimeMs,
    siblings: fs.readdirSync(path.dirname(file)).sort(),
  };
}

/** Every call of the contract on every table, following every page. */
async function browseEverything(api: AuditService): Promise<number> {
  let calls = 0;
  const { tables } = await api.listTables({});
  await api.whoAmI({});
  for (const table of tables) {
    await api.listPeople({ table: table.name });
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await api.listRecords({ table: table.name, limit: 2, cursor });
      for (const record of page.records) {
        await api.getRecord({ table: table.name, id: record.id });
        await api.getHistory({ table: table.name, id: record.id, limit: 2, withTotal: true, filter: { by: { kind: 'person', personId: 2 } } });
        calls += 2;
      }
      cursor = page.nextCursor ?? undefined;
    }
    const deleted = await api.listDeletedRecords({ table: table.name });
    for (const record of deleted.records) {
      await api.getRecord({ table: table.name, id: record.id });
      await api.getHistory({ table: table.name, id: record.id, filter: { from: '2023-01-01', to: '2030-12-31', timeZone: 'Europe/London' } });
      calls += 2;
    }
  }
  return calls;
}

describe('read-only by construction', () => {
  it('leaves the file byte-identical, unmodified and alone after a full browse', async () => {
    const file = writeReplica(path.join(dir, 'browse.sqlite'), STANDARD_FIXTURE);
    const before = fingerprint(file);
    const api = await openAuditDatabase({ file, settings: { osLogin: 'alice' } });
    try {
      expect(await browseEverything(api)).toBeGreaterThan(4);
      // While open, nothing (no journal, no WAL) appears beside the file either.
      expect(fingerprint(file).siblings).toEqual(before.siblings);
    } finally {
      await api.close();
    }
    expect(fingerprint(file)).toEqual(before);
  });

  it("makes any write attempt fail, through the data layer's own connection", async () => {
    const file = writeReplica(path.join(dir, 'write.sqlite'), STANDARD_FIXTURE);
    const before = fingerprint(file);
    const api = await openAuditDatabase({ file });
    try {
      const { db } = api.engine;
      await expect(sql`DELETE FROM Customer_log`.execute(db)).rejects.toThrow(/readonly|read-only|query_only|attempt to write/i);
      await expect(db.insertInto('Person').values({ ID: 9, Name: 'Eve' }).execute()).rejects.toThrow();
      await expect(sql`CREATE TABLE Sneaky (x)`.execute(db)).rejects.toThrow();
      await expect(sql`PRAGMA query_only = OFF`.execute(db).then(() => sql`UPDATE Person SET Name = 'Eve'`.execute(db))).rejects.toThrow();
    } finally {
      await api.close();
    }
    expect(fingerprint(file)).toEqual(before);
  });
});

describe('a replica in WAL mode', () => {
  it('is read with what a live writer committed, and its database file is left byte-identical', async () => {
    const file = writeReplica(path.join(dir, 'wal.sqlite'), `PRAGMA journal_mode = WAL; ${STANDARD_FIXTURE}`);
    const writer = new Database(file);
    try {
      writer.exec("INSERT INTO Customer_log VALUES (14, 1, 'ACME Ltd', '01234 000000', NULL, 2500, '123-45-6789', '9999', 1, 'Alice Archer', '2024-05-01 09:00:00', 'Unchanged')");
      const before = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      const api = await openAuditDatabase({ file });
      try {
        const { entries } = await api.getHistory({ table: 'Customer', id: 1, limit: 1 });
        expect(entries[0]?.logId).toBe(14);
      } finally {
        await api.close();
      }
      expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
    } finally {
      writer.close();
    }
  });
});
