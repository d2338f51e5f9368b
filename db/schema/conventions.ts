/**
 * The naming conventions of audit log tables (DESIGN.md §2), in one place. A conventional name is
 * found in any case and with or without word separators, because organisations' databases differ
 * in case and style as much as in anything else, but an exact match comes first and an ambiguous
 * one counts as none (see identifiers.ts).
 */
import { namesMatching } from './identifiers';

/** `T_log`, in any case; `s` so that a name with a line break is recognised too (and then refused). */
export const LOG_SUFFIX = /^(.+)_log$/is;

/** Default names of the common log columns. */
export const COMMON_LOG_COLUMNS = {
  id: 'ID',
  byId: 'ByID',
  byName: 'ByName',
  byTime: 'ByTime',
  changeCue: 'ChangeCue',
} as const;

/** The parent-key names tried, in order, for a base table `table`. */
export function parentKeyCandidates(table: string): string[] {
  const compact = table.replace(/[\s_-]+/g, '');
  const all = [`${table}ID`, `${compact}ID`, `${table}_ID`, `${compact}_ID`, 'ParentID', 'RecordID', 'RowID'];
  // Each once (a name without spaces or underscores is its own compact form), as they are listed to the user.
  return all.filter((name, i) => all.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === i);
}

/** Fields that name a record in lists, in order of preference. */
export const TITLE_CANDIDATES = ['Name', 'Title', 'FullName', 'DisplayName', 'Subject', 'Reference', 'OrderNumber', 'Code'];
/** Used together when no single title field exists. */
export const TITLE_PAIRS: Array<[string, string]> = [['FirstName', 'LastName'], ['GivenName', 'Surname']];

/** Columns of the `Person` table. */
export const PERSON_TABLE = 'Person';
export const PERSON_NAME_CANDIDATES = ['Name', 'FullName', 'DisplayName', 'PersonName'];
export const PERSON_LOGIN_CANDIDATES = ['Login', 'LoginName', 'UserName', 'Username', 'NetworkLogin', 'WindowsLogin', 'Account'];

/** A name without case or word separators: `first_name`, `First Name` and `FirstName` agree. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Finds `wanted` among `names`: exactly, else ignoring case, else ignoring case and word
 * separators (a snake_case schema's `first_name` for `FirstName`), each only when it finds one.
 */
export function findName(names: readonly string[], wanted: string): string | null {
  const matching = namesMatching(names, wanted);
  if (matching.length > 0) return matching.length === 1 ? matching[0]! : null;
  const loose = looseName(wanted);
  const similar = names.filter((n) => looseName(n) === loose);
  return similar.length === 1 ? similar[0]! : null;
}

/** The first of `candidates` present among `names` (each found as {@link findName} finds it). */
export function findFirst(names: readonly string[], candidates: readonly string[]): string | null {
  for (const candidate of candidates) {
    const found = findName(names, candidate);
    if (found) return found;
  }
  return null;
}
