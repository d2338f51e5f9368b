/**
 * Times as the user reads them: log times are UTC in storage and shown in the user's time zone
 * (the browser's, unless they chose another), with date-fns doing the formatting.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { temporalSystemZone } from './temporal';
import { zoneOffset } from './zone';
import { secondFraction, unreadableTimeText } from '../../shared/instant-text';

/**
 * `3 Oct 2026, 14:02` in `timeZone`; with `precise`, `3 Oct 2026, 14:02:09.123456` (the seconds,
 * and their fraction where not zero), for entries that would otherwise look simultaneous. A time
 * the log could not read (null) says so.
 */
export function formatTime(iso: string | null, timeZone: string, precise = false, stored?: string | null): string {
  if (iso === null) return unreadableTimeText(stored);
  const date = new TZDate(iso, timeZone);
  return precise ? `${format(date, 'd MMM yyyy, HH:mm:ss')}${secondFraction(iso)}` : format(date, 'd MMM yyyy, HH:mm');
}

/** `Saturday 3 October 2026, 14:02:09.123 UTC+01:00`: the full form, for tooltips and headings (the zone written as zone.ts writes it). */
export function formatTimeLong(iso: string | null, timeZone: string, stored?: string | null): string {
  if (iso === null) return unreadableTimeText(stored);
  const date = new TZDate(iso, timeZone);
  return `${format(date, 'EEEE d MMMM yyyy, HH:mm:ss')}${secondFraction(iso)} ${zoneOffset(timeZone, date)}`;
}

/** The zone the browser runs in: the default until the user picks another. */
export function systemTimeZone(): string {
  // Temporal's answer costs no date formatter (temporal.ts): the navbar shows it in the first render.
  return temporalSystemZone() ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

/** `YYYY-MM-DD` of a calendar day picked in the date inputs (which work in local midnights). */
export function dayOf(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

/** The calendar day `YYYY-MM-DD` as the local-midnight Date the date inputs expect. */
export function dateOfDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}
