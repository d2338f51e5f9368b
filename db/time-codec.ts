/**
 * `ByTime` is UTC, but how it is stored varies: ISO text with a `T` or a space, with or without
 * fractions and a `Z`, epoch seconds or milliseconds, or a native timestamp (PostgreSQL). Range
 * filters and cursors compare against the stored values, so bounds are written in the same shape
 * as the column's own values (text compares character by character).
 */
import { AuditError } from '../shared/errors';

export interface TimeCodec {
  /** A stored value as ISO 8601 UTC, e.g. `2024-05-01T09:30:00.000Z`. */
  decode(raw: unknown): string;
  /** An instant in the column's storage shape, to bind as a parameter. */
  encode(instant: Date): unknown;
}

const TEXT_TIME = /^(\d{4}-\d{2}-\d{2})(?:([ T])(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]00:?00)?$/i;

/** Parses stored text as UTC; null when it is not a date-time. */
function parseTextTime(text: string): Date | null {
  const m = TEXT_TIME.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}T${m[3] ?? '00'}:${m[4] ?? '00'}:${m[5] ?? '00'}${(m[6] ?? '').slice(0, 4)}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function epochToDate(value: number): Date {
  // Values past 1e11 cannot be seconds (that is the year 5138): they are milliseconds.
  return new Date(Math.abs(value) > 1e11 ? value : value * 1000);
}

/** Decodes one stored value, whatever its shape (rows need not all share the sample's shape). */
function decodeAny(raw: unknown): string {
  if (raw instanceof Date) return raw.toISOString();
  if (typeof raw === 'bigint') return epochToDate(Number(raw)).toISOString();
  if (typeof raw === 'number') return epochToDate(raw).toISOString();
  if (typeof raw === 'string') return parseTextTime(raw)?.toISOString() ?? raw;
  return String(raw);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Builds an encoder that writes instants in the same text shape as `sample`. */
function textEncoder(sample: string): (d: Date) => string {
  const m = TEXT_TIME.exec(sample.trim());
  if (!m) {
    throw new AuditError('internal', `ByTime values such as "${sample}" are not a date and time this application can read.`);
  }
  const separator = m[2] ?? ' ';
  const hasTime = m[3] !== undefined;
  const hasSeconds = m[5] !== undefined;
  const fractionDigits = m[6] ? m[6].length - 1 : 0;
  const zone = m[7] ?? '';
  return (d) => {
    let text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (!hasTime) return text;
    text += `${separator}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    if (hasSeconds) text += `:${pad(d.getUTCSeconds())}`;
    if (fractionDigits > 0) text += `.${pad(d.getUTCMilliseconds(), 3).padEnd(fractionDigits, '0').slice(0, fractionDigits)}`;
    return text + zone;
  };
}

/** The codec for a `ByTime` column, from one of its stored values (null for an empty log). */
export function timeCodecFor(sample: unknown): TimeCodec {
  let encode: (d: Date) => unknown;
  if (sample === null || sample === undefined || sample instanceof Date) {
    encode = (d) => d;
  } else if (typeof sample === 'number' || typeof sample === 'bigint') {
    const millis = Math.abs(Number(sample)) > 1e11;
    encode = (d) => (millis ? d.getTime() : Math.floor(d.getTime() / 1000));
  } else {
    encode = textEncoder(String(sample));
  }
  return { decode: decodeAny, encode };
}
