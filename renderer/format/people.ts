/** Who made a log entry, as the UI writes it. */
import type { RecordId } from '../../shared/domain';

/** The person fields of an entry (a history entry or a field history entry). */
export interface EntryAuthor {
  byId: RecordId | null;
  byName: string | null;
}

/**
 * Who made an entry: their name as the log recorded it, else `person 12`, else `someone unknown`
 * (`Person 12`, `Unknown` with `capital`, for a line of its own rather than a sentence).
 */
export function whoText(entry: EntryAuthor, capital = false): string {
  if (entry.byName !== null) return entry.byName;
  if (entry.byId !== null) return `${capital ? 'Person' : 'person'} ${String(entry.byId)}`;
  return capital ? 'Unknown' : 'someone unknown';
}

/**
 * The entry as its author's, `Automation Service's entry`: how values the log first recorded in it
 * are attributed. The log proves only that this person made some change then, not that they set
 * these values, so the UI never says "by" them for such values.
 */
export function whoseEntryText(entry: EntryAuthor): string {
  if (entry.byName === null && entry.byId === null) return 'an entry by someone unknown';
  return `${whoText(entry)}'s entry`;
}
