/** The filter options read once for every CLI command that filters a log (cli/filter-options.ts). */
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError, type CliOptions } from '../../cli/args';
import { parseExportArgs } from '../../cli/export-command';
import { CHANGE_CUES, cueNamed, NAMED_CHANGE_CUES } from '../../shared/change-cue';
import type { ActivityFilter } from '../../shared/domain';

const activityOf = (argv: string[]) => (parseCli(['activity', '--db', 'x.sqlite', ...argv]) as CliOptions).filter;
const exportFilterOf = (argv: string[]) => {
  const parsed = parseExportArgs(['--db', 'x.sqlite', ...argv]);
  if (parsed === 'help' || parsed.source.kind !== 'activity') throw new Error('not an activity export');
  return parsed.source.filter as ActivityFilter;
};

describe('the CLI filter options', () => {
  it('read cues ignoring case, repeated or comma-separated, the same for activity and export', () => {
    const argv = ['--cue', 'deleted', '--cue', 'ADDED,other', '--table', 'Customer,Invoice', '--table', 'Contact', '--tz', 'UTC', '--by', '10'];
    const activity = activityOf(argv);
    expect(activity).toMatchObject({ cues: ['Deleted', 'Added', 'Other'], tables: ['Customer', 'Invoice', 'Contact'], timeZone: 'UTC', by: { kind: 'person', personId: 10 } });
    expect(exportFilterOf(argv)).toEqual({ timeZone: 'UTC', by: { kind: 'person', personId: 10 }, cues: ['Deleted', 'Added', 'Other'], tables: ['Customer', 'Invoice', 'Contact'] });
  });

  it('refuse the same mistakes with the same sentence in both commands', () => {
    for (const argv of [['--cue', 'Sideways'], ['--by', ' '], ['--tz', 'Mars/Olympus']]) {
      const fromActivity = (() => {
        try {
          activityOf(argv);
        } catch (error) {
          return error;
        }
      })();
      const fromExport = (() => {
        try {
          exportFilterOf(argv);
        } catch (error) {
          return error;
        }
      })();
      expect(fromActivity, argv.join(' ')).toBeInstanceOf(UsageError);
      expect(fromExport, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((fromExport as Error).message).toBe((fromActivity as Error).message);
    }
  });

  it('keep the change cues in one list', () => {
    expect(CHANGE_CUES).toEqual(['Added', 'Modified', 'Deleted', 'Unchanged', 'Other']);
    expect(NAMED_CHANGE_CUES).toEqual(['Added', 'Modified', 'Deleted', 'Unchanged']);
    expect(cueNamed(' unchanged ')).toBe('Unchanged');
    expect(cueNamed('insert')).toBeNull();
  });
});
