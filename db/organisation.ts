/**
 * The organisation's working pattern (settings `organisation`), with its defaults: the one place
 * that decides what "working hours", "weekend", "automation account" and "retention" mean before
 * any finding, chart or health figure is computed from them.
 */
import { dayRangeToUtc, localDayOf } from '../shared/day-range';
import type { Organisation } from '../shared/domain';
import type { AuditSettings } from './settings';

/** An office day: 07:00 to 19:00 covers early and late shifts without calling them off-hours. */
export const DEFAULT_WORKING_HOURS = { from: '07:00', to: '19:00' } as const;
export const DEFAULT_WORKING_DAYS: readonly number[] = [1, 2, 3, 4, 5];
/** CRM audit guidance: keep logs 12 to 24 months. */
export const DEFAULT_RETENTION_MONTHS = 24;

/** The machine's zone, where the settings name none (a single user reading their own replica). */
function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function organisationOf(settings: AuditSettings): Organisation {
  const given = settings.organisation ?? {};
  return {
    timeZone: given.timeZone ?? machineTimeZone(),
    timeZoneSource: given.timeZone ? 'settings' : 'machine',
    workingHours: {
      from: given.workingHours?.from ?? DEFAULT_WORKING_HOURS.from,
      to: given.workingHours?.to ?? DEFAULT_WORKING_HOURS.to,
    },
    workingDays: given.workingDays ? [...new Set(given.workingDays)].sort((a, b) => a - b) : [...DEFAULT_WORKING_DAYS],
    automation: [...(given.automation ?? [])],
    retentionMonths: given.retentionMonths ?? DEFAULT_RETENTION_MONTHS,
  };
}

/**
 * Where the organisation's retention falls, measured back from `now`: the start (midnight in its
 * zone) of the same calendar day `retentionMonths` months before today there (the month's last day
 * where it is shorter: 31 March less one month is 28 or 29 February). Rows before it are older
 * than the organisation keeps. Days and months are the zone's own, so the cutoff is the same
 * whatever zone this machine or the server runs in.
 */
export function retentionCutoff(organisation: Organisation, now: Date): Date {
  const today = localDayOf(now, organisation.timeZone);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const months = year * 12 + (month - 1) - organisation.retentionMonths;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
  return dayRangeToUtc({ from: date, timeZone: organisation.timeZone }).fromUtc!;
}
