/**
 * Field values as a person reading an audit log sees them: what counts as empty, when two values are
 * "the same", and how a value is written in a sentence.
 *
 * Log tables are written by many hands over many years (triggers, older application versions,
 * different drivers), so one value often arrives in several spellings: `1200` and `'1200.00'`,
 * `true` and `1`, `'2024-03-01'` and `'2024-03-01 00:00:00'`, `NULL` and `''`. Reporting those as
 * changes would box fields nobody touched, which is worse than useless in an audit trail.
 */
import type { BinaryValue, FieldValue, TruncatedValue } from './domain';

/**
 * How many characters of a long text a page carries: past this a value is handed out as a
 * {@link TruncatedValue}. Enough to read what a note is about; a page of fifty entries of 10 MB
 * texts then stays a few hundred kilobytes.
 */
export const CUT_VALUE_CHARS = 2000;

/**
 * The digest a {@link TruncatedValue} carries when its text, trimmed, is empty (the first 16 hex
 * digits of SHA-256 of no bytes): a long run of whitespace is as empty as `''`.
 */
export const EMPTY_TEXT_DIGEST = 'e3b0c44298fc1c14';

/** Whether a value is a long text that was cut (its `text` is only its beginning). */
export function isTruncatedValue(v: FieldValue | undefined): v is TruncatedValue {
  return typeof v === 'object' && v !== null && v.kind === 'truncated';
}

/**
 * True for null, undefined, or a string that is empty or only whitespace. Zero and `false` are
 * values, not emptiness.
 */
export function isEmptyValue(v: FieldValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (isTruncatedValue(v)) return v.digest === EMPTY_TEXT_DIGEST && v.text.trim() === '';
  return typeof v === 'string' && v.trim() === '';
}

/**
 * Whether two values are the same as a person reading an audit log means it.
 *
 * - Empty equals empty (`null`, `''`, `'  '`).
 * - Binary values compare by size and digest; cut long texts by the digest of their whole
 *   (trimmed) text. A cut text never equals one handed out whole (it is too long to be the same).
 * - A number equals a string that is a plain decimal literal of the same value (`'1200.00'` and
 *   `1200`), but not one with leading zeros (`'01234'` is a phone number, not `1234`), an exponent,
 *   or anything else that is not purely numeric.
 * - A boolean equals `1`/`0` (SQLite has no boolean type) and `'1'`/`'0'`/`'true'`/`'false'`.
 * - Two date/time strings are equal when they denote the same instant (both with a zone) or the
 *   same wall-clock time (both without); a naive time never equals a zoned one unless the texts do.
 * - Otherwise strings compare exactly, except that leading and trailing whitespace is ignored
 *   (fixed-width `CHAR` columns pad with spaces nobody can see); case and inner whitespace matter.
 */
export function sameValue(a: FieldValue, b: FieldValue): boolean {
  // Most fields of consecutive snapshots are identical: answer those without any parsing.
  if (a === b) return true;
  const aEmpty = isEmptyValue(a);
  const bEmpty = isEmptyValue(b);
  if (aEmpty || bEmpty) return aEmpty && bEmpty;
  // Past this point neither value is null (empties were handled above).
  const x = a as Exclude<FieldValue, null>;
  const y = b as Exclude<FieldValue, null>;

  if (isBinary(x) || isBinary(y)) {
    return isBinary(x) && isBinary(y) && x.bytes === y.bytes && x.digest === y.digest;
  }
  if (isTruncatedValue(x) || isTruncatedValue(y)) {
    return isTruncatedValue(x) && isTruncatedValue(y) && x.digest === y.digest;
  }
  if (typeof x === 'number' && typeof y === 'number') {
    return x === y || (Number.isNaN(x) && Number.isNaN(y));
  }
  if (typeof x === 'boolean' || typeof y === 'boolean') return sameBoolean(x, y);
  if (typeof x === 'number') return numberEqualsText(x, y as string);
  if (typeof y === 'number') return numberEqualsText(y, x as string);

  const s = (x as string).trim();
  const t = (y as string).trim();
  if (s === t) return true;
  const ds = parseDateTime(s);
  return ds !== null && ds === parseDateTime(t);
}

/**
 * A value written for a sentence or a terminal: `(empty)` for emptiness, `binary data (1,234 bytes)`
 * for binary values, numbers as JavaScript prints them, `true`/`false`, the first line of multi-line
 * text followed by ` …`, and anything longer than `maxLength` (default 80) cut with `…`. A cut long
 * text always reads as going on (` …` or `…`), since more of it follows what the page carries.
 */
export function formatValue(v: FieldValue, options?: { maxLength?: number }): string {
  const maxLength = Math.max(1, Math.floor(options?.maxLength ?? 80));
  if (isEmptyValue(v)) return '(empty)';
  if (isBinary(v)) {
    return `binary data (${v.bytes.toLocaleString('en-US')} ${v.bytes === 1 ? 'byte' : 'bytes'})`;
  }
  if (isTruncatedValue(v)) return formatText(v.text, maxLength, true);
  if (typeof v !== 'string') return cut(String(v), maxLength);
  return formatText(v, maxLength, false);
}

/** {@link formatValue} of text; `continues`: the text is the beginning of a longer one. */
function formatText(v: string, maxLength: number, continues: boolean): string {
  const lines = v.split(/\r\n|\r|\n/);
  // Show the first line that says something: text that starts with a blank line would otherwise
  // read as nothing at all.
  const index = Math.max(0, lines.findIndex((line) => line.trim() !== ''));
  const first = lines[index] ?? '';
  // A trailing newline is not "more text": only say so when another line has something in it.
  const more = continues || lines.slice(index + 1).some((line) => line.trim() !== '');
  if (!more) return cut(first, maxLength);
  const chars = Array.from(first);
  // Keep " …" inside the limit too; when the line itself is too long a single "…" says it all.
  if (chars.length + 2 <= maxLength) return `${first} …`;
  return cut(first, maxLength, true);
}

/** Whether a value is a binary one (handed out as its size and digest only). */
export function isBinary(v: FieldValue | undefined): v is BinaryValue {
  return typeof v === 'object' && v !== null && v.kind === 'binary';
}

/** Cuts by code points, so a surrogate pair (an emoji, say) is never split in half. */
function cut(text: string, maxLength: number, force = false): string {
  const chars = Array.from(text);
  if (!force && chars.length <= maxLength) return text;
  return `${chars.slice(0, maxLength - 1).join('')}…`;
}

function sameBoolean(x: string | number | boolean, y: string | number | boolean): boolean {
  const bx = asBoolean(x);
  const by = asBoolean(y);
  return bx !== null && bx === by;
}

function asBoolean(v: string | number | boolean): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  const t = v.trim().toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  return null;
}

/**
 * A plain decimal literal: optional sign, an integer part without leading zeros (`0` itself is
 * fine), optional fraction. No exponent, no grouping, no leading zeros: `'01234'` is an identifier.
 */
const PLAIN_DECIMAL = /^([+-]?)(0|[1-9]\d*)(?:\.(\d+))?$/;

function numberEqualsText(n: number, text: string): boolean {
  const m = PLAIN_DECIMAL.exec(text.trim());
  if (!m || !Number.isFinite(n)) return false;
  const literal = canonicalDecimal(m[1] ?? '', m[2] ?? '0', m[3] ?? '');
  const printed = String(n);
  // Compare digit for digit where JavaScript prints the number in plain notation, so that
  // '0.1000000000000000000001' is not taken for 0.1 just because both round to the same double.
  if (!/e/i.test(printed)) {
    const p = PLAIN_DECIMAL.exec(printed);
    if (p) return literal === canonicalDecimal(p[1] ?? '', p[2] ?? '0', p[3] ?? '');
  }
  return Number(text.trim()) === n;
}

function canonicalDecimal(sign: string, int: string, frac: string): string {
  const f = frac.replace(/0+$/, '');
  const body = f ? `${int}.${f}` : int;
  return sign === '-' && body !== '0' ? `-${body}` : body;
}

/**
 * `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fraction]]`, optionally
 * followed by a zone (`Z`, `+HH`, `+HHMM`, `+HH:MM`; PostgreSQL prints `+00`).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?: ?([Zz]|[+-]\d{2}(?::?\d{2})?))?)?$/;

/**
 * A comparison key for a date/time string, or null when the text is not one (or names an
 * impossible date). Naive and zoned keys carry different prefixes, so they never compare equal.
 */
function parseDateTime(text: string): string | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, fs, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs ?? 0);
  const minute = Number(mis ?? 0);
  const second = Number(ss ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let ms = civilToMs(year, month, day, hour, minute, second);
  // Fractions may be finer than milliseconds (PostgreSQL keeps microseconds): compare them as text.
  const fraction = (fs ?? '').replace(/0+$/, '');
  if (zone === undefined) return `naive:${ms}:${fraction}`;
  if (zone !== 'Z' && zone !== 'z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!z) return null;
    const offH = Number(z[2]);
    const offM = Number(z[3] ?? 0);
    if (offH > 23 || offM > 59) return null;
    ms -= (z[1] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  }
  return `zoned:${ms}:${fraction}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Like `Date.UTC`, without its habit of reading years 0–99 as 1900–1999. */
function civilToMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}
