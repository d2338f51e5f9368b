/**
 * The demo's fixed calendar: day numbers (days since 1970-01-01), UK working days, and Europe/London
 * local time converted to UTC. Done by hand rather than through `Date.now` or `Intl` so that the
 * simulation depends only on its seed, never on the machine's clock or time-zone database.
 */

/** Full trigger-based logging starts on this day; earlier rows are legacy rows. */
export const LOGGING_START = '2024-05-01';
/** The last simulated day (inclusive). */
export const SIMULATION_END = '2026-10-31';

const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 for a civil date (Howard Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number (Howard Hinnant's `civil_from_days`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` → day number. */
export function dayOf(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`Not a date: ${isoDate}`);
  return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

const isoCache = new Map<number, string>();

/** Day number → `YYYY-MM-DD`. */
export function isoDate(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    const { year, month, day: dom } = civilFromDays(day);
    text = `${year}-${pad2(month)}-${pad2(dom)}`;
    isoCache.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** England and Wales bank holidays over the simulated period (as published by GOV.UK). */
const BANK_HOLIDAYS = new Set(
  [
    '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28',
    '2023-12-25', '2023-12-26',
    '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25',
    '2024-12-26',
    '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25',
    '2025-12-26',
    '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25',
    '2026-12-28',
  ].map(dayOf),
);

export function isWorkingDay(day: number): boolean {
  const wd = weekday(day);
  return wd !== 0 && wd !== 6 && !BANK_HOLIDAYS.has(day);
}

/** The first working day on or after `day`. */
export function workingDayFrom(day: number): number {
  let d = day;
  while (!isWorkingDay(d)) d += 1;
  return d;
}

/** `count` working days after `day` (count ≥ 0; 0 gives the first working day on or after `day`). */
export function addWorkingDays(day: number, count: number): number {
  let d = workingDayFrom(day);
  for (let i = 0; i < count; i += 1) d = workingDayFrom(d + 1);
  return d;
}

/** The last Sunday of a month. */
function lastSunday(year: number, month: number): number {
  const nextMonth = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  let d = nextMonth - 1;
  while (weekday(d) !== 0) d -= 1;
  return d;
}

const bstCache = new Map<number, readonly [number, number]>();

/**
 * Whether the whole local working day (02:00 to midnight) is in British Summer Time. Clocks change
 * at 01:00 UTC on the last Sundays of March and October, so from 02:00 local time onwards a
 * transition day is entirely on its new offset. The simulation never schedules anything between
 * midnight and 02:00 local time, which keeps this day-level rule exact.
 */
export function isBritishSummerTime(day: number): boolean {
  const { year } = civilFromDays(day);
  let range = bstCache.get(year);
  if (!range) {
    range = [lastSunday(year, 3), lastSunday(year, 10)];
    bstCache.set(year, range);
  }
  return day >= range[0] && day < range[1];
}

/**
 * Europe/London local time on a day → UTC epoch seconds. `localSeconds` counts from local midnight
 * and must be at least 02:00 (7,200) for the reason given at {@link isBritishSummerTime}.
 */
export function londonToUtc(day: number, localSeconds: number): number {
  if (localSeconds < 7_200 || localSeconds >= SECONDS_PER_DAY) {
    throw new Error(`Local time out of the simulated range: ${localSeconds}`);
  }
  const offset = isBritishSummerTime(day) ? 3_600 : 0;
  return day * SECONDS_PER_DAY + localSeconds - offset;
}

/** Local clock time as seconds from midnight. */
export function clock(hours: number, minutes: number, seconds = 0): number {
  return hours * 3_600 + minutes * 60 + seconds;
}

/** UTC epoch seconds → `YYYY-MM-DD HH:MM:SS` (the stored `ByTime` format). */
export function formatUtc(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / SECONDS_PER_DAY);
  const rest = epochSeconds - day * SECONDS_PER_DAY;
  const h = Math.floor(rest / 3_600);
  const m = Math.floor((rest % 3_600) / 60);
  const s = rest % 60;
  return `${isoDate(day)} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}
