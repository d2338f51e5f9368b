/**
 * The filter by how a change was made (`HistoryFilter.made`): checked once, then turned into each
 * log's conditions. Exact values, compared with the stored value as SQL compares it. A log that
 * does not record a part has no entry that matches it: a record's log says so, Activity leaves
 * such logs out. A part the user sees masked (an IP address) cannot be filtered by: a filter
 * that matched a full address would reveal it one guess at a time.
 */
import type { HowMadeFilter, HowMadePart } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { HOW_MADE_LABELS, HOW_MADE_PARTS, filteredParts, isHowMadePart } from '../../shared/how-made';
import type { LogTableInfo } from '../schema/catalog';

/** The parts a filter sets, checked: `[part, value]` in display order (empty: no filter). */
export type HowMadeMatch = ReadonlyArray<readonly [HowMadePart, string]>;

/** Longest value a filter may hold (a method, an address or an id, never a document). */
const MAX_VALUE_CHARS = 1000;

/** Checks a request's `made` filter: an object of parts, each text (an empty text is no filter). */
export function checkHowMadeFilter(raw: unknown): HowMadeMatch {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AuditError('bad-request', 'The filter by how a change was made must be an object such as {"method": "Bulk"}.');
  for (const [key, value] of Object.entries(raw)) {
    if (!isHowMadePart(key)) throw new AuditError('bad-request', `"${key.slice(0, 40)}" is not a part of how a change was made; use ${HOW_MADE_PARTS.join(', ')}.`);
    if (value !== undefined && value !== null && typeof value !== 'string') throw new AuditError('bad-request', `The ${HOW_MADE_LABELS[key].toLowerCase()} to filter by must be text.`);
    if (typeof value === 'string' && value.length > MAX_VALUE_CHARS) throw new AuditError('bad-request', `The ${HOW_MADE_LABELS[key].toLowerCase()} to filter by is longer than ${MAX_VALUE_CHARS} characters.`);
  }
  return filteredParts(raw as HowMadeFilter);
}

/** Whether a log records every part the filter sets. */
export function recordsAll(info: LogTableInfo, match: HowMadeMatch): boolean {
  return match.every(([part]) => info.howMade[part] !== undefined);
}

/**
 * The filter in one log's columns: `column` null where the log does not record the part (nothing
 * matches). Refuses a part the user sees masked, or one hidden from everyone.
 */
export function howMadeColumnsOf(info: LogTableInfo, match: HowMadeMatch, reveal: boolean): Array<{ column: string | null; value: string }> {
  return match.map(([part, value]) => {
    const found = info.howMade[part];
    if (!found) return { column: null, value };
    if (found.sensitivity === 'hidden' || (found.sensitivity === 'masked' && !reveal)) {
      throw new AuditError(
        'bad-request',
        `The ${HOW_MADE_LABELS[part].toLowerCase()} of ${info.name}'s changes (${found.column}) is masked for you, so its log cannot be filtered by it.`,
      );
    }
    return { column: found.column, value };
  });
}

/** For a record's log: refuses a part its log does not record, in one sentence. */
export function requireRecorded(info: LogTableInfo, match: HowMadeMatch): void {
  const missing = match.find(([part]) => info.howMade[part] === undefined);
  if (missing) {
    throw new AuditError('bad-request', `The ${info.logTable} log does not record the ${HOW_MADE_LABELS[missing[0]].toLowerCase()} of each change, so it cannot be filtered by it.`);
  }
}
