/**
 * The system's time zone and a zone's offset from the browser's `Temporal`, where it has one, in
 * place of an `Intl.DateTimeFormat`. The page's first date formatter sets up ICU's date patterns:
 * 30-90 ms on a slow machine, and the main window's first render needed one only to name the
 * system's zone and write its offset in the navbar. `Temporal` answers both from the same time
 * zone data in well under a millisecond. Where there is no `Temporal` (an older Chromium), or it
 * answers in a form the formatter would not, callers fall back to `Intl`: the same text either way.
 */

/** The little of `Temporal` used here (the TypeScript library does not declare it yet). */
interface TemporalLike {
  Now: { timeZoneId(): string };
  Instant: { fromEpochMilliseconds(ms: number): { toZonedDateTimeISO(zone: string): { offset: string } } };
}

function temporal(): TemporalLike | undefined {
  return (globalThis as { Temporal?: TemporalLike }).Temporal;
}

/**
 * The zone the browser runs in, as `Intl.DateTimeFormat().resolvedOptions().timeZone` names it
 * (both are the standard's SystemTimeZoneIdentifier), or null without `Temporal`.
 */
export function temporalSystemZone(): string | null {
  try {
    return temporal()?.Now.timeZoneId() || null;
  } catch {
    return null;
  }
}

/**
 * `zone`'s offset from UTC at `at` as `+05:30`, or null when `Temporal` is missing, does not know
 * the zone, or the offset has seconds (a zone's local mean time before 1900), which callers
 * leave to `Intl`.
 */
export function temporalOffset(zone: string, at: Date): string | null {
  const t = temporal();
  if (!t) return null;
  try {
    const offset = t.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone).offset;
    return /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : null;
  } catch {
    return null;
  }
}
