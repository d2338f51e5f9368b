/**
 * Errors that cross the contract. Each carries a code the UI can act on and one sentence a person
 * can read; shells send them as typed error responses and the CLI prints the sentence.
 */
export type AuditErrorCode =
  /** The replica file does not exist. */
  | 'file-not-found'
  /** The file exists but is not a SQLite database. */
  | 'not-a-database'
  /** The file is a damaged SQLite database. */
  | 'corrupt'
  /** Another program holds a lock on the database. */
  | 'locked'
  /** The file or database cannot be opened for another reason (permissions and the like). */
  | 'cannot-open'
  /** The database server cannot be reached (refused, unknown host, no answer in time). */
  | 'unreachable'
  /** The server refused the user name or password, or needs a password that was not given. */
  | 'auth-failed'
  /** The named database or schema does not exist on the server. */
  | 'no-such-database'
  /** The database user may not read something it needs. */
  | 'permission-denied'
  /** A query ran past the statement timeout and the server stopped it. */
  | 'timeout'
  /** The caller abandoned the call and its query was cancelled on the server. */
  | 'cancelled'
  /** The connection to the server broke during a call. */
  | 'connection-lost'
  /** The database has no readable audit log tables. */
  | 'no-log-tables'
  /** A named table is not a logged table of this database. */
  | 'unknown-table'
  /** A record has neither a row nor a log entry. */
  | 'not-found'
  /** "Mine" was asked for but the signed-in user maps to no person. */
  | 'unknown-person'
  /** A request's arguments are malformed (bad date, time zone, cursor...). */
  | 'bad-request'
  /** The user's role does not allow this view (an admin view for a plain user). */
  | 'forbidden'
  /** A shell refused the caller (the web shell's per-launch token is missing or wrong). */
  | 'unauthorized'
  /** A call the contract does not declare. */
  | 'unknown-call'
  /** Anything else; the message says what. */
  | 'internal';

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The plain-data form of an error, as it travels over IPC or HTTP. */
export interface AuditErrorPayload {
  code: AuditErrorCode;
  message: string;
}

export function toErrorPayload(error: unknown): AuditErrorPayload {
  if (error instanceof AuditError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

/** Whether a value that crossed a shell boundary is an error payload (a code and a sentence). */
export function isErrorPayload(value: unknown): value is AuditErrorPayload {
  if (!value || typeof value !== 'object') return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

export function fromErrorPayload(payload: AuditErrorPayload): AuditError {
  return new AuditError(payload.code, payload.message);
}
