/**
 * `--view NAME` on the command line (cli/view-options.ts): the view's filter under the options
 * typed as well, each replacing its own part; the record of a log view; a view of another kind
 * refused in one sentence; --view only where a command reads a view.
 */
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError, type CliOptions } from '../../cli/args';
import { activityFilterOf, historyFilterOf } from '../../cli/filter-options';
import { withView } from '../../cli/view-options';
import type { SavedView } from '../../shared/saved-views';

const parse = (...argv: string[]): CliOptions => parseCli([...argv, '--db', 'x.sqlite']) as CliOptions;
const SAVED_AT = '2026-11-30T10:00:00.000Z';

const DELETIONS: SavedView = {
  name: 'Deletions',
  savedAt: SAVED_AT,
  kind: 'activity',
  filter: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Asia/Kolkata', by: { kind: 'person', personId: 19 }, tables: ['Contact'], cues: ['Deleted'], made: { method: 'Bulk' }, hoursOfWeek: [{ weekday: 6, hour: 2 }] },
};

describe('--view', () => {
  it("gives the view's filter, and the zone its days are in", () => {
    const opts = withView(parse('activity', '--view', 'Deletions'), DELETIONS);
    expect(activityFilterOf(opts.filter)).toEqual({ ...DELETIONS.filter });
    expect(opts.tz).toBe('Asia/Kolkata');
  });

  it('lets each option typed as well replace its own part of the view, and only that', () => {
    const opts = withView(parse('activity', '--view', 'Deletions', '--to', '2026-10-15', '--cue', 'added', '--by', 'all', '--tz', 'Europe/London', '--application', 'CRM'), DELETIONS);
    expect(activityFilterOf(opts.filter)).toEqual({
      from: '2026-10-01',
      to: '2026-10-15',
      timeZone: 'Europe/London',
      by: { kind: 'all' },
      tables: ['Contact'],
      cues: ['Added'],
      made: { method: 'Bulk', application: 'CRM' },
      hoursOfWeek: [{ weekday: 6, hour: 2 }],
    });
    expect(opts.tz).toBe('Europe/London');
  });

  it("reads a log view's record unless TABLE ID are given, and its related records' switch", () => {
    const log: SavedView = { name: 'Mine', savedAt: SAVED_AT, kind: 'log', record: { table: 'Customer', id: 42 }, related: true, filter: { by: { kind: 'mine' }, tables: ['Contact'] } };
    const fromView = withView(parse('history', '--view', 'Mine'), log);
    expect(fromView.positionals).toEqual(['Customer', '42']);
    expect(fromView.related).toBe(true);
    expect(historyFilterOf(fromView.filter).by).toEqual({ kind: 'mine' });
    expect(fromView.filter.tables).toEqual(['Contact']);
    expect(withView(parse('history', 'Customer', '7', '--view', 'Mine'), log).positionals).toEqual(['Customer', '7']);
  });

  it("takes Review's period with its zone, and Insights' periods and split, unless typed", () => {
    const review: SavedView = { name: 'Oct', savedAt: SAVED_AT, kind: 'review', period: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Europe/London' } };
    expect(withView(parse('review', '--view', 'Oct'), review)).toMatchObject({ filter: { from: '2026-10-01', to: '2026-10-31' }, reviewZone: 'Europe/London' });
    expect(withView(parse('review', '--view', 'Oct', '--tz', 'UTC', '--from', '2026-10-10'), review)).toMatchObject({ filter: { from: '2026-10-10', to: '2026-10-31' }, reviewZone: 'UTC' });
    const insights: SavedView = { name: 'Weekly', savedAt: SAVED_AT, kind: 'insights', filter: { timeZone: 'Europe/London', cues: ['Deleted'] }, granularity: 'week', split: 'cue' };
    expect(withView(parse('insights', '--view', 'Weekly'), insights).insights).toEqual({ split: 'cue', granularity: 'week', zoneGiven: true });
    expect(withView(parse('insights', '--view', 'Weekly', '--by-table', '--per', 'month'), insights).insights).toEqual({ split: 'table', granularity: 'month', zoneGiven: true });
  });

  it('refuses a view of another kind in one sentence, and --view where no command reads one', () => {
    expect(() => withView(parse('review', '--view', 'Deletions'), DELETIONS)).toThrow('The saved view "Deletions" opens Activity, not Review; use it with audit-trail activity.');
    expect(() => parse('tables', '--view', 'Deletions')).toThrow(UsageError);
    expect(() => parse('tables', '--view', 'Deletions')).toThrow('--view goes with activity, review, insights and history.');
    expect(() => parse('history', 'Customer', '--view', 'Deletions')).toThrow('history takes <table> <id>.');
    expect(() => parse('history')).toThrow('history takes <table> <id>.');
  });
});
