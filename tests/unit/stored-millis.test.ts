/**
 * storedMillis (db/time-codec.ts), which Review's buckets place their times by without writing the
 * instants: the same milliseconds as the codec's instant read back, and null exactly where the
 * codec reads no time, for every stored shape it reads (text with and without fractions and
 * zones, BC years, years 0 to 99, epoch seconds and milliseconds, PostgreSQL timestamps) and for
 * values that are no time.
 */
import { describe, expect, it } from 'vitest';
import { decodeTime, StoredTimestamp, storedMillis } from '../../db/time-codec';

const VALUES: unknown[] = [
  '2024-01-01 00:00:00',
  '2024-01-01T00:00:00Z',
  ' 2024-03-31 00:59:59.999 ',
  '2024-01-01T00:00:00.123456Z',
  '2024-01-01T00:00:00.987654321Z',
  '2024-06-30 23:30:00+05:45',
  '1969-12-31 23:59:59.5',
  '0044-03-15 12:00:00 BC',
  '0099-01-01 00:00:00',
  '275760-09-13T00:00:00Z',
  '275760-09-13T00:00:01Z',
  '2024-02-30 10:00:00',
  '2024-13-01 10:00:00',
  // The common shape, which storedMillis reads without the general pattern, at its edges.
  '2024-02-29 10:00:00',
  '2023-02-29 10:00:00',
  '2024-01-01T24:00:00',
  '2024-01-01 00:60:00',
  '2024-01-01 00:00:60',
  '2024-00-10 00:00:00',
  '2024-01-00 00:00:00',
  '1000-01-01 00:00:00',
  '0999-12-31 23:59:59',
  '9999-12-31T23:59:59',
  '2024-01-01X00:00:00',
  '2024-01-01 00:00:0Z',
  '2024/01/01 00:00:00',
  '2024-01-01 0a:00:00',
  '\uff12024-01-01 0:00:00',
  new StoredTimestamp('2024-05-01 09:30:00', true),
  new StoredTimestamp('2024-05-01 09:30:00+00', true),
  new StoredTimestamp('2024-05-01 09:30:00-00', true),
  '2024-05-01T09:30:00Z',
  '2024-05-01T09:30:00z',
  '2024-05-01 09:30:00+01',
  '2024-05-01 09:30:00+0a',
  '2024-05-01 09:30:00 Z',
  '2024-05-01 09:30:00X',
  'yesterday',
  '',
  1_700_000_000,
  100_000_000_005,
  -5.5,
  1e300,
  Number.NaN,
  12n,
  new StoredTimestamp('2024-05-01 09:30:00.123456+00', true),
  new StoredTimestamp('infinity', false),
  null,
  undefined,
  { not: 'a time' },
];

describe('storedMillis', () => {
  it.each(VALUES.map((v) => [String(v), v]))('reads %s as the codec does', (_, raw) => {
    const instant = decodeTime(raw);
    expect(storedMillis(raw)).toBe(instant === null ? null : Date.parse(instant));
  });

  it('reads every time of the common shape as the codec does, on and off the calendar', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    for (let i = 0; i < 20_000; i++) {
      // Deterministic: fields a little past their ranges, so that the fast path's checks are met.
      const text = `${String(1990 + (i % 50)).padStart(4, '0')}-${two(i % 14)}-${two((i * 7) % 33)}${i % 2 ? 'T' : ' '}${two((i * 3) % 25)}:${two((i * 11) % 61)}:${two((i * 13) % 61)}${['', 'Z', '+00', '-00', '+01'][i % 5]}`;
      const instant = decodeTime(text);
      expect(storedMillis(text), text).toBe(instant === null ? null : Date.parse(instant));
    }
  });
});
