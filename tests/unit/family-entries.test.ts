import { describe, expect, it } from 'vitest';
import type { RelatedTable } from '../../shared/contract';
import type { HistoryEntry } from '../../shared/domain';
import { changeRows } from '../../renderer/audit/change-rows';
import { entityText, entryKey, isEntry, mergeFamily, sameRecord, type LogEntry } from '../../renderer/audit/family-entries';

const base: HistoryEntry = {
  logId: 7,
  recordId: 1,
  byId: 3,
  byName: 'Ann',
  byTime: '2026-01-01T10:00:00.000Z',
  changeCue: 'Modified',
  changeCueText: 'Modified',
  legacy: false,
  previousKnown: true,
  snapshot: {},
  changes: [{ field: 'Phone', old: '1', new: '2' }],
  narrative: ['Phone changed from 1 to 2'],
};
const own: LogEntry = { ...base, table: 'Customer', title: 'Acme' };
// Log ids are per log: a contact's entry 7 is not the customer's entry 7.
const contact: LogEntry = { ...base, table: 'Contact', recordId: 17, title: 'Jane Smith' };

describe('a record\'s related log entries', () => {
  it('tells entries of different logs with the same log id apart', () => {
    expect(entryKey(own, 'Customer')).not.toBe(entryKey(contact, 'Customer'));
    expect(isEntry(contact, 'Customer', '7', 'Contact')).toBe(true);
    expect(isEntry(contact, 'Customer', '7', null)).toBe(false);
    expect(isEntry(own, 'Customer', '7', null)).toBe(true);
    expect(isEntry(base, 'Customer', '7', null)).toBe(true);
    const keys = changeRows([own, contact], (e) => entryKey(e, 'Customer')).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('compares only entries of one record', () => {
    expect(sameRecord(own, contact, 'Customer')).toBe(false);
    expect(sameRecord(contact, { ...contact, logId: 9 }, 'Customer')).toBe(true);
    expect(sameRecord(contact, { ...contact, recordId: 18 }, 'Customer')).toBe(false);
  });

  it('names the entity by table and title, an untitled one by its id, a hostile title on one cut line', () => {
    expect(entityText(contact, 'Customer')).toBe('Contact · Jane Smith');
    expect(entityText(own, 'Customer')).toBe('Customer · this record');
    expect(entityText({ ...contact, title: null }, 'Customer')).toBe('Contact · 17');
    const hostile = entityText({ ...contact, title: `a\nb${'x'.repeat(10_000)}` }, 'Customer');
    expect(hostile).not.toMatch(/\n/);
    expect(hostile.length).toBeLessThan(140);
  });

  it('keeps every family table the Entity filter once offered, the record\'s own first', () => {
    const t = (table: string, depth: number): RelatedTable => ({ table, parent: depth ? 'Customer' : null, column: depth ? 'CustomerID' : null, depth, records: 1 });
    const all = [t('Customer', 0), t('Contact', 1), t('Audit', 1), t('Finding', 2)];
    expect(mergeFamily(all, [t('Customer', 0), t('Contact', 1)]).map((f) => f.table)).toEqual(['Customer', 'Contact', 'Audit', 'Finding']);
    expect(mergeFamily([], [t('Finding', 2), t('Customer', 0)]).map((f) => f.table)).toEqual(['Customer', 'Finding']);
  });
});
