/**
 * The organisation's working pattern (settings `organisation`), with its defaults: the one place
 * that decides what "working hours", "weekend", "automation account" and "retention" mean before
 * any finding, chart or health figure is computed from them.
 */
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
