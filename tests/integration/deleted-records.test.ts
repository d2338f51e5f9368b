/**
 * Deleted records for DBAs, on both engines: the list, the restore SQL (checked by running it on
 * a scratch copy, never on the database the app reads) and the missing-index hint.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { adminUrl } from '../support/pg-server';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { STANDARD_FIXTURE, tempDir } from './fixtures/replica';

const dir = tempDir();

/** The standard fixture, plus a table whose log lacks any index on its record-id column. */
const FIXTURE = `${STANDARD_FIXTURE}
CREATE TABLE "Asset" ("ID" INTEGER PRIMARY KEY, "Label" TEXT);
CREATE TABLE "Asset_log" ("ID" INTEGER PRIMARY KEY, "AssetID" INTEGER, "Label" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Asset_log" VALUES (1, 4, 'Laptop ''Blue''', 1, 'Alice Archer', '2024-01-01 10:00:00', 'Added'),
                               (2, 4, 'Laptop ''Blue''', 1, 'Alice Archer', '2024-01-02 10:00:00', 'Deleted');
`;

/** Runs restore SQL on a scratch copy of the fixture and returns the restored row. */
async function restoredRow(source: DataSource, statement: string, table: string, id: number): Promise<Record<string, unknown> | undefined> {
  if (source.kind === 'sqlite') {
    const scratch = path.join(dir, `scratch-${Date.now()}.sqlite`);
    fs.copyFileSync(source.file, scratch);
    const db = new Database(scratch);
    try {
      db.exec(statement);
      return db.prepare(`SELECT * FROM "${table}" WHERE "ID" = ?`).get(id) as Record<string, unknown> | undefined;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: adminUrl(inject('pg'), source.target.database) });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(statement);
    const { rows } = await client.query(`SELECT * FROM "${table}" WHERE "ID" = $1`, [id]);
    return rows[0] as Record<string, unknown> | undefined;
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

describe.each(ENGINES)('on %s', (engine) => {
  let api: AuditService;
  let source: DataSource;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'deleted', FIXTURE);
    api = await openSource(source);
  });
  afterAll(() => api?.close());

  it('lists deleted records with who deleted them and when', async () => {
    const { records } = await api.listDeletedRecords({ table: 'Customer' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 2, title: 'Gone Gmbh', deletedByName: 'Carol Cole', deletionLogged: true, lastTime: '2024-02-11T16:45:00.000Z', logEntryCount: 4 });
  });

  it('builds restore SQL from the last snapshot that puts the record back when a DBA runs it', async () => {
    const restore = await api.getRestoreSql({ table: 'Customer', id: 2 });
    expect(restore.basedOn).toEqual({ logId: 13, byTime: '2024-02-11T16:45:00.000Z', changeCue: 'Deleted' });
    expect(restore.sql).toContain('INSERT INTO');
    expect(restore.sql).toMatch(/Deleted by Carol Cole at 2024-02-11 16:45:00 UTC/);
    // Sensitive columns stay out: the password-like one always, the masked one unless revealed.
    expect(restore.omitted).toEqual([
      { field: 'TaxNumber', reason: 'masked for you' },
      { field: 'PasswordPin', reason: 'never shown (password-like)' },
    ]);
    const row = await restoredRow(source, restore.sql, 'Customer', 2);
    expect(row).toMatchObject({ ID: 2, Name: 'Gone Gmbh', Phone: '+49 30 1234', Email: 'x@gone.example', CreditLimit: 300, TaxNumber: null, PasswordPin: null });
  });

  it('quotes text values so that quotes in the data cannot break the statement', async () => {
    const restore = await api.getRestoreSql({ table: 'Asset', id: 4 });
    const row = await restoredRow(source, restore.sql, 'Asset', 4);
    expect(row).toMatchObject({ ID: 4, Label: "Laptop 'Blue'" });
  });

  it('refuses restore SQL for a record that still exists, or never existed', async () => {
    await expect(api.getRestoreSql({ table: 'Customer', id: 1 })).rejects.toMatchObject({ code: 'bad-request', message: 'Customer 1 still exists, so there is nothing to restore.' });
    await expect(api.getRestoreSql({ table: 'Customer', id: 99 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('includes masked values only for users allowed to see them', async () => {
    const revealing = await openSource(source, { revealSensitive: true });
    try {
      const restore = await revealing.getRestoreSql({ table: 'Customer', id: 2 });
      expect(restore.omitted.map((o) => o.field)).toEqual(['PasswordPin']);
    } finally {
      await revealing.close();
    }
  });

  it('names a log without a history index and offers the CREATE INDEX statement', async () => {
    const { tables } = await api.listTables({});
    const byName = new Map(tables.map((t) => [t.name, t]));
    expect(byName.get('Customer')?.missingIndex).toBeNull();
    const hint = byName.get('Asset')?.missingIndex;
    expect(hint?.columns).toEqual(['AssetID', 'ByTime', 'ID']);
    expect(hint?.createStatement).toBe(
      engine === 'postgres'
        ? 'CREATE INDEX CONCURRENTLY "Asset_log_history" ON "public"."Asset_log" ("AssetID", "ByTime", "ID");'
        : 'CREATE INDEX "Asset_log_history" ON "Asset_log" ("AssetID", "ByTime", "ID");',
    );
  });
});
