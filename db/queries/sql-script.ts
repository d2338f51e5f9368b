/**
 * Text written into an SQL script that a person will run (restore SQL). Whatever a log value holds
 * (names, titles and values are hostile input), a comment stays a comment and a literal stays one
 * literal on one line: nothing from the log can end either and run as SQL.
 */
import { secondFraction } from '../../shared/instant-text';

/**
 * Characters that may end a `--` comment in some engine or tool, or hide text from the person
 * reviewing the script: every control character (C0 and C1: NUL, line feed, CR, VT, FF, NEL...),
 * the Unicode line and paragraph separators, format characters (bidirectional overrides,
 * zero-width characters) and lone surrogates.
 */
const UNSAFE_IN_COMMENT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\f': '\\f', '\0': '\\0' };

/** `\n` for a line feed, `\u2028` for a line separator: a character written so it can be seen. */
function visibleEscape(c: string): string {
  const named = NAMED_ESCAPES[c];
  if (named) return named;
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * Any text as it may stand in a `--` comment line: each character that could end the line or hide
 * what follows is written as a visible escape (`\n`, `\r`, `\u2028`), and `/*` and `*` `/` are
 * broken up, so the script means the same even where a tool or a person wraps it in a block comment.
 * This is the only way text from the log gets into a comment.
 */
export function commentText(text: string): string {
  // `*/` first: breaking it up leaves no `*` before a `/`, so breaking up `/*` cannot make a new one.
  return text.replace(UNSAFE_IN_COMMENT, visibleEscape).replaceAll('*/', '* /').replaceAll('/*', '/ *');
}

/** A comment line of a script, from any text. */
export function commentLine(text: string): string {
  return `-- ${commentText(text)}`;
}

/**
 * Characters a literal writes as escapes (or by its bytes) rather than raw, so that a literal stays
 * on one line and shows what it holds: control characters, line and paragraph separators and
 * format characters such as bidirectional overrides. SQLite, which has no escapes, keeps tabs raw
 * (they are harmless and stay readable).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LITERAL = /[\x00-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}]/u;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LITERAL_ALL = /[\x00-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}]/gu;
// eslint-disable-next-line no-control-regex
const ASCII_CONTROLS = /[\x00-\x1f\x7f]/g;

/** A character as a PostgreSQL escape-string escape: `\x0a`, `\u2028`, `\U000e0001`. */
function postgresEscape(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A text as a PostgreSQL string constant: `'...'` with quotes doubled when it holds no backslash
 * and nothing {@link UNSAFE_IN_LITERAL}; otherwise an escape string `E'...'` (read the same
 * whatever the server's `standard_conforming_strings`), backslashes doubled and those characters
 * escaped, so the constant stays on one line. Unicode escapes are valid only where the server's
 * encoding is UTF8; elsewhere only ASCII control characters are escaped (the others then stay raw,
 * which is still one literal, as no line break or quote can end a string constant).
 */
export function postgresString(text: string, utf8Server: boolean): string {
  const quoted = text.replaceAll("'", "''");
  if (!text.includes('\\') && !UNSAFE_IN_LITERAL.test(text)) return `'${quoted}'`;
  const escaped = quoted.replaceAll('\\', '\\\\').replace(utf8Server ? UNSAFE_IN_LITERAL_ALL : ASCII_CONTROLS, postgresEscape);
  return `E'${escaped}'`;
}

/** Runs of the characters a SQLite literal may not hold raw. */
// eslint-disable-next-line no-control-regex
const UNSAFE_RUNS_IN_SQLITE_LITERAL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}]+/gu;
/**
 * Past this many pieces (or this long a run of control characters) text is written by its bytes:
 * a longer chain of `||` would near SQLite's limit on expression depth (1,000), and char() its
 * limit on arguments (127).
 */
const MAX_SQLITE_PIECES = 200;
const MAX_SQLITE_RUN = 100;

/**
 * A text as a SQLite expression that gives it back exactly: `'...'` with quotes doubled, or, as
 * SQLite string constants have no escapes, quoted pieces joined with the characters they may not
 * hold raw (a NUL would cut the statement short, line breaks and format characters would not stay
 * on one line): `'Dear Ann,' || char(10) || 'thanks.'`. Tabs stay raw: they are harmless and
 * readable. Null when only the text's bytes can write it exactly (see `CAST(X'…' AS TEXT)`): it
 * holds too many such characters, or U+FFFD, which the driver puts where bytes were not UTF-8.
 */
export function sqliteText(text: string): string | null {
  if (text.includes('\uFFFD')) return null;
  const pieces: string[] = [];
  let last = 0;
  for (const run of text.matchAll(UNSAFE_RUNS_IN_SQLITE_LITERAL)) {
    const chars = [...run[0]];
    if (chars.length > MAX_SQLITE_RUN || pieces.length > MAX_SQLITE_PIECES) return null;
    if (run.index > last) pieces.push(sqliteString(text.slice(last, run.index)));
    pieces.push(`char(${chars.map((c) => c.codePointAt(0)).join(', ')})`);
    last = run.index + run[0].length;
  }
  if (last < text.length || pieces.length === 0) pieces.push(sqliteString(text.slice(last)));
  return pieces.join(' || ');
}

/** A text as a SQLite string constant, quotes doubled (for text {@link sqliteText} found plain). */
function sqliteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Bytes as a SQLite blob literal: `X'00FF'`. */
export function sqliteBlob(bytes: Uint8Array): string {
  return `X'${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase()}'`;
}

/** An instant as a script's comments write it: `2024-01-03 09:00:00.123456 UTC` (its full precision). */
export function utcText(instant: string): string {
  return `${instant.slice(0, 19).replace('T', ' ')}${secondFraction(instant)} UTC`;
}
