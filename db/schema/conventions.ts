/**
 * The naming conventions of audit log tables (DESIGN.md §2), in one place. Matching is
 * case-insensitive because organisations' databases differ in case as much as in anything else.
 */

export const LOG_SUFFIX = /^(.+)_log$/i;

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
  return [`${table}ID`, `${compact}ID`, `${table}_ID`, `${compact}_ID`, 'ParentID', 'RecordID', 'RowID'];
}

/** Fields that name a record in lists, in order of preference. */
export const TITLE_CANDIDATES = ['Name', 'Title', 'FullName', 'DisplayName', 'Subject', 'Reference', 'OrderNumber', 'Code'];
/** Used together when no single title field exists. */
export const TITLE_PAIRS: Array<[string, string]> = [['FirstName', 'LastName'], ['GivenName', 'Surname']];

/** Columns of the `Person` table. */
export const PERSON_TABLE = 'Person';
export const PERSON_NAME_CANDIDATES = ['Name', 'FullName', 'DisplayName', 'PersonName'];
export const PERSON_LOGIN_CANDIDATES = ['Login', 'LoginName', 'UserName', 'Username', 'NetworkLogin', 'WindowsLogin', 'Account'];

/** Finds `wanted` among `names`, ignoring case. */
export function findName(names: readonly string[], wanted: string): string | null {
  const lower = wanted.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower) ?? null;
}

/** The first of `candidates` present among `names`, ignoring case. */
export function findFirst(names: readonly string[], candidates: readonly string[]): string | null {
  for (const candidate of candidates) {
    const found = findName(names, candidate);
    if (found) return found;
  }
  return null;
}
