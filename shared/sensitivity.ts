/**
 * Sensitive columns (docs/data-model.md, "Sensitive data"): password-like columns are never shown, other
 * personal identifiers (card, bank and national id numbers) are masked to their last four
 * characters unless the user may see them. Defaults come from the column's name; settings
 * override them per column or per table and column.
 *
 * The rules, decided here and nowhere else:
 * - A column whose name makes it password-like (default `hidden`) stays hidden whatever the
 *   settings say: no `sensitivity` override (`"PasswordHash": "none"` or `"masked"`) and no
 *   `revealSensitive` / `roles.seeSensitive` shows it: a secret that one line of a settings file
 *   (or a typo in one) could publish would not be kept.
 * - Any other column takes its override when there is one: an override may make it more
 *   sensitive (`masked`, `hidden`) or lift a default mask from a column that holds no personal
 *   identifier (`"Bank": "none"` where it names a river bank): the organisation knows its columns.
 * - `reveal` (the user may see masked values) shows `masked` columns in clear, never `hidden` ones.
 */
import type { FieldChange, FieldValue, HowMadePart, Sensitivity } from './domain';
import { isEmptyValue } from './values';

/**
 * Name words that mark a secret, written joined (the name's words are joined to compare, so
 * `PasswordHash`, `password_hash` and `passwordhash` all match `passwordhash`).
 */
const HIDDEN_TERMS = [
  'password', 'passwd', 'pwd', 'passhash', 'passwordhash', 'passphrase', 'passcode',
  'secret', 'apikey', 'token', 'pin', 'cvv', 'cvc',
];

/** Name words that mark a personal identifier. */
const MASKED_TERMS = [
  'tax', 'taxnumber', 'taxno', 'taxid', 'vat', 'vatnumber', 'vatno', 'ssn', 'socialsecurity',
  'nationalid', 'nationalinsurance', 'nino', 'ninumber', 'passport', 'bank', 'bankaccount', 'iban',
  'accountnumber', 'accountno', 'accountnum', 'sortcode', 'card', 'cardnumber', 'creditcard', 'pan',
];

/**
 * Words that, after a sensitive word, make the column about something else: `TaxRate`,
 * `CardType`, `BankName`, `PasswordChangedAt`, `TokenExpiry`. A compound names its subject last.
 */
const BENIGN_AFTER = [
  'rate', 'rates', 'amount', 'amt', 'total', 'percent', 'percentage', 'pct', 'limit', 'type', 'kind',
  'category', 'class', 'status', 'state', 'date', 'time', 'at', 'dt', 'expiry', 'expires',
  'expiration', 'expired', 'changed', 'change', 'updated', 'modified', 'created', 'count',
  'attempts', 'failures', 'exempt', 'exemption', 'required', 'policy', 'length', 'name', 'holder',
  'year', 'period', 'band', 'bracket', 'region', 'country', 'issuer', 'brand', 'enabled', 'flag',
  'question', 'verified', 'office', 'branch', 'address',
];

/** Words that, before a sensitive word, make the column a flag: `HasPassword`, `RequiresPin`. */
const FLAG_BEFORE = ['is', 'has', 'uses', 'requires', 'needs', 'allow', 'allows', 'can', 'must'];

/**
 * Words that, before a bare `tax` or `vat` ending the name, make it an amount: `SalesTax`,
 * `TotalVat`. Only then: `IncomeTaxNumber` and `IncomeTaxRef` are identifiers again.
 */
const AMOUNT_BEFORE = ['sales', 'income', 'total', 'net', 'gross', 'withholding'];
const AMOUNT_TERMS = new Set(['tax', 'vat']);

/**
 * Other words a name is built from. Together with the words above they let a name written in one
 * piece (PostgreSQL folds unquoted names to lower case: `creditcardnumber`, `taxrate`) be split
 * into words. A name that does not split entirely into known words stays one word, which is what
 * keeps `cardinality`, `banker`, `spinner`, `pinned`, `tokens` and `secretary` from matching.
 */
const VOCABULARY = [
  'pass', 'word', 'hash', 'hashed', 'salt', 'api', 'key', 'social', 'security', 'national', 'id',
  'insurance', 'account', 'number', 'no', 'num', 'nr', 'sort', 'code', 'credit', 'ref',
  'reference', 'last', 'reset', 'new', 'old',
];

const TERMS = new Map<string, Exclude<Sensitivity, 'none'>>([
  ...MASKED_TERMS.map((t) => [t, 'masked'] as const),
  ...HIDDEN_TERMS.map((t) => [t, 'hidden'] as const),
]);
const BENIGN_AFTER_SET = new Set(BENIGN_AFTER);
const FLAG_BEFORE_SET = new Set(FLAG_BEFORE);
const AMOUNT_BEFORE_SET = new Set(AMOUNT_BEFORE);
const KNOWN_WORDS = new Set([...TERMS.keys(), ...BENIGN_AFTER, ...FLAG_BEFORE, ...AMOUNT_BEFORE, ...VOCABULARY]);
/** Longest run of words joined into one term (`social` + `security` = 2; kept generous). */
const MAX_TERM_WORDS = 4;

/**
 * The default sensitivity of a column, by its name: `hidden` for secrets (password, pwd,
 * passwordhash, secret, apikey, token, pin...), `masked` for personal identifiers (tax and VAT
 * numbers, SSN, national id/insurance number, passport, bank account, IBAN, sort code, card and
 * credit card numbers, PAN), `none` otherwise.
 *
 * Names are compared word by word (camelCase, snake_case, spaces and dashes all separate words;
 * case is ignored), never by substring, so `CreditLimit`, `Cardinality`, `Banker`, `Tokens`,
 * `Spinner` and `Pinned` are not sensitive. A sensitive word followed by what the column is really
 * about (`TaxRate`, `CardType`, `PasswordChangedAt`) or preceded by a flag or amount word
 * (`HasPassword`, `SalesTax`) does not count either.
 */
export function defaultSensitivity(column: string): Sensitivity {
  const words = splitWords(column);
  let result: Sensitivity = 'none';
  let i = 0;
  while (i < words.length) {
    const match = longestTermAt(words, i);
    if (!match) {
      i += 1;
      continue;
    }
    const before = words[i - 1] ?? '';
    const benign =
      FLAG_BEFORE_SET.has(before) ||
      (AMOUNT_BEFORE_SET.has(before) && AMOUNT_TERMS.has(match.term) && match.end === words.length) ||
      words.slice(match.end).some((w) => BENIGN_AFTER_SET.has(w));
    if (!benign && (match.sensitivity === 'hidden' || result === 'none')) result = match.sensitivity;
    i = match.end;
  }
  return result;
}

/**
 * A column's sensitivity: `hidden` when its name is password-like, whatever the overrides say (see
 * the rules at the top of this file); else `overrides['Table.Column']` first, then
 * `overrides['Column']` (both matched without regard to case), then {@link defaultSensitivity}.
 * Override values that are not a sensitivity (a typo in a settings file) are ignored rather than
 * trusted.
 */
export function columnSensitivity(
  table: string,
  column: string,
  overrides?: Record<string, Sensitivity>,
): Sensitivity {
  const byName = defaultSensitivity(column);
  // Password-like columns cannot be unmasked by any setting.
  if (byName === 'hidden') return byName;
  if (overrides) {
    const qualified = `${table}.${column}`.toLowerCase();
    const bare = column.toLowerCase();
    let forColumn: Sensitivity | undefined;
    for (const [key, value] of Object.entries(overrides)) {
      if (!isSensitivity(value)) continue;
      const k = key.trim().toLowerCase();
      if (k === qualified) return value;
      if (k === bare) forColumn = value;
    }
    if (forColumn) return forColumn;
  }
  return byName;
}

/**
 * The sensitivity of a log column that records how a change was made (shared/how-made.ts): as any
 * column's ({@link columnSensitivity}: a password-like name stays hidden, an override decides),
 * except that an IP address is personal data (it identifies a person's device, often their home)
 * and is masked by default, unless a `sensitivity` entry for the column says otherwise.
 */
export function howMadeSensitivity(
  part: HowMadePart,
  table: string,
  column: string,
  overrides?: Record<string, Sensitivity>,
): Sensitivity {
  const found = columnSensitivity(table, column, overrides);
  if (part !== 'ip' || found !== 'none') return found;
  const qualified = `${table}.${column}`.toLowerCase();
  const bare = column.toLowerCase();
  const overridden = Object.entries(overrides ?? {}).some(([key, value]) => isSensitivity(value) && [qualified, bare].includes(key.trim().toLowerCase()));
  return overridden ? found : 'masked';
}

/** Letters and digits: what masking hides (separators are kept, so the shape stays readable). */
const ALNUM_ALL = /[\p{L}\p{N}]/gu;

/**
 * Masks a value, keeping its last four letters or digits and its separators: `'123-45-6789'` →
 * `'***-**-6789'`. Values of four or fewer letters and digits are masked entirely (their last four
 * would be all of them). Numbers are masked as text; empty values, booleans (a flag identifies no
 * one) and binary values (never sent as content anyway) are returned as they are.
 */
export function maskValue(v: FieldValue): FieldValue {
  if (isEmptyValue(v) || typeof v === 'boolean' || (typeof v === 'object' && v !== null)) return v;
  const text = String(v);
  // One native scan to count letters and digits, one to replace all but the last four of them.
  const alnum = text.match(ALNUM_ALL)?.length ?? 0;
  const keep = alnum > 4 ? 4 : 0;
  let seen = 0;
  return text.replace(ALNUM_ALL, (c) => (++seen > alnum - keep ? c : '*'));
}

/**
 * A change as a user may see it: a hidden field's values are withheld (`redacted: 'hidden'`, even
 * with `reveal`), a masked field's values are masked (`redacted: 'masked'`) unless `reveal`.
 */
export function redactChange(change: FieldChange, sensitivity: Sensitivity, reveal: boolean): FieldChange {
  // Whether the old value is known at all (first recorded) tells nothing of the value: it stays.
  const known = change.oldKnown === false ? { oldKnown: false as const } : {};
  if (sensitivity === 'hidden') return { field: change.field, old: null, new: null, ...known, redacted: 'hidden' };
  if (sensitivity === 'masked' && !reveal) {
    return { field: change.field, old: maskValue(change.old), new: maskValue(change.new), ...known, redacted: 'masked' };
  }
  return change;
}

/**
 * A snapshot as a user may see it: hidden fields left out (their very presence in a properties
 * window would invite questions the log must not answer), masked fields masked unless `reveal`.
 */
export function redactValues(
  values: Record<string, FieldValue>,
  sensitivityOf: (field: string) => Sensitivity,
  reveal: boolean,
): Record<string, FieldValue> {
  const result: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(values)) {
    const sensitivity = sensitivityOf(field);
    if (sensitivity === 'hidden') continue;
    result[field] = sensitivity === 'masked' && !reveal ? maskValue(value) : value;
  }
  return result;
}


function isSensitivity(value: unknown): value is Sensitivity {
  return value === 'none' || value === 'masked' || value === 'hidden';
}

/**
 * A column name's words, lower case: split at separators, camelCase humps (`APIKey` → api, key),
 * letter/digit boundaries (`Card2` → card, 2), then each piece split into known words where it
 * divides entirely into them (`creditcardnumber` → creditcard, number).
 */
function splitWords(name: string): string[] {
  return name
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .flatMap(segment);
}

/** Splits a word into the fewest known words covering it entirely, or leaves it whole. */
function segment(word: string): string[] {
  if (KNOWN_WORDS.has(word)) return [word];
  // best[i]: the shortest split of word.slice(0, i) into known words, if any.
  const best: (string[] | undefined)[] = [[]];
  for (let end = 1; end <= word.length; end += 1) {
    for (let start = 0; start < end; start += 1) {
      const head = best[start];
      const piece = word.slice(start, end);
      if (head && KNOWN_WORDS.has(piece) && (best[end] === undefined || head.length + 1 < (best[end]?.length ?? 0))) {
        best[end] = [...head, piece];
      }
    }
  }
  return best[word.length] ?? [word];
}

interface TermMatch {
  /** The words of the match, joined. */
  term: string;
  /** Index just past the match's last word. */
  end: number;
  sensitivity: Exclude<Sensitivity, 'none'>;
}

/** The longest run of words starting at `start` that, joined, is a sensitive term. */
function longestTermAt(
  words: readonly string[],
  start: number,
): TermMatch | null {
  let found: TermMatch | null = null;
  let joined = '';
  for (let end = start + 1; end <= Math.min(words.length, start + MAX_TERM_WORDS); end += 1) {
    joined += words[end - 1];
    const sensitivity = TERMS.get(joined);
    if (sensitivity) found = { term: joined, end, sensitivity };
  }
  return found;
}
