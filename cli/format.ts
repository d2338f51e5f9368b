/** Rendering for terminals: aligned columns, times in the user's zone, values cut to fit. */
import type { FieldChange, FieldValue, HowMade } from '../shared/domain';
import { HOW_MADE_LABELS, recordedParts, UNKNOWN_HOW_MADE_TEXT } from '../shared/how-made';
import { secondFraction, unreadableTimeText } from '../shared/instant-text';
import { formatValue, isTruncatedValue } from '../shared/values';
import { isMachineZone } from './machine-zone';

/**
 * An instant as `YYYY-MM-DD HH:MM:SS` in `timeZone`, with the fraction of a second where it is not
 * zero (`…:59.123456`); an unreadable one (null) as the flag with what was stored.
 */
export function formatInstant(iso: string | null, timeZone: string, stored?: string | null): string {
  if (iso === null) return unreadableTimeText(stored);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return unreadableTimeText(iso);
  if (isMachineZone(timeZone)) return `${localDateTime(date)}${secondFraction(iso)}`;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}${secondFraction(iso)}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS` from `Date`'s local fields: the machine's zone, without `Intl`. */
function localDateTime(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function cell(value: FieldValue | undefined, maxLength = 40): string {
  return formatValue(value ?? null, { maxLength });
}

/**
 * A line saying which of an entry's values the page carried cut, and how long they are whole, or
 * null when none was cut: `Cut here: Body (10,485,760 characters); audit-trail export writes whole values.`
 */
export function cutValuesNote(entry: { snapshot: Record<string, FieldValue>; changes: readonly FieldChange[] }): string | null {
  const lengths = new Map<string, number>();
  const note = (field: string, value: FieldValue) => {
    if (isTruncatedValue(value)) lengths.set(field, Math.max(lengths.get(field) ?? 0, value.length));
  };
  for (const change of entry.changes) {
    note(change.field, change.old);
    note(change.field, change.new);
  }
  for (const [field, value] of Object.entries(entry.snapshot)) note(field, value);
  if (lengths.size === 0) return null;
  const fields = [...lengths].map(([field, length]) => `${field} (${count(length)} characters)`);
  return `Cut here: ${fields.join(', ')}; audit-trail export writes whole values.`;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function renderTable(headers: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function count(n: number | null): string {
  return n === null ? '—' : n.toLocaleString('en-GB');
}

/**
 * How an entry was made, for a terminal ("Method Bulk · IP address ***.**8.1.10"): each part its
 * log records, an unknown one as "(unknown)"; values cut and made printable as any value is.
 */
export function howMadeText(made: HowMade | undefined): string {
  return recordedParts(made)
    .map((part) => `${HOW_MADE_LABELS[part]} ${made![part] === null ? UNKNOWN_HOW_MADE_TEXT : cell(made![part], 60)}`)
    .join(' · ');
}
