/**
 * How instants read in words, the same in the UI, the command line and exports: the part of a
 * time below the second (shown only where it is not zero, so whole-second logs read as before),
 * and the one way an unreadable stored time is told.
 */

/** The fraction of a second an ISO 8601 instant holds, as `.123` or `.123456`; '' when it is zero. */
export function secondFraction(iso: string): string {
  const m = /\.(\d+)Z$/i.exec(iso);
  if (!m) return '';
  const digits = m[1]!.replace(/0+$/, '');
  if (digits === '') return '';
  return `.${digits.padEnd(digits.length <= 3 ? 3 : digits.length <= 6 ? 6 : 9, '0')}`;
}

/**
 * What is shown where an entry's time could not be read (`byTime` null): the flag, and what was
 * stored, so a DBA can find the row. Never passed off as a time.
 */
export function unreadableTimeText(stored: string | null | undefined): string {
  if (stored === null || stored === undefined) return 'time unreadable (none stored)';
  return `time unreadable (stored: ${JSON.stringify(stored)})`;
}
