/**
 * A name or value from the log as one line of plain text, for sentences (Review's findings): line
 * breaks, tabs and other control or separator characters become spaces, runs of blanks one space,
 * and a long text is cut with "…". Markup stays text: whoever shows the sentence shows it as text.
 */
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

export function oneLine(text: string, max = 80): string {
  const flat = text.replace(BREAKS, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
