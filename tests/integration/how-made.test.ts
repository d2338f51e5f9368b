/**
 * How a change was made (issue 12, part 3): the log columns beside who and when (update method,
 * application, IP address, correlation id), found by name or by settings, carried on every entry,
 * never diffed or restored as fields, filtered by exactly, listed for the picker and exported;
 * once per engine on the same fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { exportRows } from '../../db/export/exporter';
import type { ActivityEntry, ActivityFilter, HistoryEntry } from '../../shared/domain';
import { maskValue } from '../../shared/sensitivity';
import { HOW_MADE_FIXTURE } from './fixtures/how-made-fixture';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { collectPages } from './fixtures/paging';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

describe.each(ENGINES)('on %s', (engine) => {
  let api: AuditService;
  let revealed: AuditService;
  let source: DataSource;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'how_made', HOW_MADE_FIXTURE);
    api = await openSource(source, { osLogin: 'bob' });
    revealed = await openSource(source, { osLogin: 'bob', revealSensitive: true });
  });
  afterAll(async () => {
    await api?.close();
    await revealed?.close();
  });

  const history = async (service: AuditService, table: string, id: number, made?: Record<string, string>): Promise<HistoryEntry[]> =>
    (await service.getHistory({ table, id, filter: made ? { made } : undefined, limit: 100 })).entries;
  const activity = (filter: ActivityFilter, limit = 2, service = api): Promise<ActivityEntry[]> =>
    collectPages(async (cursor) => {
      const page = await service.listActivity({ filter, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  const keys = (entries: Array<ActivityEntry>) => entries.map((e) => `${e.table}:${e.logId}`);

  it('finds the columns by name, the settings, and never a column of the table itself', async () => {
    const { tables } = await api.listTables({});
    const byName = new Map(tables.map((t) => [t.name, t]));
    expect(byName.get('Sale')?.howMade).toEqual({
      method: { column: 'UpdateMethod', sensitivity: 'none' },
      ip: { column: 'SourceIP', sensitivity: 'masked' },
      correlation: { column: 'txid', sensitivity: 'none' },
    });
    expect(byName.get('Sale')?.fields.map((f) => f.name)).toEqual(['Number', 'Amount']);
    // Lead's own Source is a field of the lead; its log's update_method is how the change was made.
    expect(byName.get('Lead')?.howMade).toEqual({ method: { column: 'update_method', sensitivity: 'none' } });
    expect(byName.get('Lead')?.fields.map((f) => f.name)).toEqual(['Name', 'Source']);
    expect(byName.get('Note')?.howMade).toBeUndefined();

    const configured = await openSource(source, { tables: { Note: { columns: { application: 'Body' } } }, sensitivity: { SourceIP: 'none' } });
    try {
      const again = new Map((await configured.listTables({})).tables.map((t) => [t.name, t]));
      expect(again.get('Note')?.howMade).toEqual({ application: { column: 'Body', sensitivity: 'none' } });
      expect(again.get('Note')?.fields).toEqual([]);
      // An override lifts the IP address's default mask.
      expect(again.get('Sale')?.howMade?.ip).toEqual({ column: 'SourceIP', sensitivity: 'none' });
    } finally {
      await configured.close();
    }
  });

  it('carries how each entry was made: unknown where the log holds NULL, nothing where it has no column', async () => {
    const entries = await history(api, 'Sale', 1);
    expect(entries.map((e) => [e.logId, e.made])).toEqual([
      [4, { method: null, ip: maskValue('10.0.0.1'), correlation: null }],
      [3, { method: 'Import', ip: null, correlation: 'tx-3' }],
      [2, { method: 'Bulk', ip: maskValue('10.0.0.2'), correlation: 'tx-2' }],
      [1, { method: 'User', ip: maskValue('10.0.0.1'), correlation: 'tx-1' }],
    ]);
    expect((await history(revealed, 'Sale', 1))[0]!.made).toEqual({ method: null, ip: '10.0.0.1', correlation: null });
    expect((await history(api, 'Note', 1))[0]).not.toHaveProperty('made');
    expect((await history(api, 'Lead', 1)).map((e) => e.made)).toEqual([{ method: 'Bulk' }, { method: 'Import' }]);
  });

  it('never diffs, shows or restores them as fields', async () => {
    const entries = await history(api, 'Sale', 1);
    const onlyHowDiffers = entries.find((e) => e.logId === 3)!;
    expect(onlyHowDiffers.changes).toEqual([]);
    expect(Object.keys(onlyHowDiffers.snapshot)).toEqual(['Number', 'Amount']);
    const restore = await api.getRestoreSql({ table: 'Sale', id: 2 });
    expect(restore.sql).not.toMatch(/UpdateMethod|SourceIP|txid/);
  });

  it('filters a record\'s log by exact value, and says when its log does not record it', async () => {
    expect((await history(api, 'Sale', 1, { method: 'Bulk' })).map((e) => e.logId)).toEqual([2]);
    expect((await history(api, 'Sale', 1, { method: 'bulk' })).map((e) => e.logId)).toEqual([]);
    expect((await history(api, 'Sale', 1, { correlation: 'tx-3', method: 'Import' })).map((e) => e.logId)).toEqual([3]);
    // The filter hides entry 1, yet entry 2 is still compared with it.
    expect((await history(api, 'Sale', 1, { method: 'Bulk' }))[0]!.changes).toEqual([{ field: 'Amount', old: 10, new: 20 }]);
    const total = await api.getHistory({ table: 'Sale', id: 1, filter: { made: { method: 'User' } }, withTotal: true });
    expect(total.total).toBe(1);
    await expect(history(api, 'Note', 1, { method: 'Bulk' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('does not record the method') });
    await expect(api.getHistory({ table: 'Sale', id: 1, filter: { made: { colour: 'x' } as never } })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('refuses to filter by a masked IP address, and filters by it for whom it is clear', async () => {
    await expect(history(api, 'Sale', 1, { ip: '10.0.0.1' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('masked') });
    expect((await history(revealed, 'Sale', 1, { ip: '10.0.0.1' })).map((e) => e.logId)).toEqual([4, 1]);
  });

  it('filters Activity by how a change was made, leaving out the logs that do not record it', async () => {
    expect(keys(await activity({ made: { method: 'Bulk' } }))).toEqual(['Sale:5', 'Lead:2', 'Sale:2']);
    expect(keys(await activity({ made: { method: 'Bulk' }, by: { kind: 'person', personId: 2 } }, 1))).toEqual(['Sale:5', 'Lead:2', 'Sale:2']);
    expect(keys(await activity({ made: { correlation: 'tx-6' } }))).toEqual(['Sale:6']);
    const counted = await api.listActivity({ filter: { made: { method: 'Bulk' } }, withTotal: true });
    expect(counted.total).toBe(3);
    await expect(api.listActivity({ filter: { made: { application: 'CRM' } } })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('records the application') });
    await expect(api.listActivity({ filter: { made: { method: 'Bulk' }, tables: ['Note'] } })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('lists the values for the picker, never an unknown one, and none of a masked part', async () => {
    expect(await api.listHowMadeValues({ part: 'method' })).toEqual({ values: ['=cmd', 'Bulk', 'Import', 'User'], complete: true, masked: false });
    expect(await api.listHowMadeValues({ part: 'method', table: 'Lead' })).toEqual({ values: ['Bulk', 'Import'], complete: true, masked: false });
    expect(await api.listHowMadeValues({ part: 'method', table: 'Sale', recordId: 1 })).toEqual({ values: ['Bulk', 'Import', 'User'], complete: true, masked: false });
    expect(await api.listHowMadeValues({ part: 'ip' })).toEqual({ values: [], complete: true, masked: true });
    expect((await revealed.listHowMadeValues({ part: 'ip' })).values).toEqual(['10.0.0.1', '10.0.0.2']);
    expect((await api.listHowMadeValues({ part: 'application' })).values).toEqual([]);
  });

  it('exports them as CSV columns (unknown and not recorded said so, formulas defused) and in JSON Lines', async () => {
    let csv = '';
    for await (const chunk of exportRows(api, { source: { kind: 'activity', filter: { tables: ['Sale', 'Note'] } }, format: 'csv' })) csv += chunk;
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Time (UTC),Person,Person ID,Table,Record,Log ID,Change cue,Field,Old value,New value,Method,IP address,Correlation ID');
    expect(lines.find((l) => l.includes(',Sale,2,6,'))).toMatch(/,'=cmd,\*0\.0\.0\.2,tx-6$/);
    expect(lines.find((l) => l.includes(',Sale,1,4,'))).toMatch(/,\(unknown\),\*0\.0\.0\.1,\(unknown\)$/);
    expect(lines.find((l) => l.includes(',Note,1,1,'))).toMatch(/,\(not recorded\),\(not recorded\),\(not recorded\)$/);
    let jsonl = '';
    for await (const chunk of exportRows(api, { source: { kind: 'history', table: 'Sale', id: 1, filter: { made: { method: 'Import' } } }, format: 'jsonl' })) jsonl += chunk;
    const exported = jsonl.trim().split('\n').map((l) => JSON.parse(l) as HistoryEntry);
    expect(exported.map((e) => [e.logId, e.made])).toEqual([[3, { method: 'Import', ip: null, correlation: 'tx-3' }]]);
    // Logs that record none of it export as they always did.
    let plain = '';
    for await (const chunk of exportRows(api, { source: { kind: 'history', table: 'Note', id: 1 }, format: 'csv' })) plain += chunk;
    expect(plain.split('\r\n')[0]).toMatch(/New value$/);
  });

  it('carries them on change sets too', async () => {
    const { entries } = await api.getChangeSet({ table: 'Sale', logId: 5 });
    expect(entries.map((e) => [e.table, e.logId, e.made?.method])).toEqual([['Sale', 5, 'Bulk']]);
  });
});
