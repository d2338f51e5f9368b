import { describe, expect, it } from 'vitest';
import type { BinaryValue } from '../../shared/domain';
import { formatValue, isEmptyValue, sameValue } from '../../shared/values';
import { countText } from '../../renderer/format/values';

const blob = (bytes: number, digest: string): BinaryValue => ({ kind: 'binary', bytes, digest });

describe('isEmptyValue', () => {
  it('treats null, undefined and blank text as empty', () => {
    expect(isEmptyValue(null)).toBe(true);
    expect(isEmptyValue(undefined)).toBe(true);
    expect(isEmptyValue('')).toBe(true);
    expect(isEmptyValue('  \t\n')).toBe(true);
  });

  it('treats zero, false and text as values', () => {
    expect(isEmptyValue(0)).toBe(false);
    expect(isEmptyValue(false)).toBe(false);
    expect(isEmptyValue(' a ')).toBe(false);
    expect(isEmptyValue(blob(0, 'e3b0'))).toBe(false);
  });
});

describe('sameValue', () => {
  it('takes every kind of emptiness for the same', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue('   ', null)).toBe(true);
    expect(sameValue('', '  ')).toBe(true);
    expect(sameValue(null, 'x')).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(false, '')).toBe(false);
  });

  it('compares binary values by size and digest', () => {
    expect(sameValue(blob(10, 'abc'), blob(10, 'abc'))).toBe(true);
    expect(sameValue(blob(10, 'abc'), blob(10, 'abd'))).toBe(false);
    expect(sameValue(blob(10, 'abc'), blob(11, 'abc'))).toBe(false);
    expect(sameValue(blob(3, 'abc'), 'abc')).toBe(false);
  });

  it('matches numbers with plain decimal text of the same value', () => {
    expect(sameValue(1200, '1200.00')).toBe(true);
    expect(sameValue('10', 10)).toBe(true);
    expect(sameValue(-3.5, '-3.50')).toBe(true);
    expect(sameValue(0, '0.000')).toBe(true);
    expect(sameValue(0.1, '0.1')).toBe(true);
    expect(sameValue(1200, '1200.01')).toBe(false);
  });

  it('does not take text with leading zeros for a number (phone numbers)', () => {
    expect(sameValue('01234', 1234)).toBe(false);
    expect(sameValue(1234, '001234')).toBe(false);
  });

  it('does not take text that is not purely a decimal literal for a number', () => {
    expect(sameValue(1000, '1e3')).toBe(false);
    expect(sameValue(1000, '1,000')).toBe(false);
    expect(sameValue(12, '12 kg')).toBe(false);
    expect(sameValue(255, '0xff')).toBe(false);
    expect(sameValue(0.1, '0.1000000000000000000001')).toBe(false);
  });

  it('compares numbers with numbers exactly', () => {
    expect(sameValue(3, 3)).toBe(true);
    expect(sameValue(3, 3.0000001)).toBe(false);
  });

  it('matches booleans with 1 and 0', () => {
    expect(sameValue(true, 1)).toBe(true);
    expect(sameValue(0, false)).toBe(true);
    expect(sameValue(true, 0)).toBe(false);
    expect(sameValue(false, 2)).toBe(false);
    expect(sameValue(true, '1')).toBe(true);
    expect(sameValue('false', false)).toBe(true);
    expect(sameValue(true, 'yes')).toBe(false);
    expect(sameValue(true, false)).toBe(false);
  });

  it('matches a date with the same day at midnight', () => {
    expect(sameValue('2024-03-01', '2024-03-01 00:00:00')).toBe(true);
    expect(sameValue('2024-03-01', '2024-03-01T00:00')).toBe(true);
    expect(sameValue('2024-03-01', '2024-03-01 00:00:01')).toBe(false);
    expect(sameValue('2024-03-01', '2024-03-02')).toBe(false);
  });

  it('matches zoned times that denote the same instant', () => {
    expect(sameValue('2024-03-01T10:00:00Z', '2024-03-01 10:00:00.000Z')).toBe(true);
    expect(sameValue('2024-03-01T10:00:00Z', '2024-03-01 10:00:00+00')).toBe(true);
    expect(sameValue('2024-03-01T10:00:00Z', '2024-03-01T11:00:00+01:00')).toBe(true);
    expect(sameValue('2024-03-01T10:00:00Z', '2024-03-01T10:00:00+01:00')).toBe(false);
    expect(sameValue('2024-03-01 10:00:00.123456Z', '2024-03-01 10:00:00.123Z')).toBe(false);
    expect(sameValue('2024-03-01 10:00:00.120Z', '2024-03-01 10:00:00.12Z')).toBe(true);
  });

  it('never matches a naive time with a zoned one unless the texts are identical', () => {
    expect(sameValue('2024-03-01 10:00:00', '2024-03-01 10:00:00Z')).toBe(false);
    expect(sameValue('2024-03-01', '2024-03-01T00:00:00Z')).toBe(false);
    expect(sameValue('2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z')).toBe(true);
  });

  it('does not read impossible dates as dates', () => {
    expect(sameValue('2024-02-30', '2024-02-30 00:00:00')).toBe(false);
    expect(sameValue('2023-02-29', '2023-03-01')).toBe(false);
    expect(sameValue('2024-03-01 24:00:00', '2024-03-02 00:00:00')).toBe(false);
    expect(sameValue('2024-03-01 10:60', '2024-03-01 11:00')).toBe(false);
  });

  it('compares other text exactly, except outer whitespace', () => {
    expect(sameValue('Ann', 'Ann')).toBe(true);
    expect(sameValue('Ann', 'ann')).toBe(false);
    expect(sameValue('Ann  Smith', 'Ann Smith')).toBe(false);
    expect(sameValue('Ann   ', 'Ann')).toBe(true);
    expect(sameValue('10', '10.0')).toBe(false);
  });
});

describe('formatValue', () => {
  it('writes emptiness as (empty)', () => {
    expect(formatValue(null)).toBe('(empty)');
    expect(formatValue('')).toBe('(empty)');
    expect(formatValue('   ')).toBe('(empty)');
  });

  it('describes binary values by size', () => {
    expect(formatValue(blob(1234, 'ab'))).toBe('binary data (1,234 bytes)');
    expect(formatValue(blob(1, 'ab'))).toBe('binary data (1 byte)');
  });

  it('writes numbers and booleans as JavaScript prints them', () => {
    expect(formatValue(1200.5)).toBe('1200.5');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(false)).toBe('false');
  });

  it('shows the first line of multi-line text', () => {
    expect(formatValue('First line\nsecond line')).toBe('First line …');
    expect(formatValue('First line\r\nsecond')).toBe('First line …');
    expect(formatValue('\nFirst line\nsecond')).toBe('First line …');
    expect(formatValue('Only line\n')).toBe('Only line');
  });

  it('cuts long text to maxLength with an ellipsis', () => {
    const long = 'x'.repeat(100);
    expect(formatValue(long)).toBe(`${'x'.repeat(79)}…`);
    expect(formatValue(long)).toHaveLength(80);
    expect(formatValue('abcdefghij', { maxLength: 5 })).toBe('abcd…');
    expect(formatValue('abcde', { maxLength: 5 })).toBe('abcde');
    expect(formatValue('abcdefgh\nmore', { maxLength: 6 })).toBe('abcde…');
  });

  it('never splits a character made of two code units', () => {
    expect(formatValue('😀😀😀😀', { maxLength: 3 })).toBe('😀😀…');
  });
});

describe('countText', () => {
  it("writes a count as toLocaleString('en-GB') does, without setting up a number formatter for whole numbers", () => {
    const counts = [0, -0, 1, 9, 10, 999, 1000, 1389, 12345, 999999, 1000000, 61414, 5_850_000, -1, -1000, -1234567, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, 1234.5678, NaN, Infinity];
    for (const n of counts) expect(countText(n), String(n)).toBe(n.toLocaleString('en-GB'));
    const made: unknown[] = [];
    const original = Intl.NumberFormat;
    const spy = function (this: unknown, ...args: unknown[]) {
      made.push(args);
      return Reflect.construct(original, args, new.target ?? original) as Intl.NumberFormat;
    } as unknown as typeof Intl.NumberFormat;
    Intl.NumberFormat = spy;
    const toLocale = Number.prototype.toLocaleString;
    Number.prototype.toLocaleString = function (this: number, ...args: Parameters<typeof toLocale>) {
      made.push(args);
      return toLocale.apply(this, args);
    };
    try {
      expect(countText(1389)).toBe('1,389');
      expect(countText(-61414)).toBe('-61,414');
    } finally {
      Intl.NumberFormat = original;
      Number.prototype.toLocaleString = toLocale;
    }
    expect(made).toEqual([]);
  });
});
