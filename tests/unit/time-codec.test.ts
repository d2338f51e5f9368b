import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../db/cursor';
import { decodeTime, instantKey, instantOfKey, StoredTimestamp, storedTimeKey, timeCodecFor } from '../../db/time-codec';

const instant = '2024-03-31T01:02:03.456Z';
const micro = '2024-03-31T01:02:03.456789Z';
/** The instant as the column would store it (`=`): its value, and whether the shape holds it exactly. */
const encoded = (sample: unknown, at: string) => {
  const { value, exact } = timeCodecFor(sample).bound(at, '=');
  return { value, exact };
};

describe("ByTime codecs write bounds in the column's own shape", () => {
  it.each([
    ['2024-01-01 10:00:00', '2024-03-31 01:02:03', false],
    ['2024-01-01T10:00:00Z', '2024-03-31T01:02:03Z', false],
    ['2024-01-01T10:00:00.000Z', '2024-03-31T01:02:03.456Z', true],
    ['2024-01-01 10:00:00.123456', '2024-03-31 01:02:03.456000', true],
    ['2024-01-01 10:00:00+00:00', '2024-03-31 01:02:03+00:00', false],
    ['2024-01-01 10:00', '2024-03-31 01:02', false],
    ['2024-01-01', '2024-03-31', false],
  ])('text like %s', (sample, value, exact) => {
    expect(encoded(sample, instant)).toEqual({ value, exact });
  });

  it('keeps microseconds where the shape has room for them, and says when it had to cut', () => {
    expect(encoded('2024-01-01 10:00:00.123456', micro)).toEqual({ value: '2024-03-31 01:02:03.456789', exact: true });
    expect(encoded('2024-01-01T10:00:00.000Z', micro)).toEqual({ value: '2024-03-31T01:02:03.456Z', exact: false });
  });

  it('compares text without a zone exactly whatever number of fraction digits a row stored', () => {
    const codec = timeCodecFor('2024-01-01 10:00:00.123456');
    expect(codec.bound('2024-03-31T04:00:00.000Z', '<')).toEqual({ value: '2024-03-31 04:00:00', op: '<', exact: true });
    expect(codec.bound('2024-03-31T04:00:00.500Z', '>=')).toEqual({ value: '2024-03-31 04:00:00.5', op: '>=', exact: true });
    expect(codec.bound('2024-03-31T04:00:00.500Z', '<=')).toEqual({ value: '2024-03-31 04:00:00.500000000', op: '<=', exact: true });
    // Where the shape cannot hold the instant, the operator is adjusted so nothing is lost or repeated.
    expect(timeCodecFor('2024-01-01T10:00:00.000Z').bound(micro, '<')).toEqual({ value: '2024-03-31T01:02:03.456Z', op: '<=', exact: false });
    expect(timeCodecFor(1_700_000_000).bound(instant, '>=')).toEqual({ value: 1_711_846_923, op: '>', exact: false });
  });

  it('epoch seconds and milliseconds', () => {
    const ms = Date.parse(instant);
    expect(encoded(1_700_000_000, instant)).toEqual({ value: Math.floor(ms / 1000), exact: false });
    expect(encoded(1_700_000_000_000, instant)).toEqual({ value: ms, exact: true });
    expect(encoded(BigInt(1_700_000_000), '2024-03-31T01:02:03.000Z')).toEqual({ value: Math.floor(ms / 1000), exact: true });
  });

  it('native PostgreSQL timestamps as text with microseconds, never a Date in the local zone', () => {
    expect(encoded(new StoredTimestamp('2024-01-01 10:00:00', false), micro)).toEqual({ value: '2024-03-31 01:02:03.456789', exact: true });
    expect(encoded(new StoredTimestamp('2024-01-01 10:00:00+00', true), micro)).toEqual({ value: '2024-03-31 01:02:03.456789+00', exact: true });
    expect(encoded(null, instant)).toEqual({ value: instant, exact: true });
  });

  it('decodes any stored shape to ISO 8601 UTC, keeping what is below the millisecond', () => {
    const codec = timeCodecFor('2024-01-01 10:00:00');
    expect(codec.decode('2024-03-31 01:02:03')).toBe('2024-03-31T01:02:03.000Z');
    expect(codec.decode('2024-03-31T01:02:03.4567+00:00')).toBe('2024-03-31T01:02:03.456700Z');
    expect(codec.decode('2024-03-31 06:32:03.123456+05:30')).toBe('2024-03-31T01:02:03.123456Z');
    expect(codec.decode(new StoredTimestamp('2024-03-31 01:02:59.123999', false))).toBe('2024-03-31T01:02:59.123999Z');
    expect(codec.decode(new StoredTimestamp('2024-03-31 01:02:59.5+00', true))).toBe('2024-03-31T01:02:59.500Z');
    expect(codec.decode(new StoredTimestamp('0044-03-15 12:00:00 BC', false))).toBe('-000043-03-15T12:00:00.000Z');
    expect(codec.decode(1_711_846_923)).toBe('2024-03-31T01:02:03.000Z');
    expect(codec.decode(BigInt(1_711_846_923_456))).toBe('2024-03-31T01:02:03.456Z');
  });

  it('says a stored value is unreadable rather than passing it off as a time', () => {
    const codec = timeCodecFor('2024-01-01 10:00:00');
    for (const raw of ['last Tuesday', '2024-02-30 10:00:00', '2024-03-31 24:00:00', '', null, new StoredTimestamp('infinity', true)]) {
      expect(codec.decode(raw)).toBeNull();
    }
  });

  it('refuses a column whose values are not times', () => {
    expect(() => timeCodecFor('soon')).toThrow(/not a date and time/);
  });
});

describe('instant keys', () => {
  it('sort like the instants, whatever the fraction length or the century', () => {
    const ordered = ['-000043-03-15T12:00:00.000Z', '1969-12-31T23:59:59.999Z', '2024-03-31T01:02:03.123Z', '2024-03-31T01:02:03.123456Z', '2024-03-31T01:02:03.5Z'];
    const keys = ordered.map(instantKey);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const instant of ordered.slice(1)) expect(instantKey(instantOfKey(instantKey(instant)))).toBe(instantKey(instant));
  });
});

describe('cursors', () => {
  it('round-trip the key of the last row, including ids past 2^53 as text', () => {
    const parts = ['2024-03-31 01:02:03', '9007199254740993'];
    expect(decodeCursor(encodeCursor(parts), 2)).toEqual(parts);
  });

  it('refuse anything else with a clear sentence', () => {
    expect(() => decodeCursor('not-a-cursor', 2)).toThrow(/cursor is not valid/);
    expect(() => decodeCursor(encodeCursor([1]), 2)).toThrow(/cursor is not valid/);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 1)).toThrow(/cursor is not valid/);
  });
});

describe('reading stored times', () => {
  // The calendar, as the first 10,000 years of JavaScript's dates count it, is what a stored date must be on.
  const onCalendar = (y: number, m: number, d: number): boolean => {
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  };

  it('finds every day of the calendar and no other, in any year (0-99, leap centuries, BC)', () => {
    for (const year of [1, 4, 99, 100, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 28; day <= 31; day++) {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} 23:59:59.5`;
          const decoded = decodeTime(text);
          expect(decoded !== null, text).toBe(onCalendar(year, month, day));
          if (decoded) expect(decoded.slice(0, 10), text).toBe(text.slice(0, 10));
        }
      }
    }
    expect(decodeTime('0044-03-15 12:00:00 BC')).toBe('-000043-03-15T12:00:00.000Z');
  });

  it('gives a merge key exactly when the time can be read, ordered as the instants are', () => {
    const values = ['2024-02-29 00:00:00', '2023-02-29 00:00:00', '0099-12-31 23:59:59', '0100-01-01 00:00:00', '275760-09-13 00:00:00', '275760-09-13 00:00:01', 'nonsense', '2024-05-01 09:30:59.123456+02:00'];
    for (const value of values) {
      const decoded = decodeTime(value);
      const key = storedTimeKey(value);
      expect(key === null, value).toBe(decoded === null);
      if (decoded) expect(key, value).toBe(instantKey(decoded));
    }
    expect(storedTimeKey('0099-12-31 23:59:59')! < storedTimeKey('0100-01-01 00:00:00')!).toBe(true);
  });
});
