import { describe, expect, it } from 'vitest';
import { commentLine, commentText, postgresString, sqliteBlob, sqliteString, sqliteTextNeedsBytes } from '../../db/queries/sql-script';

describe('commentText', () => {
  it('writes every line terminator and control character visibly, so nothing can end the comment', () => {
    expect(commentText('a\nb\rc\r\nd\ve\ff\u0000g\u0085h\u2028i\u2029j\u0001k\u009fl\tm')).toBe(
      'a\\nb\\rc\\r\\nd\\ve\\ff\\0g\\u0085h\\u2028i\\u2029j\\u0001k\\u009Fl\\tm',
    );
  });

  it('writes format characters (bidirectional overrides, zero-width) visibly, so nothing is hidden from a reviewer', () => {
    expect(commentText('safe\u202e;DROP\u200b\u{e0001}')).toBe('safe\\u202E;DROP\\u200B\\u{E0001}');
  });

  it('breaks up block-comment delimiters, so a wrapping /* ... */ means the same', () => {
    expect(commentText('a */ b /* c /*/ d **//')).not.toMatch(/\*\/|\/\*/);
    expect(commentText('a */ b /* c')).toBe('a * / b / * c');
  });

  it('leaves ordinary text, quotes and backslashes as they are', () => {
    expect(commentLine(`O'Brien & CORP\\bob -- "Ltd"`)).toBe(`-- O'Brien & CORP\\bob -- "Ltd"`);
  });
});

describe('postgresString', () => {
  it('quotes plain text, doubling quotes', () => {
    expect(postgresString("it's", true)).toBe("'it''s'");
  });

  it('writes backslashes and control characters in an escape string on one line', () => {
    expect(postgresString('C:\\x\n\'y\'\t', true)).toBe("E'C:\\\\x\\x0a''y''\\x09'");
    expect(postgresString('a\u2028b\u202ec\u0085', true)).toBe("E'a\\u2028b\\u202ec\\u0085'");
  });

  it('escapes only ASCII controls where the server is not UTF8 (Unicode escapes would fail there)', () => {
    expect(postgresString('a\u0085b\nc', false)).toBe("E'a\u0085b\\x0ac'");
  });
});

describe('SQLite literals', () => {
  it('quotes text that needs no bytes, and sends the rest by its bytes', () => {
    expect(sqliteString("it's\there")).toBe("'it''s\there'");
    expect(sqliteTextNeedsBytes('tab\there')).toBe(false);
    for (const c of ['\n', '\r', '\0', '\v', '\f', '\u0085', '\u2028', '\u2029', '\u202e']) expect(sqliteTextNeedsBytes(`a${c}b`), JSON.stringify(c)).toBe(true);
  });

  it('writes bytes as a blob literal', () => {
    expect(sqliteBlob(new Uint8Array([0, 255, 16]))).toBe("X'00FF10'");
  });
});
