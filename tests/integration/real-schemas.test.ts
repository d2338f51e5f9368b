/**
 * The data layer on schemas shaped like real-world databases (fixtures/real-schemas.ts): lower-case
 * names, PostgreSQL's own types, uuid keys, declared and composite primary keys, partitions, a log
 * that is a view, ids re-used after deletion, renamed common columns and an unsafe table name.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { ENGINES, asAdmin, fixtureSource, openSource } from './fixtures/engines';
import { SHIPMENT_SETTINGS, STORE_SCHEMA } from './fixtures/real-schemas';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const DEVICE = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const GONE_DEVICE = 'b1ffcd00-0d1c-4ef8-bb6d-6bb9bd380a22';

/** Runs a statement a DBA would run on the fixture (as its owner, not as the reader). */
async function runAsDba(source: DataSource, statement: string): Promise<void> {
  if (source.kind === 'postgres') return asAdmin(source.target.database, statement);
  const db = new Database(source.file);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}

describe.each(ENGINES)('real-world schema shapes on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;
  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'store', STORE_SCHEMA[engine]);
    api = await openSource(source);
  });
  afterAll(() => api?.close());

  it('lists each logged table with the key its table declares, and says why the others are skipped', async () => {
    const { tables, skipped } = await api.listTables({});
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    // No partition (payment_2025_log is one) and nothing named with a line break is a logged table.
    expect(Object.keys(byName).sort()).toEqual(['Supplier', 'contact', 'customer', 'device', 'enrolment', 'note', 'payment', 'ticket']);
    expect(byName.customer).toMatchObject({
      logTable: 'customer_log', parentKey: 'customer_id', recordKey: 'customer_id', titleFields: ['name'],
      recordCount: 2, logRowCount: 4, missingIndex: null,
    });
    expect(byName.customer?.fields.map((f) => f.name)).toEqual(['name', 'email', 'status', 'balance', 'tags', 'scores', 'prefs', 'raw', 'photo', 'search']);
    // The declared primary key, not the column that happens to be called ID.
    expect(byName.Supplier).toMatchObject({ parentKey: 'SupplierId', recordKey: 'SupplierId', recordCount: 2 });
    // A composite key is read through the unique column the log records.
    expect(byName.enrolment).toMatchObject({ parentKey: 'enrolment_id', recordKey: 'enrolment_id' });
    expect(byName.payment).toMatchObject({ logTable: 'payment_log', parentKey: 'payment_id', recordKey: 'payment_id', recordCount: 2, logRowCount: 5 });
    expect(byName.note).toMatchObject({ logTable: 'note_log', logRowCount: 2, missingIndex: null });
    expect(byName.contact?.titleFields).toEqual(['first_name', 'last_name']);

    const reasons = Object.fromEntries(skipped.map((s) => [s.logTable, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['bad\\nname_log', 'order_line_log', 'shipment_log']);
    expect(reasons.order_line_log).toMatch(/composite primary key \(order_id, line_no\)/);
    expect(reasons['bad\\nname_log']).toMatch(/line break/);
    expect(reasons.shipment_log).toMatch(/no ID column/);
  });

  it('reads records by their declared keys, whatever the keys type', async () => {
    const customers = await api.listRecords({ table: 'customer' });
    expect(customers.records.map((r) => [r.id, r.title])).toEqual([[1, 'Acme Tools'], [3, 'Quiet Ltd']]);
    // Arrays, JSON and the like are searched as text.
    expect((await api.listRecords({ table: 'customer', search: 'vip' })).records.map((r) => r.id)).toEqual([1]);
    expect((await api.listRecords({ table: 'Supplier' })).records.map((r) => r.id)).toEqual([10, 11]);
    expect((await api.listRecords({ table: 'device' })).records.map((r) => r.id)).toEqual([DEVICE]);
    expect((await api.listRecords({ table: 'enrolment' })).records.map((r) => r.id)).toEqual([501, 502]);
    expect((await api.listRecords({ table: 'payment' })).records.map((r) => r.id)).toEqual([1, 2]);
    expect((await api.listRecords({ table: 'contact' })).records.map((r) => [r.id, r.title])).toEqual([[1, 'Ann Lee']]);
    expect((await api.getRecord({ table: 'device', id: DEVICE })).record).toMatchObject({ exists: true, logEntryCount: 2, values: { label: 'Front door' } });
    expect((await api.getRecord({ table: 'Supplier', id: '10' })).record).toMatchObject({ exists: true, title: 'Parts Inc', logEntryCount: 2 });
  });

  it('reads histories through PostgreSQL types, uuid keys, a partitioned log and a log that is a view', async () => {
    const customer = await api.getHistory({ table: 'customer', id: 1 });
    expect(customer.entries.map((e) => [e.logId, e.changeCue, e.byName])).toEqual([[2, 'Modified', 'Ben Clerk'], [1, 'Added', 'Ada Admin']]);
    expect(customer.entries[0]?.changes.map((c) => c.field)).toEqual(['name', 'status', 'balance', 'tags', 'scores', 'prefs', 'photo', 'search']);
    const device = await api.getHistory({ table: 'device', id: DEVICE });
    expect(device.entries.map((e) => e.logId)).toEqual([2, 1]);
    expect(device.entries[0]?.changes).toEqual([{ field: 'firmware', old: '2.0', new: '2.1' }]);
    const payment = await api.getHistory({ table: 'payment', id: 1 });
    expect(payment.entries.map((e) => [e.logId, e.recordId])).toEqual([[2, 1], [1, 1]]);
    expect(payment.entries[0]?.changes.map((c) => c.field)).toEqual(['amount']);
    const note = await api.getHistory({ table: 'note', id: 1 });
    expect(note.entries[0]?.changes).toEqual([{ field: 'body', old: 'first draft', new: 'second draft' }]);
    const supplier = await api.getHistory({ table: 'Supplier', id: 10 });
    expect(supplier.entries[0]?.changes).toEqual([{ field: 'Name', old: 'Parts', new: 'Parts Inc' }]);
    const enrolment = await api.getHistory({ table: 'enrolment', id: 501 });
    expect(enrolment.entries[0]?.changes).toEqual([{ field: 'grade', old: null, new: 'B' }]);
  });

  it('keeps both lives of a re-used id in one log, the new one read as created', async () => {
    const { entries } = await api.getHistory({ table: 'ticket', id: 5 });
    expect(entries.map((e) => [e.logId, e.changeCue])).toEqual([[6, 'Modified'], [5, 'Added'], [3, 'Deleted'], [2, 'Modified'], [1, 'Added']]);
    // Created afresh: nothing of the deleted ticket is its "before".
    expect(entries[1]?.changes).toEqual([{ field: 'subject', old: null, new: 'Printer on fire' }, { field: 'state', old: null, new: 'new' }]);
    expect(entries[0]?.changes).toEqual([{ field: 'state', old: 'new', new: 'open' }]);
    // Ticket 5 exists again, so it is not a deleted record; ticket 6 is.
    expect((await api.listDeletedRecords({ table: 'ticket' })).records).toMatchObject([{ id: 6, deletedByName: 'Ben Clerk', logEntryCount: 2 }]);
    expect((await api.getRecord({ table: 'ticket', id: 5 })).record).toMatchObject({ exists: true, title: 'Printer on fire', logEntryCount: 5 });
  });

  it('lists the deleted records of each shape, with who deleted them', async () => {
    const deleted = async (table: string) => (await api.listDeletedRecords({ table })).records.map((r) => [r.id, r.deletedByName]);
    expect(await deleted('customer')).toEqual([[2, 'Ben Clerk']]);
    expect(await deleted('Supplier')).toEqual([[12, 'Cy Import']]);
    expect(await deleted('device')).toEqual([[GONE_DEVICE, 'Ben Clerk']]);
    expect(await deleted('enrolment')).toEqual([[503, 'Ada Admin']]);
    expect(await deleted('payment')).toEqual([[3, 'Ben Clerk']]);
    expect(await deleted('note')).toEqual([]);
    expect((await api.listDeletedRecords({ table: 'contact' })).records.map((r) => [r.id, r.title])).toEqual([[2, 'Bo Ek']]);
  });

  it('names the people of each log from the person table in lower case', async () => {
    expect((await api.listPeople({ table: 'customer' })).people.map((p) => [p.id, p.name, p.login, p.entryCount])).toEqual([
      [1, 'Ada Admin', 'ada', 2],
      [2, 'Ben Clerk', 'CORP\\ben', 2],
    ]);
    expect((await api.listPeople({ table: 'payment', recordId: 3 })).people.map((p) => p.name)).toEqual(['Ada Admin', 'Ben Clerk']);
    expect((await api.listPeople({ table: 'device', recordId: DEVICE })).people.map((p) => p.name)).toEqual(['Ada Admin', 'Ben Clerk']);
  });

  it('reads a log whose common columns the settings rename', async () => {
    const renamed = await openSource(source, SHIPMENT_SETTINGS);
    try {
      expect((await renamed.listTables({})).tables.find((t) => t.name === 'shipment')).toMatchObject({ parentKey: 'shipment_id', recordKey: 'shipment_id' });
      const { entries } = await renamed.getHistory({ table: 'shipment', id: 1 });
      expect(entries.map((e) => [e.logId, e.changeCue, e.byId, e.byName])).toEqual([[2, 'Modified', 3, 'Cy Import'], [1, 'Added', 1, 'Ada Admin']]);
      expect(entries[0]?.changes).toEqual([{ field: 'status', old: 'sent', new: 'delivered' }]);
      expect((await renamed.listPeople({ table: 'shipment' })).people.map((p) => p.name)).toEqual(['Ada Admin', 'Cy Import']);
    } finally {
      await renamed.close();
    }
  });

  it('never reads a table whose name holds a line break, and names it safely when asked for it', async () => {
    const error = await api.getHistory({ table: 'bad\nname', id: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unknown-table', message: expect.stringContaining('"bad\\nname" is not a logged table') });
    expect((error as Error).message).not.toContain('\n');
  });

  it('offers an index statement that runs as written for each log without one, and none for a view', async () => {
    const own = await fixtureSource(engine, dir, 'store_index', STORE_SCHEMA[engine]);
    const before = await openSource(own);
    let hinted;
    try {
      hinted = (await before.listTables({})).tables.filter((t) => t.missingIndex);
    } finally {
      await before.close();
    }
    expect(hinted.map((t) => t.name).sort()).toEqual(['Supplier', 'device', 'enrolment', 'payment', 'ticket']);
    // PostgreSQL builds no index CONCURRENTLY on a partitioned table.
    if (engine === 'postgres') expect(hinted.find((t) => t.name === 'payment')?.missingIndex?.createStatement).not.toMatch(/CONCURRENTLY/);
    for (const table of hinted) await runAsDba(own, table.missingIndex!.createStatement);
    const after = await openSource(own);
    try {
      expect((await after.listTables({})).tables.filter((t) => t.missingIndex)).toEqual([]);
    } finally {
      await after.close();
    }
  });
});
