/**
 * Normalises what drivers return into the plain values the contract carries: integers that fit
 * become numbers (larger ones decimal strings, never rounded), bytes become a size and a digest,
 * timestamps the text the server wrote, dates ISO strings, structured values JSON text.
 */
import type { FieldValue, RecordId } from '../shared/domain';
import { StoredTimestamp } from './time-codec';
import { isTruncatedValue } from '../shared/values';
import { textBeginning } from './cut-values';
import { nodeCrypto } from './lazy-crypto';

export function toFieldValue(raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  switch (typeof raw) {
    case 'string':
    case 'boolean':
      return raw;
    case 'number':
      return Number.isFinite(raw) ? raw : String(raw);
    case 'bigint':
      return bigintToValue(raw);
    default:
      break;
  }
  if (raw instanceof Uint8Array) {
    return {
      kind: 'binary',
      bytes: raw.byteLength,
      digest: nodeCrypto().createHash('sha256').update(raw).digest('hex').slice(0, 16),
    };
  }
  // A PostgreSQL timestamp is shown exactly as stored (microseconds and all).
  if (raw instanceof StoredTimestamp) return raw.text;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? String(raw) : raw.toISOString();
  return JSON.stringify(raw);
}

function bigintToValue(raw: bigint): number | string {
  return raw <= BigInt(Number.MAX_SAFE_INTEGER) && raw >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(raw)
    : raw.toString();
}

/** A key value as a RecordId (null when the key is NULL). */
export function toRecordId(raw: unknown): RecordId | null {
  const value = toFieldValue(raw);
  if (value === null) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value.digest;
}

/**
 * Text for a value that names a record in a list. A long text names it by its beginning, marked
 * `…` (a title is a name, not the value), whether it arrives whole or already cut.
 */
export function toTitleText(value: FieldValue): string | null {
  if (isTruncatedValue(value)) return titleText(value.text, true);
  if (value === null || typeof value === 'object') return null;
  return titleText(String(value), false);
}

function titleText(text: string, cut: boolean): string | null {
  const beginning = cut ? text : textBeginning(text);
  const trimmed = (beginning ?? text).trim();
  if (trimmed === '') return null;
  return beginning !== null ? `${trimmed}…` : trimmed;
}

/** A row with every value normalised. */
export function normaliseRow(row: Record<string, unknown>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(row)) out[key] = toFieldValue(value);
  return out;
}
