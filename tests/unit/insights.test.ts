/** The pure rules of Insights: buckets of local days, granularity, the sum of parts, hours of the week. */
import { describe, expect, it } from 'vitest';
import { checkHoursOfWeek, describeHoursOfWeek, hourOfWeekAt } from '../../shared/hours-of-week';
import { bucketEndOf, bucketKeyOf, emptyBuckets, emptyHeatmap, granularityFor, mergeInsights, type Insights } from '../../shared/insights';

describe('insights buckets', () => {
  it('puts a day in its day, its ISO week (from Monday) and its month', () => {
    expect(bucketKeyOf('2024-03-10', 'day')).toBe('2024-03-10');
    expect(bucketKeyOf('2024-03-10', 'week')).toBe('2024-03-04'); // a Sunday: the week began on Monday 4th
    expect(bucketKeyOf('2024-03-11', 'week')).toBe('2024-03-11');
    expect(bucketKeyOf('2024-01-01', 'week')).toBe('2024-01-01');
    expect(bucketKeyOf('2023-01-01', 'week')).toBe('2022-12-26');
    expect(bucketKeyOf('2024-02-29', 'month')).toBe('2024-02-01');
    expect(bucketEndOf('2024-02-01', 'month')).toBe('2024-02-29');
    expect(bucketEndOf('2023-12-25', 'week')).toBe('2023-12-31');
  });

  it('covers the period, empty buckets included, the first and last clipped to it', () => {
    const weeks = emptyBuckets('2024-03-06', '2024-03-20', 'week');
    expect(weeks.map((b) => [b.key, b.from, b.to])).toEqual([
      ['2024-03-04', '2024-03-06', '2024-03-10'],
      ['2024-03-11', '2024-03-11', '2024-03-17'],
      ['2024-03-18', '2024-03-18', '2024-03-20'],
    ]);
    expect(emptyBuckets('2023-12-15', '2024-02-10', 'month').map((b) => b.key)).toEqual(['2023-12-01', '2024-01-01', '2024-02-01']);
  });

  it('chooses days up to two months, weeks up to two years, months beyond or without a period', () => {
    expect(granularityFor('2024-01-01', '2024-03-02')).toBe('day');
    expect(granularityFor('2024-01-01', '2024-03-03')).toBe('week');
    expect(granularityFor('2024-01-01', '2025-12-31')).toBe('week');
    expect(granularityFor('2024-01-01', '2026-01-02')).toBe('month');
    expect(granularityFor(null, '2024-01-01')).toBe('month');
  });
});

describe('adding up parts (one call per log)', () => {
  const part = (table: string, from: string, to: string, n: number, people: Array<[number, number]>): Insights => {
    const buckets = emptyBuckets(from, to, 'day').map((b) => ({ ...b, total: n, byTable: { [table]: n }, byCue: { Modified: n } }));
    const heatmap = emptyHeatmap();
    heatmap[0]![9] = n * buckets.length;
    return {
      timeZone: 'Asia/Kolkata',
      from,
      to,
      granularity: 'day',
      split: 'cue',
      total: n * buckets.length + 1,
      unreadableTimes: 1,
      buckets,
      tables: [table],
      cues: ['Modified'],
      people: people.map(([id, count]) => ({ id, name: `P${id}`, count })),
      otherPeople: { people: 0, count: 0 },
      unknownPerson: 2,
      heatmap,
    };
  };

  it('sums every number and ranks the people over all parts', () => {
    const merged = mergeInsights([part('A', '2024-03-01', '2024-03-02', 2, [[1, 3], [2, 1]]), part('B', '2024-03-02', '2024-03-03', 5, [[2, 9], [3, 1]])], 2);
    expect(merged.from).toBe('2024-03-01');
    expect(merged.to).toBe('2024-03-03');
    expect(merged.buckets.map((b) => [b.key, b.total, b.byTable])).toEqual([
      ['2024-03-01', 2, { A: 2 }],
      ['2024-03-02', 7, { A: 2, B: 5 }],
      ['2024-03-03', 5, { B: 5 }],
    ]);
    expect(merged.total).toBe(4 + 1 + 10 + 1);
    expect(merged.unreadableTimes).toBe(2);
    expect(merged.unknownPerson).toBe(4);
    expect(merged.heatmap[0]![9]).toBe(14);
    expect(merged.people).toEqual([
      { id: 2, name: 'P2', count: 10 },
      { id: 1, name: 'P1', count: 3 },
    ]);
    expect(merged.otherPeople).toEqual({ people: 1, count: 1 });
    expect(merged.tables).toEqual(['A', 'B']);
  });
});

describe('hours of the week', () => {
  it('reads an instant on the zone’s clock, half and quarter hours and DST included', () => {
    expect(hourOfWeekAt(Date.parse('2024-03-10T07:15:00Z'), 'America/New_York')).toEqual({ weekday: 7, hour: 3 });
    expect(hourOfWeekAt(Date.parse('2024-03-10T06:59:59Z'), 'America/New_York')).toEqual({ weekday: 7, hour: 1 });
    expect(hourOfWeekAt(Date.parse('2024-03-10T07:14:59Z'), 'Asia/Kathmandu')).toEqual({ weekday: 7, hour: 12 });
    expect(hourOfWeekAt(Date.parse('2024-03-10T07:15:00Z'), 'Asia/Kathmandu')).toEqual({ weekday: 7, hour: 13 });
    expect(hourOfWeekAt(Date.parse('2024-03-10T18:29:00Z'), 'Asia/Kolkata')).toEqual({ weekday: 7, hour: 23 });
    expect(hourOfWeekAt(Date.parse('2024-03-10T18:30:00Z'), 'Asia/Kolkata')).toEqual({ weekday: 1, hour: 0 });
  });

  it('checks a filter’s hours and says them', () => {
    expect(checkHoursOfWeek([{ weekday: 7, hour: 3 }, { weekday: 1, hour: 0 }, { weekday: 7, hour: 3 }])).toEqual([
      { weekday: 1, hour: 0 },
      { weekday: 7, hour: 3 },
    ]);
    expect(checkHoursOfWeek([])).toBeNull();
    expect(() => checkHoursOfWeek([{ weekday: 0, hour: 3 }])).toThrow(/weekday from 1/);
    expect(() => checkHoursOfWeek([{ weekday: 1, hour: 24 }])).toThrow(/hour from 0 to 23/);
    expect(() => checkHoursOfWeek('mon')).toThrow(/list/);
    expect(describeHoursOfWeek([{ weekday: 7, hour: 23 }])).toBe('Sundays 23:00–00:00');
  });
});
