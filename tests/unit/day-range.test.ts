import { describe, expect, it } from 'vitest';
import { dayRangeToUtc, isValidTimeZone, localDayOf } from '../../shared/day-range';
import { AuditError } from '../../shared/errors';

const HOUR = 3_600_000;

/** The UTC bounds of one local day, as ISO strings, and its length in hours. */
function day(date: string, timeZone?: string) {
  const { fromUtc, toUtcExclusive } = dayRangeToUtc({ from: date, to: date, timeZone });
  if (!fromUtc || !toUtcExclusive) throw new Error('expected both bounds');
  return {
    from: fromUtc.toISOString(),
    to: toUtcExclusive.toISOString(),
    hours: (toUtcExclusive.getTime() - fromUtc.getTime()) / HOUR,
  };
}

function badRequest(run: () => unknown): AuditError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('bad-request');
    return error as AuditError;
  }
  throw new Error('expected an AuditError');
}

describe('dayRangeToUtc', () => {
  it('reads days in UTC by default', () => {
    expect(day('2024-03-01')).toEqual({ from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z', hours: 24 });
  });

  it('leaves absent ends unbounded', () => {
    expect(dayRangeToUtc({})).toEqual({ fromUtc: null, toUtcExclusive: null });
    expect(dayRangeToUtc({ from: '2024-03-01', timeZone: 'Europe/London' })).toEqual({
      fromUtc: new Date('2024-03-01T00:00:00Z'),
      toUtcExclusive: null,
    });
    expect(dayRangeToUtc({ to: '2024-07-01', timeZone: 'Europe/London' })).toEqual({
      fromUtc: null,
      toUtcExclusive: new Date('2024-07-01T23:00:00Z'),
    });
  });

  it('treats empty strings as absent', () => {
    expect(dayRangeToUtc({ from: '', to: ' ', timeZone: '' })).toEqual({ fromUtc: null, toUtcExclusive: null });
  });

  it('spans several days, the last one whole', () => {
    const { fromUtc, toUtcExclusive } = dayRangeToUtc({ from: '2024-01-01', to: '2024-01-31', timeZone: 'UTC' });
    expect(fromUtc?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(toUtcExclusive?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
  });

  it('crosses month and year ends and leap days', () => {
    expect(day('2023-12-31').to).toBe('2024-01-01T00:00:00.000Z');
    expect(day('2024-02-29').to).toBe('2024-03-01T00:00:00.000Z');
  });

  describe('Europe/London', () => {
    it('has a 23-hour day when the clocks go forward', () => {
      expect(day('2024-03-31', 'Europe/London')).toEqual({
        from: '2024-03-31T00:00:00.000Z',
        to: '2024-03-31T23:00:00.000Z',
        hours: 23,
      });
    });

    it('has a 25-hour day when the clocks go back', () => {
      expect(day('2024-10-27', 'Europe/London')).toEqual({
        from: '2024-10-26T23:00:00.000Z',
        to: '2024-10-28T00:00:00.000Z',
        hours: 25,
      });
    });

    it('begins summer days at 23:00 UTC the day before', () => {
      expect(day('2024-07-15', 'Europe/London').from).toBe('2024-07-14T23:00:00.000Z');
    });
  });

  describe('America/New_York', () => {
    it('has a 23-hour day in March and a 25-hour day in November', () => {
      expect(day('2024-03-10', 'America/New_York')).toEqual({
        from: '2024-03-10T05:00:00.000Z',
        to: '2024-03-11T04:00:00.000Z',
        hours: 23,
      });
      expect(day('2024-11-03', 'America/New_York')).toEqual({
        from: '2024-11-03T04:00:00.000Z',
        to: '2024-11-04T05:00:00.000Z',
        hours: 25,
      });
    });
  });

  describe('zones whose clocks changed at midnight', () => {
    it('begins the day at 01:00 local when midnight was skipped (America/Sao_Paulo, 2018)', () => {
      // 2018-11-04 00:00 (-03) became 01:00 (-02): the day's first instant is 01:00 -02.
      expect(day('2018-11-04', 'America/Sao_Paulo')).toEqual({
        from: '2018-11-04T03:00:00.000Z',
        to: '2018-11-05T02:00:00.000Z',
        hours: 23,
      });
      // The day before ends where the next begins: no instant is lost or counted twice.
      expect(day('2018-11-03', 'America/Sao_Paulo').to).toBe('2018-11-04T03:00:00.000Z');
    });

    it('has a 25-hour day when midnight came twice (America/Sao_Paulo, 2019)', () => {
      // 2019-02-17 00:00 (-02) went back to 2019-02-16 23:00 (-03).
      expect(day('2019-02-16', 'America/Sao_Paulo')).toEqual({
        from: '2019-02-16T02:00:00.000Z',
        to: '2019-02-17T03:00:00.000Z',
        hours: 25,
      });
    });

    it('has a 23-hour day when the clocks went forward at midnight (America/Santiago, 2022)', () => {
      expect(day('2022-09-11', 'America/Santiago')).toEqual({
        from: '2022-09-11T04:00:00.000Z',
        to: '2022-09-12T03:00:00.000Z',
        hours: 23,
      });
    });

    it('gives a day the zone skipped entirely an empty range (Pacific/Apia, 2011-12-30)', () => {
      const skipped = day('2011-12-30', 'Pacific/Apia');
      expect(skipped.hours).toBe(0);
      expect(skipped.from).toBe(day('2011-12-31', 'Pacific/Apia').from);
    });
  });

  it('handles a half-hour offset (Asia/Kolkata)', () => {
    expect(day('2024-01-01', 'Asia/Kolkata')).toEqual({
      from: '2023-12-31T18:30:00.000Z',
      to: '2024-01-01T18:30:00.000Z',
      hours: 24,
    });
  });

  it('handles a quarter-hour offset east of UTC+12 (Pacific/Chatham)', () => {
    expect(day('2024-07-01', 'Pacific/Chatham').from).toBe('2024-06-30T11:15:00.000Z');
  });

  it('refuses malformed and impossible dates', () => {
    expect(badRequest(() => dayRangeToUtc({ from: '2024-02-30' })).message).toMatch(/2024-02-30/);
    badRequest(() => dayRangeToUtc({ to: '2023-02-29' }));
    badRequest(() => dayRangeToUtc({ from: '2024-13-01' }));
    badRequest(() => dayRangeToUtc({ from: '2024-00-10' }));
    badRequest(() => dayRangeToUtc({ from: '2024-3-1' }));
    badRequest(() => dayRangeToUtc({ from: '01/03/2024' }));
    badRequest(() => dayRangeToUtc({ from: '2024-03-01T00:00:00Z' }));
    badRequest(() => dayRangeToUtc({ from: 20240301 as unknown as string }));
  });

  it('refuses an unknown time zone', () => {
    expect(badRequest(() => dayRangeToUtc({ from: '2024-03-01', timeZone: 'Mars/Olympus' })).message).toMatch(
      /Mars\/Olympus/,
    );
    // With no day to place, the zone is not read at all (nor checked).
    expect(dayRangeToUtc({ timeZone: 'Mars/Olympus' })).toEqual({ fromUtc: null, toUtcExclusive: null });
  });

  it('refuses a range that starts after it ends', () => {
    badRequest(() => dayRangeToUtc({ from: '2024-03-05', to: '2024-03-01' }));
    expect(day('2024-03-05').hours).toBe(24);
  });

  it('gives error messages as one sentence', () => {
    const { message } = badRequest(() => dayRangeToUtc({ from: '2024-02-30' }));
    expect(message).toMatch(/^[A-Z"].*\.$/);
    expect(message.split('. ')).toHaveLength(1);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and UTC', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
  });

  it('refuses unknown names and blanks', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('  ')).toBe(false);
    expect(isValidTimeZone('London')).toBe(false);
  });
});

describe('localDayOf', () => {
  it('gives the local day of an instant', () => {
    const instant = new Date('2024-03-01T23:30:00Z');
    expect(localDayOf(instant, 'UTC')).toBe('2024-03-01');
    expect(localDayOf(instant, 'Europe/Berlin')).toBe('2024-03-02');
    expect(localDayOf(instant, 'America/New_York')).toBe('2024-03-01');
    expect(localDayOf(new Date('2024-03-01T18:29:59Z'), 'Asia/Kolkata')).toBe('2024-03-01');
    expect(localDayOf(new Date('2024-03-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2024-03-02');
  });

  it('agrees with dayRangeToUtc at the bounds of a day', () => {
    for (const [date, zone] of [
      ['2024-03-31', 'Europe/London'],
      ['2024-11-03', 'America/New_York'],
      ['2018-11-04', 'America/Sao_Paulo'],
    ] as const) {
      const { fromUtc, toUtcExclusive } = dayRangeToUtc({ from: date, to: date, timeZone: zone });
      expect(localDayOf(fromUtc as Date, zone)).toBe(date);
      expect(localDayOf(new Date((fromUtc as Date).getTime() - 1000), zone)).not.toBe(date);
      expect(localDayOf(new Date((toUtcExclusive as Date).getTime() - 1000), zone)).toBe(date);
      expect(localDayOf(toUtcExclusive as Date, zone)).not.toBe(date);
    }
  });

  it('refuses an invalid date or time zone', () => {
    badRequest(() => localDayOf(new Date(Number.NaN), 'UTC'));
    badRequest(() => localDayOf(new Date(), 'Nowhere/Special'));
  });
});
