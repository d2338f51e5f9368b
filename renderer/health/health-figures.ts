/**
 * Log health's figures as the view says them: pure, so the wording (rows, sizes, retention in the
 * organisation's terms) is unit-tested without a browser.
 */
import type { LogHealth, MonthCount } from '../../shared/domain';
import { byteSizeText } from '../../shared/byte-size';

/** "5,854,694", "about 5,900,000" (the engine's estimate), or "—" when not known. */
export function rowsText(log: Pick<LogHealth, 'rows' | 'rowsEstimated'>): string {
  if (log.rows === null) return '—';
  return log.rowsEstimated ? `about ${log.rows.toLocaleString('en-GB')}` : log.rows.toLocaleString('en-GB');
}

/** Bytes as a DBA reads them: "412 MiB"; "not known" when the engine does not tell. */
export function sizeText(bytes: number | null): string {
  return bytes === null ? 'not known' : byteSizeText(bytes);
}

/** "412,000 rows older than 24 months", "none older than 24 months", or null while not counted. */
export function retentionText(older: number | null, months: number): string | null {
  if (older === null) return null;
  if (older === 0) return `none older than ${months} months`;
  return `${older.toLocaleString('en-GB')} ${older === 1 ? 'row' : 'rows'} older than ${months} months`;
}

/** A sparkline's bars: each month's height from 0 to 1 of the busiest month's (0 for an empty month). */
export function sparkHeights(months: readonly MonthCount[]): number[] {
  const max = Math.max(0, ...months.map((m) => m.entries));
  return months.map((m) => (max === 0 ? 0 : m.entries / max));
}
