import { describe, expect, it } from 'vitest';
import { TEXT_BLOCK_LENGTH, textBlockStarts } from '../../renderer/format/text-blocks';

/** The blocks themselves, from their starts. */
const blocks = (text: string, length?: number) => {
  const starts = textBlockStarts(text, length);
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
};

describe('a long text in blocks for display', () => {
  it('keeps a text of one block whole', () => {
    expect(textBlockStarts('')).toEqual([0]);
    expect(textBlockStarts('x'.repeat(TEXT_BLOCK_LENGTH))).toEqual([0]);
  });

  it('cuts a text without line breaks every block length, and loses nothing', () => {
    const text = 'x'.repeat(10_485_760);
    const starts = textBlockStarts(text);
    expect(starts).toHaveLength(Math.ceil(text.length / TEXT_BLOCK_LENGTH));
    expect(starts[1]).toBe(TEXT_BLOCK_LENGTH);
    expect(blocks('abcdefghij', 4).join('')).toBe('abcdefghij');
  });

  it('ends a block after a line break in its second half, so lines are rarely split', () => {
    expect(blocks('ab\ncdef\nghij', 8)).toEqual(['ab\ncdef\n', 'ghij']);
    // A line break in the first half would make a short block: cut at the length instead.
    expect(blocks('a\nbcdefghij', 8)).toEqual(['a\nbcdefg', 'hij']);
  });

  it('never splits a surrogate pair', () => {
    const text = `abc${'\u{1F600}'}def`;
    expect(blocks(text, 4)).toEqual(['abc', '\u{1F600}de', 'f']);
  });
});
