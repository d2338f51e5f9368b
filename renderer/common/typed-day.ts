/**
 * Reading a day the user typed into a date box, the one place that decides what a typed date
 * means. Numbers are read in the order of the user's locale (`5/1/2025` is 5 January in en-GB,
 * 1 May in en-US), a four-digit year first is ISO (`2025-01-05`), and the app's own display
 * (`5 Jan 2025`) reads back as itself. Anything else — an impossible day (`31/02/2025`), a word,
 * a two-digit year, 10 kB of pasted text — is refused with one sentence saying why, so that
 * nothing is guessed and nothing half-typed is sent as a filter.
 *
 * Pure: no DOM, no clock; the locale is passed in (the renderer gives `navigator.language`).
 */

/** The order a locale writes a numeric date in. */
export type DayOrder = 'dmy' | 'mdy' | 'ymd';

/** A typed day: the calendar day as `YYYY-MM-DD`, or why the text is not one. */
export type TypedDay = { day: string } | { error: string };

/** Longer than any way of writing a day: refused before any pattern runs over it. */
const MAX_LENGTH = 40;

const ENGLISH_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const orders = new Map<string, DayOrder>();

/** The order `locale` writes numeric dates in (day first for en-GB, month first for en-US). */
export function dayOrderOf(locale: string): DayOrder {
  let order = orders.get(locale);
  if (order) return order;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).formatToParts(
      Date.UTC(2025, 0, 5),
    );
  } catch {
    // An unusable locale tag: the app's own display is day-first (en-GB).
    parts = [];
  }
  const at = (type: string): number => parts.findIndex((p) => p.type === type);
  const [d, m, y] = [at('day'), at('month'), at('year')];
  order = d < 0 || m < 0 || y < 0 ? 'dmy' : y < m && y < d ? 'ymd' : m < d ? 'mdy' : 'dmy';
  orders.set(locale, order);
  return order;
}

/** How to write a day in `locale`, for placeholders and messages: `dd/mm/yyyy`. */
export function dayPattern(locale: string): string {
  const order = dayOrderOf(locale);
  return order === 'mdy' ? 'mm/dd/yyyy' : order === 'ymd' ? 'yyyy-mm-dd' : 'dd/mm/yyyy';
}

/**
 * The calendar day `text` names, read as described above; blank text is `{ day: '' }` (no day, not
 * an error: a cleared box).
 */
export function readTypedDay(text: string, locale: string): TypedDay {
  const pattern = dayPattern(locale);
  const notADay: TypedDay = { error: `Not a date: write the day as ${pattern}${pattern === 'yyyy-mm-dd' ? '' : ' or yyyy-mm-dd'}.` };
  if (typeof text !== 'string' || text.length > MAX_LENGTH) return notADay;
  const t = text.trim().toLowerCase();
  if (t === '') return { day: '' };

  // Four-digit year first: ISO order whatever the locale (2025-01-05, 2025/1/5).
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));

  // Three numbers: the locale's order.
  m = /^(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})$/.exec(t);
  if (m) {
    const [a, b, c] = [m[1]!, m[2]!, m[3]!];
    const order = dayOrderOf(locale);
    const [dayText, monthText, yearText] = order === 'mdy' ? [b, a, c] : order === 'ymd' ? [c, b, a] : [a, b, c];
    if (yearText.length !== 4) return shortYear(yearText, pattern);
    return checked(Number(yearText), Number(monthText), Number(dayText));
  }

  // A month by name, day before or after it: "5 Jan 2025" (the app's display), "January 5, 2025".
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([\p{L}]+)\.?,?[\s\-/.]+(\d{1,4})$/u.exec(t);
  const named = m ? { day: m[1]!, month: m[2]!, year: m[3]! } : null;
  const m2 = named ? null : /^([\p{L}]+)\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{1,4})$/u.exec(t);
  const parts = named ?? (m2 ? { day: m2[2]!, month: m2[1]!, year: m2[3]! } : null);
  if (parts) {
    const month = monthByName(parts.month, locale);
    if (month === null) return { error: `"${parts.month}" is not a month: write the day as ${pattern}.` };
    if (parts.year.length !== 4) return shortYear(parts.year, pattern);
    return checked(Number(parts.year), month, Number(parts.day));
  }
  return notADay;
}

function shortYear(year: string, pattern: string): TypedDay {
  // 05/01/25 could be 1925 or 2025, and a half-typed 2025 would be read as 202 AD: ask for all of it.
  return { error: `Write the year in full (four digits, ${pattern}), not "${year}".` };
}

function checked(year: number, month: number, day: number): TypedDay {
  if (month < 1 || month > 12) return { error: `There is no month ${month}: months run from 1 to 12.` };
  if (year < 1) return { error: `There is no year ${year}.` };
  const last = month === 2 ? (isLeap(year) ? 29 : 28) : new Date(Date.UTC(2001, month, 0)).getUTCDate();
  if (day < 1 || day > last) {
    const name = ENGLISH_MONTHS[month - 1]!;
    return { error: `There is no ${ordinal(day)} of ${name[0]!.toUpperCase()}${name.slice(1)} ${year}: it has ${last} days.` };
  }
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return { day: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** The month (1–12) a name or its abbreviation of three letters or more means, in English or `locale`. */
function monthByName(name: string, locale: string): number | null {
  if (name.length < 3) return null;
  const lists = [ENGLISH_MONTHS, localMonths(locale)];
  for (const list of lists) {
    const index = list.findIndex((full) => full.startsWith(name));
    if (index >= 0) return index + 1;
  }
  return null;
}

const monthNames = new Map<string, string[]>();

function localMonths(locale: string): string[] {
  let names = monthNames.get(locale);
  if (!names) {
    try {
      const format = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
      names = Array.from({ length: 12 }, (_, i) => format.format(Date.UTC(2025, i, 15)).toLowerCase());
    } catch {
      names = [];
    }
    monthNames.set(locale, names);
  }
  return names;
}

/** A typed day with an optional time of day: `YYYY-MM-DD` and `HH:mm:ss`, or why not. */
export type TypedDayTime = { day: string; time: string } | { error: string };

/**
 * A day as readTypedDay reads it, optionally followed by a time (`5/1/2025 14:02`,
 * `5 Jan 2025, 14:02:09`, `2025-01-05T14:02`); no time is midnight.
 */
export function readTypedDayTime(text: string, locale: string): TypedDayTime {
  if (typeof text !== 'string' || text.length > MAX_LENGTH) return readTypedDay('\u0000', locale) as { error: string };
  const m = /^(.*?)(?:(?:,\s*|\s+|t)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i.exec(text.trim());
  const read = readTypedDay(m?.[1] ?? '', locale);
  if ('error' in read) return read;
  if (read.day === '') return { error: 'No date: write the day first, then the time if you need one.' };
  const [h, min, s] = [Number(m?.[2] ?? 0), Number(m?.[3] ?? 0), Number(m?.[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return { error: `There is no time ${m?.[2]}:${m?.[3]}${m?.[4] ? `:${m[4]}` : ''}: hours run to 23, minutes and seconds to 59.` };
  const pad = (n: number): string => String(n).padStart(2, '0');
  return { day: read.day, time: `${pad(h)}:${pad(min)}:${pad(s)}` };
}
