import { describe, expect, it } from 'vitest';
import { diffExcerpt, differingExcerpts, MAX_ALIGNED_WORDS, wordDiff, type DiffPart } from '../../shared/word-diff';

const join = (parts: DiffPart[], keep: 'removed' | 'added') => parts.filter((p) => p.kind === 'same' || p.kind === keep).map((p) => p.text).join('');

describe('wordDiff', () => {
  it('marks the words that changed, whole, between what stayed', () => {
    const parts = wordDiff('Spoke to the finance director about the invoice', 'Spoke to the finance team about the invoice');
    expect(parts).toEqual([
      { kind: 'same', text: 'Spoke to the finance ' },
      { kind: 'removed', text: 'director' },
      { kind: 'added', text: 'team' },
      { kind: 'same', text: ' about the invoice' },
    ]);
  });

  it('gives both texts back: same + removed is the old, same + added the new', () => {
    const old = 'one two three four five six seven';
    const next = 'one 2 three four five-ish six eight nine';
    const parts = wordDiff(old, next);
    expect(join(parts, 'removed')).toBe(old);
    expect(join(parts, 'added')).toBe(next);
    expect(parts.filter((p) => p.kind === 'same').map((p) => p.text.trim())).toContain('three four');
  });

  it('aligns several changes apart from each other', () => {
    const parts = wordDiff('a b c d e f g', 'a X c d e Y g');
    expect(parts.filter((p) => p.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'X' },
      { kind: 'removed', text: 'f' },
      { kind: 'added', text: 'Y' },
    ]);
  });

  it('handles additions and removals at either end, and equal or empty texts', () => {
    expect(wordDiff('abc', 'abc')).toEqual([{ kind: 'same', text: 'abc' }]);
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
    expect(wordDiff('Call back', 'Call back tomorrow')).toEqual([
      { kind: 'same', text: 'Call back' },
      { kind: 'added', text: ' tomorrow' },
    ]);
  });

  it('keeps markup and formulas as the text they are', () => {
    const parts = wordDiff('<b>x</b> =1+1', '<img src=x onerror=alert(1)> =1+1');
    expect(join(parts, 'added')).toBe('<img src=x onerror=alert(1)> =1+1');
  });

  it('never splits a surrogate pair', () => {
    const parts = wordDiff('note 😀a', 'note 😀b');
    for (const p of parts) expect(p.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('diffs cut texts without pairing their ends (where the page stopped is no common end)', () => {
    // Both are beginnings of longer values: their last words only look alike because of the cut.
    const parts = wordDiff('Intro text. Old sentence here and more', 'Intro text. New sentence here and more', { cut: true });
    expect(parts[0]).toEqual({ kind: 'same', text: 'Intro text. ' });
    expect(join(parts, 'added')).toBe('Intro text. New sentence here and more');
  });

  it('answers quickly for 10 MB texts, and for a huge middle without aligning it word by word', () => {
    const big = 'word '.repeat(2_000_000);
    const t0 = performance.now();
    const parts = wordDiff(`${big}old ending`, `${big}new ending`);
    expect(parts.map((p) => p.kind)).toEqual(['same', 'removed', 'added', 'same']);
    const middleOld = Array.from({ length: MAX_ALIGNED_WORDS * 20 }, (_, i) => `w${i}`).join(' ');
    const middleNew = Array.from({ length: MAX_ALIGNED_WORDS * 20 }, (_, i) => `v${i}`).join(' ');
    const wide = wordDiff(`A ${middleOld} Z`, `A ${middleNew} Z`);
    expect(wide.map((p) => p.kind)).toEqual(['same', 'removed', 'added', 'same']);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('diffExcerpt', () => {
  it('keeps a little context beside each change and elides the rest', () => {
    const old = `${'lorem ipsum '.repeat(50)}director${' dolor sit'.repeat(50)}`;
    const next = `${'lorem ipsum '.repeat(50)}team${' dolor sit'.repeat(50)}`;
    const parts = diffExcerpt(wordDiff(old, next), 20);
    expect(parts[0]!.text.startsWith('…')).toBe(true);
    expect(parts[0]!.text.length).toBeLessThanOrEqual(21);
    expect(parts.find((p) => p.kind === 'removed')!.text).toBe('director');
    expect(parts.find((p) => p.kind === 'added')!.text).toBe('team');
    expect(parts.at(-1)!.text.endsWith('…')).toBe(true);
  });

  it('cuts a 10 MB changed run to its beginning quickly', () => {
    const parts = diffExcerpt([{ kind: 'added', text: 'x'.repeat(10_000_000) }], 20, 50);
    expect(parts[0]!.text).toHaveLength(50);
    expect(parts[0]!.text.endsWith('…')).toBe(true);
  });
});

describe('differingExcerpts', () => {
  it('never gives two identical beginnings for texts that differ past them', () => {
    const old = '2026-07-03: Spoke to the finance director about the overdue invoice and agreed a plan';
    const next = '2026-07-03: Spoke to the finance director about the overdue invoice and agreed nothing';
    const e = differingExcerpts(old, next, 40)!;
    expect(e.old).not.toBe(e.new);
    expect(e.old).toContain('plan');
    expect(e.new).toContain('nothing');
    expect(e.old.startsWith('…')).toBe(true);
  });

  it('writes line breaks visibly and says nothing when the texts as given are alike', () => {
    const e = differingExcerpts('Line\nfoo', 'Line\nbar', 40)!;
    expect(e).toEqual({ old: 'Line↵foo', new: 'Line↵bar' });
    expect(differingExcerpts('same', 'same', 40)).toBeNull();
  });
});
