/**
 * What changed inside a text, word by word: the parts two values share and the parts one removed
 * and the other added, so a long note shows the words that changed rather than two identical
 * beginnings. Pure and bounded: the log is hostile input (10 MB texts), so the common beginning
 * and end are found by comparing characters (linear), and the word-level alignment runs only on
 * the differing middle, and only when that middle is small ({@link MAX_ALIGNED_WORDS}); a larger
 * middle is reported as one removed and one added part.
 *
 * The parts are plain text for React to render as text, never markup.
 */

/** A run of text both values hold (`same`), only the old one (`removed`) or only the new one (`added`). */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * The words of the differing middles aligned by a longest-common-subsequence table, which costs
 * the product of their lengths: 400 × 400 words is 160,000 cells, a few milliseconds.
 */
export const MAX_ALIGNED_WORDS = 400;

/**
 * The parts of a change from `old` to `next`, in reading order (removed before added where both
 * stand at one place). Concatenating the `same` and `removed` parts gives `old`; the `same` and
 * `added` parts give `next`.
 *
 * `cut`: either text is only the beginning of a longer value (a `TruncatedValue`). Their ends are
 * then where the page stopped, not where the values end, so no common end is looked for (it could
 * pair two unrelated stops); the parts describe the beginnings only, and the caller says the rest
 * is cut.
 */
export function wordDiff(old: string, next: string, options: { cut?: boolean } = {}): DiffPart[] {
  if (old === next) return old === '' ? [] : [{ kind: 'same', text: old }];
  let start = commonPrefixLength(old, next);
  // Back to the start of the word the first difference is in, so a changed word is shown whole.
  while (start > 0 && !isSpace(old.charCodeAt(start - 1))) start--;
  let end = 0;
  if (!options.cut) {
    end = commonSuffixLength(old, next, start);
    // Forward to the end of the word the last difference is in.
    while (end > 0 && !isSpace(old.charCodeAt(old.length - end))) end--;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', old.slice(0, start));
  const oldMiddle = old.slice(start, old.length - end);
  const newMiddle = next.slice(start, next.length - end);
  for (const part of alignMiddle(oldMiddle, newMiddle)) push(parts, part.kind, part.text);
  push(parts, 'same', old.slice(old.length - end));
  return parts;
}

/**
 * The parts cut for one line of a list or a table cell: each shared run longer than `context * 2`
 * characters keeps only `context` characters beside the changes (an ellipsis stands for the rest),
 * and each changed run is cut to `maxChanged` characters. What remains still shows every place
 * the texts differ, at least its beginning.
 */
export function diffExcerpt(parts: readonly DiffPart[], context = 30, maxChanged = 120): DiffPart[] {
  const out: DiffPart[] = [];
  parts.forEach((part, i) => {
    if (part.kind !== 'same') {
      push(out, part.kind, clip(part.text, maxChanged));
      return;
    }
    const first = i === 0;
    const last = i === parts.length - 1;
    const { text } = part;
    if (first && last) push(out, 'same', clip(text, context * 2));
    else if (first) push(out, 'same', text.length > context ? `…${tail(text, context)}` : text);
    else if (last) push(out, 'same', text.length > context ? `${head(text, context)}…` : text);
    else if (text.length > context * 2 + 3) push(out, 'same', `${head(text, context)} … ${tail(text, context)}`);
    else push(out, 'same', text);
  });
  return out;
}

/**
 * The old and the new value as two short texts that differ where the values differ: each from a
 * little before the first difference, at most `maxLength` characters, line breaks written `↵`.
 * For a sentence that would otherwise show two identical beginnings (`from Spoke to the finance
 * direct… to Spoke to the finance direct…`). Null when the texts as given do not differ (two cut
 * values that differ past what the page carries).
 */
export function differingExcerpts(old: string, next: string, maxLength: number): { old: string; new: string } | null {
  const at = commonPrefixLength(old, next);
  if (at === old.length && at === next.length) return null;
  const context = Math.max(0, Math.min(20, Math.floor(maxLength / 3)));
  let start = Math.max(0, at - context);
  // Start at a word where one is near, so the excerpt does not open mid-word.
  const space = old.lastIndexOf(' ', at);
  if (space >= start && space < at) start = space + 1;
  const excerpt = (text: string): string => {
    const body = head(text.slice(start), maxLength);
    const more = start + body.length < text.length;
    return `${start > 0 ? '…' : ''}${body.replace(/\r\n|\r|\n/g, '↵')}${more ? '…' : ''}`;
  };
  return { old: excerpt(old), new: excerpt(next) };
}

/** The middles aligned word by word when they are small enough; otherwise removed then added whole. */
function alignMiddle(old: string, next: string): DiffPart[] {
  if (old === '' || next === '') return [{ kind: 'removed', text: old }, { kind: 'added', text: next }];
  const a = words(old);
  const b = words(next);
  if (a.length > MAX_ALIGNED_WORDS || b.length > MAX_ALIGNED_WORDS) {
    return [{ kind: 'removed', text: old }, { kind: 'added', text: next }];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], kept in one flat array.
  const width = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    push(parts, 'removed', removed);
    push(parts, 'added', added);
    removed = '';
    added = '';
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      flush();
      push(parts, 'same', a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) removed += a[i++]!;
    else added += b[j++]!;
  }
  while (i < a.length) removed += a[i++]!;
  while (j < b.length) added += b[j++]!;
  flush();
  return parts;
}

/** Words and the whitespace between them, as tokens (joined they give the text back). */
function words(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Appends a part, merging it into the last one of the same kind; empty texts are dropped. */
function push(parts: DiffPart[], kind: DiffPart['kind'], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never split a surrogate pair.
  if (i > 0 && isHighSurrogate(a.charCodeAt(i - 1))) i--;
  return i;
}

/** The common end's length, not reaching into the first `prefix` characters of either text. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  if (i > 0 && isLowSurrogate(a.charCodeAt(a.length - i))) i--;
  return i;
}

/** At most `max` code points, with `…` when cut (only a slice is looked at: texts may be 10 MB). */
function clip(text: string, max: number): string {
  const kept = head(text, max);
  return kept.length < text.length ? `${head(text, max - 1)}…` : text;
}

/** The first `n` code points of a text. */
function head(text: string, n: number): string {
  return Array.from(text.slice(0, n * 2)).slice(0, n).join('');
}

/** The last `n` code points of a text. */
function tail(text: string, n: number): string {
  return Array.from(text.slice(-n * 2)).slice(-n).join('');
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
