/**
 * How names that come from the database are matched and shown, in one place.
 *
 * PostgreSQL names are exact: `"Customer"` and `customer` are two tables, each possibly with its
 * own log. SQLite folds case, and settings and requests are typed by people in any case. So a
 * name is matched exactly first, and ignoring case only when that finds exactly one: a guess
 * between two tables would show one table's history as the other's.
 */

/**
 * The names `wanted` may mean: itself when it is one of `names`, otherwise every name equal to it
 * ignoring case (none, one, or several that differ only in case).
 */
export function namesMatching(names: Iterable<string>, wanted: string): string[] {
  const all = [...names];
  if (all.includes(wanted)) return [wanted];
  const lower = wanted.toLowerCase();
  return [...new Set(all.filter((n) => n.toLowerCase() === lower))];
}

/** The one name `wanted` means among `names`, or null when it means none or is ambiguous. */
export function resolveName(names: Iterable<string>, wanted: string): string | null {
  const found = namesMatching(names, wanted);
  return found.length === 1 ? found[0]! : null;
}

/**
 * Characters that make a name unsafe to show or type: C0 and C1 controls (line breaks, tabs,
 * escape sequences), the Unicode line and paragraph separators, and the bidirectional overrides
 * that make text read differently from how it is stored.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Whether a name holds a character that cannot be shown or typed safely (see {@link printableName}). */
export function hasUnsafeCharacter(name: string): boolean {
  return UNSAFE_CHARACTER.test(name);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A name as it may be shown in a message: unsafe characters written as escapes (`\n`,
 * `\u{202e}`), so a name cannot break a line of output or reorder what is around it.
 */
export function printableName(name: string): string {
  return name.replace(
    new RegExp(UNSAFE_CHARACTER.source, 'gu'),
    (c) => ESCAPES[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}
