import { describe, expect, it } from 'vitest';
import type { LoggedTable, PersonInLog } from '../../shared/domain';
import {
  activityKey,
  changedFieldsText,
  fieldChoices,
  isActivityFiltered,
  mergePeople,
  NO_ACTIVITY_FILTER,
  toActivityFilter,
} from '../../renderer/activity/activity-filter';
import { differingFields } from '../../renderer/audit/compare';

const table = (name: string, fields: string[]): LoggedTable => ({
  name,
  logTable: `${name}_log`,
  baseExists: true,
  parentKey: `${name}ID`,
  recordKey: 'ID',
  titleFields: [],
  fields: [`${name}ID`, ...fields].map((f) => ({ name: f, dataType: '', sensitivity: 'none' })),
  recordCount: 1,
  logRowCount: 1,
  missingIndex: null,
  indexHints: [],
});

describe('the Activity filter', () => {
  it('is unfiltered by default and sends only what is chosen', () => {
    expect(isActivityFiltered(NO_ACTIVITY_FILTER)).toBe(false);
    expect(toActivityFilter(NO_ACTIVITY_FILTER, 'Europe/London')).toEqual({ timeZone: 'Europe/London', by: { kind: 'all' } });
    const chosen = { ...NO_ACTIVITY_FILTER, tables: ['Contact'], cues: ['Modified' as const], field: 'Phone', from: '2026-01-01' };
    expect(isActivityFiltered(chosen)).toBe(true);
    expect(toActivityFilter(chosen, 'UTC')).toEqual({
      timeZone: 'UTC',
      by: { kind: 'all' },
      from: '2026-01-01',
      tables: ['Contact'],
      cues: ['Modified'],
      field: 'Phone',
    });
  });

  it('offers the chosen tables\u2019 fields (all tables when none is chosen), once each, without keys', () => {
    const tables = [table('Customer', ['Name', 'Phone']), table('Contact', ['Email', 'Phone'])];
    expect(fieldChoices(tables, [])).toEqual(['Email', 'Name', 'Phone']);
    expect(fieldChoices(tables, ['Contact'])).toEqual(['Email', 'Phone']);
  });

  it('merges the people of several logs, summing their entries, most first', () => {
    const p = (id: number, n: number, lastTime: string, name: string | null = `P${id}`): PersonInLog => ({ id, name, login: null, entryCount: n, lastTime });
    const merged = mergePeople([
      [p(1, 5, '2026-01-01T00:00:00Z'), p(2, 3, '2026-01-01T00:00:00Z')],
      [p(2, 4, '2026-02-01T00:00:00Z'), p(3, 1, '2026-01-01T00:00:00Z')],
    ]);
    expect(merged.map((x) => [x.id, x.entryCount])).toEqual([[2, 7], [1, 5], [3, 1]]);
    expect(merged[0]!.lastTime).toBe('2026-02-01T00:00:00Z');
  });

  it('names the changed fields right in the row', () => {
    const base = { legacy: false, previousKnown: true, changes: [] as never[] };
    const change = (field: string) => ({ field, old: null, new: 'x' });
    expect(changedFieldsText({ ...base, changeCue: 'Modified', changes: [change('Phone'), change('EmailAddress')] as never })).toBe('Phone, Email address');
    expect(changedFieldsText({ ...base, changeCue: 'Added', changes: [change('Name')] as never })).toBe('Created: Name');
    expect(changedFieldsText({ ...base, changeCue: 'Modified', previousKnown: false, changes: [{ ...change('Phone'), oldKnown: false }] as never })).toBe('First recorded: Phone');
    expect(changedFieldsText({ ...base, changeCue: 'Unchanged' })).toBe('Saved with a related record');
    expect(changedFieldsText({ ...base, changeCue: 'Deleted' })).toBe('Record deleted');
    expect(changedFieldsText({ ...base, changeCue: 'Modified', legacy: true })).toMatch(/Legacy/);
    expect(activityKey({ table: 'Contact', logId: 7 })).toBe('Contact:7');
  });
});

describe('comparing two snapshots', () => {
  it('boxes the fields whose values differ, empty values counting as the same', () => {
    expect(differingFields({ A: 'x', B: 1, C: null, D: '' }, { A: 'x', B: 2, C: '', E: 'new' }).sort()).toEqual(['B', 'E']);
  });
});
