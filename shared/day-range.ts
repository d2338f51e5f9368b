/**
 * Date ranges as the user picks them: whole local days in their time zone, turned into the UTC
 * bounds `ByTime` is stored in (docs/data-model.md). Days are not always 24 hours long — daylight saving
 * makes 23- and 25-hour days, and where the clocks change at midnight a day may begin at 01:00 — so
 * bounds are found from the zone's own clock (Intl), never by adding hours.
 */
import { AuditError } from './errors';

/** Whole local days, inclusive at both ends. */
export interface DayRange {
  /** First day, `YYYY-MM-DD`. */
  from?: string;
  /** Last day, `YYYY-MM-DD` (inclusive). */
  to?: string;
  /** IANA time zone the days are meant in (default `UTC`). */
  timeZone?: string;
}

/** A half-open UTC interval: `fromUtc <= ByTime < toUtcExclusive`; null means unbounded. */
export interface UtcBounds {
  fromUtc: Date | null;
  toUtcExclusive: Date | null;
}

/**
 * The UTC bounds of a range of local days: `from` becomes the first instant of that day in the
 * zone, `to` the first instant of the day after (an exclusive bound, so the last day is whole,
 * however long it is). Empty strings count as absent, as a cleared date box sends them.
 *
 * @throws AuditError `bad-request` for a malformed or impossible date (`2024-02-30`), an unknown
 *   time zone, or a range that starts after it ends.
 */
export function dayRangeToUtc(range: DayRange): UtcBounds {
  const timeZone = optionalText(range.timeZone, 'time zone') ?? 'UTC';
  const fromText = optionalText(range.from, 'start date');
  const toText = optionalText(range.to, 'end date');
  if (fromText === undefined && toText === undefined) {
    // No day to place, so nothing is read in the zone, and it is not checked: checking is Intl's
    // first use, 20-30 ms of a command-line call that has no date filter.
    return { fromUtc: null, toUtcExclusive: null };
  }
  if (!isValidTimeZone(timeZone)) {
    throw new AuditError('bad-request', `"${timeZone}" is not a known time zone (use an IANA name such as Europe/London).`);
  }
  const from = fromText === undefined ? null : parseDay(fromText);
  const to = toText === undefined ? null : parseDay(toText);
  if (from && to && dayKey(from) > dayKey(to)) {
    throw new AuditError('bad-request', `The date range starts on ${fromText} but ends earlier, on ${toText}.`);
  }
  return {
    fromUtc: from ? new Date(startOfDay(from, timeZone)) : null,
    toUtcExclusive: to ? new Date(startOfDay(nextDay(to), timeZone)) : null,
  };
}

/** Whether `tz` is a time zone this runtime knows (IANA names, in any letter case). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The local day (`YYYY-MM-DD`) that an instant falls on in a time zone.
 *
 * @throws AuditError `bad-request` for an invalid date or an unknown time zone.
 */
export function localDayOf(instant: Date, timeZone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new AuditError('bad-request', 'The instant to find the local day of is not a valid date.');
  }
  if (!isValidTimeZone(timeZone)) {
    throw new AuditError('bad-request', `"${timeZone}" is not a known time zone (use an IANA name such as Europe/London).`);
  }
  const { year, month, day } = localParts(instant.getTime(), timeZone);
  return formatDay({ year, month, day });
}

interface Day {
  year: number;
  month: number;
  day: number;
}

interface LocalParts extends Day {
  /** The local wall-clock time read as if it were UTC, in ms: local minus this instant = offset. */
  wallMs: number;
}

const HOUR = 3_600_000;
/**
 * How far to search on either side of the local midnight read as UTC. UTC offsets stay within
 * ±16 hours even in the oldest local-mean-time entries of the tz database (Asia/Manila's LMT was
 * −15:56), so an instant this far before the day is always on an earlier local day and one this far
 * after is always on that day or later.
 */
const SEARCH_WINDOW = 26 * HOUR;

/** One formatter per zone: building an `Intl.DateTimeFormat` is far dearer than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown zone, which is how validity is checked.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      // 'h23', not `hour12: false`: the latter prints midnight as "24" in some ICU versions.
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localParts(ms: number, timeZone: string): LocalParts {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type === 'era') bc = part.value === 'BC';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const yearOfEra = fields['year'] ?? 1970;
  // en-US counts years of an era (1 BC, 2 BC...); astronomical years (0, -1...) keep days ordered.
  const year = bc ? 1 - yearOfEra : yearOfEra;
  const month = fields['month'] ?? 1;
  const day = fields['day'] ?? 1;
  const wallMs = civilToMs({ year, month, day }, fields['hour'] ?? 0, fields['minute'] ?? 0, fields['second'] ?? 0);
  return { year, month, day, wallMs };
}

/**
 * The first instant whose local day in `timeZone` is `day` or later: usually local midnight, but
 * later where midnight was skipped (a day that begins at 01:00).
 */
function startOfDay(day: Day, timeZone: string): number {
  const midnightAsUtc = civilToMs(day, 0, 0, 0);
  const target = dayKey(day);
  const reached = (ms: number): boolean => dayKey(localParts(ms, timeZone)) >= target;
  // Binary search for the first such second: the local day only moves forward as time does (for
  // every transition in the tz database), and transitions fall on whole seconds.
  const search = (lo: number, hi: number): number => {
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (reached(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const lo = midnightAsUtc - SEARCH_WINDOW;
  let first = search(lo, midnightAsUtc + SEARCH_WINDOW);
  // Belt and braces for a clock that steps back across midnight (local day moving backwards):
  // if local midnight under the offset in force on either side comes earlier and is already on
  // the day, the day began there, so search again below it.
  for (const probe of [lo, first]) {
    const candidate = midnightAsUtc - (localParts(probe, timeZone).wallMs - probe);
    if (candidate > lo && candidate < first && reached(candidate)) first = search(lo, candidate);
  }
  return first;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(text: string): Day {
  const m = DAY_PATTERN.exec(text);
  const day = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  if (!day || day.year < 1 || day.month < 1 || day.month > 12 || day.day < 1 || day.day > daysInMonth(day)) {
    throw new AuditError('bad-request', `"${text}" is not a valid date (expected a real calendar day as YYYY-MM-DD).`);
  }
  return day;
}

/** Absent, or a non-empty string; anything else (a number from a hand-written request) is refused. */
function optionalText(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AuditError('bad-request', `The ${what} must be text, not ${typeof value}.`);
  const text = value.trim();
  return text === '' ? undefined : text;
}

function nextDay(day: Day): Day {
  const date = new Date(civilToMs(day, 0, 0, 0) + 24 * HOUR);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function dayKey(day: Day): number {
  return day.year * 10_000 + day.month * 100 + day.day;
}

function formatDay(day: Day): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(day.year, 4)}-${pad(day.month, 2)}-${pad(day.day, 2)}`;
}

function daysInMonth({ year, month }: Day): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Like `Date.UTC`, without its habit of reading years 0–99 as 1900–1999. */
function civilToMs(day: Day, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(day.year, day.month - 1, day.day);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/**
 * How far `timeZone`'s clock is ahead of UTC at an instant, in milliseconds (whole seconds: the
 * tz database's offsets are), read from the zone's own clock as the day bounds above are.
 */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const second = Math.floor(ms / 1000) * 1000;
  return localParts(second, timeZone).wallMs - second;
}
