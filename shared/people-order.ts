/** The order of a people list, the same in the data layer and where the UI merges several lists. */
import type { PersonInLog } from './domain';

/**
 * Most entries first where both are counted; otherwise (a count is `null`: not counted, never a
 * guess) the most recent entry first; then by name.
 */
export function comparePeopleInLog(a: PersonInLog, b: PersonInLog): number {
  const byCount = a.entryCount !== null && b.entryCount !== null ? b.entryCount - a.entryCount : 0;
  // ISO 8601 UTC times order as text; an ordinal comparison is also far cheaper than localeCompare.
  const [ta, tb] = [a.lastTime ?? '', b.lastTime ?? ''];
  const byRecent = a.entryCount !== null && b.entryCount !== null ? 0 : ta < tb ? 1 : ta > tb ? -1 : 0;
  return byCount || byRecent || String(a.name ?? '').localeCompare(String(b.name ?? ''));
}
