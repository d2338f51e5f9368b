/**
 * better-sqlite3 reports failures as SqliteError with SQLite's result code; a person needs one
 * sentence saying what is wrong with their file and what to do about it.
 */
import { AuditError } from '../../../shared/errors';

function sqliteCode(error: unknown): string | null {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code.startsWith('SQLITE_') ? error.code : null;
  }
  return null;
}

export function translateSqliteError(error: unknown, label: string): unknown {
  if (error instanceof AuditError) return error;
  const code = sqliteCode(error);
  if (!code) return error;
  const detail = error instanceof Error ? error.message : String(error);
  // A WAL-mode database needs its -wal and -shm companion files even to be read; where SQLite
  // cannot make them (a read-only folder), it reports a "read-only" error that is not about us.
  if (/^SQLITE_READONLY_(DIRECTORY|CANTINIT|CANTLOCK|RECOVERY)$/.test(code)) {
    return new AuditError(
      'cannot-open',
      `${label} is in WAL mode, and SQLite cannot create the -wal and -shm files it needs beside it to read it (the folder is read-only); copy the replica to a folder you can write to.`,
      { cause: error },
    );
  }
  const base = code.replace(/^(SQLITE_[A-Z]+).*$/, '$1');
  switch (base) {
    case 'SQLITE_NOTADB':
      return new AuditError('not-a-database', `${label} is not a SQLite database.`, { cause: error });
    case 'SQLITE_CORRUPT':
      return new AuditError(
        'corrupt',
        `${label} is damaged (${detail}); restore it from a backup or make a fresh replica.`,
        { cause: error },
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AuditError(
        'locked',
        `${label} is locked by another program that is writing to it; try again when it has finished.`,
        { cause: error },
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'SQLITE_IOERR':
      return new AuditError('cannot-open', `${label} cannot be read (${detail}).`, { cause: error });
    case 'SQLITE_READONLY':
      return new AuditError(
        'internal',
        `A write to ${label} was refused: this application only reads the database.`,
        { cause: error },
      );
    default:
      return new AuditError('internal', `${label}: ${detail}`, { cause: error });
  }
}
