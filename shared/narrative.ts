/**
 * Log entries in words: the sentences under an entry in the properties window's log, and the one
 * line a list row has room for. Values arrive already masked (or withheld) by the data layer and
 * are shown exactly as given; hidden fields are named but their values never appear.
 */
import { isFirstRecorded, isOldKnown } from './diff';
import type { ChangeCue, FieldChange, FieldValue } from './domain';
import { fieldLabel } from './field-label';
import { CUT_VALUE_CHARS, formatValue, isEmptyValue, isTruncatedValue } from './values';
import { differingExcerpts } from './word-diff';

/** What the narrative needs of an entry (a {@link HistoryEntry} has all of it). */
export interface NarratedEntry {
  changeCue: ChangeCue;
  legacy: boolean;
  previousKnown: boolean;
  changes: readonly FieldChange[];
}

const LEGACY = 'Legacy entry: the values were not recorded';
const UNCHANGED = 'No changes to this record (saved together with a related record)';
const NOTHING_CHANGED = 'Saved without changing any field';
/**
 * Heads an entry whose earlier values the log does not hold: its values are told as first recorded,
 * never as set by the entry's person (who made a change, but the log cannot say which).
 */
const FIRST_RECORDED = 'First recorded: the log holds no earlier values, so what this entry changed is unknown';
/** A summary is one list row: values get less room there than in the entry's sentences. */
const SUMMARY_VALUE_LENGTH = 40;
/** formatValue's own default length (learnt from it: a long value is cut to exactly that length). */
const DEFAULT_VALUE_LENGTH = formatValue('x'.repeat(10_000)).length;

/**
 * Human sentences for an entry, one per change: `Phone changed from 01234 567890 to 01234 123456`,
 * `Email set to ann@example.com`, `Tag removed: urgent`, `PasswordHash changed` (hidden values are
 * never told). An `Added` entry starts with `Record created`, then lists the fields as set. An
 * entry with no usable previous snapshot ({@link isFirstRecorded}) starts with `First recorded: …`,
 * then lists the fields as `Phone first recorded as 020 7946 0101`: never "set to", never
 * "changed from (empty)", as nothing says what they were before or who set them.
 */
export function narrate(entry: NarratedEntry): string[] {
  if (entry.legacy) return [LEGACY];
  if (entry.changeCue === 'Unchanged') return [UNCHANGED];
  // A deletion is told in one line. The entry's last snapshot is shown beside the log (the record
  // as it was), and the entries before it already told how each value came about; listing every
  // field again as "X was …" would bury the one fact that matters, and read like a list of edits.
  if (entry.changeCue === 'Deleted') return ['Record deleted'];
  if (entry.changeCue === 'Added') return ['Record created', ...entry.changes.map((c) => setSentence(c))];
  if (isFirstRecorded(entry)) return [FIRST_RECORDED, ...entry.changes.map((c) => firstRecordedSentence(c))];
  if (entry.changes.length === 0) return [NOTHING_CHANGED];
  return entry.changes.map((c) => changeSentence(c));
}

/**
 * One line for a list row: `Status changed from Open to Closed` (a single change, told in full),
 * `Phone, Email changed`, `Phone, Email and 3 more changed`, `Created with 9 fields`,
 * `First recorded with 9 fields`, `Deleted`, `No changes`, `Legacy entry`.
 */
export function summarize(entry: NarratedEntry): string {
  if (entry.legacy) return 'Legacy entry';
  if (entry.changeCue === 'Unchanged') return 'No changes';
  if (entry.changeCue === 'Deleted') return 'Deleted';
  const count = entry.changes.length;
  const fields = `${count} ${count === 1 ? 'field' : 'fields'}`;
  if (entry.changeCue === 'Added') return count === 0 ? 'Created' : `Created with ${fields}`;
  if (isFirstRecorded(entry)) return count === 0 ? 'First recorded' : `First recorded with ${fields}`;

  const [only] = entry.changes;
  if (count === 0 || only === undefined) return 'No field changes';
  // One change is told in full (a hidden one is still only named, as its sentence is).
  if (count === 1) return changeSentence(only, SUMMARY_VALUE_LENGTH);
  const names = entry.changes.map((c) => fieldLabel(c.field));
  // Three names fit a row; beyond that two names and a count, so "and 1 more" never happens.
  if (names.length <= 3) return `${names.join(', ')} changed`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more changed`;
}

/**
 * {@link formatValue}, with the commonest values answered first: a number, or a single line of
 * text, short enough to be shown whole is written as it is, which is what formatValue writes for
 * it (a history page tells two values for most of its entries, so this runs hot).
 */
function shown(value: FieldValue, maxLength: number | undefined): string {
  const limit = maxLength ?? DEFAULT_VALUE_LENGTH;
  if (typeof value === 'number') {
    const text = String(value);
    if (text.length <= limit) return text;
  } else if (typeof value === 'string' && value.length <= limit && !value.includes('\n') && !value.includes('\r') && value.trim() !== '') {
    return value;
  }
  return formatValue(value, { maxLength });
}

/** A field as set (Added: the record was created, so it was empty before). */
function setSentence(change: FieldChange, maxLength?: number): string {
  const field = fieldLabel(change.field);
  if (change.redacted === 'hidden') return `${field} set`;
  return `${field} set to ${shown(change.new, maxLength)}`;
}

/** A field whose value before is unknown: the log first recorded it in this entry. */
function firstRecordedSentence(change: FieldChange, maxLength?: number): string {
  const field = fieldLabel(change.field);
  if (change.redacted === 'hidden') return `${field} first recorded`;
  return `${field} first recorded as ${shown(change.new, maxLength)}`;
}

/** A field as changed against a known previous value (or first recorded, when it is not known). */
function changeSentence(change: FieldChange, maxLength?: number): string {
  const field = fieldLabel(change.field);
  // The change itself says whether its old value is known: a null `old` is not "empty" unless so.
  if (!isOldKnown(change)) return firstRecordedSentence(change, maxLength);
  if (change.redacted === 'hidden') return `${field} changed`;
  const oldEmpty = isEmptyValue(change.old);
  const newEmpty = isEmptyValue(change.new);
  if (oldEmpty && newEmpty) return `${field} changed`;
  if (oldEmpty) return setSentence(change, maxLength);
  if (newEmpty) return `${field} removed: ${shown(change.old, maxLength)}`;
  const from = shown(change.old, maxLength);
  const to = shown(change.new, maxLength);
  // Two values written alike but for where they are cut (`A …` and `A`) would read as no change.
  // (The ellipsis escaped: esbuild leaves a regular expression's characters as written, and one
  // non-ASCII character makes the whole precompiled CLI a two-byte string, slower to load.)
  const uncut = (text: string) => text.replace(/ ?\u2026$/, '');
  if (uncut(from) !== uncut(to)) return `${field} changed from ${from} to ${to}`;
  // Two long texts that begin alike would read as the same value twice: tell the part that
  // differs instead. Text added at the end (a note appended to) or taken off it is told as such;
  // otherwise both sides from a little before the first difference.
  const before = textOf(change.old);
  const after = textOf(change.new);
  const added = !isTruncatedValue(change.old) && after.startsWith(before) ? after.slice(before.length).trim() : '';
  if (added) return `${field} changed: added ${shown(added, maxLength)}`;
  const taken = !isTruncatedValue(change.new) && before.startsWith(after) ? before.slice(after.length).trim() : '';
  if (taken) return `${field} changed: removed ${shown(taken, maxLength)}`;
  const excerpts = differingExcerpts(before, after, maxLength ?? DEFAULT_VALUE_LENGTH);
  if (excerpts) return `${field} changed from ${excerpts.old} to ${excerpts.new}`;
  // Two cut texts alike in all the page carries: they differ further on.
  return `${field} changed past the first ${CUT_VALUE_CHARS.toLocaleString('en-US')} characters`;
}

/** The text a value is written from (a cut text's beginning; other values as formatValue writes them). */
function textOf(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if (isTruncatedValue(value)) return value.text;
  return formatValue(value);
}

/** What the entity rule needs of an entry of a record's related log (an `ActivityEntry` has it). */
export interface EntityEntry {
  table: string;
  recordId: string | number;
  /** The record's title as of the entry; null when it has none (or the log did not keep it). */
  title: string | null;
}

/** A title gets one line of a row or a sentence; the entry's own view shows the record whole. */
const ENTITY_TITLE_LENGTH = 60;

/**
 * The record an entry of a related log belongs to, as a sentence names it: `Contact Jane Smith`,
 * or `Contact 17` where it has no title (a missing title is not an empty one: its id names it).
 * Titles come from the log: one line, cut, never markup.
 */
export function entityName(entry: EntityEntry): string {
  const title = entry.title === null || entry.title.trim() === '' ? null : formatValue(entry.title, { maxLength: ENTITY_TITLE_LENGTH });
  return `${entry.table} ${title ?? String(entry.recordId)}`;
}

/**
 * The entry's narrative as a record's related log tells it: a related record's sentences are
 * headed by its name (`Contact Jane Smith: Phone changed from … to …`); the record's own entries
 * (those of `ownTable`) read exactly as in its own log. The one place this rule is kept.
 */
export function narrateInFamily(entry: EntityEntry & { narrative: readonly string[] }, ownTable: string): string[] {
  if (entry.table === ownTable) return [...entry.narrative];
  const name = entityName(entry);
  return entry.narrative.map((line) => `${name}: ${line}`);
}
