/**
 * As of with children, once per engine (the family fixture of restore with children): which
 * contacts stood under Customer 7 at three instants, a contact that moved to another customer, one
 * deleted on its own, findings under the audit that stood then, masked values masked, and a plain
 * user not shown children whose rows are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetRecordAsOfResponse } from '../../shared/contract';
import type { AuditService, DataSource } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { FAMILY_FIXTURE } from './fixtures/family-fixture';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

const ids = (answer: GetRecordAsOfResponse, table: string): unknown[] => answer.related?.find((t) => t.table === table)?.records.map((r) => r.id) ?? [];

describe.each(ENGINES)('as of with children on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'as_of_children', FAMILY_FIXTURE);
    api = await openSource(source, { osLogin: 'nobody' });
  }, 120_000);
  afterAll(() => api?.close());

  it('lists the contacts that stood under the customer at each instant', async () => {
    // Before the old contact went (2023-05-01) and before the two moved (2024-02-01).
    const early = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2023-03-01T00:00:00Z', related: true });
    expect(ids(early, 'Contact')).toEqual([10, 11, 12, 13, 15]);
    expect(ids(early, 'Audit')).toEqual([20]);
    expect(ids(early, 'Finding')).toEqual([30, 31, 32]);
    // The old contact deleted on its own, the two moved to Customer 1, the late one added.
    const spring = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-03-01T15:00:00+05:30', related: true });
    expect(ids(spring, 'Contact')).toEqual([10, 11, 14]);
    expect(ids(spring, 'Finding')).toEqual([30, 31]);
    // An instant given with an offset is that instant: 09:00 UTC is 14:30 in Kolkata.
    const atTheMinute = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-03-01T14:29:59+05:30', related: true });
    expect(ids(atTheMinute, 'Contact')).toEqual([10, 11]);
    // After the customer went, with all its children: none stood.
    const after = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-07-01T00:00:00Z', related: true });
    expect(after.exists).toBe(false);
    expect(after.related?.map((t) => [t.table, t.records.length]).sort()).toEqual([['Audit', 0], ['Contact', 1], ['Finding', 0]]);
    // Except the contact whose deletion the log never recorded: by its log, it still stood.
    expect(ids(after, 'Contact')).toEqual([17]);
    // The contact whose entry then was a legacy one (no values): unknown, counted, never listed.
    expect(early.related!.find((t) => t.table === 'Contact')!.unknown).toBe(1);
    expect(early.related!.find((t) => t.table === 'Audit')!.unknown).toBe(0);
  });

  it('gives each child the entry in force then, masked as everywhere, and the moved contact under its new customer', async () => {
    const spring = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-03-01T12:00:00Z', related: true });
    const contacts = spring.related!.find((t) => t.table === 'Contact')!;
    expect(contacts).toMatchObject({ parent: 'Customer', column: 'CustomerID', depth: 1, notShown: 0 });
    const ann = contacts.records.find((r) => r.id === 10)!;
    expect(ann.entry.logId).toBe(7);
    expect(ann.title).toMatch(/^Ann\n/);
    expect(ann.entry.snapshot.TaxNumber).toBe('***-**-1111');
    expect(ann.entry.snapshot).not.toHaveProperty('PasswordHash');
    expect(JSON.stringify(spring)).not.toContain('111-11-1111');
    expect(JSON.stringify(spring)).not.toContain('h10');
    expect(spring.related!.find((t) => t.table === 'Finding')).toMatchObject({ parent: 'Audit', depth: 2 });

    const other = await api.getRecordAsOf({ table: 'Customer', id: 1, at: '2024-03-01T12:00:00Z', related: true });
    expect(ids(other, 'Contact')).toEqual([13, 15]);
    expect(other.related!.find((t) => t.table === 'Contact')!.records[0]!.entry.changeCue).toBe('Modified');
  });

  it('answers as before without related, and to the depth asked', async () => {
    const plain = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-03-01T12:00:00Z' });
    expect(plain.related).toBeUndefined();
    const one = await api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-03-01T12:00:00Z', related: true, depth: 1 });
    expect(one.related?.map((t) => t.table).sort()).toEqual(['Audit', 'Contact']);
    await expect(api.getRecordAsOf({ table: 'Customer', id: 7, at: '2024-03-01T12:00:00Z', related: true, depth: 9 })).rejects.toThrow(/depth/);
  });

  it('does not show a plain user the children whose rows are gone, and says how many', async () => {
    const user = await openSource(source, { osLogin: 'nobody', role: 'user' });
    try {
      const other = await user.getRecordAsOf({ table: 'Customer', id: 1, at: '2024-03-01T12:00:00Z', related: true });
      const contacts = other.related!.find((t) => t.table === 'Contact')!;
      expect(contacts.records.map((r) => r.id)).toEqual([13]);
      expect(contacts.notShown).toBe(1);
    } finally {
      await user.close();
    }
  });
});
