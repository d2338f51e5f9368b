/**
 * Milliseconds since the epoch of a date and time on UTC's calendar (month 1–12). `Date.UTC` reads
 * years 0 to 99 as 1900 to 1999, so those (and only those) are set through a date object: a log
 * may hold any year, and every reader of times (the stored times' codec, the zone clock) goes
 * through here. The common years take `Date.UTC` itself: this is on the hot paths of both.
 */
export function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year >= 100 || year < 0) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
