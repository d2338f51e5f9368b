import { describe, expect, it } from 'vitest';
import { commentLine, commentText, postgresString, sqliteBlob, sqliteText } from '../../db/queries/sql-script';

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
  it('quotes plain text, keeping tabs raw', () => {
    expect(sqliteText("it's\there")).toBe("'it''s\there'");
    expect(sqliteText('')).toBe("''");
  });

  it('joins in the characters a constant may not hold raw, so it stays on one line', () => {
    expect(sqliteText('Dear Ann,\r\nthanks.\u0000')).toBe("'Dear Ann,' || char(13, 10) || 'thanks.' || char(0)");
    expect(sqliteText('\n\u2028x\u202e')).toBe("char(10, 8232) || 'x' || char(8238)");
  });

  it('leaves to the bytes what it cannot write exactly or briefly', () => {
    expect(sqliteText('bad byte \uFFFD')).toBeNull();
    expect(sqliteText('a\n'.repeat(150))).toBeNull();
    expect(sqliteText('\n'.repeat(101))).toBeNull();
  });

  it('writes bytes as a blob literal', () => {
    expect(sqliteBlob(new Uint8Array([0, 255, 16]))).toBe("X'00FF10'");
  });
});
