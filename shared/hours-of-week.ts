/**
 * Hours of the week (Monday 09:00–10:00, Sunday 02:00–03:00…) on a zone's own clock: what the
 * Insights heat map counts in and what Activity's hour-of-week filter keeps. One reading of an
 * instant's weekday and hour for both, so a heat-map cell and the Activity it opens agree.
 */
import { zoneOffsetMs } from './day-range';
import { AuditError } from './errors';

/** One hour of the week: `weekday` 1 = Monday … 7 = Sunday (ISO 8601), `hour` 0–23, on the zone's clock. */
export interface HourOfWeek {
  weekday: number;
  hour: number;
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The index (0–167) of an hour of the week: Monday 00:00 is 0. */
export function hourOfWeekIndex(h: HourOfWeek): number {
  return (h.weekday - 1) * 24 + h.hour;
}

/**
 * The hours of a filter, checked: each a whole weekday 1–7 and hour 0–23, duplicates dropped,
 * sorted; an empty list is no filter (null).
 *
 * @throws AuditError `bad-request` for anything else.
 */
export function checkHoursOfWeek(value: unknown): HourOfWeek[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new AuditError('bad-request', 'The hours of the week must be a list of { weekday, hour }.');
  const seen = new Set<number>();
  for (const item of value as unknown[]) {
    const h = item as Partial<HourOfWeek> | null;
    const ok =
      h !== null &&
      typeof h === 'object' &&
      Number.isInteger(h.weekday) && h.weekday! >= 1 && h.weekday! <= 7 &&
      Number.isInteger(h.hour) && h.hour! >= 0 && h.hour! <= 23;
    if (!ok) throw new AuditError('bad-request', 'Each hour of the week must be a weekday from 1 (Monday) to 7 (Sunday) and an hour from 0 to 23.');
    seen.add(hourOfWeekIndex(h as HourOfWeek));
  }
  if (seen.size === 0) return null;
  return [...seen].sort((a, b) => a - b).map((i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24 }));
}

/** The hour of the week an instant (epoch ms) falls in on `timeZone`'s clock. */
export function hourOfWeekAt(ms: number, timeZone: string): HourOfWeek {
  const wall = new Date(ms + zoneOffsetMs(ms, timeZone));
  return { weekday: ((wall.getUTCDay() + 6) % 7) + 1, hour: wall.getUTCHours() };
}

/** "Mondays 09:00–10:00", "Mondays 09:00–10:00 and Sundays 02:00–03:00", or "6 hours of the week". */
export function describeHoursOfWeek(hours: readonly HourOfWeek[]): string {
  const one = (h: HourOfWeek) => `${WEEKDAY_NAMES[h.weekday - 1]}s ${String(h.hour).padStart(2, '0')}:00–${String((h.hour + 1) % 24).padStart(2, '0')}:00`;
  if (hours.length <= 2) return hours.map(one).join(' and ');
  return `${hours.length} hours of the week`;
}
