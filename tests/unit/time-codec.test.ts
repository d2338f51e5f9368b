import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../db/cursor';
import { timeCodecFor } from '../../db/time-codec';

const instant = new Date('2024-03-31T01:02:03.456Z');

describe("ByTime codecs write bounds in the column's own shape", () => {
  it.each([
    ['2024-01-01 10:00:00', '2024-03-31 01:02:03'],
    ['2024-01-01T10:00:00Z', '2024-03-31T01:02:03Z'],
    ['2024-01-01T10:00:00.000Z', '2024-03-31T01:02:03.456Z'],
    ['2024-01-01 10:00:00.123456', '2024-03-31 01:02:03.456000'],
    ['2024-01-01 10:00', '2024-03-31 01:02'],
    ['2024-01-01', '2024-03-31'],
  ])('text like %s', (sample, encoded) => {
    expect(timeCodecFor(sample).encode(instant)).toBe(encoded);
  });

  it('epoch seconds and milliseconds', () => {
    expect(timeCodecFor(1_700_000_000).encode(instant)).toBe(Math.floor(instant.getTime() / 1000));
    expect(timeCodecFor(1_700_000_000_000).encode(instant)).toBe(instant.getTime());
    expect(timeCodecFor(BigInt(1_700_000_000)).encode(instant)).toBe(Math.floor(instant.getTime() / 1000));
  });

  it('native timestamps, and an empty log', () => {
    expect(timeCodecFor(new Date()).encode(instant)).toBe(instant);
    expect(timeCodecFor(null).encode(instant)).toBe(instant);
  });

  it('decodes any stored shape to ISO 8601 UTC', () => {
    const codec = timeCodecFor('2024-01-01 10:00:00');
    expect(codec.decode('2024-03-31 01:02:03')).toBe('2024-03-31T01:02:03.000Z');
    expect(codec.decode('2024-03-31T01:02:03.4567+00:00')).toBe('2024-03-31T01:02:03.456Z');
    expect(codec.decode(1_711_846_923)).toBe('2024-03-31T01:02:03.000Z');
    expect(codec.decode(BigInt(1_711_846_923_456))).toBe('2024-03-31T01:02:03.456Z');
    expect(codec.decode(instant)).toBe('2024-03-31T01:02:03.456Z');
    // Something that is not a time is passed through rather than invented.
    expect(codec.decode('last Tuesday')).toBe('last Tuesday');
  });

  it('refuses a column whose values are not times', () => {
    expect(() => timeCodecFor('soon')).toThrow(/not a date and time/);
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
