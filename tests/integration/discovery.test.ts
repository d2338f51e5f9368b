import { beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { CASE_SCHEMA } from './fixtures/real-schemas';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

/** Common log columns, so each table below only states what is particular to it. */
const COMMON = '"ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT';

const AWKWARD = `
CREATE TABLE "Order Line" ("ID" INTEGER PRIMARY KEY, "Unit Price" REAL, "select" TEXT, "Weird""Quote" TEXT, "Größe" TEXT);
INSERT INTO "Order Line" VALUES (7, 9.5, 'kw', 'q', 'L');
CREATE TABLE "Order Line_log" ("ID" INTEGER PRIMARY KEY, "RecordID" INTEGER, "Unit Price" REAL, "select" TEXT, "Weird""Quote" TEXT, "Größe" TEXT, ${COMMON});
INSERT INTO "Order Line_log" VALUES (1, 7, 9.0, 'kw', 'q', 'M', 1, 'A', '2024-01-01 10:00:00', 'Added'),
                                    (2, 7, 9.5, 'kw', 'q2', 'L', 1, 'A', '2024-01-02 10:00:00', 'Modified');

CREATE TABLE "Finding" ("ID" INTEGER PRIMARY KEY, "Reference" TEXT);
CREATE TABLE "Finding_log" ("ID" INTEGER PRIMARY KEY, "ParentID" INTEGER, "Reference" TEXT, ${COMMON});
INSERT INTO "Finding_log" VALUES (1, 5, 'F-5', 1, 'A', '2024-01-01 10:00:00', 'Added');

CREATE TABLE "asset" ("id" INTEGER PRIMARY KEY, "name" TEXT);
CREATE TABLE "ASSET_LOG" ("id" INTEGER PRIMARY KEY, "asset_id" INTEGER, "name" TEXT, "byid" INTEGER, "byname" TEXT, "bytime" TEXT, "changecue" TEXT);
INSERT INTO "ASSET_LOG" VALUES (1, 1, 'Laptop', 1, 'A', '2024-01-01 10:00:00', 'added');

CREATE TABLE "Gone_log" ("ID" INTEGER PRIMARY KEY, "GoneID" INTEGER, "Label" TEXT, ${COMMON});
INSERT INTO "Gone_log" VALUES (1, 1, 'one', 1, 'A', '2024-01-01 10:00:00', 'Added'), (2, 1, 'one', 1, 'A', '2024-01-05 10:00:00', 'Deleted');

CREATE TABLE "Widget" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
CREATE TABLE "Widget_log" ("ID" INTEGER PRIMARY KEY, "WidgetKey" INTEGER, "Name" TEXT, ${COMMON});
INSERT INTO "Widget_log" VALUES (1, 1, 'W', 1, 'A', '2024-01-01 10:00:00', 'Added');

CREATE TABLE "Broken_log" ("ID" INTEGER PRIMARY KEY, "BrokenID" INTEGER, "Label" TEXT);

CREATE TABLE "Renamed" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
CREATE TABLE "Renamed_log" ("LogNo" INTEGER PRIMARY KEY, "RenamedID" INTEGER, "Name" TEXT, "ChangedBy" INTEGER, "ChangedAt" TEXT);
INSERT INTO "Renamed_log" VALUES (1, 1, 'R', 1, '2024-01-01T10:00:00Z'), (2, 1, 'R2', 1, '2024-01-02T10:00:00Z');

CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "Body" TEXT);
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "Body" TEXT, ${COMMON});
INSERT INTO "Note_log" VALUES (1, 1, 'x', 5, 'Dana Old', '2024-01-01 10:00:00', 'Added'), (2, 1, 'y', 5, 'Dana New', '2024-02-01 10:00:00', 'Modified'),
                            (3, 2, 'z', 5, 'Dana Old', '2023-12-01 10:00:00', 'Added'), (4, 2, 'w', 6, 'Eli', '2024-03-01 10:00:00', 'Modified');

CREATE TABLE "Contact" ("ID" INTEGER PRIMARY KEY, "FirstName" TEXT, "LastName" TEXT);
INSERT INTO "Contact" VALUES (1, 'Ann', 'Lee');
CREATE TABLE "Contact_log" ("ID" INTEGER PRIMARY KEY, "ContactID" INTEGER, "FirstName" TEXT, "LastName" TEXT, ${COMMON});
`;

describe.each(ENGINES)('schema discovery on %s', (engine) => {
  let source: DataSource;
  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'awkward', AWKWARD);
  });

  it('finds T/T_log pairs with their parent-key conventions, in any case', async () => {
    const api = await openSource(source);
    try {
      const { tables, skipped } = await api.listTables({});
      const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
      expect(Object.keys(byName).sort()).toEqual(['Contact', 'Finding', 'Gone', 'Note', 'Order Line', 'asset']);
      expect(byName['Order Line']).toMatchObject({ logTable: 'Order Line_log', parentKey: 'RecordID', recordKey: 'ID', recordCount: 1, logRowCount: 2 });
      expect(byName['Order Line']?.fields.map((f) => f.name)).toEqual(['Unit Price', 'select', 'Weird"Quote', 'Größe']);
      expect(byName.Finding).toMatchObject({ parentKey: 'ParentID' });
      expect(byName.asset).toMatchObject({ logTable: 'ASSET_LOG', parentKey: 'asset_id', titleFields: ['name'] });
      expect(byName.Gone).toMatchObject({ baseExists: false, recordCount: null, recordKey: null });
      expect(byName.Contact?.titleFields).toEqual(['FirstName', 'LastName']);
      const reasons = Object.fromEntries(skipped.map((s) => [s.logTable, s.reason]));
      expect(reasons.Broken_log).toMatch(/ByTime/);
      expect(reasons.Widget_log).toMatch(/parentKey setting for Widget/);
      expect(reasons.Renamed_log).toBeDefined();
    } finally {
      await api.close();
    }
  });

  it('reads records and history through awkward identifiers', async () => {
    const api = await openSource(source);
    try {
      const { entries } = await api.getHistory({ table: 'Order Line', id: 7 });
      expect(entries.map((e) => e.changes.map((c) => c.field))[0]).toEqual(['Unit Price', 'Weird"Quote', 'Größe']);
      const { records } = await api.listRecords({ table: 'Order Line', search: 'kw' });
      expect(records).toEqual([{ id: 7, title: null, values: { 'Unit Price': 9.5, select: 'kw', 'Weird"Quote': 'q', Größe: 'L' } }]);
      const asset = await api.getHistory({ table: 'asset', id: 1 });
      expect(asset.entries[0]?.changeCue).toBe('Added');
      expect((await api.getRecord({ table: 'Contact', id: 1 })).record).toMatchObject({ title: 'Ann Lee', exists: true, logEntryCount: 0 });
    } finally {
      await api.close();
    }
  });

  it('names the people of a log without a Person table by the name the log recorded last', async () => {
    const api = await openSource(source);
    try {
      expect((await api.listPeople({ table: 'Note' })).people).toEqual([
        { id: 5, name: 'Dana New', login: null, entryCount: 3, lastTime: '2024-02-01T10:00:00.000Z' },
        { id: 6, name: 'Eli', login: null, entryCount: 1, lastTime: '2024-03-01T10:00:00.000Z' },
      ]);
      expect((await api.listPeople({ table: 'Note', recordId: 2 })).people.map((p) => [p.id, p.name])).toEqual([[5, 'Dana Old'], [6, 'Eli']]);
      await expect(api.getHistory({ table: 'Note', id: 1, filter: { by: { kind: 'mine' } } })).rejects.toMatchObject({ code: 'unknown-person' });
    } finally {
      await api.close();
    }
  });

  it('lists the records of a log whose table is gone as deleted', async () => {
    const api = await openSource(source);
    try {
      expect((await api.listRecords({ table: 'Gone' })).records).toEqual([]);
      const { records } = await api.listDeletedRecords({ table: 'Gone' });
      expect(records).toMatchObject([{ id: 1, deletionLogged: true, lastTime: '2024-01-05T10:00:00.000Z', logEntryCount: 2 }]);
      expect((await api.getRecord({ table: 'Gone', id: 1 })).record).toMatchObject({ exists: false, values: { Label: 'one' } });
    } finally {
      await api.close();
    }
  });

  it('lets settings name a parent key and renamed common columns', async () => {
    const api = await openSource(source, {
      tables: {
        Widget: { parentKey: 'WidgetKey' },
        renamed: { columns: { id: 'LogNo', byId: 'ChangedBy', byTime: 'ChangedAt' } },
      },
    });
    try {
      const { tables } = await api.listTables({});
      expect(tables.find((t) => t.name === 'Widget')).toMatchObject({ parentKey: 'WidgetKey' });
      const { entries } = await api.getHistory({ table: 'Renamed', id: 1, filter: { from: '2024-01-02', timeZone: 'UTC' } });
      // No ChangeCue column: the cue is unknown, and the entry is diffed like a modification.
      expect(entries).toMatchObject([{ logId: 2, byId: 1, byName: null, changeCue: 'Other', byTime: '2024-01-02T10:00:00.000Z' }]);
      expect(entries[0]?.changes).toEqual([{ field: 'Name', old: 'R', new: 'R2' }]);
    } finally {
      await api.close();
    }
  });

  it('refuses a database without log tables, saying what it looked for', async () => {
    const plain = await fixtureSource(engine, dir, 'plain', 'CREATE TABLE "Customer" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);');
    await expect(openSource(plain)).rejects.toMatchObject({
      code: 'no-log-tables',
      message: expect.stringMatching(/no audit log tables.*_log/),
    });
  });
});

describe.each(ENGINES)('ByTime stored in other shapes on %s', (engine) => {
  it('filters and pages logs whose ByTime is epoch seconds or ISO text with a zone', async () => {
    const source = await fixtureSource(
      engine,
      dir,
      'times',
      `CREATE TABLE "Epoch_log" ("ID" INTEGER PRIMARY KEY, "EpochID" INTEGER, "V" TEXT, ${COMMON.replace('"ByTime" TEXT', '"ByTime" INTEGER')});
       INSERT INTO "Epoch_log" VALUES (1, 1, 'a', 1, 'A', 1711843200, 'Added'), (2, 1, 'b', 1, 'A', 1711929600, 'Modified'), (3, 1, 'c', 1, 'A', 1711929600, 'Modified');
       CREATE TABLE "Iso_log" ("ID" INTEGER PRIMARY KEY, "IsoID" INTEGER, "V" TEXT, ${COMMON});
       INSERT INTO "Iso_log" VALUES (1, 1, 'a', 1, 'A', '2024-03-31T00:00:00.000Z', 'Added'), (2, 1, 'b', 1, 'A', '2024-04-01T00:00:00.000Z', 'Modified');`,
    );
    const api = await openSource(source);
    try {
      const epoch = await api.getHistory({ table: 'Epoch', id: 1, filter: { from: '2024-04-01', to: '2024-04-01', timeZone: 'UTC' } });
      expect(epoch.entries.map((e) => [e.logId, e.byTime])).toEqual([[3, '2024-04-01T00:00:00.000Z'], [2, '2024-04-01T00:00:00.000Z']]);
      expect(epoch.entries[1]?.changes).toEqual([{ field: 'V', old: 'a', new: 'b' }]);
      const paged = await api.getHistory({ table: 'Epoch', id: 1, limit: 1 });
      const next = await api.getHistory({ table: 'Epoch', id: 1, limit: 5, cursor: paged.nextCursor! });
      expect([...paged.entries, ...next.entries].map((e) => e.logId)).toEqual([3, 2, 1]);
      const iso = await api.getHistory({ table: 'Iso', id: 1, filter: { to: '2024-03-31', timeZone: 'UTC' } });
      expect(iso.entries.map((e) => e.logId)).toEqual([1]);
    } finally {
      await api.close();
    }
  });
});

describe.each(ENGINES)('names that differ only in case on %s', (engine) => {
  let source: DataSource;
  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'case', CASE_SCHEMA[engine]);
  });

  it('pairs each log with the table of exactly its name, ignoring case only where that is unambiguous', async () => {
    const api = await openSource(source);
    try {
      const { tables, skipped } = await api.listTables({});
      const pairs = tables.map((t) => [t.name, t.logTable, t.parentKey, t.recordKey, t.recordCount, t.logRowCount]);
      if (engine === 'postgres') {
        expect(pairs).toEqual([
          ['customer', 'customer_log', 'customer_id', 'customer_id', 2, 2],
          ['Customer', 'Customer_log', 'CustomerId', 'CustomerId', 1, 4],
          ['supplier', 'Supplier_log', 'supplier_id', 'supplier_id', 1, 1],
        ]);
        expect(skipped).toEqual([{ logTable: 'VENDOR_log', reason: expect.stringMatching(/could be any of Vendor, vendor/) }]);
      } else {
        expect(pairs).toEqual([
          ['Customer', 'customer_log', 'CustomerId', 'CustomerId', 1, 4],
          ['supplier', 'Supplier_log', 'supplier_id', 'supplier_id', 1, 1],
        ]);
        expect(skipped).toEqual([]);
      }
    } finally {
      await api.close();
    }
  });

  it("reads each table's own records, history, deleted records and people", async () => {
    const api = await openSource(source);
    try {
      const upper = await api.getHistory({ table: 'Customer', id: 1 });
      expect(upper.entries.map((e) => [e.logId, e.byName, e.snapshot.Name])).toEqual([[2, 'Sam Upper', 'Upper Ltd'], [1, 'Pat Upper', 'Upper']]);
      expect((await api.listDeletedRecords({ table: 'Customer' })).records.map((r) => r.id)).toEqual([2]);
      // The people of a log are named from the table called exactly Person.
      expect((await api.listPeople({ table: 'Customer' })).people.map((p) => [p.id, p.name, p.login])).toEqual([[1, 'Pat Upper', 'pat'], [2, 'Sam Upper', 'sam']]);
      expect((await api.listRecords({ table: 'Customer' })).records.map((r) => [r.id, r.title])).toEqual([[1, 'Upper Ltd']]);
      expect((await api.getHistory({ table: 'SUPPLIER', id: 1 })).entries.map((e) => e.byName)).toEqual(['Sam Upper']);
      if (engine === 'postgres') {
        const lower = await api.getHistory({ table: 'customer', id: 1 });
        expect(lower.entries.map((e) => [e.logId, e.byName, e.snapshot.name])).toEqual([[1, 'sam lower', 'lower gmbh']]);
        expect((await api.listDeletedRecords({ table: 'customer' })).records).toEqual([]);
        expect((await api.listRecords({ table: 'customer' })).records.map((r) => [r.id, r.title])).toEqual([[1, 'lower gmbh'], [2, 'still here']]);
        expect((await api.listPeople({ table: 'customer' })).people.map((p) => [p.id, p.name])).toEqual([[2, 'Sam Upper']]);
      }
    } finally {
      await api.close();
    }
  });

  it('refuses a name that could mean two tables, and applies settings to their own table only', async () => {
    const api = await openSource(source, { tables: { customer: { titleField: 'note' }, SUPPLIER: { titleField: 'code' } } });
    try {
      const titles = Object.fromEntries((await api.listTables({})).tables.map((t) => [t.name, t.titleFields]));
      expect(titles.supplier).toEqual(['code']);
      if (engine === 'postgres') {
        expect(titles).toMatchObject({ customer: ['note'], Customer: ['Name'] });
        await expect(api.getHistory({ table: 'CUSTOMER', id: 1 })).rejects.toMatchObject({
          code: 'unknown-table',
          message: '"CUSTOMER" could mean any of the logged tables customer, Customer, whose names differ only in case; name one exactly.',
        });
        await expect(api.listRecords({ table: 'customer_LOG' })).rejects.toMatchObject({ code: 'unknown-table' });
      } else {
        // SQLite folds case: "customer" can only mean Customer.
        expect(titles.Customer).toEqual(['Note']);
        expect((await api.getHistory({ table: 'CUSTOMER', id: 1 })).entries).toHaveLength(2);
      }
    } finally {
      await api.close();
    }
  });

  it('skips a table the settings name twice in different cases, saying so', async () => {
    const api = await openSource(source, { tables: { SUPPLIER: { titleField: 'code' }, Supplier: { titleField: 'name' } } });
    try {
      const { tables, skipped } = await api.listTables({});
      expect(tables.map((t) => t.name)).not.toContain('supplier');
      expect(skipped).toContainEqual({ logTable: 'Supplier_log', reason: expect.stringMatching(/settings name it more than once \(tables\.SUPPLIER, tables\.Supplier\)/) });
    } finally {
      await api.close();
    }
  });
});

describe.each(ENGINES)('the missing-index hint on %s', (engine) => {
  it('counts no partial index as serving history reads', async () => {
    const source = await fixtureSource(
      engine,
      dir,
      'partial',
      `CREATE TABLE "Memo" ("ID" INTEGER PRIMARY KEY, "Text" TEXT);
       CREATE TABLE "Memo_log" ("ID" INTEGER PRIMARY KEY, "MemoID" INTEGER, "Text" TEXT, ${COMMON});
       INSERT INTO "Memo_log" VALUES (1, 1, 'a', 1, 'A', '2024-01-01 10:00:00', 'Deleted');
       CREATE INDEX "IX_Memo_log_deleted" ON "Memo_log" ("MemoID") WHERE "ChangeCue" = 'Deleted';`,
    );
    const api = await openSource(source);
    try {
      const [memo] = (await api.listTables({})).tables;
      expect(memo?.missingIndex?.columns).toEqual(['MemoID', 'ByTime', 'ID']);
    } finally {
      await api.close();
    }
  });
});
