/**
 * Activity across tables and the other views of issue 5 (field history, as-of, chosen entries,
 * change sets), once per engine on the same fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import type { ActivityEntry, ActivityFilter, FieldHistoryEntry } from '../../shared/domain';
import { ACTIVITY_FIXTURE, ALL_ACTIVITY } from './fixtures/activity-fixture';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

describe.each(ENGINES)('on %s', (engine) => {
  let api: AuditService;
  let source: DataSource;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'activity', ACTIVITY_FIXTURE);
    api = await openSource(source, { osLogin: 'bob' });
  });
  afterAll(() => api?.close());

  async function activity(filter: ActivityFilter = {}, limit = 50): Promise<ActivityEntry[]> {
    return collectPages(async (cursor) => {
      const page = await api.listActivity({ filter, limit, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(limit);
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }
  const keys = (entries: ActivityEntry[]) => entries.map((e) => `${e.table}:${e.logId}`);

  describe('activity', () => {
    it('merges every logged table newest first, ties in time broken by table then log id', async () => {
      expect(keys(await activity())).toEqual(ALL_ACTIVITY);
    });

    it('loses and repeats nothing across pages, whatever the page size', async () => {
      for (let limit = 1; limit <= ALL_ACTIVITY.length + 1; limit++) {
        expect(keys(await activity({}, limit)), `page size ${limit}`).toEqual(ALL_ACTIVITY);
      }
    });

    it('says there is more exactly when there is', async () => {
      const full = await api.listActivity({ limit: ALL_ACTIVITY.length });
      expect(full.nextCursor).toBeNull();
      const short = await api.listActivity({ limit: ALL_ACTIVITY.length - 1 });
      expect(short.nextCursor).not.toBeNull();
      const rest = await api.listActivity({ limit: 5, cursor: short.nextCursor! });
      expect(keys(rest.entries)).toEqual(['Customer:10']);
      expect(rest.nextCursor).toBeNull();
    });

    it('diffs each entry against its true previous entry, with table and title', async () => {
      const entries = await activity({ by: { kind: 'mine' } });
      const invoice5 = entries.find((e) => e.table === 'Invoice' && e.logId === 5);
      // Its previous entry (Invoice 3) is Alice's, hidden by the filter, yet the diff uses it.
      expect(invoice5?.changes).toEqual([{ field: 'Amount', old: 10, new: 20 }]);
      const all = await activity();
      const customer9 = all.find((e) => e.table === 'Customer' && e.logId === 9)!;
      expect(customer9).toMatchObject({ recordId: 1, title: 'ACME Ltd', byName: 'Carol Cole', byTime: '2024-04-04T08:15:00.000Z' });
      expect(customer9.changes.find((c) => c.field === 'TaxNumber')).toEqual({ field: 'TaxNumber', old: '***-**-3333', new: '***-**-6789', redacted: 'masked' });
      expect(customer9.snapshot).not.toHaveProperty('PasswordPin');
    });

    it('filters by person (Mine is Bob here) and counts', async () => {
      const expected = ['Invoice:5', 'Customer:8', 'Customer:7', 'Customer:5', 'Invoice:2', 'Invoice:1', 'Customer:2', 'Customer:12', 'Customer:11'];
      expect(keys(await activity({ by: { kind: 'mine' } }))).toEqual(expected);
      for (const limit of [1, 2, 4]) expect(keys(await activity({ by: { kind: 'person', personId: 2 } }, limit))).toEqual(expected);
      expect((await api.listActivity({ filter: { by: { kind: 'mine' } }, withTotal: true })).total).toBe(9);
      expect((await api.listActivity({ withTotal: true })).total).toBe(ALL_ACTIVITY.length);
    });

    it('filters by table', async () => {
      expect(keys(await activity({ tables: ['Invoice'] }, 2))).toEqual(ALL_ACTIVITY.filter((k) => k.startsWith('Invoice:')));
      await expect(api.listActivity({ filter: { tables: ['Nope'] } })).rejects.toMatchObject({ code: 'unknown-table' });
    });

    it('filters by normalised change cue, whatever the stored case', async () => {
      expect(keys(await activity({ cues: ['Added'] }, 1))).toEqual(['Invoice:1', 'Invoice:3', 'Customer:1', 'Customer:10']);
      expect(keys(await activity({ cues: ['Deleted'] }))).toEqual(['Invoice:4', 'Customer:13']);
      const modified = await activity({ cues: ['Modified'], tables: ['Invoice'] });
      expect(modified.map((e) => [e.logId, e.changeCueText])).toEqual([[5, 'Modified'], [2, 'modified ']]);
      expect((await api.listActivity({ filter: { cues: ['Added', 'Deleted'] }, withTotal: true })).total).toBe(6);
    });

    it('filters by whole local days', async () => {
      expect(keys(await activity({ from: '2024-04-02', to: '2024-04-04' }, 3))).toEqual([
        'Customer:9', 'Customer:8', 'Customer:7', 'Customer:6', 'Customer:5', 'Invoice:2', 'Invoice:1',
      ]);
      // London is on BST from 31 March: 2024-03-31 23:30 UTC falls on 1 April there.
      expect(keys(await activity({ from: '2024-04-01', to: '2024-04-01', timeZone: 'Europe/London' }))).toEqual(['Customer:4']);
    });

    it('keeps only the entries whose diff changed the field, on every page size', async () => {
      const expected = ['Customer:6', 'Customer:2', 'Customer:1', 'Customer:13', 'Customer:12'];
      for (let limit = 1; limit <= 6; limit++) expect(keys(await activity({ field: 'Phone' }, limit)), `page size ${limit}`).toEqual(expected);
      expect(keys(await activity({ field: 'amount' }))).toEqual(ALL_ACTIVITY.filter((k) => k.startsWith('Invoice:')));
      expect(keys(await activity({ field: 'Phone', by: { kind: 'mine' } }))).toEqual(['Customer:2', 'Customer:12']);
      await expect(api.listActivity({ filter: { field: 'Nope' } })).rejects.toMatchObject({ code: 'bad-request' });
    });

    it('refuses a bad cursor or cue with a sentence', async () => {
      await expect(api.listActivity({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.listActivity({ filter: { cues: ['Sideways' as never] } })).rejects.toMatchObject({ code: 'bad-request' });
    });
  });

  describe('field history', () => {
    async function fieldHistory(field: string, limit = 50, id = 1): Promise<FieldHistoryEntry[]> {
      return collectPages(async (cursor) => {
        const page = await api.getFieldHistory({ table: 'Customer', id, field, limit, cursor });
        return { items: page.entries, nextCursor: page.nextCursor };
      });
    }

    it('lists the entries that changed the field, newest first, with before and after', async () => {
      const expected = [
        { logId: 6, byName: 'Alice Archer', changeCue: 'Modified', old: '01234 123456', new: '01234 000000' },
        { logId: 2, byName: 'Bob Baker', changeCue: 'Modified', old: '01234 567890', new: '01234 123456' },
        { logId: 1, byName: 'Alice Archer', changeCue: 'Added', old: null, new: '01234 567890' },
      ];
      for (const limit of [1, 2, 3, 4]) expect(await fieldHistory('Phone', limit)).toMatchObject(expected);
      expect(await fieldHistory('Phone', 50, 2)).toMatchObject([
        { logId: 13, changeCue: 'Deleted', old: '+49 30 1234', new: null },
        { logId: 12, old: null, new: '+49 30 1234' },
      ]);
    });

    it('masks a masked field and withholds a hidden one', async () => {
      expect(await fieldHistory('TaxNumber')).toMatchObject([
        { logId: 9, old: '***-**-3333', new: '***-**-6789', redacted: 'masked' },
        { logId: 1, old: null, new: '***-**-3333', redacted: 'masked' },
      ]);
      expect(await fieldHistory('PasswordPin')).toEqual([
        expect.objectContaining({ logId: 9, old: null, new: null, redacted: 'hidden' }),
        expect.objectContaining({ logId: 1, old: null, new: null, redacted: 'hidden' }),
      ]);
    });

    it('refuses an unknown field', async () => {
      await expect(api.getFieldHistory({ table: 'Customer', id: 1, field: 'Nope' })).rejects.toMatchObject({ code: 'bad-request' });
    });
  });

  describe('the record as of an instant', () => {
    it('is the newest entry at or before it', async () => {
      const { entry, exists } = await api.getRecordAsOf({ table: 'Customer', id: 1, at: '2024-04-02T09:00:00Z' });
      expect(exists).toBe(true);
      expect(entry).toMatchObject({ logId: 7, changes: [{ field: 'Email' }] });
      const offset = await api.getRecordAsOf({ table: 'Customer', id: 1, at: '2024-04-02T11:00:00+02:00' });
      expect(offset.entry?.logId).toBe(7);
      const before = await api.getRecordAsOf({ table: 'Customer', id: 1, at: '2024-04-02T08:59:59Z' });
      expect(before.entry?.logId).toBe(4);
    });

    it('says the record did not exist after its deletion, or before its first entry', async () => {
      expect(await api.getRecordAsOf({ table: 'Customer', id: 2, at: '2024-02-11T16:44:59Z' })).toMatchObject({ exists: true, entry: { logId: 12 } });
      expect(await api.getRecordAsOf({ table: 'Customer', id: 2, at: '2024-02-11T16:45:00Z' })).toMatchObject({ exists: false, entry: { logId: 13, changeCue: 'Deleted' } });
      expect(await api.getRecordAsOf({ table: 'Customer', id: 2, at: '2022-12-31' })).toEqual({ entry: null, exists: false });
    });

    it('refuses an instant it cannot read', async () => {
      await expect(api.getRecordAsOf({ table: 'Customer', id: 1, at: 'yesterday' })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.getRecordAsOf({ table: 'Customer', id: 1, at: '2024-02-30T00:00:00Z' })).rejects.toMatchObject({ code: 'bad-request' });
    });
  });

  describe('chosen entries', () => {
    it('come in the order asked, each diffed against its own previous entry', async () => {
      const { entries } = await api.getEntries({ table: 'Customer', id: 1, logIds: [6, '2'] });
      expect(entries.map((e) => e.logId)).toEqual([6, 2]);
      expect(entries[0]?.changes).toEqual([{ field: 'Phone', old: '01234 123456', new: '01234 000000' }]);
      expect(entries[1]?.changes).toEqual([{ field: 'Phone', old: '01234 567890', new: '01234 123456' }]);
    });

    it('refuses ids that are not entries of that record', async () => {
      await expect(api.getEntries({ table: 'Customer', id: 1, logIds: [6, 99] })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('99') });
      await expect(api.getEntries({ table: 'Customer', id: 1, logIds: [13] })).rejects.toMatchObject({ code: 'not-found' });
      await expect(api.getEntries({ table: 'Customer', id: 1, logIds: [] })).rejects.toMatchObject({ code: 'bad-request' });
    });
  });

  describe('change sets', () => {
    it('are the entries of the same person and time across tables, the asked-for one included', async () => {
      const { entries } = await api.getChangeSet({ table: 'Customer', logId: 5 });
      expect(keys(entries)).toEqual(['Customer:7', 'Customer:5', 'Invoice:2', 'Invoice:1']);
      expect(entries.find((e) => e.table === 'Invoice' && e.logId === 2)?.changes).toEqual([{ field: 'Amount', old: 50, new: 75 }]);
      expect(keys((await api.getChangeSet({ table: 'Invoice', logId: 3 })).entries)).toEqual(['Customer:3', 'Invoice:3']);
      expect(keys((await api.getChangeSet({ table: 'Invoice', logId: 4 })).entries)).toEqual(['Invoice:4']);
    });

    it('refuses an unknown entry', async () => {
      await expect(api.getChangeSet({ table: 'Customer', logId: 999 })).rejects.toMatchObject({ code: 'not-found' });
    });
  });

  describe('roles', () => {
    it('keeps admin views from a plain user', async () => {
      const user = await openSource(source, { roles: { admins: [3] }, personId: 1 });
      try {
        expect((await user.whoAmI({})).role).toBe('user');
        await expect(user.listActivity({})).rejects.toMatchObject({ code: 'forbidden' });
        await expect(user.listDeletedRecords({ table: 'Customer' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(user.getRestoreSql({ table: 'Customer', id: 2 })).rejects.toMatchObject({ code: 'forbidden' });
        // A plain user still reads one record's views.
        expect((await user.getFieldHistory({ table: 'Customer', id: 1, field: 'Phone' })).entries).toHaveLength(3);
      } finally {
        await user.close();
      }
      const admin = await openSource(source, { roles: { admins: [3] }, personId: 3 });
      try {
        expect((await admin.whoAmI({})).role).toBe('admin');
        expect((await admin.listActivity({ limit: 1 })).entries).toHaveLength(1);
      } finally {
        await admin.close();
      }
    });
  });
});
