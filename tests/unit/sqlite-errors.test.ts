import { describe, expect, it } from 'vitest';
import { translateSqliteError } from '../../db/dialects/sqlite/sqlite-errors';
import { AuditError } from '../../shared/errors';

/** An error shaped like better-sqlite3's SqliteError. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('SQLite errors in words', () => {
  it.each([
    ['SQLITE_NOTADB', 'file is not a database', 'not-a-database', /replica\.db is not a SQLite database\./],
    ['SQLITE_CORRUPT', 'database disk image is malformed', 'corrupt', /is damaged .*backup/],
    ['SQLITE_CORRUPT_INDEX', 'database disk image is malformed', 'corrupt', /is damaged/],
    ['SQLITE_BUSY', 'database is locked', 'locked', /locked by another program/],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'cannot-open', /cannot be read/],
    ['SQLITE_READONLY_DIRECTORY', 'attempt to write a readonly database', 'cannot-open', /WAL mode.*folder is read-only/],
    ['SQLITE_READONLY', 'attempt to write a readonly database', 'internal', /only reads the database/],
  ])('%s', (code, message, expectedCode, sentence) => {
    const translated = translateSqliteError(sqliteError(code, message), 'The replica file replica.db');
    expect(translated).toBeInstanceOf(AuditError);
    expect(translated).toMatchObject({ code: expectedCode, message: expect.stringMatching(sentence) });
  });

  it('leaves other errors alone', () => {
    const plain = new TypeError('nope');
    expect(translateSqliteError(plain, 'x')).toBe(plain);
    const audit = new AuditError('bad-request', 'Say which table to read.');
    expect(translateSqliteError(audit, 'x')).toBe(audit);
  });
});
