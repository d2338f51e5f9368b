/**
 * Page cursors. Pages are read by key, never by OFFSET: a cursor holds the sort key of the last
 * row a page returned, and the next page starts strictly after it. Cursors are opaque to callers.
 */
import { AuditError } from '../shared/errors';

type KeyPart = string | number | null;

export function encodeCursor(parts: readonly KeyPart[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): KeyPart[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === length &&
    parts.every((p) => p === null || typeof p === 'string' || typeof p === 'number');
  if (!valid) throw new AuditError('bad-request', 'The page cursor is not valid; start again from the first page.');
  return parts as KeyPart[];
}

/** A stored key value as it goes into a cursor (bigints as decimal text, so JSON can carry them). */
export function cursorPart(raw: unknown): KeyPart {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'bigint') {
    return raw <= BigInt(Number.MAX_SAFE_INTEGER) && raw >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(raw) : raw.toString();
  }
  if (typeof raw === 'number' || typeof raw === 'string') return raw;
  if (raw instanceof Date) return raw.toISOString();
  return String(raw);
}
