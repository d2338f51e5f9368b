/**
 * The one name a field goes by wherever a person reads it: narratives, forms, grids, the changes
 * table, compare, pickers. Column names are made readable (`AccountManagerID` → `Account manager
 * ID`, `post_code` → `Post code`) here and nowhere else, so a field never has two names on screen.
 * (Exports keep the column's own name in their Field column: that is data, for joining with the
 * schema, and two columns may read alike once spaced, `PostCode` and `post_code`.)
 */
import type { LoggedTable } from './domain';

/**
 * Labels made so far: a page of entries names the same few fields hundreds of times, and the regular
 * expressions below cost more than the rest of a sentence. Bounded, as names come from the database.
 */
const labels = new Map<string, string>();
const MAX_LABELS = 10_000;

/** A field name as people read it: `AccountManagerID` → `Account manager ID`, `post_code` → `Post code`. */
export function fieldLabel(name: string): string {
  let label = labels.get(name);
  if (label === undefined) {
    label = makeLabel(name);
    if (labels.size >= MAX_LABELS) labels.clear();
    labels.set(name, label);
  }
  return label;
}

function makeLabel(name: string): string {
  const spaced = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim();
  if (spaced === '') return name;
  const words = spaced.split(/\s+/);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : /^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ');
}

/**
 * The label of a table's record id column, the same in every grid: the base table's key where
 * the table still exists (`ID`), else the log's parent key (`CustomerID` → `Customer ID`); a
 * table's records grid and its deleted-records grid then name the same column alike.
 */
export function recordIdLabel(table: Pick<LoggedTable, 'recordKey' | 'parentKey'>): string {
  return fieldLabel(table.recordKey ?? table.parentKey);
}
