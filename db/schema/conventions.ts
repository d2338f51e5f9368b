/**
 * The naming conventions of audit log tables (docs/data-model.md), in one place. A conventional name is
 * found in any case, because organisations' databases differ in case as much as in anything else,
 * but an exact match comes first and an ambiguous one counts as none (see identifiers.ts).
 */
import { namesMatching, resolveName } from './identifiers';

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

/**
 * Names of the columns that record how a change was made (shared/how-made.ts), tried in order;
 * matched like the common columns (exactly, else ignoring case when that finds one), so
 * `update_method` and `UPDATEMETHOD` are found too. A table's settings may name others
 * (`tables.<T>.columns.method` …).
 */
export const HOW_MADE_CANDIDATES = {
  method: ['UpdateMethod', 'update_method', 'Source', 'ChangeSource', 'change_source', 'UpdateSource'],
  application: ['AppName', 'app_name', 'ApplicationName', 'application_name', 'Application', 'Program'],
  ip: ['SourceIP', 'source_ip', 'IPAddress', 'ip_address', 'ClientAddr', 'client_addr', 'ClientIP', 'client_ip', 'IP'],
  correlation: ['CorrelationID', 'correlation_id', 'TransactionID', 'transaction_id', 'RequestID', 'request_id', 'txid'],
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
/** A Person column saying what kind of account it is (a service account, automation…). */
export const PERSON_ROLE_CANDIDATES = ['Role', 'AccountType', 'UserType', 'AccountKind', 'JobTitle'];
export const PERSON_LOGIN_CANDIDATES = ['Login', 'LoginName', 'UserName', 'Username', 'NetworkLogin', 'WindowsLogin', 'Account'];

/** Finds `wanted` among `names`: exactly, else ignoring case when that finds only one. */
export function findName(names: readonly string[], wanted: string): string | null {
  return resolveName(names, wanted);
}

/** A name without case or word separators: `first_name`, `First Name` and `FirstName` agree. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Finds a column that only labels things (a record's title, a person's name or login) as
 * {@link findName} does, else also ignoring word separators (a snake_case schema's `first_name`
 * for `FirstName`) when that finds only one. Columns that decide which rows are read (ids, keys,
 * times) are never found this loosely.
 */
export function findLabel(names: readonly string[], wanted: string): string | null {
  const matching = namesMatching(names, wanted);
  if (matching.length > 0) return matching.length === 1 ? matching[0]! : null;
  const loose = looseName(wanted);
  const similar = names.filter((n) => looseName(n) === loose);
  return similar.length === 1 ? similar[0]! : null;
}

/** The first of `candidates` present among `names`, each found by `find` ({@link findName} unless told). */
export function findFirst(
  names: readonly string[],
  candidates: readonly string[],
  find: (names: readonly string[], wanted: string) => string | null = findName,
): string | null {
  for (const candidate of candidates) {
    const found = find(names, candidate);
    if (found) return found;
  }
  return null;
}
