import { describe, expect, it } from 'vitest';
import type { ChangeCue, FieldValue } from '../../shared/domain';
import { diffEntry, isFirstRecorded, isLegacySnapshot, isOldKnown, type LogSnapshot } from '../../shared/diff';

const FIELDS = ['Name', 'Phone', 'Email', 'Tag'] as const;

function snap(changeCue: ChangeCue, values: Record<string, FieldValue>): LogSnapshot {
  return { changeCue, values };
}

const legacyValues = { Name: null, Phone: null, Email: null, Tag: null };

describe('isLegacySnapshot', () => {
  it('is true when every snapshot field is null', () => {
    expect(isLegacySnapshot(legacyValues, FIELDS)).toBe(true);
  });

  it('counts a missing field as null', () => {
    expect(isLegacySnapshot({ Name: null }, FIELDS)).toBe(true);
  });

  it('is false when any field has a value, even an empty string or zero', () => {
    expect(isLegacySnapshot({ ...legacyValues, Tag: 'x' }, FIELDS)).toBe(false);
    expect(isLegacySnapshot({ ...legacyValues, Tag: '' }, FIELDS)).toBe(false);
    expect(isLegacySnapshot({ ...legacyValues, Tag: 0 }, FIELDS)).toBe(false);
  });

  it('ignores columns that are not snapshot fields', () => {
    expect(isLegacySnapshot({ ...legacyValues, ByName: 'Ann' }, FIELDS)).toBe(true);
  });

  it('is false for a table without snapshot fields', () => {
    expect(isLegacySnapshot({}, [])).toBe(false);
  });
});

describe('diffEntry', () => {
  const first = snap('Added', { Name: 'Ann', Phone: '01234 567890', Email: '', Tag: null });

  it('reports every non-empty field of an Added entry as set, in field order', () => {
    expect(diffEntry(first, null, FIELDS)).toEqual({
      changes: [
        { field: 'Name', old: null, new: 'Ann' },
        { field: 'Phone', old: null, new: '01234 567890' },
      ],
      legacy: false,
      previousKnown: false,
    });
  });

  it('reports an Added entry as set even when a previous entry exists', () => {
    const readded = snap('Added', { Name: 'Ann', Phone: null, Email: null, Tag: null });
    const diff = diffEntry(readded, first, FIELDS);
    expect(diff.changes).toEqual([{ field: 'Name', old: null, new: 'Ann' }]);
    expect(diff.previousKnown).toBe(true);
  });

  it('reports the fields that differ from the previous entry for Modified', () => {
    const next = snap('Modified', { Name: 'Ann', Phone: '01234 123456', Email: 'ann@example.com', Tag: null });
    expect(diffEntry(next, first, FIELDS)).toEqual({
      changes: [
        { field: 'Phone', old: '01234 567890', new: '01234 123456' },
        { field: 'Email', old: '', new: 'ann@example.com' },
      ],
      legacy: false,
      previousKnown: true,
    });
  });

  it('reports a cleared field with its old value', () => {
    const prev = snap('Modified', { Name: 'Ann', Tag: 'urgent' });
    const next = snap('Modified', { Name: 'Ann', Tag: null });
    expect(diffEntry(next, prev, FIELDS).changes).toEqual([{ field: 'Tag', old: 'urgent', new: null }]);
  });

  it('does not report values that are only spelt differently', () => {
    const prev = snap('Modified', { Name: 'Ann', Phone: 1200, Email: null, Tag: '2024-03-01' });
    const next = snap('Modified', { Name: 'Ann ', Phone: '1200.00', Email: '', Tag: '2024-03-01 00:00:00' });
    expect(diffEntry(next, prev, FIELDS).changes).toEqual([]);
  });

  it('reports a phone number that lost its leading zero', () => {
    const prev = snap('Modified', { Phone: '01234' });
    const next = snap('Modified', { Phone: 1234 });
    expect(diffEntry(next, prev, FIELDS).changes).toEqual([{ field: 'Phone', old: '01234', new: 1234 }]);
  });

  it('treats an unknown cue like Modified', () => {
    const next = snap('Other', { ...first.values, Name: 'Anne' });
    expect(diffEntry(next, first, FIELDS).changes).toEqual([{ field: 'Name', old: 'Ann', new: 'Anne' }]);
  });

  it('reports no changes for Unchanged, even when the values differ', () => {
    const next = snap('Unchanged', { ...first.values, Name: 'Someone else' });
    expect(diffEntry(next, first, FIELDS)).toEqual({ changes: [], legacy: false, previousKnown: true });
  });

  it('shows the last snapshot of a Deleted entry as removed', () => {
    const gone = snap('Deleted', { Name: 'Ann', Phone: '01234 567890', Email: ' ', Tag: null });
    expect(diffEntry(gone, first, FIELDS)).toEqual({
      changes: [
        { field: 'Name', old: 'Ann', new: null },
        { field: 'Phone', old: '01234 567890', new: null },
      ],
      legacy: false,
      previousKnown: true,
    });
  });

  it('flags a legacy entry and reports no changes', () => {
    expect(diffEntry(snap('Modified', legacyValues), first, FIELDS)).toEqual({
      changes: [],
      legacy: true,
      previousKnown: true,
    });
    expect(diffEntry(snap('Added', {}), null, FIELDS)).toEqual({ changes: [], legacy: true, previousKnown: false });
  });

  it('reports fields as first recorded, their old value unknown, when the previous entry is legacy', () => {
    const next = snap('Modified', { Name: 'Ann', Phone: null, Email: 'ann@example.com', Tag: null });
    expect(diffEntry(next, snap('Modified', legacyValues), FIELDS)).toEqual({
      changes: [
        { field: 'Name', old: null, new: 'Ann', oldKnown: false },
        { field: 'Email', old: null, new: 'ann@example.com', oldKnown: false },
      ],
      legacy: false,
      previousKnown: false,
    });
  });

  it('reports fields as first recorded for a Modified entry with no previous entry (logging began later)', () => {
    const next = snap('Modified', { Name: 'Ann', Phone: null, Email: null, Tag: 'vip' });
    const diff = diffEntry(next, null, FIELDS);
    expect(diff.previousKnown).toBe(false);
    expect(diff.changes).toEqual([
      { field: 'Name', old: null, new: 'Ann', oldKnown: false },
      { field: 'Tag', old: null, new: 'vip', oldKnown: false },
    ]);
    // An unknown cue is a change like Modified: no predecessor, no known old value either.
    expect(diffEntry(snap('Other', next.values), null, FIELDS).changes.every((c) => c.oldKnown === false)).toBe(true);
  });

  it('knows the old values of an Added entry (empty: the record was created) and of a deletion', () => {
    expect(diffEntry(first, null, FIELDS).changes.every(isOldKnown)).toBe(true);
    expect(diffEntry(first, snap('Modified', legacyValues), FIELDS).changes.every(isOldKnown)).toBe(true);
    const gone = snap('Deleted', { Name: 'Ann' });
    expect(diffEntry(gone, null, FIELDS).changes).toEqual([{ field: 'Name', old: 'Ann', new: null }]);
  });

  it('passes values through unchanged (masking comes later)', () => {
    const prev = snap('Modified', { Name: 'Ann', Phone: '123-45-6789' });
    const next = snap('Modified', { Name: 'Ann', Phone: '987-65-4321' });
    expect(diffEntry(next, prev, FIELDS).changes).toEqual([{ field: 'Phone', old: '123-45-6789', new: '987-65-4321' }]);
  });

  it('only looks at the given fields', () => {
    const prev = snap('Modified', { Name: 'Ann', ByName: 'Bob' });
    const next = snap('Modified', { Name: 'Ann', ByName: 'Alice' });
    expect(diffEntry(next, prev, FIELDS).changes).toEqual([]);
  });
});

describe('isFirstRecorded', () => {
  const entry = (changeCue: ChangeCue, previousKnown: boolean, legacy = false) => ({ changeCue, previousKnown, legacy });

  it('is true for a change with no usable previous entry', () => {
    expect(isFirstRecorded(entry('Modified', false))).toBe(true);
    expect(isFirstRecorded(entry('Other', false))).toBe(true);
  });

  it('is false for a creation, a deletion, an Unchanged save, a legacy row, or a known predecessor', () => {
    expect(isFirstRecorded(entry('Added', false))).toBe(false);
    expect(isFirstRecorded(entry('Deleted', false))).toBe(false);
    expect(isFirstRecorded(entry('Unchanged', false))).toBe(false);
    expect(isFirstRecorded(entry('Modified', false, true))).toBe(false);
    expect(isFirstRecorded(entry('Modified', true))).toBe(false);
  });
});
