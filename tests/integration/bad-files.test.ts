import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openAuditDatabase } from '../../db/index';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir();

/** Opening must fail with this code and a message that names the file and reads as one sentence. */
async function expectOpenError(file: string, code: string, message: RegExp) {
  const error = await openAuditDatabase({ file, settings: { busyTimeoutMs: 100 } }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'AuditError', code });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toMatch(/\n|at .*\(/);
}

describe('files that are not good replicas', () => {
  it('a missing file', async () => {
    await expectOpenError(path.join(dir, 'nothing-here.sqlite'), 'file-not-found', /no replica file at .*nothing-here\.sqlite/);
    expect(fs.existsSync(path.join(dir, 'nothing-here.sqlite'))).toBe(false);
  });

  it('a folder', async () => {
    await expectOpenError(dir, 'cannot-open', /is a folder/);
  });

  it('an empty file', async () => {
    const file = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(file, '');
    await expectOpenError(file, 'not-a-database', /empty\.sqlite is empty/);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('a file that is not SQLite', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'Dear DBA,\n'.repeat(500));
    await expectOpenError(file, 'not-a-database', /notes\.txt is not a SQLite database/);
  });

  it('a corrupt database', async () => {
    const file = writeReplica(path.join(dir, 'corrupt.sqlite'), STANDARD_FIXTURE);
    const bytes = fs.readFileSync(file);
    // Scribble over the schema page past the 100-byte header: the file still says it is SQLite.
    bytes.fill(0xa5, 100, 4096);
    fs.writeFileSync(file, bytes);
    await expectOpenError(file, 'corrupt', /corrupt\.sqlite is damaged.*backup/);
  });

  it('a truncated database', async () => {
    const file = writeReplica(path.join(dir, 'truncated.sqlite'), STANDARD_FIXTURE + 'CREATE TABLE Filler (x); INSERT INTO Filler SELECT randomblob(4000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n);');
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 3));
    const error = await openAuditDatabase({ file })
      .then(async (api) => {
        try {
          await api.listTables({});
          return null;
        } finally {
          await api.close();
        }
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'corrupt' });
  });

  it('a database another program is writing to', async () => {
    const file = writeReplica(path.join(dir, 'locked.sqlite'), STANDARD_FIXTURE);
    const writer = new Database(file);
    try {
      writer.exec("BEGIN EXCLUSIVE; UPDATE Person SET Name = 'Alicia' WHERE ID = 1;");
      await expectOpenError(file, 'locked', /locked by another program.*try again/);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    // Once the writer is done, the same file opens.
    const api = await openAuditDatabase({ file });
    await api.close();
  });

  it('a lock taken while the replica is open is reported on the next call, and the app goes on', async () => {
    const file = writeReplica(path.join(dir, 'locked-later.sqlite'), STANDARD_FIXTURE);
    const api = await openAuditDatabase({ file, settings: { busyTimeoutMs: 100 } });
    const writer = new Database(file);
    try {
      writer.exec("BEGIN EXCLUSIVE; UPDATE Person SET Name = 'Alicia' WHERE ID = 1;");
      await expect(api.getHistory({ table: 'Customer', id: 1 })).rejects.toMatchObject({ code: 'locked' });
      writer.exec('ROLLBACK');
      const { entries } = await api.getHistory({ table: 'Customer', id: 1 });
      expect(entries).toHaveLength(9);
    } finally {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      writer.close();
      await api.close();
    }
  });
});
