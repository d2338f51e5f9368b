/** Field values as the properties window shows them (full text; lists cut them shorter). */
import type { FieldInfo, FieldValue } from '../../shared/domain';
import { formatValue, isEmptyValue, isTruncatedValue } from '../../shared/values';

/** The text of a value in a form field: empty values are blank, not "(empty)". */
export function fieldText(v: FieldValue | undefined): string {
  if (v === undefined || isEmptyValue(v)) return '';
  // Text is shown whole, every line of it: a form is where a long note is read.
  if (typeof v === 'string') return v;
  // A text too long for a page: as much as the page carried, marked as going on (CutValueActions
  // beside it says how long it is and shows it whole).
  if (isTruncatedValue(v)) return `${v.text}…`;
  return formatValue(v);
}

/** The text of a value in a table cell. */
export function cellText(v: FieldValue | undefined): string {
  if (v === undefined || isEmptyValue(v)) return '';
  return formatValue(v, { maxLength: 120 });
}

/** Whether a value may span lines (notes and the like get a text area, not a one-line input). */
export function isLongText(v: FieldValue | undefined): boolean {
  return isTruncatedValue(v) || (typeof v === 'string' && (v.length > 80 || /\r|\n/.test(v)));
}

/**
 * A count as the UI writes it: `1,389`, the text `toLocaleString('en-GB')` gives. Whole numbers are
 * grouped here rather than by Intl: a page's first number formatter loads ICU's number data (10–30
 * ms on a slow machine), and the table list's counts are in the main window's first render.
 */
export function countText(n: number): string {
  // -0 is "-0" to Intl; fractions and huge numbers are rounded its way.
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-GB');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** The one label of a field (shared/field-label.ts decides it for every view). */
export { fieldLabel, recordIdLabel } from '../../shared/field-label';

/** The fields to show for a record, in the log table's order, then any the log does not have. */
export function orderedFields(fields: readonly FieldInfo[], values: Record<string, FieldValue>): FieldInfo[] {
  const known = new Set(fields.map((f) => f.name));
  const extra = Object.keys(values)
    .filter((name) => !known.has(name))
    .map((name): FieldInfo => ({ name, dataType: '', sensitivity: 'none' }));
  return [...fields, ...extra];
}
