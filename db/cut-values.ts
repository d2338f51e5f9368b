/**
 * Long texts as pages carry them: cut to their first `CUT_VALUE_CHARS` characters and marked as
 * cut (a {@link TruncatedValue}, with the whole value's length and digest), so a page of entries
 * holding 10 MB texts stays small and no consumer can mistake the beginning for the whole.
 *
 * Cutting is the last thing done to a value before it leaves the data layer: after the diff (a
 * change deep inside a long text is still a change) and after masking (the mask is made from the
 * whole value). This module is the one place that decides how.
 */
import type { FieldChange, FieldValue, TruncatedValue } from '../shared/domain';
import { CUT_VALUE_CHARS, isTruncatedValue } from '../shared/values';
import { nodeCrypto } from './lazy-crypto';

/** Cut values by the text they were made from, shared across a page (one digest per text). */
export type CutMemo = Map<string, TruncatedValue>;

/**
 * Where the first `CUT_VALUE_CHARS` characters (code points) of `text` end, as a UTF-16 index;
 * -1 when the text is no longer than that.
 */
function cutIndex(text: string): number {
  let index = 0;
  for (let chars = 0; chars < CUT_VALUE_CHARS; chars++) {
    if (index >= text.length) return -1;
    index += isPairAt(text, index) ? 2 : 1;
  }
  return index < text.length ? index : -1;
}

/**
 * `text.slice(0, end)` as a string of its own. V8 makes a slice of a long string a view into it,
 * which would keep the whole 10 MB text alive as long as its 2,000-character beginning is held
 * (a page held for a response keeps them all). A round trip through UTF-16 bytes copies it, lone
 * surrogates included.
 */
function ownBeginning(text: string, end: number): string {
  return Buffer.from(text.slice(0, end), 'utf16le').toString('utf16le');
}

function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** The first `CUT_VALUE_CHARS` characters of `text`, or null when it is no longer than that. */
export function textBeginning(text: string): string | null {
  if (text.length <= CUT_VALUE_CHARS) return null;
  const end = cutIndex(text);
  return end < 0 ? null : ownBeginning(text, end);
}

/** The number of code points in `text` (a surrogate pair is one character). */
function codePointCount(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs += 1;
        i += 1;
      }
    }
  }
  return text.length - pairs;
}

/**
 * The first 16 hex digits of SHA-256 over the text without its leading and trailing whitespace
 * (as `sameValue` compares texts; all-whitespace text gives `EMPTY_TEXT_DIGEST`).
 */
export function textDigest(text: string): string {
  return nodeCrypto().createHash('sha256').update(text.trim(), 'utf8').digest('hex').slice(0, 16);
}

/** A text longer than `CUT_VALUE_CHARS` characters as a {@link TruncatedValue}; any other value as it is. */
export function cutValue(value: FieldValue, memo?: CutMemo): FieldValue {
  // A string of at most CUT_VALUE_CHARS UTF-16 units has at most as many characters: most values stop here.
  if (typeof value !== 'string' || value.length <= CUT_VALUE_CHARS) return value;
  const known = memo?.get(value);
  if (known) return known;
  const end = cutIndex(value);
  if (end < 0) return value;
  const cut: TruncatedValue = { kind: 'truncated', text: ownBeginning(value, end), length: codePointCount(value), digest: textDigest(value) };
  memo?.set(value, cut);
  return cut;
}

/** Whether a value would be cut (a text longer than `CUT_VALUE_CHARS` UTF-16 units may be). */
function mayCut(value: FieldValue): boolean {
  return typeof value === 'string' && value.length > CUT_VALUE_CHARS;
}

/** Values in field order with long texts cut; the same array when none is long. */
export function cutValueList(values: readonly FieldValue[], memo?: CutMemo, skip?: (index: number) => boolean): readonly FieldValue[] {
  let result: FieldValue[] | null = null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!mayCut(value) || skip?.(i)) continue;
    result ??= values.slice();
    result[i] = cutValue(value, memo);
  }
  return result ?? values;
}

/** A record's values with long texts cut (a record view, a deleted record's last snapshot). */
export function cutRecordValues(values: Record<string, FieldValue>, memo?: CutMemo): Record<string, FieldValue> {
  let result: Record<string, FieldValue> | null = null;
  for (const [field, value] of Object.entries(values)) {
    if (!mayCut(value)) continue;
    result ??= { ...values };
    // Defined, not assigned: assigning to a field named `__proto__` would set the prototype.
    Object.defineProperty(result, field, { value: cutValue(value, memo), enumerable: true, writable: true, configurable: true });
  }
  return result ?? values;
}

/** A change with its long values cut; the same object when neither is long. */
export function cutChange(change: FieldChange, memo?: CutMemo): FieldChange {
  if (!mayCut(change.old) && !mayCut(change.new)) return change;
  return { ...change, old: cutValue(change.old, memo), new: cutValue(change.new, memo) };
}

/** Whether any value of an entry (its snapshot or its changes) was cut. */
export function hasCutValue(entry: { snapshot: Record<string, FieldValue>; changes: readonly FieldChange[] }): boolean {
  return Object.values(entry.snapshot).some(isTruncatedValue) || entry.changes.some((c) => isTruncatedValue(c.old) || isTruncatedValue(c.new));
}
