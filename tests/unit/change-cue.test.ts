import { describe, expect, it } from 'vitest';
import { normalizeChangeCue } from '../../shared/change-cue';

describe('normalizeChangeCue', () => {
  it.each([
    ['Added', 'Added'],
    ['added', 'Added'],
    ['ADDED ', 'Added'],
    ['Insert', 'Added'],
    ['inserted', 'Added'],
    ['Create', 'Added'],
    ['Created', 'Added'],
    ['Modified', 'Modified'],
    ['Update', 'Modified'],
    ['UPDATED', 'Modified'],
    ['Modify', 'Modified'],
    ['Deleted', 'Deleted'],
    ['Delete', 'Deleted'],
    [' removed', 'Deleted'],
    ['Unchanged', 'Unchanged'],
    ['NoChange', 'Unchanged'],
    ['No Change', 'Unchanged'],
    ['no_change', 'Unchanged'],
  ] as const)('reads %j as %s', (raw, cue) => {
    expect(normalizeChangeCue(raw)).toEqual({ cue, text: raw });
  });

  it('keeps the stored text exactly, even when the cue is recognised', () => {
    expect(normalizeChangeCue('  inserted ').text).toBe('  inserted ');
  });

  it('reads null and undefined as Other with no text', () => {
    expect(normalizeChangeCue(null)).toEqual({ cue: 'Other', text: null });
    expect(normalizeChangeCue(undefined)).toEqual({ cue: 'Other', text: null });
  });

  it('reads unknown cues as Other, keeping their text', () => {
    expect(normalizeChangeCue('Merged')).toEqual({ cue: 'Other', text: 'Merged' });
    expect(normalizeChangeCue('')).toEqual({ cue: 'Other', text: '' });
    expect(normalizeChangeCue('U')).toEqual({ cue: 'Other', text: 'U' });
    expect(normalizeChangeCue(3)).toEqual({ cue: 'Other', text: '3' });
  });

  it('does not match words that merely contain a cue', () => {
    expect(normalizeChangeCue('Readded later').cue).toBe('Other');
    expect(normalizeChangeCue('Undeleted').cue).toBe('Other');
  });
});
