/** Instants picked in the date-and-time inputs, read in the user's time zone. */
import { TZDate } from '@date-fns/tz';

const WITH_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * The UTC instant (ISO 8601) of `value`, a date-and-time as the inputs give it: with an offset it
 * is that instant; without one it is a wall-clock time in `timeZone` (not the browser's zone).
 * Null when it cannot be read.
 */
export function instantOf(value: string, timeZone: string): string | null {
  const text = value.trim();
  if (WITH_OFFSET.test(text)) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const m = WALL_CLOCK.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  const date = new TZDate(y!, mo! - 1, d!, h!, mi!, s!, timeZone);
  return Number.isNaN(date.getTime()) ? null : new Date(date.getTime()).toISOString();
}

/** The current wall-clock time in `timeZone` as `YYYY-MM-DDTHH:mm:ss±hh:mm`, for an input's start value. */
export function nowIn(timeZone: string, now = new Date()): string {
  const d = new TZDate(now.getTime(), timeZone);
  return d.toISOString().replace(/\.\d{3}/, '');
}
