/**
 * A very long text cut into blocks for display: a browser that lays out 10 MB of text at once
 * (above all one line without breaks) stops answering for minutes, so the whole-value dialog
 * lays out only the blocks that scroll into view.
 */

/** About how many characters (UTF-16 units) a block holds. */
export const TEXT_BLOCK_LENGTH = 16_000;

/**
 * Where each block starts (the first is 0). A block ends after the last line break in its second
 * half when there is one, so lines are rarely split; otherwise after TEXT_BLOCK_LENGTH units, never
 * between the halves of a surrogate pair.
 */
export function textBlockStarts(text: string, blockLength = TEXT_BLOCK_LENGTH): number[] {
  const starts = [0];
  let start = 0;
  while (text.length - start > blockLength) {
    let end = start + blockLength;
    // Only the block's second half is searched: lastIndexOf alone would scan back to the text's
    // beginning for every block of a text without line breaks (minutes for 10 MB).
    const half = start + Math.floor(blockLength / 2);
    const lineBreak = text.slice(half, end).lastIndexOf('\n');
    if (lineBreak >= 0) end = half + lineBreak + 1;
    else {
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    }
    starts.push(end);
    start = end;
  }
  return starts;
}
