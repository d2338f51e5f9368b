/**
 * One field change's two values as the changes table, the Changes view and Activity show them:
 * short values whole, long texts as the words that changed (a word diff around them), an earlier
 * value the log never recorded as unknown (never "(empty)"), a hidden value never.
 */
import { isOldKnown } from '../../shared/diff';
import type { FieldChange, FieldValue } from '../../shared/domain';
import { formatValue, isEmptyValue, isTruncatedValue } from '../../shared/values';
import { diffExcerpt, wordDiff, type DiffPart } from '../../shared/word-diff';

/** How one side of a change reads. */
export type ValueView =
  /** The log holds no earlier value (`oldKnown: false`): unknown, not empty. */
  | { kind: 'unknown' }
  | { kind: 'empty' }
  /** A withheld (password-like) value: never shown. */
  | { kind: 'hidden' }
  /** A value short enough to show (`cut`: a long text the page carried only the beginning of). */
  | { kind: 'text'; text: string; cut: boolean }
  /**
   * A long text as the words the change touched, with a little context (the old side holds the
   * `same` and `removed` parts, the new side the `same` and `added` ones). `cut`: the value is
   * longer than the page carried (the whole is a click away). `beyond`: both sides alike as far
   * as the page carries them, so the change lies further on.
   */
  | { kind: 'diff'; parts: DiffPart[]; cut: boolean; beyond: boolean };

export interface ChangeView {
  old: ValueView;
  new: ValueView;
}

/** How much a view shows: a table cell wraps (`block`), a list row is one line (`line`). */
export type ViewSize = 'block' | 'line';

const LIMITS: Record<ViewSize, { short: number; context: number; changed: number }> = {
  block: { short: 200, context: 60, changed: 400 },
  line: { short: 60, context: 16, changed: 60 },
};

/** Whether a value is read as a long text that is best shown as the words that changed. */
function diffable(v: FieldValue): v is string | { kind: 'truncated'; text: string; length: number; digest: string } {
  return isTruncatedValue(v) || typeof v === 'string';
}

function isLong(v: FieldValue, short: number): boolean {
  return isTruncatedValue(v) || (typeof v === 'string' && (v.length > short || /[\r\n]/.test(v)));
}

function textOf(v: string | { text: string }): string {
  return typeof v === 'string' ? v : v.text;
}

function plain(v: FieldValue, size: ViewSize): ValueView {
  if (isEmptyValue(v)) return { kind: 'empty' };
  return { kind: 'text', text: formatValue(v, { maxLength: LIMITS[size].short }), cut: isTruncatedValue(v) };
}

/** The two sides of a change as they are to be read. */
export function changeView(change: FieldChange, size: ViewSize): ChangeView {
  if (change.redacted === 'hidden') return { old: isOldKnown(change) ? { kind: 'hidden' } : { kind: 'unknown' }, new: { kind: 'hidden' } };
  const old: ValueView = isOldKnown(change) ? plain(change.old, size) : { kind: 'unknown' };
  const limits = LIMITS[size];
  const { old: before, new: after } = change;
  if (isOldKnown(change) && !isEmptyValue(before) && !isEmptyValue(after) && diffable(before) && diffable(after) && (isLong(before, limits.short) || isLong(after, limits.short))) {
    const cut = isTruncatedValue(before) || isTruncatedValue(after);
    const all = wordDiff(textOf(before), textOf(after), { cut });
    const beyond = all.every((p) => p.kind === 'same');
    const parts = diffExcerpt(all, limits.context, limits.changed);
    const view: ValueView = { kind: 'diff', parts, cut, beyond };
    return { old: view, new: view };
  }
  return { old, new: plain(after, size) };
}
