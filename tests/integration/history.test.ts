import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import type { HistoryEntry, HistoryFilter } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { STANDARD_FIXTURE, tempDir } from './fixtures/replica';

const dir = tempDir();

describe.each(ENGINES)('on %s', (engine) => {
  let api: AuditService;
  let source: DataSource;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'standard', STANDARD_FIXTURE);
    api = await openSource(source, { osLogin: 'bob' });
  });
  afterAll(() => api?.close());

  /** Every entry of a record's history under a filter, following cursors page by page. */
  async function allEntries(id: number, filter: HistoryFilter = {}, limit = 50): Promise<HistoryEntry[]> {
    return collectPages(async (cursor) => {
      const page = await api.getHistory({ table: 'Customer', id, filter, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }

  const ids = (entries: HistoryEntry[]) => entries.map((e) => e.logId);
  const changed = (entry: HistoryEntry | undefined) => entry?.changes.map((c) => c.field);

  describe('a record history', () => {
    it('is newest first, by time then log id', async () => {
      expect(ids(await allEntries(1))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });

    it('loses and repeats no entry across pages, whatever the page size, with ties in ByTime', async () => {
      for (const limit of [1, 2, 3, 4, 5, 8, 9, 10]) {
        expect(ids(await allEntries(1, {}, limit)), `page size ${limit}`).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
      }
    });

    it('carries who, when (ISO 8601 UTC) and the cue', async () => {
      const [latest] = await allEntries(1);
      expect(latest).toMatchObject({ logId: 9, recordId: 1, byId: 3, byName: 'Carol Cole', byTime: '2024-04-04T08:15:00.000Z', changeCue: 'Modified' });
    });

    it('boxes exactly the fields that differ from the previous entry', async () => {
      const entries = await allEntries(1);
      const byId = new Map(entries.map((e) => [e.logId, e]));
      expect(changed(byId.get(2))).toEqual(['Phone']);
      expect(byId.get(2)?.changes[0]).toEqual({ field: 'Phone', old: '01234 567890', new: '01234 123456' });
      expect(byId.get(2)?.narrative).toEqual(['Phone changed from 01234 567890 to 01234 123456']);
      expect(changed(byId.get(4))).toEqual(['CreditLimit']);
      expect(changed(byId.get(7))).toEqual(['Email']);
      expect(byId.get(8)?.changes).toEqual([]);
      expect(byId.get(1)?.changeCue).toBe('Added');
      expect(changed(byId.get(1))).toEqual(['Name', 'Phone', 'CreditLimit', 'TaxNumber', 'PasswordPin']);
    });

    it('masks sensitive values and withholds password-like ones, yet reports them changed', async () => {
      const [latest] = await allEntries(1);
      expect(latest?.changes).toEqual([
        { field: 'TaxNumber', old: '***-**-3333', new: '***-**-6789', redacted: 'masked' },
        { field: 'PasswordPin', old: null, new: null, redacted: 'hidden' },
      ]);
      expect(latest?.snapshot.TaxNumber).toBe('***-**-6789');
      expect(latest?.snapshot).not.toHaveProperty('PasswordPin');
      expect(JSON.stringify(latest)).not.toContain('9999');
    });

    it('shows sensitive values in clear only when the settings allow it', async () => {
      const revealing = await openSource(source, { revealSensitive: true });
      try {
        const { entries } = await revealing.getHistory({ table: 'Customer', id: 1, limit: 1 });
        expect(entries[0]?.changes[0]).toEqual({ field: 'TaxNumber', old: '111-22-3333', new: '123-45-6789' });
        expect(entries[0]?.changes[1]?.redacted).toBe('hidden');
      } finally {
        await revealing.close();
      }
    });

    it('filters by person and still diffs each entry against its true, hidden predecessor', async () => {
      const bob = await allEntries(1, { by: { kind: 'person', personId: 2 } });
      expect(ids(bob)).toEqual([8, 7, 5, 2]);
      const [e8, e7, e5, e2] = bob;
      // 7's predecessor is Alice's 6 (hidden): only Email changed, not Phone.
      expect(e7?.changes).toEqual([{ field: 'Email', old: 'info@acme.example', new: null }]);
      // 5's predecessor is Alice's 4 (hidden): only Name changed.
      expect(e5?.changes).toEqual([{ field: 'Name', old: 'ACME', new: 'ACME Ltd' }]);
      expect(changed(e2)).toEqual(['Phone']);
      expect(e8?.changes).toEqual([]);
      // The same with page size 1, so every lookup crosses a page boundary.
      expect((await allEntries(1, { by: { kind: 'person', personId: 2 } }, 1)).map((e) => e.changes)).toEqual(bob.map((e) => e.changes));
    });

    it('resolves "mine" from the OS login, ignoring a DOMAIN\\ prefix and case', async () => {
      expect(await api.whoAmI({})).toMatchObject({ person: { id: 2, name: 'Bob Baker' }, source: 'os-login' });
      expect(ids(await allEntries(1, { by: { kind: 'mine' } }))).toEqual([8, 7, 5, 2]);
    });

    it('resolves "mine" from a configured person id first', async () => {
      const configured = await openSource(source, { personId: 3, osLogin: 'bob' });
      try {
        expect(await configured.whoAmI({})).toMatchObject({ person: { id: 3 }, source: 'configured' });
        const { entries } = await configured.getHistory({ table: 'Customer', id: 1, filter: { by: { kind: 'mine' } } });
        expect(ids(entries)).toEqual([9]);
      } finally {
        await configured.close();
      }
    });

    it('says clearly when "mine" maps to nobody', async () => {
      const stranger = await openSource(source, { osLogin: 'mallory' });
      try {
        await expect(stranger.getHistory({ table: 'Customer', id: 1, filter: { by: { kind: 'mine' } } })).rejects.toMatchObject({
          code: 'unknown-person',
          message: expect.stringContaining('mallory'),
        });
      } finally {
        await stranger.close();
      }
    });

    it('reads a date range as whole local days, across the spring daylight-saving change', async () => {
      const london = (from: string, to: string) => allEntries(1, { from, to, timeZone: 'Europe/London' });
      // 31 March 2024 in London is 00:00 GMT to 23:00 UTC (clocks go forward at 01:00).
      expect(ids(await london('2024-03-31', '2024-03-31'))).toEqual([3]);
      expect(ids(await london('2024-04-01', '2024-04-01'))).toEqual([4]);
      expect(ids(await london('2024-03-30', '2024-03-30'))).toEqual([2, 1]);
      // The same day in UTC holds both entries made on the 31st, UTC.
      expect(ids(await allEntries(1, { from: '2024-03-31', to: '2024-03-31', timeZone: 'UTC' }))).toEqual([4, 3]);
      // An open-ended range.
      expect(ids(await allEntries(1, { from: '2024-04-03', timeZone: 'Europe/London' }))).toEqual([9, 8]);
      expect(ids(await allEntries(1, { to: '2024-03-30', timeZone: 'Europe/London' }))).toEqual([2, 1]);
    });

    it('diffs the first entry in a date range against the entry before the range', async () => {
      const [e4] = await allEntries(1, { from: '2024-04-01', to: '2024-04-01', timeZone: 'Europe/London' });
      expect(e4?.changes).toEqual([{ field: 'CreditLimit', old: 1000, new: 2500 }]);
      expect(e4?.previousKnown).toBe(true);
    });

    it('combines person and date filters', async () => {
      const entries = await allEntries(1, { from: '2024-04-02', to: '2024-04-02', timeZone: 'Europe/London', by: { kind: 'person', personId: 1 } });
      expect(ids(entries)).toEqual([6]);
      expect(entries[0]?.changes).toEqual([{ field: 'Phone', old: '01234 123456', new: '01234 000000' }]);
    });

    it('counts the matching entries when asked', async () => {
      const page = await api.getHistory({ table: 'Customer', id: 1, filter: { by: { kind: 'person', personId: 2 } }, limit: 2, withTotal: true });
      expect(page.total).toBe(4);
      expect(page.entries).toHaveLength(2);
    });

    it('flags legacy rows and reports fields as set after them', async () => {
      const entries = await allEntries(2);
      expect(ids(entries)).toEqual([13, 12, 11, 10]);
      const [deleted, firstFull, legacy] = entries;
      expect(legacy).toMatchObject({ legacy: true, changes: [] });
      expect(firstFull).toMatchObject({ legacy: false, previousKnown: false });
      expect(changed(firstFull)).toEqual(['Name', 'Phone', 'Email', 'CreditLimit']);
      expect(deleted?.changeCue).toBe('Deleted');
      expect(deleted?.changes.every((c) => c.new === null)).toBe(true);
    });

    it('returns no entries for a record without a log', async () => {
      expect(await api.getHistory({ table: 'Customer', id: 3 })).toEqual({ entries: [], total: null, nextCursor: null });
    });

    it('accepts a record id given as text (as the CLI and URLs pass it)', async () => {
      const { entries } = await api.getHistory({ table: 'Customer', id: '1', limit: 1 });
      expect(entries[0]?.logId).toBe(9);
    });

    it('rejects bad input with a clear sentence', async () => {
      await expect(api.getHistory({ table: 'Nope', id: 1 })).rejects.toMatchObject({ code: 'unknown-table' });
      await expect(api.getHistory({ table: 'Customer', id: 1, cursor: 'garbage' })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.getHistory({ table: 'Customer', id: 1, filter: { from: '2024-02-30' } })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.getHistory({ table: 'Customer', id: 1, filter: { from: '2024-01-01', timeZone: 'Mars/Olympus' } })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.getHistory({ table: 'Customer', id: 1, limit: 0 })).rejects.toMatchObject({ code: 'bad-request' });
    });
  });
});
