import { describe, expect, it } from 'vitest';
import { dayOrderOf, dayPattern, readTypedDay, readTypedDayTime } from '../../renderer/common/typed-day';

const gb = (text: string) => readTypedDay(text, 'en-GB');
const us = (text: string) => readTypedDay(text, 'en-US');
const error = (result: ReturnType<typeof readTypedDay>): string => ('error' in result ? result.error : `no error: ${result.day}`);

describe('dayOrderOf', () => {
  it('knows day-first, month-first and year-first locales', () => {
    expect(dayOrderOf('en-GB')).toBe('dmy');
    expect(dayOrderOf('de-DE')).toBe('dmy');
    expect(dayOrderOf('en-US')).toBe('mdy');
    expect(dayOrderOf('ja-JP')).toBe('ymd');
    expect(dayPattern('en-GB')).toBe('dd/mm/yyyy');
    expect(dayPattern('en-US')).toBe('mm/dd/yyyy');
  });

  it('falls back to the app display (day first) for an unusable locale tag', () => {
    expect(dayOrderOf('not a locale!')).toBe('dmy');
  });
});

describe('readTypedDay', () => {
  it('reads numeric days in the locale order', () => {
    expect(gb('5/1/2025')).toEqual({ day: '2025-01-05' });
    expect(us('5/1/2025')).toEqual({ day: '2025-05-01' });
    expect(gb('05.01.2025')).toEqual({ day: '2025-01-05' });
    expect(gb(' 5 - 1 - 2025 ')).toEqual({ day: '2025-01-05' });
    expect(us('12/31/2024')).toEqual({ day: '2024-12-31' });
    expect(readTypedDay('2025/1/5', 'ja-JP')).toEqual({ day: '2025-01-05' });
  });

  it('reads ISO days in every locale', () => {
    for (const locale of ['en-GB', 'en-US', 'ja-JP']) {
      expect(readTypedDay('2025-01-05', locale)).toEqual({ day: '2025-01-05' });
    }
  });

  it('reads back the app display and months by name', () => {
    expect(gb('5 Jan 2025')).toEqual({ day: '2025-01-05' });
    expect(gb('5 January 2025')).toEqual({ day: '2025-01-05' });
    expect(us('January 5, 2025')).toEqual({ day: '2025-01-05' });
    expect(gb('29 Feb 2024')).toEqual({ day: '2024-02-29' });
    expect(gb('1st Sept 2025')).toEqual({ day: '2025-09-01' });
    expect(readTypedDay('5 janvier 2025', 'fr-FR')).toEqual({ day: '2025-01-05' });
  });

  it('reads a blank box as no day, not an error', () => {
    expect(gb('')).toEqual({ day: '' });
    expect(gb('   ')).toEqual({ day: '' });
  });

  it('refuses impossible days with a sentence that says why', () => {
    expect(error(gb('31/02/2025'))).toBe('There is no 31st of February 2025: it has 28 days.');
    expect(error(gb('29/02/2025'))).toMatch(/28 days/);
    expect(error(us('31/02/2025'))).toMatch(/no month 31/);
    expect(error(gb('2025-13-01'))).toMatch(/no month 13/);
    expect(error(gb('0/1/2025'))).toMatch(/no 0th/);
    expect(error(gb('31 Apr 2025'))).toMatch(/April 2025: it has 30 days/);
    expect(error(gb('0000-01-01'))).toMatch(/no year 0/);
  });

  it('refuses words and hostile text without echoing it at length', () => {
    expect(error(gb('hello'))).toBe('Not a date: write the day as dd/mm/yyyy or yyyy-mm-dd.');
    expect(error(us('hello'))).toBe('Not a date: write the day as mm/dd/yyyy or yyyy-mm-dd.');
    for (const hostile of ["1'; DROP TABLE x;--", '<b>5/1/2025</b>', '=5/1/2025', '5/1/2025\n6/1/2025', 'x'.repeat(10_000_000), '1'.repeat(5000)]) {
      const message = error(gb(hostile));
      expect(message).toMatch(/^Not a date/);
      expect(message.length).toBeLessThan(80);
    }
    expect(error(gb('5 Smarch 2025'))).toMatch(/"smarch" is not a month/);
  });

  it('asks for the whole year rather than guess a century (or send a half-typed one)', () => {
    expect(error(gb('5/1/25'))).toBe('Write the year in full (four digits, dd/mm/yyyy), not "25".');
    expect(error(gb('5/1/202'))).toMatch(/in full/);
    expect(error(gb('5 Jan 25'))).toMatch(/in full/);
  });
});

describe('readTypedDayTime', () => {
  it('reads a day with or without a time', () => {
    expect(readTypedDayTime('5/1/2025 14:02', 'en-GB')).toEqual({ day: '2025-01-05', time: '14:02:00' });
    expect(readTypedDayTime('5 Jan 2025, 14:02:09', 'en-GB')).toEqual({ day: '2025-01-05', time: '14:02:09' });
    expect(readTypedDayTime('2025-01-05T07:05', 'en-US')).toEqual({ day: '2025-01-05', time: '07:05:00' });
    expect(readTypedDayTime('5/1/2025', 'en-US')).toEqual({ day: '2025-05-01', time: '00:00:00' });
  });

  it('refuses impossible days and times', () => {
    expect(readTypedDayTime('31/02/2025 10:00', 'en-GB')).toMatchObject({ error: expect.stringMatching(/February/) });
    expect(readTypedDayTime('5/1/2025 25:00', 'en-GB')).toMatchObject({ error: expect.stringMatching(/no time 25:00/) });
    expect(readTypedDayTime('', 'en-GB')).toMatchObject({ error: expect.stringMatching(/No date/) });
    expect(readTypedDayTime('x'.repeat(100_000), 'en-GB')).toMatchObject({ error: expect.stringMatching(/^Not a date/) });
  });
});
