import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { parseCli, type CliOptions } from '../../cli/args';
import { runCommand } from '../../cli/commands';
import { exportRows } from '../../db/export/index';
import type { AuditService, DataSource } from '../../db/index';
import type { FieldHistoryEntry, HistoryEntry, HistoryFilter } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { STANDARD_FIXTURE, tempDir } from './fixtures/replica';

const dir = tempDir();

/**
 * The standard fixture plus Customer 4, whose log starts with `Modified` (logging began after the
 * record existed): nothing says what its values were before, or who set them.
 *  14  2024-05-02 01:01:32 Automation Service  Modified  (the first entry: every value first recorded)
 *  15  2024-05-03 10:00:00 Bob                 Modified  Phone -> 020 7946 0202
 */
const FIRST_RECORDED_FIXTURE = `${STANDARD_FIXTURE}
INSERT INTO "Person" VALUES (4, 'Automation Service', 'automation', 'w');
INSERT INTO "Customer" VALUES (4, 'Northwind', '020 7946 0202', NULL, 750, '222-33-4444', '4321');
INSERT INTO "Customer_log" VALUES
 (14, 4, 'Northwind', '020 7946 0101', NULL, 750, '222-33-4444', '4321', 4, 'Automation Service', '2024-05-02 01:01:32', 'Modified'),
 (15, 4, 'Northwind', '020 7946 0202', NULL, 750, '222-33-4444', '4321', 2, 'Bob Baker', '2024-05-03 10:00:00', 'Modified');
`;

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

    it('flags legacy rows and reports the fields after them as first recorded, their old values unknown', async () => {
      const entries = await allEntries(2);
      expect(ids(entries)).toEqual([13, 12, 11, 10]);
      const [deleted, firstFull, legacy] = entries;
      expect(legacy).toMatchObject({ legacy: true, changes: [] });
      expect(firstFull).toMatchObject({ legacy: false, previousKnown: false });
      expect(firstFull?.changes).toEqual([
        { field: 'Name', old: null, new: 'Gone Gmbh', oldKnown: false },
        { field: 'Phone', old: null, new: '+49 30 1234', oldKnown: false },
        { field: 'Email', old: null, new: 'x@gone.example', oldKnown: false },
        { field: 'CreditLimit', old: null, new: 300, oldKnown: false },
      ]);
      expect(firstFull?.narrative).toEqual([
        'First recorded: the log holds no earlier values, so what this entry changed is unknown',
        'Name first recorded as Gone Gmbh',
        'Phone first recorded as +49 30 1234',
        'Email first recorded as x@gone.example',
        'Credit limit first recorded as 300',
      ]);
      expect(deleted?.changeCue).toBe('Deleted');
      expect(deleted?.changes.every((c) => c.new === null && c.oldKnown === undefined)).toBe(true);
    });

    it('knows the old values of an Added entry: empty, as the record was created', async () => {
      const added = (await allEntries(1)).at(-1);
      expect(added?.changeCue).toBe('Added');
      expect(added?.changes.some((c) => 'oldKnown' in c)).toBe(false);
      expect(added?.narrative[0]).toBe('Record created');
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

describe.each(ENGINES)('first recorded values on %s', (engine) => {
  let api: AuditService;

  beforeAll(async () => {
    api = await openSource(await fixtureSource(engine, dir, 'first_recorded', FIRST_RECORDED_FIXTURE));
  });
  afterAll(() => api?.close());

  async function fieldHistory(id: number, field: string, limit = 50): Promise<FieldHistoryEntry[]> {
    return collectPages(async (cursor) => {
      const page = await api.getFieldHistory({ table: 'Customer', id, field, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }

  it('reports a log that starts with Modified as first recorded, never as changed from empty', async () => {
    const { entries } = await api.getHistory({ table: 'Customer', id: 4 });
    expect(entries.map((e) => e.logId)).toEqual([15, 14]);
    const [second, first] = entries;
    expect(first).toMatchObject({ changeCue: 'Modified', legacy: false, previousKnown: false, byName: 'Automation Service' });
    // Masked stays masked and hidden stays hidden; the unknown old value is said so on every change.
    expect(first?.changes).toEqual([
      { field: 'Name', old: null, new: 'Northwind', oldKnown: false },
      { field: 'Phone', old: null, new: '020 7946 0101', oldKnown: false },
      { field: 'CreditLimit', old: null, new: 750, oldKnown: false },
      { field: 'TaxNumber', old: null, new: '***-**-4444', oldKnown: false, redacted: 'masked' },
      { field: 'PasswordPin', old: null, new: null, oldKnown: false, redacted: 'hidden' },
    ]);
    expect(first?.narrative).toEqual([
      'First recorded: the log holds no earlier values, so what this entry changed is unknown',
      'Name first recorded as Northwind',
      'Phone first recorded as 020 7946 0101',
      'Credit limit first recorded as 750',
      'Tax number first recorded as ***-**-4444',
      'Password pin first recorded',
    ]);
    expect(first?.narrative.join('\n')).not.toMatch(/set to|\(empty\)|changed from/);
    // The next entry has a known predecessor: an ordinary change.
    expect(second).toMatchObject({ previousKnown: true, narrative: ['Phone changed from 020 7946 0101 to 020 7946 0202'] });
    expect(second?.changes).toEqual([{ field: 'Phone', old: '020 7946 0101', new: '020 7946 0202' }]);
  });

  it('carries the flag in the JSON the API hands out', async () => {
    const json = JSON.parse(JSON.stringify(await api.getHistory({ table: 'Customer', id: 4 }))) as { entries: HistoryEntry[] };
    const first = json.entries.find((e) => e.logId === 14);
    expect(first?.previousKnown).toBe(false);
    expect(first?.changes.length).toBeGreaterThan(0);
    for (const change of first?.changes ?? []) expect(change).toMatchObject({ old: null, oldKnown: false });
    expect(json.entries.find((e) => e.logId === 15)?.changes[0]).not.toHaveProperty('oldKnown');
  });

  it('tells a field\u2019s history where the value was first recorded, its old value unknown', async () => {
    expect(await fieldHistory(4, 'Phone')).toEqual([
      { logId: 15, byId: 2, byName: 'Bob Baker', byTime: '2024-05-03T10:00:00.000Z', changeCue: 'Modified', old: '020 7946 0101', new: '020 7946 0202' },
      { logId: 14, byId: 4, byName: 'Automation Service', byTime: '2024-05-02T01:01:32.000Z', changeCue: 'Modified', old: null, new: '020 7946 0101', oldKnown: false },
    ]);
    // After a legacy row (Customer 2), across pages of one.
    expect(await fieldHistory(2, 'Phone', 1)).toMatchObject([
      { logId: 13, changeCue: 'Deleted', old: '+49 30 1234', new: null },
      { logId: 12, old: null, new: '+49 30 1234', oldKnown: false },
    ]);
    expect((await fieldHistory(4, 'TaxNumber'))[0]).toMatchObject({ logId: 14, old: null, new: '***-**-4444', oldKnown: false, redacted: 'masked' });
    expect((await fieldHistory(4, 'PasswordPin'))[0]).toEqual(expect.objectContaining({ logId: 14, old: null, new: null, oldKnown: false, redacted: 'hidden' }));
    // A value set when the record was created was empty before: known, so no flag.
    expect((await fieldHistory(1, 'Phone')).at(-1)).toEqual(expect.not.objectContaining({ oldKnown: false }));
  });

  it('exports the unknown old value as a marker in CSV and as the flag in JSON Lines', async () => {
    const collect = async (format: 'csv' | 'jsonl') => {
      let text = '';
      for await (const chunk of exportRows(api, { source: { kind: 'history', table: 'Customer', id: 4 }, format })) text += chunk;
      return text;
    };
    const csv = (await collect('csv')).split('\r\n');
    expect(csv).toContain('2024-05-02T01:01:32.000Z,Automation Service,4,Customer,4,14,Modified,Phone,(unknown: first recorded),020 7946 0101');
    expect(csv).toContain('2024-05-02T01:01:32.000Z,Automation Service,4,Customer,4,14,Modified,PasswordPin,(unknown: first recorded),(hidden)');
    expect(csv).toContain('2024-05-03T10:00:00.000Z,Bob Baker,2,Customer,4,15,Modified,Phone,020 7946 0101,020 7946 0202');
    expect(csv.filter((line) => line.includes(',14,Modified,') && !line.includes('(unknown: first recorded)'))).toEqual([]);
    const lines = (await collect('jsonl')).trim().split('\n').map((line) => JSON.parse(line) as HistoryEntry);
    expect(lines.find((e) => e.logId === 14)?.changes.every((c) => c.oldKnown === false && c.old === null)).toBe(true);
  });

  it('prints the CLI history with the first-recorded wording', async () => {
    const out: string[] = [];
    const opts = parseCli(['history', 'Customer', '4', '--db', 'unused', '--tz', 'UTC']) as CliOptions;
    await runCommand(api, opts, { out: (text) => out.push(text), err: () => undefined });
    const text = out.join('\n');
    expect(text).toContain('2024-05-02 01:01:32  Modified   Automation Service (4)  log 14  [first recorded]');
    expect(text).toContain('    Phone first recorded as 020 7946 0101');
    expect(text).not.toMatch(/set to|\(empty\)|first full snapshot/);
  });
});
