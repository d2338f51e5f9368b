/**
 * `ByTime` is UTC (docs/data-model.md), but how it is stored varies: ISO text with a `T` or a space,
 * with or without fractions and a zone, epoch seconds or milliseconds, or a native timestamp
 * (PostgreSQL `timestamp`, read as UTC, or `timestamptz`). Every instant is handled here as exact
 * text, never as a JavaScript `Date`: a `Date` keeps milliseconds only (PostgreSQL stores
 * microseconds), and the driver would send one to the server in this machine's zone, which a
 * `timestamp` column silently reads as UTC.
 *
 * Range filters and cursors compare against the stored values, so bounds are written in the
 * column's own storage shape (text compares character by character). Where that shape keeps less
 * precision than an instant has, the bound is truncated and the comparison adjusted
 * ({@link TimeCodec.bound}), so no entry is lost or repeated either way.
 */
import { sql, type RawBuilder } from 'kysely';
import { AuditError } from '../shared/errors';
import { utcMillis } from '../shared/utc-date';

/**
 * An instant as ISO 8601 UTC text with its stored precision: `2024-05-01T09:30:00.000Z`, with
 * three fraction digits at least and six or nine where the store keeps that much.
 */
export type Instant = string;

/** A PostgreSQL timestamp exactly as the server wrote it (the session runs in UTC). */
export class StoredTimestamp {
  constructor(
    readonly text: string,
    /** `timestamptz` (the text ends in an offset) rather than `timestamp` (UTC by the model). */
    readonly withZone: boolean,
  ) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** A comparison of a stored time with an instant. */
export type TimeOperator = '<' | '<=' | '=' | '>=' | '>';

/** `column op value`: a bound as bound to a query. */
export interface TimeBound {
  /** The instant in the column's storage shape, to bind as a parameter. */
  value: unknown;
  /** The operator that makes the comparison with `value` exact (it may differ from the one asked for). */
  op: TimeOperator;
  /** Only for `=`: false when the column cannot hold the instant exactly (nothing can equal it). */
  exact: boolean;
}

export interface TimeCodec {
  /** A stored value as an {@link Instant}, or null when it cannot be read as one (NULL, `infinity`, text that is no time). */
  decode(raw: unknown): Instant | null;
  /** How to compare the column with an instant exactly: `column bound.op bound.value`. */
  bound(instant: Instant, op: TimeOperator): TimeBound;
  /** How the column stores instants (what {@link epochSecondsSql} reads). */
  storage: TimeStorage;
}

/** A `ByTime` column's storage shape: a native timestamp, epoch numbers, text, or unknown (an empty log). */
export type TimeStorage = 'native' | 'epoch-seconds' | 'epoch-millis' | 'text' | 'empty';

/** An instant in a storage shape that may keep less precision, and whether it kept all of it. */
interface Encoded {
  value: unknown;
  exact: boolean;
}

/**
 * A bound from an encoding that may truncate: since no stored value lies strictly between the
 * truncated value and the instant, `< instant` becomes `<= truncated` and `>= instant` `> truncated`.
 */
function truncatedBound({ value, exact }: Encoded, op: TimeOperator): TimeBound {
  if (exact || op === '=') return { value, op, exact };
  return { value, op: op === '<' ? '<=' : op === '>=' ? '>' : op, exact };
}

/** An instant taken apart: whole seconds since the epoch, and up to nine fraction digits. */
interface Parts {
  seconds: number;
  /** Nine digits exactly. */
  nanos: string;
}

const TEXT_TIME =
  /^([+-]?\d{4,})-(\d{2})-(\d{2})(?:([ T])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(\s+BC)?$/i;

const NINE_ZEROS = '000000000';

/** Parses stored text as UTC (an offset, where written, applied); null when it is not a date-time on the calendar. */
function partsOfText(text: string): Parts | null {
  const m = TEXT_TIME.exec(text.trim());
  if (!m) return null;
  let year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[5] ?? 0);
  const minute = Number(m[6] ?? 0);
  const second = Number(m[7] ?? 0);
  // PostgreSQL writes 44 BC as "0044-… BC": astronomical year -43.
  if (m[10]) year = 1 - year;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // A date that is not on the calendar (31 February) is not a time: JavaScript would roll it over.
  if (day > daysInMonth(year, month)) return null;
  let seconds = utcMillis(year, month, day, hour, minute, second) / 1000;
  const zone = m[9];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(/:/g, '');
    const sign = digits[0] === '-' ? -1 : 1;
    const offset = Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5) || 0) * 60 + Number(digits.slice(5, 7) || 0);
    seconds -= sign * offset;
  }
  return { seconds, nanos: (m[8] ?? '').slice(0, 9).padEnd(9, '0') };
}

/** Days in a month of the proleptic Gregorian calendar (as JavaScript's dates count them). */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Dates JavaScript can hold: within 100,000,000 days of the epoch. */
const LAST_SECOND = 8.64e12;

/** Values past 1e11 cannot be seconds (that is the year 5138): they are milliseconds. */
function partsOfEpoch(value: number): Parts | null {
  if (!Number.isFinite(value)) return null;
  const millis = Math.round(Math.abs(value) > 1e11 ? value : value * 1000);
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: String(millis - seconds * 1000).padStart(3, '0').padEnd(9, '0') };
}

/** The instant's text: milliseconds always, six or nine digits where the fraction needs them. */
function instantOfParts(parts: Parts): Instant | null {
  const date = new Date(parts.seconds * 1000);
  if (Number.isNaN(date.getTime())) return null;
  const fraction = parts.nanos.slice(6) !== '000' ? parts.nanos : parts.nanos.slice(3, 6) !== '000' ? parts.nanos.slice(0, 6) : parts.nanos.slice(0, 3);
  return `${date.toISOString().slice(0, -5)}.${fraction}Z`;
}

/** Reads an {@link Instant} (or any ISO 8601 text with an offset) back into its parts. */
function partsOfInstant(instant: Instant): Parts {
  const parts = partsOfText(instant);
  if (!parts) throw new AuditError('internal', `"${instant}" is not an instant.`);
  return parts;
}

/** A stored value taken apart, whatever its shape (rows need not all share the sample's shape). */
function partsOfStored(raw: unknown): Parts | null {
  if (raw instanceof StoredTimestamp) return partsOfText(raw.text);
  if (typeof raw === 'string') return partsOfText(raw);
  if (typeof raw === 'number') return partsOfEpoch(raw);
  if (typeof raw === 'bigint') return partsOfEpoch(Number(raw));
  if (raw instanceof Date) return partsOfEpoch(raw.getTime());
  return null;
}

/** Decodes one stored value to an {@link Instant}; null when it cannot be read as one. */
export function decodeTime(raw: unknown): Instant | null {
  const parts = partsOfStored(raw);
  return parts ? instantOfParts(parts) : null;
}

/** The {@link instantKey} of a stored value, parsed once (null when it cannot be read as a time). */
export function storedTimeKey(raw: unknown): string | null {
  const parts = heldParts(raw);
  return parts ? keyOfParts(parts) : null;
}

/**
 * A stored value's parts where it is readable: exactly when instantOfParts would write it (a date
 * JavaScript can hold), without writing it.
 */
function heldParts(raw: unknown): Parts | null {
  const parts = partsOfStored(raw);
  return parts && Math.abs(parts.seconds) <= LAST_SECOND ? parts : null;
}

/**
 * Milliseconds since the epoch of a stored value, exactly as `Date.parse(decodeTime(raw))` reads
 * them (null exactly where {@link decodeTime} is), without writing the instant's text: for
 * aggregates that place many stored times and write few of them (Review's buckets).
 */
export function storedMillis(raw: unknown): number | null {
  const text = typeof raw === 'string' ? raw : raw instanceof StoredTimestamp ? raw.text : null;
  const common = text === null ? undefined : commonShapeMillis(text);
  if (common !== undefined) return common;
  const parts = heldParts(raw);
  return parts ? parts.seconds * 1000 + Number(parts.nanos.slice(0, 3)) : null;
}

/**
 * The milliseconds of a text in the common shape `YYYY-MM-DD HH:MM:SS` (or with a `T`; UTC, or
 * marked so with `Z` or `+00` as PostgreSQL writes a `timestamptz` in a UTC session), years
 * 1000 to 9999, on the calendar: what the general reading ({@link partsOfText}) gives it, without
 * its pattern (a whole history's buckets place millions of such times). Undefined for anything
 * else, which the general reading decides.
 */
function commonShapeMillis(text: string): number | undefined {
  if (!(text.length === 19 || (text.length === 20 && /[Zz]/.test(text[19]!)) || (text.length === 22 && /[+-]00/.test(text.slice(19)))) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const t = text.charCodeAt(10);
  if (t !== 32 && t !== 84) return undefined;
  const [year, month, day, hour, minute, second] = [digitsAt(text, 0, 4), digitsAt(text, 5, 7), digitsAt(text, 8, 10), digitsAt(text, 11, 13), digitsAt(text, 14, 16), digitsAt(text, 17, 19)];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * The number the ASCII digits of `text` from `from` to `to` write; -1 where any is not one (the
 * fast paths that read the commonest stored time shape without a pattern).
 */
export function digitsAt(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The instant a JavaScript date stands for. */
export function instantOfDate(date: Date): Instant {
  return date.toISOString();
}

/**
 * A key that sorts like the instants themselves, as plain text: `>` on keys is "later than",
 * whatever the fraction's length (`…00.5Z` against `…00.123456Z`) and for years before 1970.
 */
export function instantKey(instant: Instant): string {
  return keyOfParts(partsOfInstant(instant));
}

function keyOfParts(parts: Parts): string {
  return `${String(parts.seconds + 1e13).padStart(15, '0')}.${parts.nanos}`;
}

/** What {@link instantKey} writes. */
export const MERGE_KEY = /^\d{15}\.\d{9}$/;

/** The instant an {@link instantKey} stands for. */
export function instantOfKey(key: string): Instant {
  const [seconds, nanos] = key.split('.') as [string, string];
  const instant = instantOfParts({ seconds: Number(seconds) - 1e13, nanos });
  if (!MERGE_KEY.test(key) || instant === null) throw new AuditError('bad-request', 'The page cursor is not valid; start again from the first page.');
  return instant;
}

/** Keys above and below every instant's: the bands where entries without a readable time are merged. */
export const NEWEST_KEY = '~';
export const OLDEST_KEY = '-';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Date and time of day of an instant, in UTC, as `YYYY-MM-DD`, `HH`, `MM`, `SS`. */
function fieldsOf(parts: Parts): { date: string; hours: string; minutes: string; seconds: string } {
  const d = new Date(parts.seconds * 1000);
  const year = d.getUTCFullYear();
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : String(year);
  return {
    date: `${yearText}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    hours: pad(d.getUTCHours()),
    minutes: pad(d.getUTCMinutes()),
    seconds: pad(d.getUTCSeconds()),
  };
}

/** A native PostgreSQL timestamp: microseconds, and the offset for `timestamptz`. */
function nativeEncoder(withZone: boolean): (instant: Instant) => Encoded {
  return (instant) => {
    const parts = partsOfInstant(instant);
    const f = fieldsOf(parts);
    const value = `${f.date} ${f.hours}:${f.minutes}:${f.seconds}.${parts.nanos.slice(0, 6)}${withZone ? '+00' : ''}`;
    return { value, exact: parts.nanos.slice(6) === '000' };
  };
}

/**
 * Bounds written in the same text shape as `sample`. Text compares character by character, and a
 * column's rows need not all write the same number of fraction digits (`…:00` beside `…:00.5`):
 * where the shape has seconds and no zone after them, `<` and `>=` compare with the shortest text
 * of the instant (its fraction without trailing zeros) and `<=` and `>` with the longest (nine
 * digits), which is exact whatever number of digits a row stored. Otherwise the sample's own
 * shape is written, truncated where it keeps less.
 */
function textBounds(sample: string): (instant: Instant, op: TimeOperator) => TimeBound {
  const m = TEXT_TIME.exec(sample.trim());
  if (!m || m[10]) {
    throw new AuditError('internal', `ByTime values such as "${sample}" are not a date and time this application can read.`);
  }
  const separator = m[4] ?? ' ';
  const hasTime = m[5] !== undefined;
  const hasSeconds = m[7] !== undefined;
  const fractionDigits = Math.min(m[8]?.length ?? 0, 9);
  // Stored text with an offset is written back with a zero offset in the same notation.
  const zone = m[9] === undefined ? '' : m[9].toUpperCase() === 'Z' ? m[9] : m[9].replace(/\d/g, '0').replace(/^-/, '+');
  return (instant, op) => {
    const parts = partsOfInstant(instant);
    const f = fieldsOf(parts);
    const toSecond = `${f.date}${separator}${f.hours}:${f.minutes}:${f.seconds}`;
    if (hasSeconds && zone === '' && op !== '=') {
      if (op === '<' || op === '>=') {
        const trimmed = parts.nanos.replace(/0+$/, '');
        return { value: trimmed ? `${toSecond}.${trimmed}` : toSecond, op, exact: true };
      }
      return { value: `${toSecond}.${parts.nanos}`, op, exact: true };
    }
    let text = f.date;
    let dropped = `${f.hours}${f.minutes}${f.seconds}${parts.nanos}`;
    if (hasTime) {
      text += `${separator}${f.hours}:${f.minutes}`;
      dropped = `${f.seconds}${parts.nanos}`;
      if (hasSeconds) {
        text += `:${f.seconds}`;
        dropped = parts.nanos.slice(fractionDigits);
        if (fractionDigits > 0) text += `.${parts.nanos.slice(0, fractionDigits)}`;
      }
      text += zone;
    }
    return truncatedBound({ value: text, exact: /^0*$/.test(dropped) }, op);
  };
}

/** Epoch seconds or milliseconds, as the sample is. */
function epochEncoder(millis: boolean): (instant: Instant) => Encoded {
  return (instant) => {
    const parts = partsOfInstant(instant);
    const ms = parts.seconds * 1000 + Number(parts.nanos.slice(0, 3));
    return millis
      ? { value: ms, exact: parts.nanos.slice(3) === '000000' }
      : { value: parts.seconds, exact: parts.nanos === NINE_ZEROS };
  };
}

/** The codec for a `ByTime` column, from one of its stored values (null for an empty log). */
export function timeCodecFor(sample: unknown): TimeCodec {
  let bound: (instant: Instant, op: TimeOperator) => TimeBound;
  let storage: TimeStorage;
  if (sample instanceof StoredTimestamp) {
    const encode = nativeEncoder(sample.withZone);
    bound = (instant, op) => truncatedBound(encode(instant), op);
    storage = 'native';
  } else if (sample === null || sample === undefined) {
    // An empty log: any bound selects nothing, so the instant's own text serves.
    bound = (instant, op) => ({ value: instant, op, exact: true });
    storage = 'empty';
  } else if (typeof sample === 'number' || typeof sample === 'bigint') {
    const millis = Math.abs(Number(sample)) > 1e11;
    const encode = epochEncoder(millis);
    bound = (instant, op) => truncatedBound(encode(instant), op);
    storage = millis ? 'epoch-millis' : 'epoch-seconds';
  } else {
    bound = textBounds(String(sample));
    storage = 'text';
  }
  return { decode: decodeTime, bound, storage };
}

/** A stored ISO date and time that PostgreSQL can cast without failing on the rest of its text. */
const PG_ISO_TEXT = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?[ ]*(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$';

/**
 * SQL for a stored time as whole seconds since the epoch (UTC), NULL where it cannot be read: what
 * aggregate reads group by (minutes, quarter hours), so that no time is compared as text. Text is
 * read as the codec reads it (UTC unless it carries an offset): SQLite's `strftime('%s')` and,
 * on PostgreSQL (whose sessions run in UTC), a cast of text that has the shape of a date. Numbers
 * past 1e11 are milliseconds, as {@link decodeTime} reads them.
 */
export function epochSecondsSql(codec: TimeCodec, columnRef: RawBuilder<unknown>, engineKind: 'sqlite' | 'postgres'): RawBuilder<number | null> {
  if (engineKind === 'sqlite') {
    // SQLite's columns hold any type in any row: each row is read by its own type. (unixepoch()
    // reads text as strftime does and costs least; blanks around a time are trimmed, as the codec
    // trims them, only where it could not read it as it is.)
    return sql<number | null>`(CASE typeof(${columnRef}) WHEN 'text' THEN coalesce(unixepoch(${columnRef}), unixepoch(trim(${columnRef})))
      WHEN 'integer' THEN (CASE WHEN abs(${columnRef}) > 100000000000 THEN ${columnRef} / 1000 ELSE ${columnRef} END)
      WHEN 'real' THEN CAST((CASE WHEN abs(${columnRef}) > 1e11 THEN ${columnRef} / 1000.0 ELSE ${columnRef} END) AS INTEGER) END)`;
  }
  switch (codec.storage) {
    case 'native':
      return sql<number | null>`CASE WHEN isfinite(${columnRef}) THEN CAST(floor(extract(epoch from ${columnRef})) AS BIGINT) END`;
    case 'epoch-seconds':
    case 'epoch-millis':
      return sql<number | null>`CAST(floor(CASE WHEN abs(${columnRef}) > 1e11 THEN ${columnRef} / 1000.0 ELSE ${columnRef} END) AS BIGINT)`;
    case 'text':
      return sql<number | null>`CASE WHEN trim(${columnRef}) ~ ${sql.lit(PG_ISO_TEXT)} THEN CAST(floor(extract(epoch from CAST(trim(${columnRef}) AS timestamptz))) AS BIGINT) END`;
    case 'empty':
      return sql<number | null>`CAST(NULL AS BIGINT)`;
  }
}

/** `column op instant`, exact whatever the column's storage shape and precision. */
export function timeCondition(codec: TimeCodec, columnRef: RawBuilder<unknown>, op: TimeOperator, instant: Instant): RawBuilder<boolean> {
  const bound = codec.bound(instant, op);
  return sql<boolean>`${columnRef} ${sql.raw(bound.op)} ${bound.value}`;
}

/**
 * SQL for the bucket of `seconds` a stored time falls in (whole buckets since the epoch, NULL where
 * the time cannot be read): `floor(epoch / seconds)`, written for SQLite as an integer division of a
 * shifted epoch (it truncates toward zero, and the shift keeps the dividend positive back to the
 * year −1200), so the epoch is computed once per row.
 */
export function bucketSql(codec: TimeCodec, columnRef: RawBuilder<unknown>, engineKind: 'sqlite' | 'postgres', seconds: number): RawBuilder<number | null> {
  const epoch = epochSecondsSql(codec, columnRef, engineKind);
  if (engineKind === 'postgres') return sql<number | null>`CAST(floor(${epoch} / ${sql.lit(seconds)}.0) AS BIGINT)`;
  const shifts = Math.ceil(1e11 / seconds);
  return sql<number | null>`((${epoch} + ${sql.lit(shifts * seconds)}) / ${sql.lit(seconds)} - ${sql.lit(shifts)})`;
}
