/** The pure parts of Review: the zone's wall clock, a finding's exclusive end, one-line names, the schedule detector. */
import { describe, expect, it } from 'vitest';
import { narrowWindow } from '../../db/queries/automation';
import { justAfter } from '../../db/queries/review/run-context';
import { oneLine } from '../../shared/one-line';
import { ZoneClock } from '../../shared/zone-clock';

describe('ZoneClock', () => {
  it('reads instants on the wall clock across a daylight-saving change', () => {
    const london = new ZoneClock('Europe/London');
    expect(london.at(Date.parse('2026-10-03T01:10:00Z'))).toEqual({ day: '2026-10-03', weekday: 6, minute: 130 });
    expect(london.at(Date.parse('2026-10-25T01:30:00Z')).minute).toBe(90);
    expect(london.at(Date.parse('2026-10-24T23:30:00Z')).minute).toBe(30);
    expect(london.span(Date.parse('2026-10-03T01:10:05Z'), Date.parse('2026-10-03T01:14:40Z'))).toBe('between 02:10 and 02:14 on Sat 3 Oct 2026');
    expect(london.range(Date.parse('2026-10-03T01:10:00Z'), Date.parse('2026-10-03T01:15:00Z'))).toBe('02:10–02:14 Sat 3 Oct 2026');
    expect(new ZoneClock('Asia/Kathmandu').at(Date.parse('2026-10-03T00:00:00Z')).minute).toBe(5 * 60 + 45);
  });
});

describe('ZoneClock offsets', () => {
  it('reads the same offsets as the zone rules give part by part, every quarter hour of a year and in far years', () => {
    for (const timeZone of ['Europe/London', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe']) {
      const clock = new ZoneClock(timeZone);
      const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      const byParts = (at: number): number => {
        const f: Record<string, number> = {};
        for (const part of format.formatToParts(at)) if (part.type !== 'literal') f[part.type] = Number(part.value);
        return Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!) - at;
      };
      const times = [Date.UTC(999, 11, 31, 23), Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31, 23, 45), Date.UTC(20000, 0, 1)];
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000) times.push(t);
      const wrong = times.filter((t) => clock.offsetAt(t) !== byParts(t));
      expect(wrong).toEqual([]);
    }
  });

  it('reads years before 100 and before Christ as those years, not as 19xx', () => {
    // (A log may hold any year. Date.UTC reads 0–99 as 1900–1999, and en-US writes 44 BC's year as "44".)
    const at = (year: number, month: number, day: number, hour: number, minute: number): number => {
      const date = new Date(0);
      date.setUTCFullYear(year, month - 1, day);
      date.setUTCHours(hour, minute);
      return date.getTime();
    };
    const london = new ZoneClock('Europe/London');
    // London's mean time, before any standard time: 1 minute 15 seconds behind UTC.
    expect(london.offsetAt(at(50, 6, 1, 12, 0))).toBe(-75_000);
    expect(london.offsetAt(at(-43, 3, 15, 12, 0))).toBe(-75_000);
    expect(london.span(at(50, 6, 1, 2, 12), at(50, 6, 1, 2, 16))).toBe('between 02:10 and 02:14 on Wed 1 Jun 50');
    expect(london.date(at(-43, 3, 15, 12, 0))).toBe('Fri 15 Mar 44 BC');
    expect(london.at(at(20000, 1, 1, 12, 0)).day).toBe('+020000-01-01');
    expect(london.date(at(20000, 1, 1, 12, 0))).toMatch(/ 1 Jan 20000$/);
  });
});

describe('justAfter', () => {
  it('is one nanosecond later, whatever the stored precision', () => {
    expect(justAfter('2026-10-03T01:14:40.123Z')).toBe('2026-10-03T01:14:40.123000001Z');
    expect(justAfter('2026-10-03T01:14:40.123456Z')).toBe('2026-10-03T01:14:40.123456001Z');
    expect(justAfter('2026-10-03T01:14:59.999999999Z')).toBe('2026-10-03T01:15:00.000000000Z');
  });
});

describe('oneLine', () => {
  it('keeps a hostile name to one line of text', () => {
    expect(oneLine('Eve\r\n<b>Evil</b>\u2028\t x')).toBe('Eve <b>Evil</b> x');
    expect(oneLine('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('narrowWindow', () => {
  const night = (i: number) => ({ day: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, minute: 120 + (i % 50) });
  it('finds a nightly job, even across midnight', () => {
    expect(narrowWindow(Array.from({ length: 100 }, (_, i) => ({ ...night(i), minute: 120 + (i % 5) })))).toBe('all 100 of its latest changes, on 28 days, fell between 02:00 and 02:04');
    expect(narrowWindow(Array.from({ length: 100 }, (_, i) => night(i)))).toBe('96 of 100 of its latest changes, on 28 days, fell between 02:00 and 02:47');
    const wrapping = Array.from({ length: 100 }, (_, i) => ({ day: night(i).day, minute: (1410 + (i % 60)) % 1440 }));
    expect(narrowWindow(wrapping)).toMatch(/between 23:30 and 00:2\d$/);
  });
  it('does not take a working day, or one burst, for a schedule', () => {
    expect(narrowWindow(Array.from({ length: 200 }, (_, i) => ({ day: night(i).day, minute: 480 + ((i * 37) % 600) })))).toBeNull();
    expect(narrowWindow(Array.from({ length: 200 }, () => ({ day: '2026-10-03', minute: 130 })))).toBeNull();
  });
});
